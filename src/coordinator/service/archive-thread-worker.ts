// The archive thread (archive-thread.ts): holds the partial archives being written (src/archive/partial-archive.ts)
// and carries out one request at a time. HDF5 (h5wasm) lives here only, off the coordinator's main thread, and its
// memory is this thread's: a few open files, each a strip buffer and a chunk of each list.
import { parentPort } from 'node:worker_threads'
import '../../util/polyfill.js'
import { decodePixelFit } from '../../fit/index.js'
import { createPartialArchive, resumePartialArchive, type PartialArchive, type PartialProgress } from '../../archive/partial-archive.js'
import { PogsError } from '../../util/errors.js'
import type { ArchiveReply, ArchiveRequest, OpenSpec } from './archive-thread.js'

/** Partial archives kept open at most; the least recently used is checkpointed and closed (resumed on next use). */
const MAX_OPEN = 4

interface Open {
  file: string
  archive: PartialArchive
  progress: PartialProgress
}

const open = new Map<number, Open>()

/** The galaxy's partial archive as the request's record says it is: the open one when it matches, else the file
 * resumed, else a new file. */
async function ensure (galaxyId: number, file: string, request: ArchiveRequest & { op: 'append' | 'finish' }, spec: OpenSpec | undefined): Promise<Open | undefined> {
  const held = open.get(galaxyId)
  const r = request.record
  const matches = (o: Open): boolean => o.file === file && (r === undefined
    ? o.archive.areas === 0
    : o.archive.areas === r.areas && o.progress.pixels === r.pixels && o.progress.histogramRows === r.histogramRows)
  if (held !== undefined) {
    open.delete(galaxyId)
    // Least recently used last: re-inserted.
    if (matches(held)) { open.set(galaxyId, held); return held }
    // The record moved on without this file (a ban reset it): what it holds is not wanted.
    held.archive.discard()
  }
  if (spec === undefined) return undefined
  while (open.size >= MAX_OPEN) {
    const [id, o] = open.entries().next().value as [number, Open]
    open.delete(id)
    o.archive.close()
  }
  const archive = r === undefined
    ? await createPartialArchive(file, spec.head)
    : await resumePartialArchive(file, spec.head, { areas: spec.areas, pixels: r.pixels, histogramRows: r.histogramRows })
  const o: Open = { file, archive, progress: r === undefined ? { pixels: 0, histogramRows: 0 } : { pixels: r.pixels, histogramRows: r.histogramRows } }
  open.set(galaxyId, o)
  return o
}

async function handle (m: ArchiveRequest): Promise<ArchiveReply> {
  switch (m.op) {
    case 'append': {
      const o = await ensure(m.galaxyId, m.file, m, m.open)
      if (o === undefined) return { id: m.id, needsOpen: true }
      for (const a of m.areas) o.archive.addArea(a.index, a.pixels.map((p) => ({ x: p.x, y: p.y, area: p.area, fit: decodePixelFit(p.fit) })))
      o.progress = o.archive.checkpoint()
      return { id: m.id, record: { areas: o.archive.areas, ...o.progress } }
    }
    case 'finish': {
      const o = await ensure(m.galaxyId, m.file, m, m.open)
      if (o === undefined) return { id: m.id, needsOpen: true }
      open.delete(m.galaxyId)
      const pixels = o.archive.finish(m.head, m.path)
      return { id: m.id, pixels }
    }
    case 'discard': {
      const o = open.get(m.galaxyId)
      open.delete(m.galaxyId)
      if (o !== undefined) o.archive.discard()
      return { id: m.id }
    }
    case 'close': {
      for (const o of open.values()) o.archive.close()
      open.clear()
      return { id: m.id }
    }
  }
}

const port = parentPort
if (port === null) throw new Error('archive-thread-worker runs as a worker thread')
// One request at a time, in order: each works on files the next may need.
let queue = Promise.resolve()
port.on('message', (m: ArchiveRequest) => {
  queue = queue.then(async () => {
    let reply: ArchiveReply
    try {
      reply = await handle(m)
    } catch (err) {
      // A failed request leaves its galaxy's file unknown: it is let go (the caller resets its record).
      if ('galaxyId' in m) {
        const o = open.get(m.galaxyId)
        open.delete(m.galaxyId)
        try { o?.archive.discard() } catch { /* the error to report is the first */ }
      }
      reply = { id: m.id, error: { code: err instanceof PogsError ? err.code : 'ERR_ARCHIVE_WRITE', message: (err as Error).message } }
    }
    port.postMessage(reply)
  })
})
