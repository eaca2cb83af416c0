import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { RoleProcess } from '../../src/localnet/role-process.js'
import { repoRoot } from '../../src/util/repo-root.js'
import { pogsArgv } from '../helpers/cli.js'
import { writeSmallLibrariesWithFilters } from '../helpers/reference-data.js'
import { CHROMIUM } from '../helpers/volunteer-page.js'

// The dashboard in a real browser: `pogs demo --http 127.0.0.1:0 --keep-serving` runs a whole network
// on loopback (a 12 x 12 galaxy, every 50th model of the real libraries); headless Chromium (Debian's) loads every
// page without console errors, watches the galaxy's parameter maps fill in as units are assimilated (the page
// refreshes itself on server-sent events), overlays a volunteer's areas, and takes screenshots
// (POGS_SCREENSHOTS=DIR keeps them; default a temporary directory).


// The page's DOM as far as the functions run in the browser use it (the project compiles without DOM types).
// They must be functions, not strings: the dashboard's CSP forbids eval, which string predicates need.
interface DomElement { getAttribute: (name: string) => string | null, textContent: string | null, naturalWidth: number, naturalHeight: number }
declare const document: {
  querySelector: (selector: string) => DomElement | null
  querySelectorAll: (selector: string) => ArrayLike<DomElement>
  getElementById: (id: string) => DomElement | null
}

let out: string
let shots: string
let demo: RoleProcess
let browser: Browser
let url: string
const problems: string[] = []

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'pogs-e2e-dashboard-'))
  shots = process.env.POGS_SCREENSHOTS ?? join(out, 'screenshots')
  await mkdir(shots, { recursive: true })
  const libraries = writeSmallLibrariesWithFilters(50)
  demo = new RoleProcess('demo', ['demo', '--libraries', libraries, '--size', '12', '--out', join(out, 'run'), '--timeout', '300',
    '--http', '127.0.0.1:0', '--keep-serving'], { command: { execPath: process.execPath, args: pogsArgv([]) }, cwd: repoRoot() })
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
  url = String((await demo.next('http')).url)
})

afterAll(async () => {
  await browser?.close()
  const code = await demo?.stop()
  await rm(out, { recursive: true, force: true })
  expect(code).toBe(0)
})

/** A page that records console errors and uncaught exceptions. */
async function open (path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${path}: console: ${m.text()}`) })
  page.on('pageerror', (e) => { problems.push(`${path}: ${e.message}`) })
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${path}: ${r.status()} ${r.url()}`) })
  await page.goto(new URL(path, url).toString())
  return page
}

/** The galaxy page's count of pixels in its M* map. */
async function mapPixels (page: Page): Promise<number> {
  return Number(await page.locator('figure.map[data-parameter="mstar"]').getAttribute('data-pixels'))
}

describe('the dashboard in a browser', () => {
  test('the galaxy list fills in live; the maps change while the run progresses; pages load without errors', async () => {
    const index = await open('/')
    // The galaxy arrives through the inbox after the dashboard is up: the page refreshes itself on galaxy-added.
    await index.locator('li.galaxy-card a.name').first().waitFor({ timeout: 60_000 })
    const galaxy = await open(String(await index.locator('li.galaxy-card a.name').first().getAttribute('href')))
    expect(await galaxy.locator('h1').textContent()).toBeTruthy()
    const first = await mapPixels(galaxy)
    const firstSrc = await galaxy.locator('figure.map[data-parameter="mstar"] img').first().getAttribute('src')
    // Units are assimilated one by one: each assimilated event refreshes the page, the maps gain pixels.
    await galaxy.waitForFunction((n) => Number(document.querySelector('figure.map[data-parameter="mstar"]')?.getAttribute('data-pixels')) > n, first, { timeout: 240_000 })
    const middle = await mapPixels(galaxy)
    expect(middle).toBeGreaterThan(first)
    expect(await galaxy.locator('figure.map[data-parameter="mstar"] img').first().getAttribute('src')).not.toBe(firstSrc)
    await galaxy.screenshot({ path: join(shots, 'galaxy-progress.png'), fullPage: true })
    // Until the archive is written and a mirror holds it.
    await galaxy.locator('#progress code').waitFor({ timeout: 240_000 })
    await galaxy.waitForFunction(() => /held by [1-9]/.test(document.getElementById('progress')?.textContent ?? ''), undefined, { timeout: 120_000 })
    const last = await mapPixels(galaxy)
    expect(last).toBeGreaterThanOrEqual(middle)
    expect(await galaxy.locator('.range span').first().textContent()).toMatch(/^-?[0-9]/)
    // Every map image has decoded with the galaxy's size.
    const sizes = await galaxy.evaluate(() => Array.from(document.querySelectorAll('figure.image img:not(.colour-bar)'), (i) => [i.naturalWidth, i.naturalHeight]))
    expect(sizes.length).toBe(6) // two composites, four maps
    for (const s of sizes) expect(s).toEqual([12, 12])
    await galaxy.screenshot({ path: join(shots, 'galaxy.png'), fullPage: true })

    // A volunteer's areas over the images.
    const option = await galaxy.locator('form.chooser select option').nth(1).getAttribute('value')
    await Promise.all([galaxy.waitForURL(/volunteer=/), galaxy.locator('form.chooser select').selectOption(String(option))])
    expect(Number(await galaxy.locator('svg.overlay').first().getAttribute('data-areas'))).toBeGreaterThan(0)
    await galaxy.screenshot({ path: join(shots, 'galaxy-volunteer.png'), fullPage: true })

    await index.reload()
    await index.screenshot({ path: join(shots, 'index.png'), fullPage: true })
    const volunteers = await open('/volunteers')
    expect(await volunteers.locator('#volunteers tbody tr').count()).toBeGreaterThanOrEqual(2)
    await volunteers.screenshot({ path: join(shots, 'volunteers.png'), fullPage: true })
    const network = await open('/network')
    expect(await network.locator('#peers tbody tr').count()).toBeGreaterThanOrEqual(3)
    expect(await network.locator('#archives tbody tr td.n').last().textContent()).toMatch(/^[1-9]/)
    // The latest statistics export verifies in the browser (noble-ed25519, the project key the page names).
    await network.locator('#verify-export').click()
    await network.waitForFunction(() => /verified|NOT/.test(document.getElementById('verify-result')?.textContent ?? ''), undefined, { timeout: 30_000 })
    expect(await network.locator('#verify-result').textContent()).toMatch(/^verified: signed by the project key; user\.xml\.gz, team\.xml\.gz match$/)
    await network.screenshot({ path: join(shots, 'network.png'), fullPage: true })
    await writeFile(join(shots, 'problems.txt'), problems.join('\n'))
    expect(problems).toEqual([])
    // The run's checks passed (the demo prints `archived` last, then keeps serving until SIGINT: exit 0).
    expect((await demo.next('archived')).cid).toMatch(/^b/)
  }, 420_000)
})
