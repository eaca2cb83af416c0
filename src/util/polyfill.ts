// Node 20 lacks Promise.withResolvers, which libp2p 3 and Helia 7 call (docs/network.md#pitfalls), and a global
// WebSocket, which @libp2p/websockets dials with (public roles listen for browsers on /ws; a Node peer that learns
// such an address may dial it). Every entry point and the vitest setup import this module first.
import { WebSocket as NodeWebSocket } from 'ws'
interface Resolvers<T> {
  promise: Promise<T>
  resolve: (value: T | PromiseLike<T>) => void
  reject: (reason?: unknown) => void
}

const promiseCtor = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> }

if (typeof promiseCtor.withResolvers !== 'function') {
  promiseCtor.withResolvers = function withResolvers<T> (): Resolvers<T> {
    let resolve!: Resolvers<T>['resolve']
    let reject!: Resolvers<T>['reject']
    const promise = new Promise<T>((res, rej) => {
      resolve = res
      reject = rej
    })
    return { promise, resolve, reject }
  }
}

const global = globalThis as unknown as { WebSocket?: unknown }
global.WebSocket ??= NodeWebSocket

export {}
