// The dashboard's HTTP server on node:http: every request goes through the router; anything unexpected is a 500
// without details. Read-only: only GET and HEAD exist, bodies are not read, long URLs are refused.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { KEEP_ALIVE_TIMEOUT_MS, MAX_URL_LENGTH, REQUEST_TIMEOUT_MS } from './constants.js'
import { UsageError } from '../util/errors.js'
import { BadRequestError, HttpError } from './errors.js'
import { sendError } from './respond.js'
import type { Router } from './router.js'

/** A HOST:PORT pair (IPv6 hosts in brackets: [::1]:8080). */
export interface HttpAddress {
  host: string
  port: number
}

/** Parses `HOST:PORT` (port 0: any free port). */
export function parseHttpAddress (text: string): HttpAddress {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):([0-9]{1,5})$/.exec(text)
  const port = m === null ? NaN : Number(m[3])
  if (m === null || port > 65535) throw new UsageError(`--http ${JSON.stringify(text)} is not HOST:PORT`)
  return { host: m[1] ?? m[2], port }
}

/** A running HTTP server for a router. */
export class DashboardServer {
  private server: Server | undefined

  constructor (private readonly router: Router, private readonly onError: (err: unknown) => void = () => {}) {}

  /** Listens; resolves with the URL it serves (the real port when 0 was asked). */
  async start (address: HttpAddress): Promise<string> {
    const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, (req, res) => { void this.handle(req, res) })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(address.port, address.host, () => { server.off('error', reject); resolve() })
    })
    this.server = server
    const a = server.address() as AddressInfo
    const host = a.family === 'IPv6' ? `[${a.address}]` : a.address
    return `http://${host}:${a.port}/`
  }

  private async handle (req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/'
    const api = target.startsWith('/api')
    try {
      if (target.length > MAX_URL_LENGTH) throw new HttpError(414, 'ERR_URL_TOO_LONG', 'request target too long')
      let url: URL
      try {
        url = new URL(target, 'http://dashboard.invalid')
      } catch {
        throw new BadRequestError('malformed request target')
      }
      const { handler, params } = this.router.match(req.method ?? 'GET', url.pathname)
      await handler({ url, params, req, res })
    } catch (err) {
      if (!(err instanceof HttpError)) this.onError(err)
      sendError(res, err, api)
    }
  }

  /** Stops listening and closes every connection (live-update streams included). */
  async stop (): Promise<void> {
    const server = this.server
    if (server === undefined) return
    this.server = undefined
    server.closeAllConnections()
    await new Promise<void>((resolve) => { server.close(() => { resolve() }) })
  }
}
