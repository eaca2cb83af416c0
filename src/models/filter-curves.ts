import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { FilterSpec } from '../fit/filters-file.js'
import { readTextFile } from '../fit/text-file.js'
import { ModelDataError, UnknownFilterError } from './errors.js'

/** A transmission curve: wavelengths (A, increasing) and responses, as tabulated. */
export interface FilterCurve {
  name: string
  source: string
  wavelengths: Float64Array
  response: Float64Array
}

/**
 * sedpy curve names for the filters.dat names POGS and MAGPHYS users write (case and punctuation ignored). A
 * name may also be a sedpy file name itself (`sdss_g0`, `wise_w3`).
 */
const SEDPY_NAMES: Record<string, string> = {
  galexfuv: 'galex_FUV', fuv: 'galex_FUV', galexnuv: 'galex_NUV', nuv: 'galex_NUV',
  sdssu: 'sdss_u0', sdssg: 'sdss_g0', sdssr: 'sdss_r0', sdssi: 'sdss_i0', sdssz: 'sdss_z0',
  ps1g: 'panstarrs_g', ps1r: 'panstarrs_r', ps1i: 'panstarrs_i', ps1z: 'panstarrs_z', ps1y: 'panstarrs_y',
  wisew1: 'wise_w1', wisew2: 'wise_w2', wisew3: 'wise_w3', wisew4: 'wise_w4',
  w1: 'wise_w1', w2: 'wise_w2', w3: 'wise_w3', w4: 'wise_w4',
  '2massj': 'twomass_J', '2massh': 'twomass_H', '2massks': 'twomass_Ks', j: 'twomass_J', h: 'twomass_H', ks: 'twomass_Ks',
  irac1: 'spitzer_irac_ch1', irac2: 'spitzer_irac_ch2', irac3: 'spitzer_irac_ch3', irac4: 'spitzer_irac_ch4',
  mips24: 'spitzer_mips_24', mips70: 'spitzer_mips_70', mips160: 'spitzer_mips_160',
  pacs70: 'herschel_pacs_70', pacs100: 'herschel_pacs_100', pacs160: 'herschel_pacs_160',
  spire250: 'herschel_spire_250', spire350: 'herschel_spire_350', spire500: 'herschel_spire_500'
}

/** Reads a two-column curve file (wavelength [A], response; `#` comments), MAGPHYS' extracted or sedpy's. */
export function readFilterCurve (path: string, name: string): FilterCurve {
  const w: number[] = []
  const r: number[] = []
  const lines = readTextFile(path).split(/\r?\n/)
  for (let n = 0; n < lines.length; n++) {
    const t = lines[n].trim()
    if (t === '' || t.startsWith('#')) continue
    const cols = t.split(/\s+/)
    const x = Number(cols[0])
    const y = Number(cols[1])
    if (cols.length < 2 || !Number.isFinite(x) || !Number.isFinite(y) || x <= 0) throw new ModelDataError(path, `line ${n + 1}: expected wavelength and response`)
    if (w.length > 0 && x <= w[w.length - 1]) throw new ModelDataError(path, `line ${n + 1}: wavelengths must increase`)
    w.push(x)
    r.push(Math.max(0, y))
  }
  if (w.length < 2 || !r.some((v) => v > 0)) throw new ModelDataError(path, 'not a transmission curve (fewer than 2 points or no response)')
  return { name, source: path, wavelengths: Float64Array.from(w), response: Float64Array.from(r) }
}

/**
 * The curve of a filters.dat row: by filter id among MAGPHYS' own curves
 * (`filters/magphys/filterbin_<id>.txt`), else by name among sedpy's (`filters/sedpy/<name>.par`).
 */
export function findFilterCurve (dataDir: string, spec: FilterSpec): FilterCurve {
  const byId = join(dataDir, 'filters', 'magphys', `filterbin_${spec.id}.txt`)
  if (spec.id > 0 && existsSync(byId)) return readFilterCurve(byId, spec.name)
  const key = spec.name.toLowerCase().replace(/[^a-z0-9]/g, '')
  const stem = SEDPY_NAMES[key] ?? spec.name
  const byName = join(dataDir, 'filters', 'sedpy', `${stem}.par`)
  if (/^[A-Za-z0-9_]+$/.test(stem) && existsSync(byName)) return readFilterCurve(byName, spec.name)
  throw new UnknownFilterError(spec.name, spec.id, `${join(dataDir, 'filters', 'magphys')} (by id) and ${join(dataDir, 'filters', 'sedpy')} (by name)`)
}
