import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { LibraryNotFoundError } from './errors.js'
import { parseInfraredLibrary, parseOpticalLibrary, type InfraredLibrary, type LibraryPair, type OpticalLibrary } from './library-text.js'
import { readTextFile } from './text-file.js'

export { N_OPTICAL_PARAMS, N_INFRARED_PARAMS, LIBRARY_HEADER_LINES, type OpticalLibrary, type InfraredLibrary, type LibraryPair } from './library-text.js'

/** Where a redshift's two library files are. */
export interface LibraryFiles {
  redshift: number
  optical: string
  infrared: string
}

const OPTICAL_NAME = /^(?:starformhist_cb07|optical)_z(\d+\.\d+)\.lbr(?:\.gz)?$/
const INFRARED_NAME = /^(?:infrared_dce08|infrared)_z(\d+\.\d+)\.lbr(?:\.gz)?$/

/**
 * A pair named outright: `opticalName` and `infraredName` in `dir`, each a library name in either convention, possibly
 * after a prefix (a coordinator's second run names its files `RUN.optical_z0.0100.lbr`), both of one redshift.
 * LibraryNotFoundError when the names are not such a pair.
 */
export function namedPair (dir: string, opticalName: string, infraredName: string): LibraryFiles {
  const o = /(?:^|\.)(?:starformhist_cb07|optical)_z(\d+\.\d+)\.lbr(?:\.gz)?$/.exec(opticalName)
  const i = /(?:^|\.)(?:infrared_dce08|infrared)_z(\d+\.\d+)\.lbr(?:\.gz)?$/.exec(infraredName)
  if (o === null || i === null || Number(o[1]) !== Number(i[1]) || [opticalName, infraredName].some((n) => n.includes('/') || n.includes('\\'))) {
    throw new LibraryNotFoundError(`${JSON.stringify(opticalName)} and ${JSON.stringify(infraredName)} are not an optical and infrared library of one redshift`)
  }
  return { redshift: Number(o[1]), optical: join(dir, opticalName), infrared: join(dir, infraredName) }
}

/**
 * Lists the library pairs in a directory, by redshift, in both naming conventions (MAGPHYS'
 * `starformhist_cb07_z0.0100.lbr` + `infrared_dce08_z0.0100.lbr`, ours `optical_z0.0100.lbr` +
 * `infrared_z0.0100.lbr`), plain or gzipped. Sorted by redshift.
 */
export function listLibraries (dir: string): LibraryFiles[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (err) {
    throw new LibraryNotFoundError(`cannot read libraries directory ${dir}: ${(err as Error).message}`)
  }
  const optical = new Map<string, string>()
  const infrared = new Map<string, string>()
  for (const name of names.sort()) {
    const o = OPTICAL_NAME.exec(name)
    if (o !== null && !optical.has(o[1])) optical.set(o[1], join(dir, name))
    const i = INFRARED_NAME.exec(name)
    if (i !== null && !infrared.has(i[1])) infrared.set(i[1], join(dir, name))
  }
  const pairs: LibraryFiles[] = []
  for (const [z, path] of optical) {
    const ir = infrared.get(z)
    if (ir !== undefined) pairs.push({ redshift: Number(z), optical: path, infrared: ir })
  }
  return pairs.sort((a, b) => a.redshift - b.redshift)
}

/**
 * Reads an optical (stellar) library as MAGPHYS does: two header lines skipped (so POGS' files, which have
 * one, lose their first model), then index, 24 parameters and the magnitudes of every row.
 */
export function readOpticalLibrary (path: string): OpticalLibrary {
  return parseOpticalLibrary(readTextFile(path), path)
}

/** Reads an infrared (dust) library: two header lines skipped, then 8 parameters and magnitudes per row. */
export function readInfraredLibrary (path: string): InfraredLibrary {
  return parseInfraredLibrary(readTextFile(path), path)
}

/** Reads both libraries of one redshift. */
export function readLibraryPair (files: LibraryFiles): LibraryPair {
  return { redshift: files.redshift, optical: readOpticalLibrary(files.optical), infrared: readInfraredLibrary(files.infrared) }
}
