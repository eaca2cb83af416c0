// The coordinator's data directory (docs/coordinator.md): what lives where. The node's own state (identity.key,
// blocks/, datastore/, manifests/) is the network layer's; these are the service's.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** The SQLite work store. */
export function storePath (dataDir: string): string { return join(dataDir, 'coordinator.sqlite') }
/** Where `pogs galaxy add` drops FITS files for the running coordinator. */
export function inboxDir (dataDir: string): string { return join(dataDir, 'inbox') }
/** Inbox files that could not become galaxies, each with a `.reason.txt`. */
export function rejectedDir (dataDir: string): string { return join(inboxDir(dataDir), 'rejected') }
/** Registered galaxies: each one's FITS file as received and the layers file parsed from it (units are cut from
 * the layers file). */
export function galaxiesDir (dataDir: string): string { return join(dataDir, 'galaxies') }
/** Galaxy files being received over /pogs/submit, each under a random name until it is registered (moved to
 * galaxies/) or refused (removed). */
export function submissionsDir (dataDir: string): string { return join(dataDir, 'submissions') }
/** Written archives. */
export function archivesDir (dataDir: string): string { return join(dataDir, 'archives') }

/** A galaxy name as a file name: letters, digits, '.', '_' and '-' kept, anything else '_'. */
export function safeName (name: string): string {
  const s = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 100)
  return s === '' ? 'galaxy' : s
}

/** Whether bytes start as gzip does. */
export function isGzip (bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

/** A registered galaxy's FITS file: the id keeps names that map to the same file name apart. */
export function galaxyFile (dataDir: string, galaxyId: number, name: string, gzip: boolean): string {
  return join(galaxiesDir(dataDir), `g${galaxyId}-${safeName(name)}.fits${gzip ? '.gz' : ''}`)
}

/** A registered galaxy's layers file: its facts and band images as registration parsed them (galaxy-layers.ts). */
export function galaxyLayersFile (dataDir: string, galaxyId: number, name: string): string {
  return join(galaxiesDir(dataDir), `g${galaxyId}-${safeName(name)}.layers`)
}

/** The registered galaxy's FITS file as it is on disk (plain or gzipped), or undefined when missing. */
export function findGalaxyFile (dataDir: string, galaxyId: number, name: string): string | undefined {
  for (const gzip of [false, true]) {
    const path = galaxyFile(dataDir, galaxyId, name, gzip)
    if (existsSync(path)) return path
  }
  return undefined
}

/** A galaxy's archive: `<name>.h5`, or `<name>-g<id>.h5` when the name had to be changed into a file name (two
 * names then never share a file). */
export function archiveFile (dataDir: string, galaxyId: number, name: string): string {
  const safe = safeName(name)
  return join(archivesDir(dataDir), safe === name ? `${safe}.h5` : `${safe}-g${galaxyId}.h5`)
}
