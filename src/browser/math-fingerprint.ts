// The fit's results are compared bit for bit between replicas. The fit core no longer calls the engine's
// transcendental functions (src/fit/libm/: fdlibm's exp, log, log10 and pow in plain IEEE arithmetic, which
// ECMAScript pins down exactly), so every engine should compute the same bits. The page checks that before it
// computes anything: a digest of those functions over a spread of arguments must equal the digest Node computed when
// the bundle was built; an engine that differs (a broken JIT, an arithmetic shortcut) refuses to compute rather than
// return results that would fail replication (docs/volunteer.md#in-a-browser-tab).
import { exp, log, log10, pow } from '../fit/libm/index.js'
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
    const y = Math.abs(x) * pow(10, (i % 601) - 300) + Number.MIN_VALUE
    out[4 * i] = exp(x)
    out[4 * i + 1] = log10(y)
    out[4 * i + 2] = log(y)
    out[4 * i + 3] = pow(1 + t, x / 7)
  }
  return Array.from(sha256(new Uint8Array(out.buffer)), (b) => b.toString(16).padStart(2, '0')).join('')
}
