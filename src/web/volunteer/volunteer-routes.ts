// /volunteer: the browser volunteer's page and its bundle (docs/volunteer.md#in-a-browser-tab), served by the
// coordinator's dashboard and by a seed's `--http`. Every response carries the headers cross-origin isolation needs
// (the page's workers share the libraries through SharedArrayBuffer) and a strict content security policy: only
// this origin's scripts, the checked fit worker as a blob: URL, WebAssembly compilation for the fit kernels, and
// WebSocket connections to the network's peers. The page names its program with the digests the build recorded
// (dist/browser/bundle.json), so a file altered after the build is refused by the browser.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from '../../util/repo-root.js'
import type { Router, RouteContext } from '../router.js'
import { volunteerPageHtml } from './volunteer-page.js'

/** The headers every /volunteer response carries. */
export const VOLUNTEER_HEADERS: Record<string, string> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  'content-security-policy': "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; " +
    "connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer'
}

/** What the page needs from the serving role. */
export interface VolunteerPageSource {
  /** The project key (the coordinator's peer id). */
  project: string
  /** The serving role's /ws multiaddrs with /p2p/: what the page dials first. */
  bootstrap: () => string[]
  /** The /ws multiaddrs of relays the page may reserve a slot on (for WebRTC from other pages); dialled too. A page
   * told of none does not look for one: libp2p would walk the DHT for relays without end. */
  relays: () => string[] | Promise<string[]>
  /** STUN servers for WebRTC between pages (ice-servers.ts). */
  iceServers: string[]
  /** Whether the dashboard API is on the same origin. */
  dashboard: boolean
  /** The bundle's directory; default dist/browser of this pogs. */
  bundleDir?: string
}

interface BundleManifest {
  version: string
  files: Record<string, { bytes: number, integrity: string }>
}

const TYPES: Record<string, string> = {
  'boot.js': 'text/javascript; charset=utf-8',
  'volunteer.js': 'text/javascript; charset=utf-8',
  'fit-worker.js': 'text/javascript; charset=utf-8',
  'volunteer.css': 'text/css; charset=utf-8'
}

/** Adds the /volunteer routes to `router`. The bundle is read once, at the first request. */
export function addVolunteerRoutes (router: Router, source: VolunteerPageSource): Router {
  const dir = source.bundleDir ?? join(repoRoot(), 'dist', 'browser')
  let manifest: BundleManifest | undefined
  const files = new Map<string, Buffer>()
  const bundle = (): BundleManifest => {
    manifest ??= JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8')) as BundleManifest
    return manifest
  }
  const file = (name: string): Buffer => {
    let bytes = files.get(name)
    if (bytes === undefined) {
      bytes = readFileSync(join(dir, name))
      files.set(name, bytes)
    }
    return bytes
  }
  const send = (ctx: RouteContext, type: string, body: Buffer | string): void => {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
    ctx.res.writeHead(200, { ...VOLUNTEER_HEADERS, 'content-type': type, 'content-length': bytes.length, 'cache-control': 'no-cache' })
    ctx.res.end(ctx.req.method === 'HEAD' ? undefined : bytes)
  }
  router.add('GET', '/volunteer', (ctx) => { send(ctx, 'text/html; charset=utf-8', volunteerPageHtml(bundle().files)) })
  router.add('GET', '/volunteer/config.json', async (ctx) => {
    const relays = await source.relays()
    const own = source.bootstrap()
    const config = { project: source.project, bootstrap: [...own, ...relays.filter((a) => !own.includes(a))], relays, iceServers: source.iceServers, dashboard: source.dashboard }
    send(ctx, 'application/json', JSON.stringify(config))
  })
  for (const name of Object.keys(TYPES)) router.add('GET', `/volunteer/${name}`, (ctx) => { send(ctx, TYPES[name], file(name)) })
  return router
}
