// A fit worker thread: receives shared library pairs once, then fits pixels one message at a time.
import '../util/polyfill.js'
import { parentPort } from 'node:worker_threads'
import type { ToWorker } from './worker-protocol.js'
import { fitWorkerHandler } from './worker-state.js'

const port = parentPort
if (port === null) throw new Error('fit-worker must run in a worker thread')
const handle = fitWorkerHandler()

port.on('message', (msg: ToWorker) => {
  const reply = handle(msg)
  if (reply !== undefined) port.postMessage(reply)
})
