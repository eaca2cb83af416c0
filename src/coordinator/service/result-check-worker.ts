// A worker thread of the result check pool: opens the elements of one batch at a time (result-check.ts).
import { parentPort } from 'node:worker_threads'
import '../../util/polyfill.js'
import { openElement } from './result-check.js'
import type { CheckReply, CheckRequest } from './result-check-pool.js'

const port = parentPort
if (port === null) throw new Error('result-check-worker runs as a worker thread')
port.on('message', (m: CheckRequest) => {
  void (async (): Promise<CheckReply> => {
    try {
      const opened = []
      for (const e of m.elements) opened.push(await openElement(e))
      return { id: m.id, opened }
    } catch (err) {
      return { id: m.id, error: err instanceof Error ? err.message : String(err) }
    }
  })().then((reply) => { port.postMessage(reply) })
})
