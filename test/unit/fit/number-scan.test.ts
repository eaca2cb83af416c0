// The libraries' numbers are read in place (number-scan.ts); they must be parseNumber's (text-tokens.ts) to the last
// bit and refuse what it refuses, and a library's lines and columns must be cut as before (split on \r?\n, tokens
// on whitespace), with errors naming the same file, line and column.
import { describe, expect, it } from 'vitest'
import { isSpaceCode, scanNumber } from '../../../src/fit/number-scan.js'
import { parseNumber } from '../../../src/fit/text-tokens.js'
import { parseInfraredLibrary, parseOpticalLibrary } from '../../../src/fit/library-text.js'
import { MalformedInputError } from '../../../src/fit/index.js'

/** scanNumber on a token inside some text, as a library line holds it. */
function scanToken (token: string): number | undefined {
  const text = ` \t${token}  `
  return scanNumber(text, 2, 2 + token.length)
}

/** parseNumber's answer with NaN (which libraries refuse) as undefined, which scanNumber gives for it. */
function expected (token: string): number | undefined {
  const v = parseNumber(token)
  return v === undefined || Number.isNaN(v) ? undefined : v
}

function sameBits (a: number | undefined, b: number | undefined): boolean {
  return a === undefined || b === undefined ? a === b : Object.is(a, b)
}

describe('scanNumber', () => {
  it.each([
    '0', '-0', '+0', '0.0', '-0.0', '1', '-1', '+7', '5.', '.5', '-.5', '0.1', '0.3', '1e3', '1E-3', '1d3', '1D+03',
    '1.0D+03', '-2.5e-7', '123456789012345', '1234567890123456', '12345678901234567890', '0.000000000000000000001',
    '9007199254740993', '1e22', '1e23', '1e-22', '1e-23', '4.35e-320', '1e308', '1e309', '2.2250738585072014e-308',
    '0.1234567890123456789e5', '00000000000000000001.5', '1.50000000000000000000', '3.0E+00', '1e000001', '1e0000001',
    // refused
    '', '-', '+', '.', '-.', 'e5', '1e', '1e+', '1.2.3', '1x', 'x1', '1e5x', '--1', '+-1', 'nan', 'NaN', '-nan', 'inf',
    'Infinity', '0x10', '1_000', '1 2', '1,5', '١'
  ])('reads %j as parseNumber does', (token) => {
    expect(sameBits(scanToken(token), expected(token)), `${token}: ${String(scanToken(token))} vs ${String(expected(token))}`).toBe(true)
  })

  it('gives parseNumber\'s bits on 200,000 random decimal tokens', () => {
    let seed = 12345
    const random = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
    const digits = (n: number): string => Array.from({ length: n }, () => String(Math.floor(random() * 10))).join('')
    for (let k = 0; k < 200000; k++) {
      const sign = ['', '-', '+'][Math.floor(random() * 3)]
      const whole = digits(Math.floor(random() * 10))
      const fraction = random() < 0.7 ? '.' + digits(Math.floor(random() * 12)) : ''
      const exponent = random() < 0.5 ? ['e', 'E', 'd', 'D'][Math.floor(random() * 4)] + ['', '-', '+'][Math.floor(random() * 3)] + digits(1 + Math.floor(random() * 3)) : ''
      const token = sign + whole + fraction + exponent
      const got = scanToken(token)
      if (!sameBits(got, expected(token))) expect.fail(`${token}: ${String(got)} vs ${String(expected(token))}`)
    }
  })

  it('takes as whitespace what split(/\\s+/) does in latin1 text', () => {
    for (let c = 0; c < 256; c++) expect(isSpaceCode(c), `code ${c}`).toBe(/\s/.test(String.fromCharCode(c)))
  })
})

describe('library lines and columns', () => {
  const infraredRow = (v: string): string => `0.1 0.2 40 20 0.1 0.1 0.8 ${v} 5.0`

  it('cuts lines at \\n and \\r\\n, skips blank lines, and splits columns on any whitespace', () => {
    const text = `# h\r\n# h\r\n${infraredRow('1e-3')}\r\n\r\n  \t\n\t0.1\t0.2 40  20 0.1 0.1\u00a00.8 2d-3 6.0 7.0\n`
    const lib = parseInfraredLibrary(text, 'i.lbr')
    expect(lib.n).toBe(2)
    expect(lib.nMags).toBe(1)
    expect(Array.from(lib.params.subarray(8, 16))).toEqual([0.1, 0.2, 40, 20, 0.1, 0.1, 0.8, 2e-3])
    expect(Array.from(lib.mags)).toEqual([5.0, 6.0])
  })

  it('skips the two header lines even when they are blank, and counts them in line numbers', () => {
    expect(() => parseInfraredLibrary(`\n\n${infraredRow('1')}\n\n${infraredRow('oops')}\n`, 'i.lbr')).toThrow(/i\.lbr:5.*column 8 "oops"/)
  })

  it.each([
    ['a short row', `# h\n# h\n${infraredRow('1')}\n0.1 0.2\n`, 4, /expected 9 columns, found 2/],
    ['a word', `# h\n# h\n${infraredRow('1')}\n${infraredRow('1.2.3')}\n`, 4, /column 8 "1\.2\.3" is not a number/],
    ['NaN', `# h\n# h\n${infraredRow('nan')}\n`, 3, /column 8 "nan" is not a number/],
    ['no models', '# h\n# h\n\n', 3, /no models/]
  ])('refuses %s with the file, line and column', (_, text, line, message) => {
    try {
      parseInfraredLibrary(text, 'i.lbr')
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(MalformedInputError)
      expect((err as MalformedInputError).line).toBe(line)
      expect((err as Error).message).toMatch(message)
    }
  })

  it('refuses an optical index that is not an integer, naming it', () => {
    const row = (index: string): string => `${index} ${Array.from({ length: 24 }, (_, c) => (c === 5 ? '2.0' : '0.5')).join(' ')} 10 11`
    expect(() => parseOpticalLibrary(`# h\n# h\n${row('1')}\n${row('2.5')}\n`, 'o.lbr')).toThrow(/o\.lbr:4.*index "2\.5" is not an integer/)
  })
})
