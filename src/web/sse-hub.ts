// Server-sent events (GET /api/events): each coordinator event the dashboard shows is passed on as an SSE event of
// the same name with a small JSON body of ids and counts only (no peer-supplied text). Clients are capped, idle
// connections get a heartbeat comment, and a client whose socket buffer fills up is dropped.
import type { ServerResponse } from 'node:http'
import { MAX_SSE_CLIENTS, SSE_HEARTBEAT_MS, SSE_MAX_BUFFERED_BYTES } from './constants.js'
import { TooManyClientsError } from './errors.js'
import type { RouteContext } from './router.js'

export interface SseHubInit {
  maxClients?: number
  heartbeatMs?: number
}

/** Live-update clients and what they are sent. */
export class SseHub {
  private readonly clients = new Set<ServerResponse>()
  private readonly timer: NodeJS.Timeout
  private nextId = 1
  private readonly maxClients: number

  constructor (init: SseHubInit = {}) {
    this.maxClients = init.maxClients ?? MAX_SSE_CLIENTS
    this.timer = setInterval(() => { for (const c of this.clients) this.write(c, ': heartbeat\n\n') }, init.heartbeatMs ?? SSE_HEARTBEAT_MS)
    this.timer.unref()
  }

  /** Clients connected now. */
  get size (): number { return this.clients.size }

  /** The route handler: keeps the response open as an event stream. */
  handler () {
    return (ctx: RouteContext): void => {
      if (this.clients.size >= this.maxClients) throw new TooManyClientsError()
      const res = ctx.res
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        connection: 'keep-alive'
      })
      if (ctx.req.method === 'HEAD') { res.end(); return }
      // Reconnect after 3 s when the connection drops (the coordinator restarted).
      res.write('retry: 3000\n: connected\n\n')
      this.clients.add(res)
      res.on('close', () => { this.clients.delete(res) })
    }
  }

  /** Sends an event to every client. */
  broadcast (event: string, data: Record<string, unknown>): void {
    const text = `id: ${this.nextId++}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`
    for (const c of this.clients) this.write(c, text)
  }

  private write (c: ServerResponse, text: string): void {
    if (c.writableLength > SSE_MAX_BUFFERED_BYTES) {
      this.clients.delete(c)
      c.destroy()
      return
    }
    c.write(text)
  }

  /** Ends every stream and the heartbeat. */
  close (): void {
    clearInterval(this.timer)
    for (const c of this.clients) c.end()
    this.clients.clear()
  }
}
