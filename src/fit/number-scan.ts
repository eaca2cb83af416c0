// Numbers read in place from a library's text, without a string per token: the libraries hold ~2e6 numbers each,
// and splitting them into tokens and testing each with a regular expression took ~0.5 s of a library pair's load
// (docs/fitting.md#inputs). The grammar and the values are text-tokens.ts' parseNumber's to the last bit.

const CODE_0 = 48
const CODE_9 = 57
const CODE_PLUS = 43
const CODE_MINUS = 45
const CODE_DOT = 46

/**
 * 10^k for k = 0..22: every one is a double exactly (10^22 < 2^53 x 2^22 and 5^22 < 2^53), so a product or quotient
 * of one and an integer below 2^53 is rounded once, correctly, as the conversion of the decimal string is
 * (Clinger's fast path, "How to read floating point numbers accurately", PLDI 1990).
 */
const EXACT_POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`))
/** Significant digits an integer keeps exactly in a double (10^15 < 2^53). */
const EXACT_DIGITS = 15

/** Whether a character code is whitespace to `String.prototype.split(/\s+/)` in text decoded as latin1. */
export function isSpaceCode (c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160
}

function isDigit (c: number): boolean {
  return c >= CODE_0 && c <= CODE_9
}

/**
 * text[from, to) as a number, as parseNumber(text.slice(from, to)) reads it: `[+-]digits[.digits][(e|E|d|D)[+-]digits]`
 * (also `.5`, `5.`), else undefined. NaN tokens, which parseNumber accepts, are undefined here: libraries refuse
 * them, and undefined makes their callers say so.
 */
export function scanNumber (text: string, from: number, to: number): number | undefined {
  let k = from
  let c = text.charCodeAt(k)
  const negative = c === CODE_MINUS
  if (negative || c === CODE_PLUS) c = text.charCodeAt(++k)
  let mantissa = 0
  let digits = 0
  let significant = 0
  let fractionDigits = 0
  while (k < to && isDigit(c)) {
    if (mantissa !== 0 || c !== CODE_0) significant++
    mantissa = mantissa * 10 + (c - CODE_0)
    digits++
    c = text.charCodeAt(++k)
  }
  if (k < to && c === CODE_DOT) {
    c = text.charCodeAt(++k)
    while (k < to && isDigit(c)) {
      if (mantissa !== 0 || c !== CODE_0) significant++
      mantissa = mantissa * 10 + (c - CODE_0)
      digits++
      fractionDigits++
      c = text.charCodeAt(++k)
    }
  }
  if (digits === 0) return undefined
  let exponent = 0
  let exponentDigits = 0
  if (k < to) {
    // e, E, d or D (bit 0x20 folds the case)
    const letter = c | 0x20
    if (letter !== 101 && letter !== 100) return undefined
    c = text.charCodeAt(++k)
    const exponentNegative = c === CODE_MINUS
    if (exponentNegative || c === CODE_PLUS) c = text.charCodeAt(++k)
    while (k < to && isDigit(c)) {
      if (exponentDigits < 6) exponent = exponent * 10 + (c - CODE_0)
      exponentDigits++
      c = text.charCodeAt(++k)
    }
    if (exponentDigits === 0 || k < to) return undefined
    if (exponentNegative) exponent = -exponent
  }
  const scale = exponent - fractionDigits
  if (significant <= EXACT_DIGITS && exponentDigits < 6 && scale >= -22 && scale <= 22) {
    const magnitude = scale >= 0 ? mantissa * EXACT_POWERS_OF_TEN[scale] : mantissa / EXACT_POWERS_OF_TEN[-scale]
    return negative ? -magnitude : magnitude
  }
  // Many digits or a large exponent: the engine's own conversion (correctly rounded, as Number of the token is).
  return Number(text.slice(from, to).replace(/[dD]/, 'e'))
}
