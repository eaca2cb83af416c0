// What a peer's library cache holds: per library CID, the files written for it (manifest names), the bytes it takes
// on disk and when a unit last used it, so a bounded cache can evict the least recently used libraries, also after
// a restart. Kept in one small JSON file, rewritten atomically on each change (a cache holds tens of libraries).
import { existsSync, readFileSync, renameSync } from 'node:fs'
import { writeFileAtomically } from '../util/atomic-write.js'

const FORMAT = 'pogs-library-cache/1'

/** One library held here. */
export interface LibraryRecord {
  /** Its root CID (canonical string form). */
  cid: string
  /** The files written for it under manifest names, with their sizes in bytes (almost always one). */
  files: Array<{ name: string, bytes: number }>
  /** Bytes of its blocks in the blockstore (the pinned DAG). */
  blockBytes: number
  /** When a unit last used it (ms since the epoch). */
  lastUsedMs: number
}

/** The bytes a library takes on disk: its blocks and its files. */
export function recordBytes (r: LibraryRecord): number {
  return r.blockBytes + r.files.reduce((sum, f) => sum + f.bytes, 0)
}

/**
 * The libraries to evict to bring `records` within `budgetBytes`: least recently used first, never one whose CID is
 * in `needed`. When the libraries not needed do not suffice, all of them are chosen and the rest stays over budget.
 */
export function chooseEvictions (records: readonly LibraryRecord[], needed: ReadonlySet<string>, budgetBytes: number): LibraryRecord[] {
  let total = records.reduce((sum, r) => sum + recordBytes(r), 0)
  const evict: LibraryRecord[] = []
  const candidates = records.filter((r) => !needed.has(r.cid)).sort((a, b) => a.lastUsedMs - b.lastUsedMs || (a.cid < b.cid ? -1 : 1))
  for (const r of candidates) {
    if (total <= budgetBytes) break
    evict.push(r)
    total -= recordBytes(r)
  }
  return evict
}

/** The records, in memory, each change written through to `file`. */
export class LibraryStore {
  private readonly records = new Map<string, LibraryRecord>()

  constructor (readonly file: string) {}

  /** Reads the file if there is one; one that cannot be read is renamed `.bad` (the cache starts empty) and its
   * reason returned. */
  load (): string | undefined {
    this.records.clear()
    if (!existsSync(this.file)) return undefined
    try {
      for (const r of parseRecords(readFileSync(this.file, 'utf8'))) this.records.set(r.cid, r)
      return undefined
    } catch (err) {
      this.records.clear()
      renameSync(this.file, `${this.file}.bad`)
      return (err as Error).message
    }
  }

  get (cid: string): LibraryRecord | undefined {
    return this.records.get(cid)
  }

  list (): LibraryRecord[] {
    return [...this.records.values()]
  }

  /** Bytes of every library recorded. */
  totalBytes (): number {
    return this.list().reduce((sum, r) => sum + recordBytes(r), 0)
  }

  /**
   * Records that `cid`, written as file `name` (`fileBytes`; 0: no file of its own) with `blockBytes` of blocks, was
   * used at `nowMs`. Another library's file of the same name was overwritten by this one, so it leaves that library's
   * record.
   */
  put (cid: string, name: string, sizes: { fileBytes: number, blockBytes: number }, nowMs: number): void {
    for (const other of this.records.values()) {
      if (sizes.fileBytes > 0 && other.cid !== cid && other.files.some((f) => f.name === name)) this.records.set(other.cid, { ...other, files: other.files.filter((f) => f.name !== name) })
    }
    const old = this.records.get(cid)
    const files = (old?.files ?? []).filter((f) => f.name !== name)
    if (sizes.fileBytes > 0) files.push({ name, bytes: sizes.fileBytes })
    this.records.set(cid, { cid, files, blockBytes: sizes.blockBytes, lastUsedMs: Math.max(nowMs, old?.lastUsedMs ?? 0) })
    this.save()
  }

  /** Marks a recorded library used at `nowMs`. */
  touch (cid: string, nowMs: number): void {
    const r = this.records.get(cid)
    if (r === undefined || r.lastUsedMs >= nowMs) return
    this.records.set(cid, { ...r, lastUsedMs: nowMs })
    this.save()
  }

  remove (cid: string): void {
    if (this.records.delete(cid)) this.save()
  }

  private save (): void {
    writeFileAtomically(this.file, JSON.stringify({ format: FORMAT, libraries: this.list() }) + '\n')
  }
}

/** Parses and checks the file (written by us, but a disk or a person may have changed it). */
function parseRecords (text: string): LibraryRecord[] {
  const o = JSON.parse(text) as { format?: unknown, libraries?: unknown }
  if (o.format !== FORMAT) throw new Error(`unknown format ${JSON.stringify(o.format)}`)
  if (!Array.isArray(o.libraries)) throw new Error('libraries missing')
  const bytes = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0
  // Files named here are deleted on eviction: only plain names, as units name libraries (unit-payload.ts).
  const plain = (n: unknown): boolean => typeof n === 'string' && n !== '' && !n.includes('/') && !n.includes('\\') && !n.startsWith('.')
  return o.libraries.map((r: Partial<LibraryRecord>, k) => {
    const files = r.files
    if (typeof r.cid !== 'string' || r.cid === '') throw new Error(`library ${k}: cid missing`)
    if (!Array.isArray(files) || !files.every((f) => plain(f?.name) && bytes(f.bytes))) throw new Error(`library ${k}: files missing`)
    if (!bytes(r.blockBytes) || typeof r.lastUsedMs !== 'number' || !Number.isFinite(r.lastUsedMs)) throw new Error(`library ${k}: sizes or last use missing`)
    return { cid: r.cid, files: files.map((f) => ({ name: f.name, bytes: f.bytes })), blockBytes: r.blockBytes, lastUsedMs: r.lastUsedMs }
  })
}
