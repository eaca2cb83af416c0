import { resolve } from 'node:path'
import type { Command } from './command.js'
import { fileSha256, writeFitsExport } from '../src/archive/export-fits.js'
import { PARAMETER_UNITS as UNITS } from '../src/archive/parameter-units.js'
import { openArchive, type GalaxyArchive } from '../src/archive/read-archive.js'
import { PARAMETER_NAMES, VALUE_NAMES } from '../src/fit/index.js'
import { keyword, writeFits, type Card } from '../src/galaxy/fits/index.js'
import { parseCommandArgs, required } from '../src/util/args.js'
import { UsageError } from '../src/util/errors.js'

const USAGE = [
  'pogs archive show FILE.h5 [--json]',
  '       pogs archive list --project KEY --bootstrap MULTIADDR [--bootstrap MULTIADDR]... [--data DIR] [--timeout SECONDS] [--json]',
  '       pogs archive export --archive FILE.h5 --out FILE.fits',
  '       pogs archive export FILE.h5 --parameter NAME --value VALUE --out MAP.fits',
  '',
  '  list      the galaxies a project archived, from its signed catalogue on the network, checked to be signed by',
  '            the project key (docs/archive.md#finding-archives); --data keeps the newest sequence seen, so an',
  '            older catalogue is refused; --json prints one JSON object; pogs get --galaxy NAME fetches one',
  '  show      the galaxy\'s facts and, per parameter, the median, minimum and maximum of the pixel medians',
  '  export    every parameter map as one multi-extension FITS file: a primary HDU with the galaxy\'s identity,',
  '            then one float32 IMAGE extension per parameter (EXTNAME = its name), a cube [x, y, 7] of the summary',
  '            values (PLANE1..PLANE7 name them), NaN where not fitted, with the input\'s WCS when the archive has it',
  '            (docs/archive.md). With --parameter and --value: that one map as a 2-D FITS image.',
  '  --archive FILE.h5   the archive (or give it as the only argument)',
  '  --out FILE          the FITS file to write (replaced when complete)',
  '  --json              show: the same facts as one JSON object'
].join('\n')

function stats (values: Float32Array): { n: number, min: number, median: number, max: number } {
  const v = Array.from(values).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b)
  return { n: v.length, min: v[0] ?? Number.NaN, median: v[v.length >> 1] ?? Number.NaN, max: v[v.length - 1] ?? Number.NaN }
}

function wcsLine (wcs: Card[] | undefined): string {
  if (wcs === undefined) return 'not recorded (the archive predates pogs keeping the input WCS)'
  if (wcs.length === 0) return 'none (the input layers had no consistent celestial WCS)'
  const v = (k: string): string => String(keyword(wcs, k) ?? '?')
  return `${v('CTYPE1')} ${v('CTYPE2')}, reference pixel (${v('CRPIX1')}, ${v('CRPIX2')}) at (${v('CRVAL1')}, ${v('CRVAL2')}), ${wcs.length} cards`
}

function show (archive: GalaxyArchive, json: boolean): void {
  const f = archive.facts
  const medians = Object.fromEntries(PARAMETER_NAMES.map((p) => [p, stats(archive.map(p, 'median'))]))
  if (json) {
    process.stdout.write(JSON.stringify({ ...f, ra: Number.isNaN(f.ra) ? null : f.ra, dec: Number.isNaN(f.dec) ? null : f.dec, header: undefined, medians }) + '\n')
    return
  }
  const lines = [
    `${f.name} (galaxy ${f.galaxyId})`,
    `  image       ${f.width} x ${f.height} pixels, ${f.filters.length} bands: ${f.filters.map((b) => b.name).join(' ')}`,
    `  position    RA ${Number.isNaN(f.ra) ? '?' : f.ra}, Dec ${Number.isNaN(f.dec) ? '?' : f.dec}, redshift ${f.redshift}`,
    `  fitted      ${f.pixelsProcessed} pixels in ${f.areaCount} areas; sigma ${f.signalToNoise === 0 ? 'from sigma layers' : `flux / ${f.signalToNoise}`}`,
    `  computed by ${f.volunteers.join(', ') || '?'}; written ${f.created} by ${f.software} ${f.version} (${f.format})`,
    `  provenance  ${f.provenance.filter((p) => p.volunteers.length > 0).length} of ${f.areaCount} areas assimilated, ${f.provenance.reduce((n, p) => n + p.resultCids.length, 0)} result CIDs, verifiers ${[...new Set(f.provenance.flatMap((p) => p.verifierKeys))].join(', ') || 'none'}`,
    ...f.libraries.map((l) => `  library     ${l.name} z=${l.redshift} sha256 ${l.sha256.slice(0, 16)}...${l.cid === '' ? '' : ` cid ${l.cid}`}`),
    `  header      ${f.header.length} FITS cards`,
    `  wcs         ${wcsLine(f.wcs)}`,
    '',
    `  ${'parameter'.padEnd(11)} ${'median of pixel medians'.padStart(24)} ${'min'.padStart(10)} ${'max'.padStart(10)}`,
    ...PARAMETER_NAMES.map((p) => {
      const s = medians[p]
      return `  ${p.padEnd(11)} ${s.median.toPrecision(5).padStart(24)} ${s.min.toPrecision(5).padStart(10)} ${s.max.toPrecision(5).padStart(10)}  ${UNITS[p] ?? ''}`
    })
  ]
  process.stdout.write(lines.join('\n') + '\n')
}

/** Every parameter as one multi-extension FITS file; says on stderr what was written and whether it has a WCS. */
async function exportAll (archive: GalaxyArchive, path: string, out: string): Promise<number> {
  const plan = writeFitsExport(archive, out, { sha256: await fileSha256(path) })
  const f = archive.facts
  const wcs = plan.wcs === 'carried'
    ? 'with the input WCS'
    : plan.wcs === 'none' ? 'without WCS (the input had no consistent celestial WCS)' : 'without WCS (the archive does not record one: it predates pogs keeping the input WCS)'
  process.stderr.write(`pogs archive export: ${f.name}, ${f.parameters.length} parameters x ${f.values.length} values over ${f.width} x ${f.height} pixels ` +
    `(${f.pixelsProcessed} fitted), ${wcs}, ${plan.size} bytes -> ${out}\n`)
  return 0
}

function exportMap (archive: GalaxyArchive, parameter: string, value: string, out: string): number {
  const map = archive.map(parameter, value)
  const f = archive.facts
  const cards: Card[] = [
    { keyword: 'OBJECT', value: f.name, comment: 'galaxy' },
    { keyword: 'PARAM', value: parameter, comment: 'MAGPHYS parameter (pogs archive name)' },
    { keyword: 'VALUE', value, comment: 'summary value of its posterior' },
    { keyword: 'REDSHIFT', value: f.redshift, comment: '' },
    ...(UNITS[parameter] === undefined ? [] : [{ keyword: 'BUNIT', value: UNITS[parameter], comment: '' }]),
    ...(Number.isNaN(f.ra) ? [] : [{ keyword: 'RA', value: f.ra, comment: '[deg]' }]),
    ...(Number.isNaN(f.dec) ? [] : [{ keyword: 'DEC', value: f.dec, comment: '[deg]' }]),
    { keyword: 'ORIGIN', value: `${f.software} ${f.version}`, comment: 'exported from a pogs galaxy archive' }
  ]
  writeFits(out, [{ bitpix: -32, axes: [f.width, f.height], data: map, cards }])
  const s = stats(map)
  process.stderr.write(`pogs archive export: ${parameter} ${value} of ${f.name}, ${s.n} pixels (median ${s.median.toPrecision(5)}) -> ${out}\n`)
  return 0
}

const command: Command = {
  summary: 'list a project\'s archives (list); read an archive: show its facts, or export its parameter maps as FITS',
  usage: USAGE,
  async run (argv) {
    const [verb, ...rest] = argv
    // Loaded only for `list`: show and export never load the network stack.
    if (verb === 'list') return await (await import('./archive/list.js')).default.run(rest)
    if (verb !== 'show' && verb !== 'export') throw new UsageError(`pogs archive: expected list, show or export, got ${JSON.stringify(verb ?? '')}`)
    const { values, positionals } = parseCommandArgs(rest, { json: { type: 'boolean' }, archive: { type: 'string' }, parameter: { type: 'string' }, value: { type: 'string' }, out: { type: 'string' } }, true)
    const files = [...positionals, ...(values.archive === undefined ? [] : [values.archive])]
    if (files.length !== 1) throw new UsageError(`pogs archive ${verb}: expected one archive file (FILE.h5 or --archive FILE.h5), got ${files.length}`)
    const path = files[0]
    let parameter: string | undefined
    let value: string | undefined
    let out = ''
    if (verb === 'export') {
      // Check the flags before opening anything: a wrong name is a usage error, listing the valid ones.
      if ((values.parameter === undefined) !== (values.value === undefined)) {
        throw new UsageError('pogs archive export: --parameter and --value go together (one map); without both, every map is exported')
      }
      if (values.parameter !== undefined) {
        parameter = required(values.parameter, 'parameter')
        value = required(values.value, 'value')
        if (!(PARAMETER_NAMES as readonly string[]).includes(parameter)) throw new UsageError(`pogs archive export: unknown parameter ${JSON.stringify(parameter)}; --parameter is one of ${PARAMETER_NAMES.join(', ')}`)
        if (!(VALUE_NAMES as readonly string[]).includes(value)) throw new UsageError(`pogs archive export: unknown value ${JSON.stringify(value)}; --value is one of ${VALUE_NAMES.join(', ')}`)
      }
      out = resolve(required(values.out, 'out'))
    }
    const archive = await openArchive(path)
    try {
      if (verb === 'show') {
        show(archive, values.json === true)
        return 0
      }
      if (parameter !== undefined && value !== undefined) return exportMap(archive, parameter, value, out)
      return await exportAll(archive, path, out)
    } finally {
      archive.close()
    }
  }
}

export default command
