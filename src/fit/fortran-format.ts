// Fortran edit descriptors as gfortran prints them, for MAGPHYS' `.fit` layout: Fw.d, 1PEw.dEe (one digit
// before the point) and Ew.d (0.ddd form). Fields too narrow print as asterisks, as in Fortran.

function fit (s: string, w: number): string {
  return s.length > w ? '*'.repeat(w) : s.padStart(w)
}

/** Fw.d */
export function fmtF (v: number, w: number, d: number): string {
  if (Number.isNaN(v)) return fit('NaN', w)
  if (!Number.isFinite(v)) return fit(v > 0 ? 'Infinity' : '-Infinity', w)
  let s = Math.abs(v).toFixed(d)
  if (v < 0 || Object.is(v, -0)) s = '-' + s
  if (s.startsWith('0.') && s.length > w) s = s.slice(1)
  else if (s.startsWith('-0.') && s.length > w) s = '-' + s.slice(2)
  return fit(s, w)
}

/** 1PEw.d (and 1PEw.dEe with `e` exponent digits): mantissa with one digit before the point. */
export function fmtE1P (v: number, w: number, d: number, e = 2): string {
  if (Number.isNaN(v)) return fit('NaN', w)
  if (!Number.isFinite(v)) return fit(v > 0 ? 'Infinity' : '-Infinity', w)
  if (v === 0) return fit(`${Object.is(v, -0) ? '-' : ''}0.${'0'.repeat(d)}E+${'0'.repeat(e)}`, w)
  const [mant, exp] = Math.abs(v).toExponential(d).split('e')
  const x = Number(exp)
  return fit(`${v < 0 ? '-' : ''}${mant}E${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(e, '0')}`, w)
}

/** Ew.d without a scale factor: 0.ddddE+xx. */
export function fmtE0 (v: number, w: number, d: number): string {
  if (Number.isNaN(v)) return fit('NaN', w)
  if (v === 0) return fit(`0.${'0'.repeat(d)}E+00`, w)
  const [mant, exp] = Math.abs(v).toExponential(d - 1).split('e')
  const digits = mant.replace('.', '')
  const x = Number(exp) + 1
  return fit(`${v < 0 ? '-' : ''}0.${digits}E${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`, w)
}

/** Iw */
export function fmtI (v: number, w: number): string {
  return fit(String(Math.trunc(v)), w)
}
