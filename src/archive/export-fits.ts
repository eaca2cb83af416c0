// A galaxy archive as one multi-extension FITS file (docs/archive.md, export): a primary HDU with the galaxy's
// identity and no data, then one IMAGE extension per parameter (EXTNAME the archive's parameter name) holding a
// float32 cube [x, y, value] of its 7 summary values in the archive's DIM4 order, NaN where nothing was fitted, with
// the input's celestial WCS on axes 1 and 2. Every header is known before any pixel is read, so the size is too;
// the data are read and encoded one parameter at a time, so memory holds one extension, not the file.
import { createReadStream, writeSync } from 'node:fs'
import { writeFileAtomicallyWith } from '../util/atomic-write.js'
import { createHash } from 'node:crypto'
import { formatImageData, formatImageHeader, imageDataBytes, type Card } from '../galaxy/fits/index.js'
import { appVersion } from '../util/app-version.js'
import { PARAMETER_UNITS, VALUE_DESCRIPTIONS } from './parameter-units.js'
import type { GalaxyArchive } from './read-archive.js'

/** What the archive itself cannot say about where it is kept. */
export interface FitsExportInit {
  /** Hex SHA-256 of the archive file (ARCHSHA). */
  sha256?: string
  /** The archive's CID on the network (ARCHCID). */
  cid?: string
}

/** Whether the export carries a WCS: the archive's, none because the input had none, or none because the archive
 * does not record it (written before pogs kept the input WCS, or of a galaxy registered before). */
export type ExportWcs = 'carried' | 'none' | 'not-recorded'

/** A planned export: its size, its WCS, and its bytes part by part. */
export interface FitsExport {
  /** Bytes of the whole file. */
  size: number
  wcs: ExportWcs
  /** The file in order: the primary header, then each extension's header and data. The archive must stay open
   * until the last part is taken; each data part is read from it when asked for. */
  parts: () => Generator<Uint8Array>
}

/** The third axis: plane n (1-based) holds summary value PLANEn. */
const PLANE_AXIS = 'VALUE'
/** Longest string a card holds (columns 12-79 between the quotes). */
const MAX_STRING = 68

/** Printable ASCII only (FITS headers are), at most `max` characters once quotes are doubled. */
function text (s: string, max = MAX_STRING): string {
  let out = s.replace(/[^\x20-\x7e]/g, '?')
  while (out.replace(/'/g, "''").length > max) out = out.slice(0, -1)
  return out
}

function card (keyword: string, value: Card['value'], comment = ''): Card {
  return { keyword, value: typeof value === 'string' ? text(value) : value, comment: text(comment, 80) }
}

/** COMMENT cards holding `comment`, wrapped at spaces into the 72 columns each has. */
function commentCards (comment: string): Card[] {
  const lines: string[] = []
  let line = ''
  for (const word of text(comment, Number.POSITIVE_INFINITY).split(' ')) {
    if (line !== '' && line.length + 1 + word.length > 72) {
      lines.push(line)
      line = ''
    }
    line = line === '' ? word.slice(0, 72) : `${line} ${word}`
  }
  if (line !== '') lines.push(line)
  return lines.map((l) => ({ keyword: 'COMMENT', value: null, comment: l }))
}

/** The archive's WCS for a [x, y, value] cube: WCSAXES = 3 with a linear third axis counting planes (see docs). */
function cubeWcs (wcs: readonly Card[]): Card[] {
  const usesCd = wcs.some((c) => /^CD\d_\d$/.test(c.keyword))
  return [
    card('WCSAXES', 3, 'x, y on the sky; axis 3 counts the planes'),
    ...wcs.map((c) => card(c.keyword, c.value, c.comment)),
    card('CTYPE3', PLANE_AXIS, 'plane n holds the summary value PLANEn'),
    card('CRPIX3', 1),
    card('CRVAL3', 1),
    // wcslib leaves a CD matrix's unset diagonal at 0 (astropy then fixes it with a warning): set it.
    usesCd ? card('CD3_3', 1) : card('CDELT3', 1)
  ]
}

function primaryCards (archive: GalaxyArchive, init: FitsExportInit, wcs: ExportWcs): Card[] {
  const f = archive.facts
  return [
    card('OBJECT', f.name, 'galaxy'),
    ...(f.galaxyId === f.name ? [] : [card('GALAXYID', f.galaxyId, 'galaxy id in its archive')]),
    card('REDSHIFT', f.redshift),
    ...(Number.isNaN(f.ra) ? [] : [card('RA', f.ra, '[deg]')]),
    ...(Number.isNaN(f.dec) ? [] : [card('DEC', f.dec, '[deg]')]),
    card('NBANDS', f.filters.length, 'bands fitted (filters.dat names)'),
    ...f.filters.map((b, k) => card(`BAND${k + 1}`, b.name, `lambda_eff ${b.lambdaEff} um`)),
    ...f.libraries.map((l, k) => card(`LIB${k + 1}`, l.name, `model library, z = ${l.redshift}`)),
    card('SNR', f.signalToNoise, '0: sigma from sigma layers, else flux / SNR'),
    card('NFITTED', f.pixelsProcessed, 'pixels fitted'),
    card('NAREAS', f.areaCount, 'areas'),
    card('NPARAMS', f.parameters.length, 'image extensions, one per parameter'),
    card('ARCHFMT', f.format, 'format of the archive exported'),
    card('ARCHDATE', f.created, 'when the archive was written'),
    card('ARCHSW', `${f.software} ${f.version}`, 'software that wrote the archive'),
    // 64 hex digits leave no room for a comment.
    ...(init.sha256 === undefined ? [] : [card('ARCHSHA', init.sha256)]),
    ...(init.cid === undefined ? [] : [card('ARCHCID', init.cid, 'CID of the archive on the network')]),
    card('ORIGIN', `pogs ${appVersion()}`, 'pogs archive export'),
    ...commentCards(`One IMAGE extension per MAGPHYS parameter (EXTNAME = its archive name), each a float32 cube [x, y, ${f.values.length}]: ` +
      'plane n holds the summary value named by PLANEn; NaN where the pixel was not fitted.'),
    ...commentCards(wcs === 'carried'
      ? 'Axes 1 and 2 carry the WCS of the input layers (pixel (x, y) of the archive is FITS pixel (x+1, y+1)).'
      : wcs === 'none'
        ? 'No WCS: the input layers had no consistent celestial WCS.'
        : 'No WCS: the archive does not record the input WCS (it predates pogs keeping it).')
  ]
}

function extensionCards (archive: GalaxyArchive, parameter: string): Card[] {
  const f = archive.facts
  const unit = PARAMETER_UNITS[parameter]
  return [
    card('EXTNAME', parameter, 'MAGPHYS parameter (pogs archive name)'),
    card('OBJECT', f.name, 'galaxy'),
    ...(unit === undefined ? [] : [card('BUNIT', unit)]),
    ...f.values.map((v, k) => card(`PLANE${k + 1}`, v, VALUE_DESCRIPTIONS[v] ?? '')),
    ...(f.wcs === undefined || f.wcs.length === 0 ? [] : cubeWcs(f.wcs))
  ]
}

/** Plans the export of an open archive: every header now, the pixels when `parts` reaches them. */
export function planFitsExport (archive: GalaxyArchive, init: FitsExportInit = {}): FitsExport {
  const f = archive.facts
  const wcs: ExportWcs = f.wcs === undefined ? 'not-recorded' : f.wcs.length === 0 ? 'none' : 'carried'
  const axes = [f.width, f.height, f.values.length]
  const primary = formatImageHeader({ bitpix: 8, axes: [], cards: primaryCards(archive, init, wcs) }, true)
  const headers = f.parameters.map((p) => formatImageHeader({ bitpix: -32, axes, cards: extensionCards(archive, p) }, false))
  const dataBytes = imageDataBytes(-32, f.width * f.height * f.values.length)
  const size = primary.length + headers.reduce((n, h) => n + h.length + dataBytes, 0)
  return {
    size,
    wcs,
    * parts () {
      yield primary
      for (const [k, p] of f.parameters.entries()) {
        yield headers[k]
        yield formatImageData({ bitpix: -32, axes, data: archive.cube(p) })
      }
    }
  }
}

/**
 * Writes the export of an open archive to `path`, part by part under a temporary name renamed when complete (a
 * failure leaves no partial file and any earlier one untouched).
 */
export function writeFitsExport (archive: GalaxyArchive, path: string, init: FitsExportInit = {}): FitsExport {
  const plan = planFitsExport(archive, init)
  writeFileAtomicallyWith(path, (fd) => { for (const part of plan.parts()) writeSync(fd, part) })
  return plan
}

/** Hex SHA-256 of a file, read as a stream. */
export async function fileSha256 (path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
