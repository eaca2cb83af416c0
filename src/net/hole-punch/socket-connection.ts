import type { Socket } from 'node:net'
import { TimeoutError } from '@libp2p/interface'
import { AbstractMultiaddrConnection, type SendResult } from '@libp2p/utils'
import type { AbortOptions, Logger, MessageStreamDirection } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Uint8ArrayList } from 'uint8arraylist'

/** What wrapping a punched socket needs. */
export interface SocketConnectionInit {
  socket: Socket
  direction: MessageStreamDirection
  /** The remote address with `/p2p/<peer id>`, so that Noise checks the peer's key against it. */
  remoteAddr: Multiaddr
  localAddr: Multiaddr
  log: Logger
  /** Close the socket after this long without traffic, in ms (libp2p's TCP transport default: 2 min; the
   * connection monitor pings every 10 s, so a live connection never gets there). */
  inactivityTimeoutMs?: number
}

const DEFAULT_INACTIVITY_TIMEOUT_MS = 2 * 60_000

/**
 * A connected net.Socket as a libp2p MultiaddrConnection, which the upgrader turns into a Connection. The same job as
 * @libp2p/tcp's socket-to-conn.js, which that package does not export: its listener and dialer own the sockets they
 * wrap, and ours come from a punch.
 */
class PunchedSocketConnection extends AbstractMultiaddrConnection {
  private readonly socket: Socket

  constructor (init: SocketConnectionInit) {
    super({ remoteAddr: init.remoteAddr, localAddr: init.localAddr, direction: init.direction, log: init.log })
    const socket = init.socket
    this.socket = socket
    socket.setNoDelay(true)
    socket.setKeepAlive(true)
    socket.on('data', (buf) => { this.onData(buf) })
    socket.on('error', (err) => {
      this.log('socket error - %e', err)
      this.abort(err)
    })
    socket.setTimeout(init.inactivityTimeoutMs ?? DEFAULT_INACTIVITY_TIMEOUT_MS)
    // Node does not close a socket that timed out; without this it would stay open for ever.
    socket.once('timeout', () => { this.abort(new TimeoutError('punched socket inactive')) })
    // The remote's FIN: Node answers with its own (no half-open sockets), then 'close' tears down.
    socket.once('end', () => { this.onTransportClosed() })
    socket.once('close', (hadError) => {
      if (hadError) this.abort(new Error('TCP transmission error'))
      else this.onTransportClosed()
    })
    socket.on('drain', () => { this.safeDispatchEvent('drain') })
  }

  sendData (data: Uint8ArrayList): SendResult {
    let sentBytes = 0
    let canSendMore = true
    for (const buf of data) {
      sentBytes += buf.byteLength
      canSendMore = this.socket.write(buf)
      if (!canSendMore) break
    }
    return { sentBytes, canSendMore }
  }

  async sendClose (options?: AbortOptions): Promise<void> {
    if (this.socket.destroyed) return
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => { resolve() }))
    this.socket.destroySoon()
    const signal = options?.signal
    if (signal === undefined) { await closed; return }
    signal.throwIfAborted()
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => { reject(signal.reason) }
      signal.addEventListener('abort', onAbort, { once: true })
      void closed.then(() => { signal.removeEventListener('abort', onAbort); resolve() })
    })
  }

  sendReset (): void {
    // resetAndDestroy() cannot follow end(), which destroySoon() may have begun (libuv forbids mixing the two).
    if (this.socket.writableEnded) this.socket.destroy()
    else this.socket.resetAndDestroy()
  }

  sendPause (): void {
    this.socket.pause()
  }

  sendResume (): void {
    this.socket.resume()
  }
}

/** Wraps a connected socket (see PunchedSocketConnection). */
export function socketToConnection (init: SocketConnectionInit): AbstractMultiaddrConnection {
  return new PunchedSocketConnection(init)
}
