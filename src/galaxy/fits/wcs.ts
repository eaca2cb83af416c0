// The celestial world coordinate system of image layers (FITS WCS papers I and II, as wcslib and astropy read it):
// the cards that put pixel (x, y) of axes 1 and 2 on the sky, taken from the first layer that has a usable one and
// kept only when every other layer that has one agrees. What is carried is listed in WCS_KEYWORDS; SIP distortion
// terms are not (astropy applies SIP to two-axis WCS only, and a parameter cube has three axes), so '-SIP' is
// dropped from CTYPE and the coordinates are those of the undistorted projection.
import type { Card, CardValue } from './header.js'
import { keyword } from './image.js'

/** The keywords carried, in the order they are written (axes 1 and 2 only; no alternate WCS letters). */
export const WCS_KEYWORDS = [
  'CTYPE1', 'CTYPE2', 'CUNIT1', 'CUNIT2', 'CRPIX1', 'CRPIX2', 'CRVAL1', 'CRVAL2',
  'CD1_1', 'CD1_2', 'CD2_1', 'CD2_2', 'CDELT1', 'CDELT2', 'PC1_1', 'PC1_2', 'PC2_1', 'PC2_2', 'CROTA2',
  'LONPOLE', 'LATPOLE', 'RADESYS', 'EQUINOX'
] as const

/** Projection parameters of the two celestial axes (PV1_m, PV2_m: ZPN, SIN, TPV and the like need them). */
const PV = /^PV[12]_\d{1,2}$/
/** Older spellings, read as the current keyword. */
const ALIASES: Record<string, string> = { RADECSYS: 'RADESYS', EPOCH: 'EQUINOX' }
const CD = ['CD1_1', 'CD1_2', 'CD2_1', 'CD2_2']
const PC = ['PC1_1', 'PC1_2', 'PC2_1', 'PC2_2']
const STRINGS = new Set(['CTYPE1', 'CTYPE2', 'CUNIT1', 'CUNIT2', 'RADESYS'])
/** Numbers of two layers closer than this (relative, or absolute for values near 0) are the same. */
const TOLERANCE = 1e-9

/** The celestial WCS of a set of layers: its cards (empty when none is carried) and, when none is, why. */
export interface CelestialWcs {
  cards: Card[]
  /** Index (in the list given) of the layer the cards come from. */
  from?: number
  /** Why no WCS is carried (no layer has a usable one, or layers disagree), or what was left out ('-SIP'). */
  note?: string
}

/** The longitude/latitude families of CTYPE: RA/DEC, xLON/xLAT, xyLN/xyLT. */
function axisKind (ctype: string): { family: string, lat: boolean, projection: string } | undefined {
  const m = /^(RA|DEC|[A-Z]LON|[A-Z]LAT|[A-Z]{2}LN|[A-Z]{2}LT)-*-([A-Z0-9]{3})(-SIP)?$/.exec(ctype.trim().toUpperCase())
  if (m === null || ctype.trim().length < 8) return undefined
  const c = m[1]
  const lat = c === 'DEC' || c.endsWith('LAT') || (c.length === 4 && c.endsWith('LT'))
  const family = c === 'RA' || c === 'DEC' ? 'EQ' : c.endsWith('LON') || c.endsWith('LAT') ? c.slice(0, 1) : c.slice(0, 2)
  return { family, lat, projection: m[2] }
}

function isNumber (v: CardValue | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v)
}

/**
 * The celestial WCS cards of one header, normalised (aliases renamed, '-SIP' dropped, canonical order), or
 * undefined when it has no usable one: CTYPE1/2 a longitude and latitude pair of one projection, CRPIX1/2 and
 * CRVAL1/2 numbers, and a scale (a CD matrix, or CDELT1/2).
 */
export function headerWcs (cards: readonly Card[]): { cards: Card[], sip: boolean } | undefined {
  // The first card of a keyword wins, as keyword() reads; the current spelling over an older one.
  const found = new Map<string, Card>()
  const aliased = new Set<string>()
  for (const c of cards) {
    const alias = ALIASES[c.keyword]
    const name = alias ?? c.keyword
    if (!(WCS_KEYWORDS as readonly string[]).includes(name) && !PV.test(name)) continue
    if (!found.has(name)) {
      found.set(name, c)
      if (alias !== undefined) aliased.add(name)
    } else if (alias === undefined && aliased.delete(name)) {
      found.set(name, c)
    }
  }
  const t1 = found.get('CTYPE1')?.value
  const t2 = found.get('CTYPE2')?.value
  if (typeof t1 !== 'string' || typeof t2 !== 'string') return undefined
  const a1 = axisKind(t1)
  const a2 = axisKind(t2)
  if (a1 === undefined || a2 === undefined || a1.family !== a2.family || a1.lat === a2.lat || a1.projection !== a2.projection) return undefined
  for (const k of ['CRPIX1', 'CRPIX2', 'CRVAL1', 'CRVAL2']) if (!isNumber(found.get(k)?.value)) return undefined
  const hasCd = CD.some((k) => found.has(k))
  if (!hasCd && !(isNumber(found.get('CDELT1')?.value) && isNumber(found.get('CDELT2')?.value))) return undefined
  const sip = /-SIP\s*$/i.test(t1) || /-SIP\s*$/i.test(t2)
  const out: Card[] = []
  const keep = (name: string): void => {
    const c = found.get(name)
    if (c === undefined) return
    if (STRINGS.has(name) ? typeof c.value !== 'string' : !isNumber(c.value)) return
    const value = typeof c.value === 'string' ? c.value.trim().replace(/-SIP$/i, '') : c.value
    out.push({ keyword: name, value, comment: c.comment })
  }
  for (const name of WCS_KEYWORDS) {
    // With a CD matrix, CDELT, PC and CROTA2 are not used (wcslib ignores them); without PC, CROTA2 rotates.
    if (hasCd && (name.startsWith('CDELT') || PC.includes(name) || name === 'CROTA2')) continue
    if (!hasCd && name === 'CROTA2' && PC.some((k) => found.has(k))) continue
    keep(name)
  }
  for (const name of [...found.keys()].filter((k) => PV.test(k)).sort()) keep(name)
  return { cards: out, sip }
}

function sameValue (a: CardValue, b: CardValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    const d = Math.abs(a - b)
    return d <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b)) || d <= TOLERANCE * 1e-3
  }
  return a === b
}

/** The first keyword on which two normalised WCS card lists differ, or undefined when they agree. */
function difference (a: readonly Card[], b: readonly Card[]): string | undefined {
  const names = new Set([...a, ...b].map((c) => c.keyword))
  for (const name of names) {
    const va = keyword(a, name)
    const vb = keyword(b, name)
    if (va === undefined || vb === undefined || !sameValue(va, vb)) return name
  }
  return undefined
}

/**
 * The celestial WCS of layers given by their headers, in file order: the first layer with a usable WCS gives the
 * cards; every other layer with one must agree (same keywords; numbers within 1e-9 relative), else none is carried.
 * Layers without a WCS (sigma layers often have none) do not count against it. `names` label layers in notes.
 */
export function celestialWcs (headers: ReadonlyArray<readonly Card[]>, names: readonly string[] = []): CelestialWcs {
  const label = (k: number): string => names[k] ?? `layer ${k + 1}`
  let first: { cards: Card[], sip: boolean, at: number } | undefined
  for (const [k, h] of headers.entries()) {
    const w = headerWcs(h)
    if (w === undefined) continue
    if (first === undefined) {
      first = { ...w, at: k }
      continue
    }
    const d = difference(first.cards, w.cards)
    if (d !== undefined || w.sip !== first.sip) {
      return { cards: [], note: `${label(first.at)} and ${label(k)} disagree on ${d ?? 'CTYPE (-SIP)'}: no WCS is carried` }
    }
  }
  if (first === undefined) return { cards: [], note: 'no layer has a celestial WCS (CTYPE1/2, CRPIX1/2, CRVAL1/2, CD or CDELT)' }
  return {
    cards: first.cards,
    from: first.at,
    ...(first.sip ? { note: `the SIP distortion of ${label(first.at)} is not carried: coordinates are those of the undistorted projection` } : {})
  }
}
