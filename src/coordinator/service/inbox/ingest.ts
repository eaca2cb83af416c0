// One inbox file becomes a registered galaxy, or a rejected file with its reason. The galaxy is read as
// `pogs galaxy fit` reads it (FITS layers matched to the libraries' filters.dat, flags over header), refused when
// no library pair covers its redshift or no pixel is viable, cut into areas and registered; its layers file is
// written (the only time the FITS is parsed: units, archive and dashboard read that file), and only then is the FITS
// moved to galaxies/. A crash in between leaves it in the inbox: picked up again, the registration is a no-op
// (same name, same content) and the rest completes. Nothing here throws for a bad file.
import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { parseFits, keyword } from '../../../galaxy/fits/index.js'
import { cutAreas } from '../../../galaxy/areas.js'
import { galaxyFromFits, DEFAULT_SIGNAL_TO_NOISE } from '../../../galaxy/galaxy-input.js'
import type { ErrorCode } from '../../../util/error-codes.js'
import { PogsError } from '../../../util/errors.js'
import type { WorkStore } from '../../lifecycle/index.js'
import type { CoordinatorEmitter } from '../events.js'
import { InboxError } from '../errors.js'
import { storeGalaxyLayers, type GalaxyMetadata } from '../galaxy-loader.js'
import type { ProjectLibraries } from '../libraries.js'
import { galaxiesDir, galaxyFile, isGzip, rejectedDir } from '../paths.js'
import { optionsFile, type InboxOptions } from './add-to-inbox.js'

/** What ingesting needs. */
export interface IngestComponents {
  dataDir: string
  store: Pick<WorkStore, 'addGalaxy'>
  libraries: ProjectLibraries
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
  const catalogue = c.libraries.catalogue
  if (catalogue === undefined) throw new InboxError('ERR_NO_FILTERS', c.libraries.catalogueProblem ?? 'no filters.dat')
  const images = parseFits(bytes)
  const object = keyword(images[0]?.cards ?? [], 'OBJECT')
  const hasObject = typeof object === 'string' && object.trim() !== ''
  const galaxy = galaxyFromFits(images, catalogue, {
    // Without --name or OBJECT the file's own name serves (galaxyFromFits would call every such galaxy 'galaxy').
    name: options.name ?? (hasObject ? undefined : originalStem(path)),
    redshift: options.redshift,
    ra: options.ra,
    dec: options.dec,
    signalToNoise: options.snr
  }, originalName(path))
  // "Imported" libraries: the directory must hold a pair within |dz| <= 0.005, as the fit itself requires.
  c.libraries.pairFor(galaxy.redshift)
  const areas = cutAreas(galaxy)
  if (areas.length === 0) throw new InboxError('ERR_NOTHING_TO_FIT', 'no viable pixel (each needs data in >= 4 optical bands, or 3 optical and 1 UV/IR)')
  const metadata: GalaxyMetadata = {
    ...(galaxy.ra !== undefined ? { ra: galaxy.ra } : {}),
    ...(galaxy.dec !== undefined ? { dec: galaxy.dec } : {}),
    signalToNoise: options.snr ?? DEFAULT_SIGNAL_TO_NOISE,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    width: galaxy.width,
    height: galaxy.height
  }
  const { galaxyId, created } = c.store.addGalaxy({
    name: galaxy.name,
    priority: options.priority ?? 0,
    bands: galaxy.filters.map((f) => f.name),
    redshift: galaxy.redshift,
    metadata: { ...metadata },
    areas
  })
  // In the same turn as the registration (no await between): generation, which may run at any await, never sees
  // the galaxy without its layers file.
  mkdirSync(galaxiesDir(c.dataDir), { recursive: true })
  storeGalaxyLayers(c.dataDir, { id: galaxyId, name: galaxy.name }, galaxy)
  const dest = galaxyFile(c.dataDir, galaxyId, galaxy.name, isGzip(bytes))
  await rename(path, dest)
  await rm(optionsFile(path), { force: true })
  c.events.emit('galaxy-added', {
    galaxy: galaxy.name,
    galaxyId,
    file: dest,
    areas: areas.length,
    pixels: areas.reduce((n, a) => n + a.pixels.length, 0),
    duplicate: !created
  })
  c.onRegistered()
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
  return {
    ...(name !== undefined ? { name: (name as string).trim() } : {}),
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

function originalStem (path: string): string {
  return originalName(path).replace(/\.(fits|fit|fts)(\.gz)?$/i, '')
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
