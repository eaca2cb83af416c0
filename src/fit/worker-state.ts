// What a fit worker does with each message, whatever runs it: a Node worker thread (fit-worker.ts) or a browser
// Web Worker (src/browser/fit-worker.ts). Library pairs arrive once, on shared memory; each fit message is answered.
import type { LibraryPair } from './library-text.js'
import type { MdustBlocks } from './mdust-blocks.js'
import { runPixel } from './run-pixel.js'
import type { FromWorker, ToWorker } from './worker-protocol.js'

/** Handles one message; returns the reply to post, if any. */
export type FitWorkerHandler = (msg: ToWorker) => FromWorker | undefined

export function fitWorkerHandler (): FitWorkerHandler {
  const libraries = new Map<string, { libs: LibraryPair, mdust: MdustBlocks }>()
  return (msg) => {
    if (msg.type === 'library') {
      libraries.set(msg.key, { libs: msg.libs, mdust: msg.mdust })
      return undefined
    }
    const lib = libraries.get(msg.key)
    if (lib === undefined) throw new Error(`library ${msg.key} was not sent to this worker`)
    return { id: msg.id, outcome: runPixel(lib.libs, msg.filters, msg.obs, msg.withText, lib.mdust) }
  }
}
