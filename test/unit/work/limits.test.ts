import { describe, expect, it } from 'vitest'
import { InvalidSettingsError, lifecycleSettings } from '../../../src/coordinator/lifecycle/index.js'
import { MAX_PIXEL_FIT_BYTES } from '../../../src/fit/index.js'
import { MAX_BULK_FRAME_BYTES } from '../../../src/net/constants.js'
import { MAX_RESULT_BYTES, MAX_RESULT_BYTES_PER_PIXEL, MAX_UNIT_FILTERS, MAX_UNIT_PAYLOAD_BYTES, MAX_UNIT_PIXELS, maxResultBytes, RESULT_BYTES_SLACK } from '../../../src/work/limits.js'
import { decodeWorkUnit, encodeWorkUnit, type WorkUnit } from '../../../src/work/unit-payload.js'

// The limits every role shares must hold together: what a coordinator may cut, every peer accepts.

/** The largest unit a coordinator can cut: the most pixels and filters, every name at the decoder's limit. */
function largestUnit (): WorkUnit {
  const name = (k: number): string => `${'é'.repeat(250)}${k}`.slice(0, 256)
  return {
    unitId: name(0),
    galaxy: name(1),
    redshift: 0.1,
    filters: Array.from({ length: MAX_UNIT_FILTERS }, (_, k) => ({ name: name(k), lambdaEff: 1 + k, id: 0xffffffff, fit: true })),
    optical: { name: name(2), cid: name(3) },
    infrared: { name: name(4), cid: name(5) },
    pixels: Array.from({ length: MAX_UNIT_PIXELS }, (_, k) => ({
      x: 0xffffffff - k, y: 0xffffffff, area: 0xffffffff,
      flux: new Float64Array(MAX_UNIT_FILTERS).fill(1.5), sigma: new Float64Array(MAX_UNIT_FILTERS).fill(0.5)
    }))
  }
}

describe('size limits', () => {
  it('fit the largest unit a coordinator can cut in the payload bound, and it decodes', () => {
    const bytes = encodeWorkUnit(largestUnit())
    expect(bytes.length).toBeLessThanOrEqual(MAX_UNIT_PAYLOAD_BYTES)
    expect(decodeWorkUnit(bytes).pixels).toHaveLength(MAX_UNIT_PIXELS)
  })

  it('send a unit inline within the bulk frame', () => {
    expect(MAX_UNIT_PAYLOAD_BYTES).toBeLessThanOrEqual(MAX_BULK_FRAME_BYTES)
  })

  it('bound a pixel by the largest fit the encoding can write and its frame in the result', () => {
    expect(MAX_RESULT_BYTES_PER_PIXEL).toBeGreaterThanOrEqual(MAX_PIXEL_FIT_BYTES + 20)
    expect(MAX_RESULT_BYTES_PER_PIXEL).toBeLessThan(64 * 1024)
  })

  it('bound results by the unit\'s pixels, up to the largest unit', () => {
    expect(maxResultBytes(1)).toBe(RESULT_BYTES_SLACK + MAX_RESULT_BYTES_PER_PIXEL)
    expect(maxResultBytes(150)).toBe(RESULT_BYTES_SLACK + 150 * MAX_RESULT_BYTES_PER_PIXEL)
    expect(maxResultBytes(MAX_UNIT_PIXELS)).toBe(MAX_RESULT_BYTES)
    expect(maxResultBytes(MAX_UNIT_PIXELS + 1)).toBe(MAX_RESULT_BYTES)
  })

  it('are enforced on the coordinator\'s pixels per unit', () => {
    expect(lifecycleSettings({ pixelsPerUnit: MAX_UNIT_PIXELS }).pixelsPerUnit).toBe(MAX_UNIT_PIXELS)
    expect(() => lifecycleSettings({ pixelsPerUnit: MAX_UNIT_PIXELS + 1 })).toThrow(InvalidSettingsError)
  })
})
