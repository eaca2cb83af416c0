import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFitPool, encodePixelFit, type FitPool } from '../../../src/fit/index.js'
import { fitGalaxy, type GalaxyFit } from '../../../src/local-fit/fit-galaxy.js'
import { fitUnit } from '../../../src/work/fit-unit.js'
import { decodeWorkUnit, encodeWorkUnit } from '../../../src/work/unit-payload.js'
import { checkAnswersUnit, decodeUnitResult, encodeUnitResult, type UnitResult } from '../../../src/work/unit-result.js'
import { smallGalaxy, unitOf, type SmallGalaxy } from './helpers.js'

// The contract the network rests on: a work unit, sent as bytes and fitted by a volunteer, gives for every pixel
// exactly the bytes `pogs galaxy fit` gives for the same galaxy with the same libraries.
let s: SmallGalaxy
let local: GalaxyFit
let pool: FitPool

beforeAll(async () => {
  s = smallGalaxy()
  local = await fitGalaxy(s.galaxy, { libraries: s.libraries, catalogue: s.catalogue, threads: 1 })
  pool = createFitPool({ libraries: s.libraries, threads: 1 })
}, 60_000)
afterAll(async () => { await pool?.close() })

/** Each pixel's canonical bytes by position, from `pogs galaxy fit`. */
function localBytes (): Map<string, Buffer> {
  return new Map(local.archive.pixels.map((p) => [`${p.x},${p.y}`, Buffer.from(encodePixelFit(p.fit))]))
}

function expectSameAsLocal (r: UnitResult): void {
  const expected = localBytes()
  for (const p of r.pixels) {
    expect('fit' in p, `pixel (${p.x}, ${p.y}) fitted`).toBe(true)
    if (!('fit' in p)) continue
    expect(Buffer.from(encodePixelFit(p.fit)).equals(expected.get(`${p.x},${p.y}`) ?? Buffer.alloc(0)), `pixel (${p.x}, ${p.y})`).toBe(true)
  }
}

describe('fitUnit', () => {
  it('gives, pixel for pixel, the bytes pogs galaxy fit gives, after the unit travelled as bytes', async () => {
    expect(local.unfitted).toEqual([])
    expect(local.archive.pixels.length).toBeGreaterThanOrEqual(10)
    const unit = decodeWorkUnit(encodeWorkUnit(unitOf(s, 'small-u0')))
    const result = await fitUnit(pool, unit)
    checkAnswersUnit(unit, result)
    expect(result.pixels).toHaveLength(local.archive.pixels.length)
    expectSameAsLocal(result)
    // ...and the result survives its own encoding unchanged.
    const bytes = encodeUnitResult(result)
    expect(Buffer.from(encodeUnitResult(decodeUnitResult(bytes))).equals(Buffer.from(bytes))).toBe(true)
  })

  it('gives the same bytes when the galaxy is cut into several units', async () => {
    const n = local.archive.pixels.length
    const cut = Math.floor(n / 3)
    const parts = [unitOf(s, 'small-u1', undefined, { to: cut }), unitOf(s, 'small-u2', undefined, { from: cut })]
    let pixels = 0
    for (const unit of parts) {
      const result = await fitUnit(pool, decodeWorkUnit(encodeWorkUnit(unit)))
      checkAnswersUnit(unit, result)
      expectSameAsLocal(result)
      pixels += result.pixels.length
    }
    expect(pixels).toBe(n)
  })

  it('recomputes only the sampled pixels when asked (a verifier), with the same bytes', async () => {
    const unit = unitOf(s, 'small-u0')
    const last = unit.pixels.length - 1
    const result = await fitUnit(pool, unit, { only: [last, 0] })
    expect(result.pixels.map((p) => [p.x, p.y])).toEqual([[unit.pixels[last].x, unit.pixels[last].y], [unit.pixels[0].x, unit.pixels[0].y]])
    expectSameAsLocal(result)
  })

  it('stops when aborted', async () => {
    const unit = unitOf(s, 'small-u0')
    await expect(fitUnit(pool, unit, { signal: AbortSignal.abort() })).rejects.toThrow()
  })
})
