// Writing responses: JSON, HTML, PNG and errors, each with headers that keep a public page safe (no sniffing, a
// content security policy that allows only the dashboard's own script, style and images).
import type { ServerResponse } from 'node:http'
import type { ErrorCode } from '../util/error-codes.js'
import { HttpError, MethodNotAllowedError } from './errors.js'

/** Only our own script, style and images; nothing framed, no plugins, forms go nowhere. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

function baseHeaders (contentType: string, length: number): Record<string, string | number> {
  return {
    'content-type': contentType,
    'content-length': length,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': CSP,
    'cache-control': 'no-store'
  }
}

/** Sends bytes with a content type (no body for HEAD). */
export function send (res: ServerResponse, status: number, contentType: string, body: string | Uint8Array, extra: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  res.writeHead(status, { ...baseHeaders(contentType, bytes.length), ...extra })
  res.end(res.req.method === 'HEAD' ? undefined : bytes)
}

/**
 * Starts a download whose body the caller streams (and ends): status 200, the safe headers, its length and an
 * attachment `filename` (ASCII letters, digits, '.', '_', '-' only, so it needs no quoting rules).
 */
export function startDownload (res: ServerResponse, contentType: string, length: number, filename: string): void {
  const name = filename.replace(/[^A-Za-z0-9._-]/g, '_')
  res.writeHead(200, { ...baseHeaders(contentType, length), 'content-disposition': `attachment; filename="${name}"` })
}

/** Sends a JSON value. */
export function sendJson (res: ServerResponse, value: unknown, status = 200): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value))
}

/** Sends an HTML page. */
export function sendHtml (res: ServerResponse, html: string, status = 200): void {
  send(res, status, 'text/html; charset=utf-8', html)
}

/** Sends a PNG image. */
export function sendPng (res: ServerResponse, png: Uint8Array): void {
  send(res, 200, 'image/png', png)
}

/**
 * Sends an error: JSON `{ error: { code, message } }` for the API, a short plain page elsewhere. Unexpected
 * errors become 500 without their message (it may name files or peer-supplied text).
 */
export function sendError (res: ServerResponse, err: unknown, api: boolean): void {
  const known = err instanceof HttpError
  const status = known ? err.status : 500
  const code: ErrorCode = known ? err.code : 'ERR_INTERNAL'
  const message = known ? err.message : 'internal error'
  const extra: Record<string, string> = err instanceof MethodNotAllowedError ? { allow: err.allow.join(', ') } : {}
  if (res.headersSent) { res.destroy(); return }
  if (api) send(res, status, 'application/json; charset=utf-8', JSON.stringify({ error: { code, message } }), extra)
  else send(res, status, 'text/plain; charset=utf-8', `${status} ${code}: ${message}\n`, extra)
}
