// A project's archive catalogue (protocols/catalogue.md): every archived galaxy with its archive's CID, size and
// SHA-256, signed by the project key and named by the manifest. Decoding checks what a reader relies on: bounded
// sizes, one entry per galaxy name, coordinates in range, a CID and a 32-byte hash per archive.
import type { CID } from 'multiformats/cid'
import * as wire from '../../../protocols/catalogue.js'
import { CatalogueTooLargeError } from '../catalogue/errors.js'
import { InvalidFieldError, MissingFieldError } from '../errors.js'
import { ARCHIVE_SHA256_BYTES } from './archive-record.js'
import { decodeWith, parseCid, parsePeerId, requiredBytes, requiredString, wireBytes } from './fields.js'

/** Most entries a catalogue holds (the wire limit, protocols/catalogue.proto): ~25 MB of catalogue at ~250 bytes an
 * entry, which a reader holds in memory at once. */
export const MAX_CATALOGUE_ENTRIES = 100_000

/** Most bytes a signed catalogue may have: a full catalogue with long names and many bands still fits. */
export const MAX_CATALOGUE_BYTES = 64 * 1024 * 1024

/** Longest galaxy or run name, and band name, in characters (galaxy names are registered up to 256). */
const MAX_NAME = 256
const MAX_BAND_NAME = 64

/** One archived galaxy. */
export interface CatalogueEntry {
  galaxy: string
  /** The run or filter-set name; empty when the coordinator knows none. */
  run: string
  /** filters.dat names, by increasing wavelength. */
  bands: string[]
  /** Degrees; absent when unknown. */
  ra?: number
  dec?: number
  redshift: number
  width: number
  height: number
  /** Pixels fitted and areas in the archive. */
  pixels: number
  areas: number
  cid: CID
  sha256: Uint8Array
  size: number
  createdMs: number
}

/** A project's catalogue of archives. */
export interface Catalogue {
  /** The project key; must equal the envelope's signer (openCatalogue checks). */
  project: string
  /** The sequence of the manifest that first named it. */
  sequence: number
  issuedMs: number
  /** One per galaxy, ordered by name. */
  entries: CatalogueEntry[]
}

export function encodeCatalogue (c: Catalogue): Uint8Array {
  if (c.entries.length > MAX_CATALOGUE_ENTRIES) throw new CatalogueTooLargeError(`${c.entries.length} entries, at most ${MAX_CATALOGUE_ENTRIES}`)
  return wire.Catalogue.encode({
    project: c.project,
    sequence: c.sequence,
    issuedMs: c.issuedMs,
    entries: c.entries.map((e) => ({ ...e, cid: e.cid.toString(), sha256: wireBytes(e.sha256) }))
  })
}

export function decodeCatalogue (bytes: Uint8Array): Catalogue {
  const k = 'Catalogue'
  // Past MAX_CATALOGUE_ENTRIES the generated decoder stops (ERR_MALFORMED_MESSAGE) before reading further.
  const w = decodeWith(k, wire.Catalogue.decode, bytes)
  if (w.sequence === 0) throw new MissingFieldError(k, 'sequence')
  if (w.issuedMs === 0) throw new MissingFieldError(k, 'issuedMs')
  const names = new Set<string>()
  const entries = w.entries.map((e): CatalogueEntry => {
    const galaxy = requiredString(k, 'entries.galaxy', e.galaxy, MAX_NAME)
    if (names.has(galaxy)) throw new InvalidFieldError(k, 'entries.galaxy', 'is listed twice')
    names.add(galaxy)
    return decodeEntry(e, galaxy)
  })
  return { project: parsePeerId(k, 'project', w.project), sequence: w.sequence, issuedMs: w.issuedMs, entries }
}

function decodeEntry (e: wire.CatalogueEntry, galaxy: string): CatalogueEntry {
  const k = 'CatalogueEntry'
  if (e.run.length > MAX_NAME) throw new InvalidFieldError(k, 'run', `is longer than ${MAX_NAME} characters`)
  for (const b of e.bands) requiredString(k, 'bands', b, MAX_BAND_NAME)
  if (e.ra !== undefined && !(Number.isFinite(e.ra) && e.ra >= 0 && e.ra < 360)) throw new InvalidFieldError(k, 'ra', 'must be in [0, 360)')
  if (e.dec !== undefined && !(Number.isFinite(e.dec) && e.dec >= -90 && e.dec <= 90)) throw new InvalidFieldError(k, 'dec', 'must be in [-90, 90]')
  if (!Number.isFinite(e.redshift) || e.redshift < 0) throw new InvalidFieldError(k, 'redshift', 'must be finite and >= 0')
  if (e.size === 0) throw new MissingFieldError(k, 'size')
  if (!Number.isSafeInteger(e.size)) throw new InvalidFieldError(k, 'size', 'is not a safe integer')
  if (e.createdMs === 0) throw new MissingFieldError(k, 'createdMs')
  return {
    galaxy,
    run: e.run,
    bands: e.bands,
    ...(e.ra !== undefined ? { ra: e.ra } : {}),
    ...(e.dec !== undefined ? { dec: e.dec } : {}),
    redshift: e.redshift,
    width: e.width,
    height: e.height,
    pixels: e.pixels,
    areas: e.areas,
    cid: parseCid(k, 'cid', e.cid),
    sha256: requiredBytes(k, 'sha256', e.sha256, ARCHIVE_SHA256_BYTES),
    size: e.size,
    createdMs: e.createdMs
  }
}
