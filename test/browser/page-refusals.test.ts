import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { identityFromBytes } from '../../src/net/identity-key.js'
import { repoRoot } from '../../src/util/repo-root.js'
import { DashboardServer } from '../../src/web/http-server.js'
import { Router } from '../../src/web/router.js'
import { addVolunteerRoutes } from '../../src/web/volunteer/volunteer-routes.js'
import { CHROMIUM } from '../helpers/volunteer-page.js'

// What the volunteer page refuses (docs/volunteer.md#in-a-browser-tab), each with a message and nothing computed:
// a bundle file changed after the build, a page served without cross-origin isolation, an engine whose arithmetic
// does not reproduce the fit's reference values, and an imported key file that is not a key. Export and import of
// a real key round-trip. No network is needed: the page is served with no peer to dial.

const PROJECT = '12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA'

let browser: Browser
let dir: string
const servers: Array<{ stop: () => Promise<void> }> = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pogs-browser-refusals-'))
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
})

afterAll(async () => {
  await browser?.close()
  for (const s of servers) await s.stop()
  await rm(dir, { recursive: true, force: true })
})

/** Serves /volunteer from `bundleDir` (default: the build's) on a free loopback port; returns the page's URL. */
async function serve (bundleDir?: string): Promise<string> {
  const server = new DashboardServer(addVolunteerRoutes(new Router(), { project: PROJECT, bootstrap: () => [], relays: () => [], iceServers: [], dashboard: false, bundleDir }))
  const url = await server.start({ host: '127.0.0.1', port: 0 })
  servers.push(server)
  return new URL('/volunteer', url).toString()
}

/** A copy of the built bundle with one file altered after the build (its recorded digest unchanged). */
async function tampered (file: string): Promise<string> {
  const copy = join(dir, `tampered-${file}`)
  await cp(join(repoRoot(), 'dist', 'browser'), copy, { recursive: true })
  await writeFile(join(copy, file), (await readFile(join(copy, file), 'utf8')) + '\n;globalThis.tampered = true\n')
  return copy
}

/** A proxy in front of `target` that drops the cross-origin isolation headers (a misconfigured front end). */
async function withoutIsolation (target: string): Promise<string> {
  const upstream = new URL(target)
  const server: Server = createServer((req, res) => {
    const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      const headers = { ...up.headers }
      delete headers['cross-origin-opener-policy']
      delete headers['cross-origin-embedder-policy']
      res.writeHead(up.statusCode ?? 502, headers)
      up.pipe(res)
    })
    forward.on('error', () => { res.writeHead(502).end() })
    req.pipe(forward)
  })
  await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
  servers.push({ stop: async () => { server.closeAllConnections(); await new Promise<void>((resolve) => { server.close(() => { resolve() }) }) } })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/volunteer`
}

async function refusal (page: Page): Promise<string> {
  await page.waitForSelector('#boot-message.refused', { timeout: 30_000 })
  return await page.textContent('#boot-message') ?? ''
}

describe('the volunteer page refuses', () => {
  test('a program altered after the build (the browser checks its recorded digest)', async () => {
    const page = await browser.newPage()
    await page.goto(await serve(await tampered('volunteer.js')))
    expect(await refusal(page)).toMatch(/integrity check failed/)
    expect(await page.evaluate(() => (globalThis as { tampered?: boolean }).tampered)).toBeUndefined()
    await page.close()
  })

  test('a fit worker altered after the build (the program checks its SHA-256 before starting workers)', async () => {
    const page = await browser.newPage()
    await page.goto(await serve(await tampered('fit-worker.js')))
    expect(await refusal(page)).toMatch(/fit worker failed its integrity check/)
    await page.close()
  })

  test('a page served without cross-origin isolation', async () => {
    const page = await browser.newPage()
    await page.goto(await withoutIsolation(await serve()))
    expect(await refusal(page)).toMatch(/without cross-origin isolation/)
    await page.close()
  })

  test('an engine whose arithmetic does not reproduce the fit\'s reference values', async () => {
    const context = await browser.newContext()
    // A JavaScript engine that truncated differently would compute other exp values: simulated by replacing
    // Math.trunc (which the fit's exp uses) before the page's scripts run.
    await context.addInitScript('Math.trunc = (x) => Math.round(x)')
    const page = await context.newPage()
    await page.goto(await serve())
    expect(await refusal(page)).toMatch(/does not reproduce the fit's reference values/)
    await context.close()
  })
})

describe('the identity', () => {
  test('exports as an identity.key file that imports again, and a file that is not a key is refused', async () => {
    const context = await browser.newContext({ acceptDownloads: true })
    const page = await context.newPage()
    await page.goto(await serve())
    await page.waitForSelector('#controls:not([hidden])', { timeout: 60_000 })
    const peerId = await page.textContent('#peer-id') ?? ''
    expect(peerId).toMatch(/^12D3KooW/)

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')])
    const exported = await readFile(await download.path())
    expect(identityFromBytes(exported, 'identity.key').peerId.toString()).toBe(peerId)

    await page.setInputFiles('#import', { name: 'not-a-key.key', mimeType: 'application/octet-stream', buffer: Buffer.from('{"this is":"not a key"}') })
    await page.waitForSelector('#import-message:not(:empty)')
    expect(await page.textContent('#import-message')).toMatch(/does not hold a libp2p private key/)
    expect(await page.textContent('#peer-id')).toBe(peerId)

    // The exported key in another browser profile: the same identity there (credit follows the key).
    const other = await browser.newContext()
    const second = await other.newPage()
    await second.goto(await serve())
    await second.waitForSelector('#controls:not([hidden])', { timeout: 60_000 })
    expect(await second.textContent('#peer-id')).not.toBe(peerId)
    await Promise.all([second.waitForEvent('load'), second.setInputFiles('#import', { name: 'identity.key', mimeType: 'application/octet-stream', buffer: exported })])
    await second.waitForSelector('#controls:not([hidden])', { timeout: 60_000 })
    expect(await second.textContent('#peer-id')).toBe(peerId)
    await other.close()
    await context.close()
  })
})
