// The local queue on disk: one small JSON file per assignment, DATA/queue/<name>.json, each written atomically
// (write beside, rename), so a volunteer killed at any moment restarts with every assignment either in its old or
// its new state. The files are few (about two per core plus unacknowledged results), so each change rewrites one.
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomically } from '../util/atomic-write.js'
import type { ItemState, QueueItem } from './queue-item.js'

const FORMAT = 'pogs-volunteer-queue/1'
const STATES: readonly ItemState[] = ['assigned', 'fitted', 'failed', 'done']
/** Instance ids that can be file names as they are; any other id is named by its hash. */
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/

/** A queue file that could not be read, set aside as `<file>.bad`. */
export interface UnreadableItem {
  file: string
  why: string
}

/** The volunteer's queue: items in memory, each change written through to its file. */
export class QueueStore {
  private readonly items = new Map<string, QueueItem>()
  readonly dir: string

  constructor (dataDir: string) {
    this.dir = join(dataDir, 'queue')
  }

  /** Reads every queue file. Unreadable files are renamed `.bad` (kept for a person to look at) and reported. */
  load (): UnreadableItem[] {
    mkdirSync(this.dir, { recursive: true })
    const bad: UnreadableItem[] = []
    // Temporary files of writes cut short by a kill: their item's previous file is intact.
    for (const file of readdirSync(this.dir).filter((f) => f.includes('.json.tmp-'))) rmSync(join(this.dir, file), { force: true })
    for (const file of readdirSync(this.dir).filter((f) => f.endsWith('.json')).sort()) {
      const path = join(this.dir, file)
      try {
        const item = parseItem(readFileSync(path, 'utf8'))
        if (fileName(item.instanceId) !== file) throw new Error('file name does not match its instance id')
        this.items.set(item.instanceId, item)
      } catch (err) {
        renameSync(path, `${path}.bad`)
        bad.push({ file, why: (err as Error).message })
      }
    }
    return bad
  }

  get (instanceId: string): QueueItem | undefined {
    return this.items.get(instanceId)
  }

  /** Every item, optionally only those in the given states. */
  list (...states: ItemState[]): QueueItem[] {
    const all = [...this.items.values()]
    return states.length === 0 ? all : all.filter((i) => states.includes(i.state))
  }

  /** Writes an item (new or changed) to disk, then to memory. */
  put (item: QueueItem): void {
    writeFileAtomically(join(this.dir, fileName(item.instanceId)), JSON.stringify({ format: FORMAT, ...item }) + '\n')
    this.items.set(item.instanceId, item)
  }

  remove (instanceId: string): void {
    rmSync(join(this.dir, fileName(instanceId)), { force: true })
    this.items.delete(instanceId)
  }
}

/** The queue file name of an instance: the id itself when it is a safe file name, else its SHA-256. */
export function fileName (instanceId: string): string {
  if (SAFE_NAME.test(instanceId)) return `${instanceId}.json`
  return `sha256-${createHash('sha256').update(instanceId).digest('hex')}.json`
}

/** Parses and checks one queue file (written by us, but a disk or a person may have changed it). */
function parseItem (text: string): QueueItem {
  const o = JSON.parse(text) as Record<string, unknown>
  if (o.format !== FORMAT) throw new Error(`unknown format ${JSON.stringify(o.format)}`)
  const str = (k: string): string => {
    if (typeof o[k] !== 'string' || o[k] === '') throw new Error(`${k} missing`)
    return o[k]
  }
  const num = (k: string): number => {
    if (typeof o[k] !== 'number' || !Number.isFinite(o[k])) throw new Error(`${k} missing`)
    return o[k]
  }
  const state = str('state') as ItemState
  if (!STATES.includes(state)) throw new Error(`unknown state ${JSON.stringify(state)}`)
  if (!/^[0-9a-f]{32}$/.test(str('nonce'))) throw new Error('nonce is not 16 bytes of hex')
  if ((o.payloadCid === undefined) === (o.payload === undefined)) throw new Error('needs exactly one of payloadCid and payload')
  if (!Array.isArray(o.libraryCids) || !o.libraryCids.every((c) => typeof c === 'string')) throw new Error('libraryCids missing')
  const result = o.result as QueueItem['result']
  if ((state === 'fitted' || (state === 'done' && o.error === undefined)) && (typeof result?.cid !== 'string' || typeof result.digest !== 'string')) throw new Error(`${state} item without a result`)
  if (result?.coreVersion !== undefined && !(Number.isSafeInteger(result.coreVersion) && result.coreVersion > 0)) throw new Error('result.coreVersion is not a positive integer')
  const error = o.error as QueueItem['error']
  if (state === 'failed' && typeof error?.code !== 'number') throw new Error('failed item without an error code')
  return {
    unitId: str('unitId'),
    instanceId: str('instanceId'),
    nonce: str('nonce'),
    deadlineMs: num('deadlineMs'),
    ...(o.payloadCid !== undefined ? { payloadCid: str('payloadCid') } : {}),
    ...(o.payload !== undefined ? { payload: str('payload') } : {}),
    libraryCids: o.libraryCids as string[],
    estimatedCpuS: num('estimatedCpuS'),
    receivedMs: num('receivedMs'),
    state,
    ...(result !== undefined ? { result } : {}),
    ...(error !== undefined ? { error } : {}),
    refusals: num('refusals'),
    ...(typeof o.ackedMs === 'number' ? { ackedMs: o.ackedMs } : {})
  }
}
