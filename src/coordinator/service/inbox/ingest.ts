// One inbox file becomes a registered galaxy (register-galaxy.ts, as a submission does), or a rejected file with its
// reason. A crash before the file is moved to galaxies/ leaves it in the inbox: picked up again, the registration is
// a no-op (same name, same content) and the rest completes. Nothing here throws for a bad file.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { ErrorCode } from '../../../util/error-codes.js'
import { PogsError } from '../../../util/errors.js'
import type { WorkStore } from '../../lifecycle/index.js'
import type { CoordinatorEmitter } from '../events.js'
import { InboxError } from '../errors.js'
import { RUN_NAME, type ProjectRuns } from '../runs.js'
import { rejectedDir } from '../paths.js'
import { checkGalaxyFile, registerGalaxyFile } from '../register-galaxy.js'
import { optionsFile, type InboxOptions } from './add-to-inbox.js'

/** What ingesting needs. */
export interface IngestComponents {
  dataDir: string
  store: Pick<WorkStore, 'addGalaxy'>
  runs: ProjectRuns
  events: CoordinatorEmitter
  /** Called after a galaxy is registered (to cut its first units). */
  onRegistered: () => void
}

/** Takes one inbox file away: registered and moved to galaxies/, or moved to inbox/rejected/ with a reason. */
export async function ingestInboxFile (c: IngestComponents, path: string): Promise<void> {
  try {
    await register(c, path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return // taken away meanwhile (by the operator)
    const code = err instanceof PogsError ? err.code : 'ERR_INTERNAL'
    await reject(c, path, code, (err as Error).message)
  }
}

async function register (c: IngestComponents, path: string): Promise<void> {
  const options = await readOptions(path)
  const bytes = await readFile(path)
  const checked = checkGalaxyFile(c.runs, bytes, { fileName: originalName(path) }, options)
  await registerGalaxyFile(c, checked, path, async () => { await rm(optionsFile(path), { force: true }) })
}

/** The options `pogs galaxy add` wrote beside the file, checked (it is a local file, but may be hand-edited). */
async function readOptions (path: string): Promise<InboxOptions> {
  let text: string
  try {
    text = await readFile(optionsFile(path), 'utf8')
  } catch {
    return {}
  }
  let o: Record<string, unknown>
  try {
    o = JSON.parse(text) as Record<string, unknown>
  } catch {
    throw new InboxError('ERR_INBOX_OPTIONS', `${basename(optionsFile(path))} is not JSON`)
  }
  const bad = (field: string): never => { throw new InboxError('ERR_INBOX_OPTIONS', `option ${field} is malformed`) }
  const num = (field: string, ok: (v: number) => boolean): number | undefined => {
    const v = o[field]
    if (v === undefined) return undefined
    if (typeof v !== 'number' || !ok(v)) bad(field)
    return v as number
  }
  const name = o.name
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '' || name.length > 256)) bad('name')
  const run = o.run
  if (run !== undefined && (typeof run !== 'string' || !RUN_NAME.test(run))) bad('run')
  return {
    ...(name !== undefined ? { name: (name as string).trim() } : {}),
    ...(run !== undefined ? { run: run as string } : {}),
    redshift: num('redshift', (v) => Number.isFinite(v) && v > 0),
    ra: num('ra', Number.isFinite),
    dec: num('dec', Number.isFinite),
    snr: num('snr', (v) => Number.isFinite(v) && v > 0),
    priority: num('priority', Number.isSafeInteger)
  }
}

/** The name the file had before `pogs galaxy add` prefixed it with a time and a random tag. */
function originalName (path: string): string {
  return basename(path).replace(/^\d+-[0-9a-f]{6}-/, '')
}

/** Moves a refused file (and its options) to inbox/rejected/ with a .reason.txt and reports it. */
async function reject (c: IngestComponents, path: string, code: ErrorCode, message: string): Promise<void> {
  const dir = rejectedDir(c.dataDir)
  const dest = join(dir, basename(path))
  try {
    await mkdir(dir, { recursive: true })
    await writeFile(`${dest}.reason.txt`, `${code}: ${message}\n`)
    await rename(path, dest)
    await rename(optionsFile(path), `${dest}.json`).catch(() => {})
  } catch {
    // Cannot move it aside: remove it (it is a copy `pogs galaxy add` made) rather than refuse it at every scan.
    await rm(path, { force: true }).catch(() => {})
    await rm(optionsFile(path), { force: true }).catch(() => {})
  }
  c.events.emit('rejected', { source: 'inbox', file: dest, code, reason: message })
}
