// HTML built by a tagged template that escapes every interpolated value unless it is already SafeHtml: nothing a
// peer supplied (volunteer and team names, galaxy names from FITS headers) can become markup.

/** A fragment of HTML that is safe to insert as is (built by `html` or `raw`). */
export class SafeHtml {
  constructor (readonly text: string) {}
  toString (): string { return this.text }
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml (text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c] as string)
}

type Value = SafeHtml | string | number | null | undefined | boolean | readonly Value[]

function render (v: Value): string {
  if (v === null || v === undefined || v === false) return ''
  if (v instanceof SafeHtml) return v.text
  if (Array.isArray(v)) return (v as readonly Value[]).map(render).join('')
  return escapeHtml(String(v))
}

/** `html\`<td>${name}</td>\``: values escaped, SafeHtml and arrays of them inserted as they are. */
export function html (strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]
  return new SafeHtml(out)
}

/** Trusted markup written in this code base (never peer-supplied). */
export function raw (text: string): SafeHtml {
  return new SafeHtml(text)
}

/** A URL path with query parameters, each encoded. */
export function href (path: string, query: Record<string, string | number | undefined> = {}): string {
  const q = Object.entries(query).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return q.length === 0 ? path : `${path}?${q.join('&')}`
}

/** A number for people: credit and values with a sensible number of digits. */
export function fmt (n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–'
  return Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits)
}

/** A peer id shortened for tables (the full id is in the title attribute). */
export function shortId (id: string): string {
  return id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-6)}` : id
}

/** A time for people (UTC). */
export function when (ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')
}
