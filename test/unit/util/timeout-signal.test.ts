import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, test } from 'vitest'
import { timeoutSignal } from '../../../src/util/timeout-signal.js'

// The garbage collector, reachable without --expose-gc on the command line.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

describe('timeoutSignal', () => {
  test('aborts with a TimeoutError inside AbortSignal.any, even when collections run before it is due', async () => {
    const combined = AbortSignal.any([new AbortController().signal, timeoutSignal(200)])
    const fired = new Promise<unknown>((resolve) => { combined.addEventListener('abort', () => { resolve(combined.reason) }, { once: true }) })
    for (let k = 0; k < 5; k++) {
      gc()
      await new Promise((resolve) => setImmediate(resolve))
    }
    const reason = await fired
    expect(reason).toBeInstanceOf(DOMException)
    expect((reason as DOMException).name).toBe('TimeoutError')
  })

  test('does not abort before it is due', () => {
    const s = timeoutSignal(60_000)
    expect(s.aborted).toBe(false)
  })
})
