// How well a fit recovered a synthetic galaxy's truth: for one parameter, the fraction of pixels whose true value
// lies inside the fitted 16-84% interval (near 0.68 when the posteriors are calibrated) and the median absolute
// difference between the fitted median and the truth.
import { PARAMETER_NAMES, VALUE_NAMES, N_VALUES, type ParameterName } from '../../fit/index.js'
import type { TruthFile } from './synthesize.js'

export interface Recovery {
  parameter: ParameterName
  pixels: number
  inside16to84: number
  medianAbsError: number
}

const MEDIAN = VALUE_NAMES.indexOf('median')
const P16 = VALUE_NAMES.indexOf('p16')
const P84 = VALUE_NAMES.indexOf('p84')

export function scoreRecovery (truth: TruthFile, fitted: ReadonlyArray<{ x: number, y: number, fit: { summary: Float64Array } }>, parameter: ParameterName): Recovery {
  const p = PARAMETER_NAMES.indexOf(parameter)
  const byPixel = new Map(truth.pixels.map((t) => [`${t.x},${t.y}`, t[parameter]]))
  let inside = 0
  const errors: number[] = []
  for (const px of fitted) {
    const t = byPixel.get(`${px.x},${px.y}`)
    if (t === undefined) continue
    const row = p * N_VALUES
    if (t >= px.fit.summary[row + P16] && t <= px.fit.summary[row + P84]) inside++
    errors.push(Math.abs(px.fit.summary[row + MEDIAN] - t))
  }
  errors.sort((a, b) => a - b)
  return {
    parameter,
    pixels: errors.length,
    inside16to84: errors.length === 0 ? Number.NaN : inside / errors.length,
    medianAbsError: errors.length === 0 ? Number.NaN : errors[errors.length >> 1]
  }
}
