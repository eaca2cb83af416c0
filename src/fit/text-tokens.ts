// Tokens of MAGPHYS' text files, read as Fortran's list-directed input reads them.

/** Splits a line into whitespace-separated tokens. */
export function tokens (line: string): string[] {
  const t = line.trim()
  return t === '' ? [] : t.split(/\s+/)
}

/**
 * Parses a number token as Fortran's list-directed read would accept it (also `1.0D+03`). Returns undefined
 * for anything that is not a number, so callers can report the file and line.
 */
export function parseNumber (token: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/.test(token)) {
    if (/^[+-]?nan$/i.test(token)) return Number.NaN
    return undefined
  }
  return Number(token.replace(/[dD]/, 'e'))
}
