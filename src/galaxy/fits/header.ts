// FITS header cards (FITS Standard 4.0, section 4): 80-character ASCII records in 2880-byte blocks, ending
// with END. Values: quoted strings ('' escapes a quote), logicals T/F, integers, reals (E or D exponents).
import { FitsError } from './errors.js'

export const BLOCK = 2880
export const CARD = 80

/** A header value as FITS types it. */
export type CardValue = string | number | boolean | null

/** One header card: keyword, value (null for commentary cards or no value) and comment. */
export interface Card {
  keyword: string
  value: CardValue
  comment: string
}

function parseValue (field: string, keyword: string): { value: CardValue, comment: string } {
  const s = field.trimStart()
  if (s.startsWith("'")) {
    let out = ''
    let k = 1
    for (; k < s.length; k++) {
      if (s[k] === "'") {
        if (s[k + 1] === "'") { out += "'"; k++ } else break
      } else out += s[k]
    }
    if (k >= s.length) throw new FitsError('ERR_FITS_HEADER', `unterminated string in card ${keyword}`)
    const rest = s.slice(k + 1)
    const slash = rest.indexOf('/')
    return { value: out.trimEnd(), comment: slash < 0 ? '' : rest.slice(slash + 1).trim() }
  }
  const slash = s.indexOf('/')
  const raw = (slash < 0 ? s : s.slice(0, slash)).trim()
  const comment = slash < 0 ? '' : s.slice(slash + 1).trim()
  if (raw === '') return { value: null, comment }
  if (raw === 'T' || raw === 'F') return { value: raw === 'T', comment }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([EeDd][+-]?\d+)?$/.test(raw)) return { value: Number(raw.replace(/[Dd]/, 'E')), comment }
  // Complex numbers and other exotic values are kept as their text.
  return { value: raw, comment }
}

/** Parses one 80-character card image (printable ASCII) other than END. */
export function parseCard (text: string): Card {
  const keyword = text.slice(0, 8).trimEnd()
  if (text.slice(8, 10) === '= ') {
    const { value, comment } = parseValue(text.slice(10), keyword)
    return { keyword, value, comment }
  }
  return { keyword, value: null, comment: text.slice(8).trimEnd() }
}

/** Parses the cards of one header starting at `offset`; returns them and the offset of the data. */
export function parseHeader (bytes: Uint8Array, offset: number): { cards: Card[], dataOffset: number } {
  const cards: Card[] = []
  let at = offset
  for (;;) {
    if (at + CARD > bytes.length) throw new FitsError('ERR_FITS_TRUNCATED', `header starting at byte ${offset} has no END card`)
    const text = String.fromCharCode(...bytes.subarray(at, at + CARD))
    at += CARD
    if (/[^\x20-\x7e]/.test(text)) throw new FitsError('ERR_FITS_HEADER', `non-ASCII bytes in the header card at byte ${at - CARD}`)
    if (text.slice(0, 8).trimEnd() === 'END') break
    cards.push(parseCard(text))
  }
  const dataOffset = offset + Math.ceil((at - offset) / BLOCK) * BLOCK
  return { cards, dataOffset }
}

function formatValue (v: CardValue): string {
  if (v === null) return ''.padStart(20)
  if (typeof v === 'boolean') return (v ? 'T' : 'F').padStart(20)
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new FitsError('ERR_FITS_HEADER', `header values must be finite numbers, got ${v}`)
    if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v).padStart(20)
    // 16 significant digits fit the fixed-format field; the 17 a few doubles need to read back exactly do not, and
    // then the value takes more room (free format) rather than change.
    const short = v.toExponential(15)
    return (Number(short) === v ? short : v.toExponential(16)).replace('e', 'E').padStart(20)
  }
  const quoted = "'" + v.replace(/'/g, "''").padEnd(8) + "'"
  return quoted.padEnd(20)
}

/** Formats one card as its 80-character image (a longer comment is cut). */
export function formatCard (c: Card): string {
  if (!/^[A-Z0-9_-]{0,8}$/.test(c.keyword)) throw new FitsError('ERR_FITS_HEADER', `invalid keyword ${JSON.stringify(c.keyword)}`)
  let line: string
  if (c.value === null && (c.keyword === 'COMMENT' || c.keyword === 'HISTORY' || c.keyword === '')) {
    line = c.keyword.padEnd(8) + c.comment
  } else {
    line = c.keyword.padEnd(8) + '= ' + formatValue(c.value) + (c.comment === '' ? '' : ' / ' + c.comment)
  }
  if (/[^\x20-\x7e]/.test(line)) throw new FitsError('ERR_FITS_HEADER', `card ${c.keyword} has non-ASCII text`)
  return line.slice(0, CARD).padEnd(CARD)
}

/** Formats cards (END added) into whole 2880-byte blocks. */
export function formatHeader (cards: readonly Card[]): Uint8Array {
  const lines = cards.map(formatCard)
  lines.push('END'.padEnd(CARD))
  const size = Math.ceil(lines.length * CARD / BLOCK) * BLOCK
  const out = new Uint8Array(size).fill(0x20)
  let at = 0
  for (const l of lines) {
    for (let k = 0; k < CARD; k++) out[at + k] = l.charCodeAt(k)
    at += CARD
  }
  return out
}
