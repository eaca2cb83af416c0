import { beforeAll, beforeEach } from 'vitest'

/**
 * Runs `build` once before the suite's tests. A failed build (not root, tools missing, a peer that never started)
 * fails every test with its error, rather than leaving them skipped: the namespace tests never skip.
 */
export function buildOnceOrFailEach (build: () => Promise<void>, timeoutMs?: number): void {
  let setupError: unknown
  beforeEach(() => { if (setupError !== undefined) throw setupError })
  beforeAll(async () => {
    try {
      await build()
    } catch (err) {
      setupError = err
    }
  }, timeoutMs)
}
