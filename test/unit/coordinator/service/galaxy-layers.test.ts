// A registered galaxy's layers file: written once from the parsed FITS, read back bit for bit (facts, whole flux
// images, blocks of rows with sigma), and derived from the FITS file for galaxies registered before it existed.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { GalaxyLayers, writeGalaxyLayers } from '../../../../src/coordinator/service/galaxy-layers.js'
import { GalaxyLoader } from '../../../../src/coordinator/service/galaxy-loader.js'
import { galaxiesDir, galaxyFile, galaxyLayersFile } from '../../../../src/coordinator/service/paths.js'
import { parseFilters } from '../../../../src/fit/index.js'
import { formatFits, parseFits, type ImageToWrite } from '../../../../src/galaxy/fits/index.js'
import { galaxyFromFits } from '../../../../src/galaxy/galaxy-input.js'

const FILTERS = parseFilters(['SDSSu 0.3534 229 1', 'PS1g 0.481 323 1', 'PS1r 0.617 324 1', 'WISEW1 3.4 280 1'].join('\n'))
const W = 5
const H = 9

function layer (band: string, bitpix: -32 | -64, value: (x: number, y: number) => number, sigma = false): ImageToWrite {
  const data = new Float64Array(W * H)
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[x + W * y] = value(x, y)
  return { bitpix, axes: [W, H], data, cards: [{ keyword: 'FILTER', value: band, comment: '' }, ...(sigma ? [{ keyword: 'PIXTYPE', value: 'SIGMA', comment: '' }] : [])] }
}

/** Float32 flux with a NaN hole, a float64 band (values float32 cannot hold), one sigma layer. */
function fitsBytes (): Uint8Array {
  return formatFits([
    { bitpix: -32, axes: [0], data: [], cards: [{ keyword: 'OBJECT', value: 'layered', comment: '' }, { keyword: 'REDSHIFT', value: 0.01, comment: 'z' }] },
    layer('PS1r', -32, (x, y) => (x === 2 && y === 4 ? Number.NaN : 1e-6 * (1 + x + 10 * y))),
    layer('PS1g', -64, (x, y) => 0.1 * (x + 1) + y),
    layer('SDSSu', -32, (x, y) => -2e-7 * (x + y)),
    layer('SDSSu', -32, (x, y) => 3e-8 * (1 + x * y), true)
  ])
}

const made: string[] = []
function tempDir (): string {
  const d = mkdtempSync(join(tmpdir(), 'pogs-layers-'))
  made.push(d)
  return d
}
afterAll(() => { for (const d of made) rmSync(d, { recursive: true, force: true }) })

describe('the layers file', () => {
  it('reads back the galaxy as parsed: facts, flux images and rows with sigma, bit for bit', () => {
    const g = galaxyFromFits(parseFits(fitsBytes()), FILTERS, { signalToNoise: 7 })
    // A header value JSON cannot hold survives too.
    g.header.push({ keyword: 'HUGE', value: Number.POSITIVE_INFINITY, comment: 'overflowed' })
    const path = `${tempDir()}/g.layers`
    writeGalaxyLayers(path, g)
    const l = GalaxyLayers.open(path)
    expect(l).toBeDefined()
    try {
      const { flux, sigma, ...facts } = g
      expect(l?.facts).toEqual(facts)
      expect(l?.flux()).toEqual(flux)
      const rows = l?.rows(3, 7)
      expect(rows).toMatchObject({ width: W, y0: 3 })
      expect(rows?.filters.map((f) => f.name)).toEqual(['SDSSu', 'PS1g', 'PS1r'])
      expect(rows?.flux).toEqual(flux.map((f) => f.subarray(3 * W, 7 * W)))
      // SDSSu's sigma layer as stored; the others |flux| / 7 as galaxyFromFits derived them.
      expect(rows?.sigma).toEqual(sigma.map((s) => s.subarray(3 * W, 7 * W)))
      // Rows past the galaxy are clipped.
      expect(l?.rows(7, 20).flux[0]).toEqual(flux[0].subarray(7 * W))
    } finally {
      l?.close()
    }
  })

  it('is undefined when missing, of another format or truncated', () => {
    const dir = tempDir()
    expect(GalaxyLayers.open(`${dir}/none.layers`)).toBeUndefined()
    writeFileSync(`${dir}/junk.layers`, 'not a layers file at all')
    expect(GalaxyLayers.open(`${dir}/junk.layers`)).toBeUndefined()
    const g = galaxyFromFits(parseFits(fitsBytes()), FILTERS)
    writeGalaxyLayers(`${dir}/full.layers`, g)
    const bytes = readFileSync(`${dir}/full.layers`)
    writeFileSync(`${dir}/short.layers`, bytes.subarray(0, bytes.length - 8))
    expect(GalaxyLayers.open(`${dir}/short.layers`)).toBeUndefined()
  })
})

describe('the galaxy loader', () => {
  const view = { id: 3, name: 'renamed', redshift: 0.02, metadata: { signalToNoise: 5, ra: 10 } }

  function dataDirWithFits (): string {
    const dataDir = tempDir()
    mkdirSync(galaxiesDir(dataDir), { recursive: true })
    writeFileSync(galaxyFile(dataDir, view.id, view.name, false), fitsBytes())
    return dataDir
  }

  it('derives the layers file once from the FITS of a galaxy registered before layers files, with its options', () => {
    const dataDir = dataDirWithFits()
    const loader = new GalaxyLoader(dataDir, () => FILTERS)
    const expected = galaxyFromFits(parseFits(fitsBytes()), FILTERS, { name: 'renamed', redshift: 0.02, signalToNoise: 5, ra: 10 })
    const path = galaxyLayersFile(dataDir, view.id, view.name)
    expect(existsSync(path)).toBe(false)
    expect(loader.facts(view)).toMatchObject({ name: 'renamed', redshift: 0.02, ra: 10, signalToNoise: 5, width: W, height: H })
    expect(existsSync(path)).toBe(true)
    // Read from the layers file from now on: the FITS is no longer needed.
    writeFileSync(galaxyFile(dataDir, view.id, view.name, false), 'gone')
    const { rows } = loader.rows(view, 0, H)
    expect(rows.flux).toEqual(expected.flux)
    expect(rows.sigma).toEqual(expected.sigma)
    expect(loader.images(view).flux).toEqual(expected.flux)
  })

  it('derives a damaged layers file again, and says ERR_GALAXY_FILE when neither file reads', () => {
    const dataDir = dataDirWithFits()
    const path = galaxyLayersFile(dataDir, view.id, view.name)
    writeFileSync(path, 'damaged')
    const loader = new GalaxyLoader(dataDir, () => FILTERS)
    expect(loader.facts(view).width).toBe(W)
    const empty = tempDir()
    expect(() => new GalaxyLoader(empty, () => FILTERS).facts(view)).toThrow(expect.objectContaining({ code: 'ERR_GALAXY_FILE' }))
  })
})
