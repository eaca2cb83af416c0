// The fit's results are compared bit for bit between replicas, and the fit calls the engine's Math.exp, Math.log10,
// Math.log and Math.pow, which ECMAScript leaves implementation-defined. V8 (Node, Chromium, Edge) computes them
// with its port of fdlibm, the same code in every version since 2016; other engines may differ in the last bit.
// The page compares a digest of these functions over a spread of arguments with the digest Node computed when the
// bundle was built; where they differ it refuses to compute (docs/volunteer.md#in-a-browser-tab), rather than
// return results that would fail replication and cost the volunteer's reputation.
import { sha256 } from '../platform/sha256.js'

/** Arguments per function: enough to meet every branch of fdlibm's reductions many times. */
const SAMPLES = 4096

/** SHA-256 (hex) of the functions' values at fixed arguments, as float64 bytes. */
export function mathFingerprint (): string {
  const out = new Float64Array(SAMPLES * 4)
  for (let i = 0; i < SAMPLES; i++) {
    // An irregular spread over the ranges the fit meets: exponents of probabilities and scale factors, and
    // magnitudes from far below to far above one.
    const t = (i + 0.5) / SAMPLES
    const x = -745 + 1455 * t + 1 / (i + 3)
    const y = Math.abs(x) * 10 ** ((i % 601) - 300) + Number.MIN_VALUE
    out[4 * i] = Math.exp(x)
    out[4 * i + 1] = Math.log10(y)
    out[4 * i + 2] = Math.log(y)
    out[4 * i + 3] = Math.pow(1 + t, x / 7)
  }
  return Array.from(sha256(new Uint8Array(out.buffer)), (b) => b.toString(16).padStart(2, '0')).join('')
}
