// A fit worker thread: receives shared library pairs once, then fits pixels one message at a time.
import '../util/polyfill.js'
import { parentPort } from 'node:worker_threads'
import type { LibraryPair } from './library.js'
import type { MdustBlocks } from './mdust-blocks.js'
import { runPixel } from './run-pixel.js'
import type { FromWorker, ToWorker } from './worker-protocol.js'

const libraries = new Map<string, { libs: LibraryPair, mdust: MdustBlocks }>()
const port = parentPort
if (port === null) throw new Error('fit-worker must run in a worker thread')

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'library') {
    libraries.set(msg.key, { libs: msg.libs, mdust: msg.mdust })
    return
  }
  const lib = libraries.get(msg.key)
  if (lib === undefined) throw new Error(`library ${msg.key} was not sent to this worker`)
  const reply: FromWorker = { id: msg.id, outcome: runPixel(lib.libs, msg.filters, msg.obs, msg.withText, lib.mdust) }
  port.postMessage(reply)
})
