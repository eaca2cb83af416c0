// Routes: a method and a path pattern (`/api/galaxies/:id`) to a handler. A path that matches no pattern is a 404,
// a path that matches with another method a 405 naming the allowed ones. HEAD is answered wherever GET is.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { MethodNotAllowedError, NotFoundError } from './errors.js'

/** What a handler is given: the parsed URL, the path parameters and the raw request and response. */
export interface RouteContext {
  url: URL
  params: Record<string, string>
  req: IncomingMessage
  res: ServerResponse
}

/** Writes the whole response (status, headers, body) or throws an HttpError. */
export type RouteHandler = (ctx: RouteContext) => void | Promise<void>

interface Route {
  method: string
  parts: string[]
  handler: RouteHandler
}

/** A routing table. */
export class Router {
  private readonly routes: Route[] = []

  /** Adds a route; `:name` segments capture one path segment each. */
  add (method: 'GET', pattern: string, handler: RouteHandler): this {
    this.routes.push({ method, parts: split(pattern), handler })
    return this
  }

  /** The handler and parameters for a request; throws NotFoundError or MethodNotAllowedError. */
  match (method: string, pathname: string): { handler: RouteHandler, params: Record<string, string> } {
    const parts = split(pathname)
    const allowed = new Set<string>()
    for (const r of this.routes) {
      const params = matchParts(r.parts, parts)
      if (params === undefined) continue
      if (r.method === method || (method === 'HEAD' && r.method === 'GET')) return { handler: r.handler, params }
      allowed.add(r.method)
      if (r.method === 'GET') allowed.add('HEAD')
    }
    if (allowed.size > 0) throw new MethodNotAllowedError([...allowed])
    throw new NotFoundError('page')
  }
}

function split (path: string): string[] {
  return path.split('/').filter((s) => s !== '')
}

function matchParts (pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]
    if (p.startsWith(':')) {
      let value: string
      try {
        value = decodeURIComponent(parts[i])
      } catch {
        return undefined
      }
      params[p.slice(1)] = value
    } else if (p !== parts[i]) {
      return undefined
    }
  }
  return params
}
