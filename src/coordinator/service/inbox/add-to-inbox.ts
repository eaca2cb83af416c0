// `pogs galaxy add`: drops a galaxy FITS file into a coordinator's inbox. The copy is written under a hidden
// temporary name and renamed when complete, after its options file (also renamed into place), so the running
// coordinator never sees half a file or a file without its options. Loads nothing of the network stack.
import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { UsageError } from '../../../util/errors.js'
import { inboxDir } from '../paths.js'

/** Flags that travel with a galaxy into the inbox (they override the FITS header, as `pogs galaxy fit`'s do). */
export interface InboxOptions {
  name?: string
  redshift?: number
  ra?: number
  dec?: number
  /** Signal-to-noise for bands without a sigma layer (default 10). */
  snr?: number
  /** Higher is cut into work first (default 0). */
  priority?: number
  /** The run to fit it in (docs/coordinator.md#runs); absent: chosen from its bands. */
  run?: string
}

/** File names the coordinator picks up: FITS, plain or gzipped. */
export const INBOX_FITS_NAME = /^[^.].*\.(fits|fit|fts)(\.gz)?$/i

/** The options file beside an inbox FITS file. */
export function optionsFile (fitsPath: string): string {
  return `${fitsPath}.json`
}

/**
 * Copies `source` into `dataDir`'s inbox as `<ms>-<random>-<name>` and returns the inbox path. The directory is
 * created if missing (a coordinator started later picks the file up at its first scan).
 */
export function addToInbox (dataDir: string, source: string, options: InboxOptions = {}): string {
  let size: number
  try {
    const st = statSync(source)
    if (!st.isFile()) throw new Error('not a regular file')
    size = st.size
  } catch (err) {
    throw new UsageError(`cannot read ${source}: ${(err as Error).message}`)
  }
  if (size === 0) throw new UsageError(`${source} is empty`)
  const dir = inboxDir(dataDir)
  mkdirSync(dir, { recursive: true })
  let name = basename(source)
  if (!INBOX_FITS_NAME.test(name)) name = `${name.replace(/^\.+/, '')}.fits`
  const final = join(dir, `${Date.now()}-${randomBytes(3).toString('hex')}-${name}`)
  const temp = join(dir, `.${basename(final)}.tmp-${process.pid}`)
  try {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))
    if (Object.keys(given).length > 0) {
      writeFileSync(temp, JSON.stringify(given) + '\n')
      renameSync(temp, optionsFile(final))
    }
    copyFileSync(source, temp)
    renameSync(temp, final)
  } catch (err) {
    rmSync(temp, { force: true })
    rmSync(optionsFile(final), { force: true })
    throw err
  }
  return final
}
