import { randomBytes } from 'node:crypto'
import { expect, test } from 'vitest'
import { ReplayError } from '../../../src/net/errors.js'
import { ReplayGuard } from '../../../src/net/replay-guard.js'
import { PeerRateLimiter } from '../../../src/net/rate-limiter.js'
import { RateLimitedError } from '../../../src/net/errors.js'

const signer = randomBytes(32)

test('a message id is accepted once, only within +-5 minutes', () => {
  let now = 1_000_000_000
  const guard = new ReplayGuard({ now: () => now })
  const id = randomBytes(16)
  guard.check(signer, id, now)
  expect(() => { guard.check(signer, id, now) }).toThrow(ReplayError)
  // The same id from another signer is another message.
  guard.check(randomBytes(32), id, now)
  expect(() => { guard.check(signer, randomBytes(16), now - 5 * 60_000 - 1) }).toThrow(ReplayError)
  expect(() => { guard.check(signer, randomBytes(16), now + 5 * 60_000 + 1) }).toThrow(ReplayError)
  guard.check(signer, randomBytes(16), now + 5 * 60_000)
  // Long after, the old id is forgotten but its timestamp is now stale: still refused.
  now += 11 * 60_000
  expect(() => { guard.check(signer, id, now - 11 * 60_000) }).toThrow(ReplayError)
})

test('a full guard forgets only expired ids, and refuses rather than forget live ones', () => {
  let now = 0
  const guard = new ReplayGuard({ now: () => now, capacity: 3, windowMs: 1000 })
  for (let i = 0; i < 3; i++) guard.check(signer, randomBytes(16), now)
  expect(() => { guard.check(signer, randomBytes(16), now) }).toThrow(ReplayError)
  now = 2001
  guard.check(signer, randomBytes(16), now)
  expect(guard.size).toBe(1)
})

test('rate limiter: burst, refill, per peer', () => {
  let now = 0
  const limiter = new PeerRateLimiter('/test', { perMinute: 60, burst: 3, reason: 'test' }, () => now)
  for (let i = 0; i < 3; i++) limiter.take('a')
  expect(() => { limiter.take('a') }).toThrow(RateLimitedError)
  limiter.take('b')
  now += 1000
  limiter.take('a')
  expect(() => { limiter.take('a') }).toThrow(RateLimitedError)
})
