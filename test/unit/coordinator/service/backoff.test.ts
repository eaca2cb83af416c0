// Retry pacing with a clock the test moves: failures double the wait up to the cap; a peer's stated wait (a
// verifier's PENDING) is honoured as given and is not a failure, so the next failure starts from the base again.
import { describe, expect, it } from 'vitest'
import { Backoff } from '../../../../src/coordinator/service/backoff.js'

describe('backoff', () => {
  it('doubles the wait per failure up to the cap, and forgets a key that succeeded', () => {
    let now = 0
    const b = new Backoff(() => now, 100, 300)
    expect(b.due('k')).toBe(true)
    b.failed('k')
    now = 99
    expect(b.due('k')).toBe(false)
    now = 100
    expect(b.due('k')).toBe(true)
    b.failed('k') // 200
    b.failed('k') // capped at 300
    now = 399
    expect(b.due('k')).toBe(false)
    now = 400
    expect(b.due('k')).toBe(true)
    b.succeeded('k')
    expect(b.due('k')).toBe(true)
  })

  it('waits as long as a peer asked, without counting it as a failure', () => {
    let now = 0
    const b = new Backoff(() => now, 100, 300)
    b.failed('k')
    b.failed('k')
    b.after('k', 1_000)
    now = 999
    expect(b.due('k')).toBe(false)
    now = 1_000
    expect(b.due('k')).toBe(true)
    // The failures before the stated wait are forgotten: the next waits the base again.
    b.failed('k')
    now = 1_100
    expect(b.due('k')).toBe(true)
  })
})
