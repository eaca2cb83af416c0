// The coordinator's side of the archive thread (archive-thread-worker.ts): galaxy archives are written in a worker
// thread, so HDF5's work and memory stay off the main thread, which serves libp2p and owns SQLite. Requests go one
// at a time in order; each names the galaxy's partial archive file and what the database recorded of it, and the
// thread works on the file only when it holds exactly that. The thread starts on first use; one that dies fails
// what it had (the archiver then rebuilds those galaxies' files from the database) and is replaced on next use.
import type { Worker } from 'node:worker_threads'
import type { ArchiveHead } from '../../archive/archive-input.js'
import type { PartialArchiveRecord } from '../lifecycle/index.js'
import type { EncodedPixel } from './archive-input.js'
import { PogsError } from '../../util/errors.js'
import type { ErrorCode } from '../../util/error-codes.js'
import { startWorker } from '../../util/worker-script.js'

/** What opening a galaxy's partial archive needs: its head, and the areas the file holds by the record. */
export interface OpenSpec {
  head: ArchiveHead
  areas: number[]
}

interface Base { id: number }
/** Adds areas to a galaxy's partial archive and checkpoints it. */
export interface AppendRequest extends Base { op: 'append', galaxyId: number, file: string, record?: PartialArchiveRecord, open?: OpenSpec, areas: Array<{ index: number, pixels: EncodedPixel[] }> }
/** Completes a galaxy's archive and renames it to `path`. */
export interface FinishRequest extends Base { op: 'finish', galaxyId: number, file: string, record?: PartialArchiveRecord, open?: OpenSpec, head: ArchiveHead, path: string }
/** Closes and removes a galaxy's partial archive. */
export interface DiscardRequest extends Base { op: 'discard', galaxyId: number, file: string }
/** Checkpoints and closes every open file. */
export interface CloseRequest extends Base { op: 'close' }
export type ArchiveRequest = AppendRequest | FinishRequest | DiscardRequest | CloseRequest

export type ArchiveReply = Base & {
  /** The galaxy's file is not open in the thread: send the request again with `open`. */
  needsOpen?: boolean
  record?: PartialArchiveRecord
  pixels?: number
  error?: { code: string, message: string }
}

/** A request the archive thread refused or failed; `code` is the archive error's (ERR_ARCHIVE_RESUME, ...). */
export class ArchiveThreadError extends PogsError {}

type Pending = (reply: ArchiveReply) => void
type Request = ArchiveRequest extends infer R ? R extends ArchiveRequest ? Omit<R, 'id'> : never : never

export class ArchiveThread {
  private worker: Worker | undefined
  private readonly pending = new Map<number, Pending>()
  private nextId = 0

  /** Adds areas (each with its fitted pixels) and checkpoints; resolves with the new record of the file. */
  async append (r: Omit<AppendRequest, 'id' | 'op' | 'open'>, open: () => Promise<OpenSpec>): Promise<PartialArchiveRecord> {
    const reply = await this.withOpen({ op: 'append', ...r }, open)
    if (reply.record === undefined) throw new ArchiveThreadError('ERR_INTERNAL', 'the archive thread answered an append without a record')
    return reply.record
  }

  /** Completes the archive at `path`; resolves with its number of fitted pixels. */
  async finish (r: Omit<FinishRequest, 'id' | 'op' | 'open'>, open: () => Promise<OpenSpec>): Promise<number> {
    const reply = await this.withOpen({ op: 'finish', ...r }, open)
    return reply.pixels ?? 0
  }

  /** Closes and removes a galaxy's partial archive. */
  async discard (galaxyId: number, file: string): Promise<void> {
    await this.send({ op: 'discard', galaxyId, file })
  }

  /** Checkpoints and closes every open file (they are resumed after a restart) and stops the thread. */
  async close (): Promise<void> {
    const worker = this.worker
    if (worker === undefined) return
    try {
      await this.send({ op: 'close' })
    } catch {
      // Files it could not close are resumed, or rebuilt from the database, on the next start.
    } finally {
      this.worker = undefined
      await worker.terminate()
    }
  }

  private async withOpen (r: Request & { op: 'append' | 'finish' }, open: () => Promise<OpenSpec>): Promise<ArchiveReply> {
    const first = await this.send(r)
    if (first.needsOpen !== true) return first
    return await this.send({ ...r, open: await open() })
  }

  private async send (r: Request): Promise<ArchiveReply> {
    const worker = this.worker ?? this.start()
    const id = this.nextId++
    const reply = await new Promise<ArchiveReply>((resolve) => {
      this.pending.set(id, resolve)
      worker.postMessage({ ...r, id })
    })
    if (reply.error !== undefined) throw new ArchiveThreadError(reply.error.code as ErrorCode, reply.error.message)
    return reply
  }

  private start (): Worker {
    const worker = startWorker(import.meta.url, 'archive-thread-worker', { preload: ['h5wasm/node'] })
    // The thread must not keep a stopping coordinator alive; requests in flight keep the process busy anyway.
    worker.unref()
    worker.on('message', (reply: ArchiveReply) => {
      const p = this.pending.get(reply.id)
      this.pending.delete(reply.id)
      p?.(reply)
    })
    const gone = (err: Error): void => {
      if (this.worker !== worker) return
      this.worker = undefined
      for (const p of this.pending.values()) p({ id: -1, error: { code: 'ERR_ARCHIVE_WRITE', message: `the archive thread stopped: ${err.message}` } })
      this.pending.clear()
    }
    worker.on('error', gone)
    worker.on('exit', (code) => { gone(new Error(`exit code ${code}`)) })
    this.worker = worker
    return worker
  }
}
