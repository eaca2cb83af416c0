// The browser's fit worker (a module Web Worker). Fits run the same handler as the Node worker thread
// (src/fit/worker-state.ts), so a pixel fitted here runs exactly the code a Node volunteer runs. A worker also
// loads library pairs for the page (parsing, the fit context's Mdust blocks): that work compiles the fit kernels,
// which browsers allow only off the main thread, and it keeps the page responsive. Errors are posted back, not
// thrown into the void.
import { createFitContext } from '../fit/context.js'
import { parseInfraredLibrary, parseOpticalLibrary, type LibraryPair } from '../fit/library-text.js'
import { mdustBlocks, type MdustBlocks } from '../fit/mdust-blocks.js'
import type { ToWorker } from '../fit/worker-protocol.js'
import { fitWorkerHandler } from '../fit/worker-state.js'
import { libraryText } from './library-text-bytes.js'

/** Page -> worker: load a pair from its files' bytes. */
export interface LoadRequest {
  type: 'load'
  id: number
  redshift: number
  optical: { name: string, bytes: Uint8Array }
  infrared: { name: string, bytes: Uint8Array }
}

/** Worker -> page: a loaded pair (on shared memory), or why not. */
export type LoadReply = { id: number, loaded: { libs: LibraryPair, mdust: MdustBlocks } } | { id: number, failed: string, code?: string }

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker | LoadRequest>) => void) | null
  postMessage: (message: unknown) => void
}

const scope = self as unknown as WorkerScope
const handle = fitWorkerHandler()

async function load (msg: LoadRequest): Promise<LoadReply> {
  const libs: LibraryPair = {
    redshift: msg.redshift,
    optical: parseOpticalLibrary(await libraryText(msg.optical.bytes), msg.optical.name),
    infrared: parseInfraredLibrary(await libraryText(msg.infrared.bytes), msg.infrared.name)
  }
  return { id: msg.id, loaded: { libs, mdust: mdustBlocks(createFitContext(libs)) } }
}

scope.onmessage = (event) => {
  const msg = event.data
  if (msg.type === 'load') {
    load(msg).then((reply) => { scope.postMessage(reply) }, (err: unknown) => {
      scope.postMessage({ id: msg.id, failed: (err as Error).message, code: (err as { code?: string }).code })
    })
    return
  }
  try {
    const reply = handle(msg)
    if (reply !== undefined) scope.postMessage(reply)
  } catch (err) {
    scope.postMessage({ id: msg.type === 'fit' ? msg.id : -1, failed: (err as Error).message })
  }
}
