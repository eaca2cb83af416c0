// The declared error codes: each once, and the guard recognises exactly them (codes from peers are plain strings).
import { describe, expect, it } from 'vitest'
import { ERROR_CODES, isErrorCode } from '../../../src/util/error-codes.js'
import { PogsError } from '../../../src/util/errors.js'

describe('error codes', () => {
  it('declares each code once, all of the form ERR_*', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length)
    for (const code of ERROR_CODES) expect(code).toMatch(/^ERR_[A-Z0-9_]+$/)
  })

  it('recognises declared codes and nothing else', () => {
    expect(isErrorCode('ERR_RATE_LIMITED')).toBe(true)
    expect(isErrorCode('ERR_SOMETHING_ELSE')).toBe(false)
    expect(isErrorCode('err_rate_limited')).toBe(false)
    expect(isErrorCode(undefined)).toBe(false)
    expect(isErrorCode(42)).toBe(false)
  })

  it('is what a PogsError carries', () => {
    const err = new PogsError('ERR_USAGE', 'bad flag')
    expect(err.code).toBe('ERR_USAGE')
    expect(isErrorCode(err.code)).toBe(true)
  })
})
