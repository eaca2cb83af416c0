// The volunteers' signed result envelopes (30-200 kB each, most of it the inline result), kept apart from SQLite:
// as rows they cost SQLite twice their size in writes (WAL, then the checkpoint's copy) and ~0.1 ms per result on
// the writing thread, which also serves libp2p (`npm run bench -- compute`). Here they are appended to segment
// files beside the database, off the main thread, and made durable (fdatasync) before the row that points at them
// is written, so a recorded result's envelope survives any crash, power loss included. A failed or unfinished
// append leaves bytes that no row names: wasted space, never a wrong read.
//
// Layout: `<database>.envelopes/NNNNNN.log`, each envelope's bytes back to back as received; the results table
// holds (segment, offset, length). Segments are append-only and roll over at SEGMENT_BYTES.
import { closeSync, constants, fdatasync, fstatSync, mkdirSync, openSync, readdirSync, readSync, writev } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { EnvelopeMissingError } from './errors.js'

/** Where one envelope is. */
export interface EnvelopeRef {
  segment: number
  offset: number
  length: number
}

/** A new segment once the current one would pass this size (a few hundred thousand envelopes). */
export const SEGMENT_BYTES = 2 ** 30

const SEGMENT_NAME = /^(\d{6})\.log$/

/** Envelopes by reference: on disk beside a database, or in memory beside an in-memory one. */
export interface EnvelopeLog {
  /** Stores envelopes durably; their references, in order. */
  append: (envelopes: readonly Uint8Array[]) => Promise<EnvelopeRef[]>
  /** An envelope's bytes (EnvelopeMissingError when they are not there). */
  read: (ref: EnvelopeRef) => Buffer
  close: () => void
}

// fs's callback forms run in libuv's thread pool: the writing and syncing stay off the main thread.
const writevAt = promisify(writev)
const datasync = promisify(fdatasync)

/** The log of the database at `dbPath` (':memory:': a log in memory). */
export function openEnvelopeLog (dbPath: string, options: { segmentBytes?: number } = {}): EnvelopeLog {
  return dbPath === ':memory:' ? new MemoryEnvelopeLog() : new FileEnvelopeLog(`${dbPath}.envelopes`, options.segmentBytes ?? SEGMENT_BYTES)
}

class FileEnvelopeLog implements EnvelopeLog {
  private segment: number
  /** Bytes of the current segment, including appends in flight (each reserves its range before writing). */
  private size: number
  private writer: number | undefined
  private readonly readers = new Map<number, number>()
  private readonly writers: number[] = []

  constructor (private readonly dir: string, private readonly segmentBytes: number) {
    mkdirSync(dir, { recursive: true })
    const segments = readdirSync(dir).map((f) => SEGMENT_NAME.exec(f)?.[1]).filter((s) => s !== undefined).map(Number)
    this.segment = segments.length === 0 ? 1 : Math.max(...segments)
    this.size = 0
    if (segments.length > 0) {
      const fd = this.reader(this.segment)
      this.size = fstatSync(fd).size
    }
  }

  async append (envelopes: readonly Uint8Array[]): Promise<EnvelopeRef[]> {
    const total = envelopes.reduce((n, e) => n + e.length, 0)
    if (total === 0) return envelopes.map(() => ({ segment: this.segment, offset: this.size, length: 0 }))
    if (this.size > 0 && this.size + total > this.segmentBytes) {
      this.segment++
      this.size = 0
      this.writer = undefined
    }
    // Reserve the range now (synchronously), so concurrent appends never overlap.
    const segment = this.segment
    const start = this.size
    this.size += total
    let offset = start
    const refs = envelopes.map((e) => {
      const ref = { segment, offset, length: e.length }
      offset += e.length
      return ref
    })
    this.writer ??= this.openWriter(segment)
    const fd = this.writer
    let buffers = envelopes.map((e) => Buffer.from(e.buffer, e.byteOffset, e.byteLength))
    let position = start
    while (buffers.length > 0) {
      const { bytesWritten: written } = await writevAt(fd, buffers, position)
      position += written
      buffers = skipBytes(buffers, written)
    }
    await datasync(fd)
    return refs
  }

  read (ref: EnvelopeRef): Buffer {
    const out = Buffer.allocUnsafe(ref.length)
    let got = 0
    try {
      const fd = this.reader(ref.segment)
      while (got < ref.length) {
        const n = readSync(fd, out, got, ref.length - got, ref.offset + got)
        if (n === 0) break
        got += n
      }
    } catch (err) {
      throw new EnvelopeMissingError(`envelope segment ${ref.segment} is not readable: ${(err as Error).message}`)
    }
    if (got < ref.length) throw new EnvelopeMissingError(`envelope segment ${ref.segment} ends before offset ${ref.offset + ref.length}`)
    return out
  }

  close (): void {
    for (const fd of [...this.readers.values(), ...this.writers]) closeSync(fd)
    this.readers.clear()
    this.writers.length = 0
    this.writer = undefined
  }

  private path (segment: number): string {
    return join(this.dir, `${String(segment).padStart(6, '0')}.log`)
  }

  private openWriter (segment: number): number {
    // Not O_APPEND: on Linux it ignores the positions each append reserved.
    const fd = openSync(this.path(segment), constants.O_WRONLY | constants.O_CREAT, 0o600)
    this.writers.push(fd)
    return fd
  }

  private reader (segment: number): number {
    let fd = this.readers.get(segment)
    if (fd === undefined) {
      fd = openSync(this.path(segment), 'r')
      this.readers.set(segment, fd)
    }
    return fd
  }
}

/** The buffers that remain after the first `n` bytes are written. */
function skipBytes (buffers: Buffer[], n: number): Buffer[] {
  const out = []
  for (const b of buffers) {
    if (n >= b.length) {
      n -= b.length
      continue
    }
    out.push(n > 0 ? b.subarray(n) : b)
    n = 0
  }
  return out
}

/** For in-memory stores (tests, throwaway runs). */
class MemoryEnvelopeLog implements EnvelopeLog {
  private readonly envelopes: Buffer[] = []

  async append (envelopes: readonly Uint8Array[]): Promise<EnvelopeRef[]> {
    return envelopes.map((e) => {
      this.envelopes.push(Buffer.from(e))
      return { segment: 0, offset: this.envelopes.length - 1, length: e.length }
    })
  }

  read (ref: EnvelopeRef): Buffer {
    const e = this.envelopes[ref.offset]
    if (ref.segment !== 0 || e === undefined || e.length !== ref.length) throw new EnvelopeMissingError(`no envelope at ${ref.offset}`)
    return e
  }

  close (): void {}
}
