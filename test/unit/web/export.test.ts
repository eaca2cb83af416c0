// GET /api/galaxies/:id/export.fits over a real work store: refused until the galaxy is archived, then the archive's
// parameter maps as FITS (type, length, file name; parsed back), HEAD without a body, linked from the API and the
// galaxy page; streamed with a bounded number at once.
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { writeArchive } from '../../../src/archive/write-archive.js'
import { PARAMETER_NAMES } from '../../../src/fit/index.js'
import { keyword, parseFits } from '../../../src/galaxy/fits/index.js'
import { tempDir } from '../../helpers/reference-data.js'
import { syntheticInput } from '../archive/synthetic-input.js'
import { TEST_WCS } from '../archive/wcs-cards.js'
import { exportHandler } from '../../../src/web/api/export.js'
import { MAX_CONCURRENT_EXPORTS } from '../../../src/web/constants.js'
import { TooManyExportsError } from '../../../src/web/errors.js'
import type { RouteContext } from '../../../src/web/router.js'
import { HEIGHT, WIDTH, get, startFixture, type Fixture } from './fixture.js'

let f: Fixture
beforeAll(async () => { f = await startFixture() })
afterAll(async () => { await f.close() })

describe('the FITS export route', () => {
  test('is 404 until the galaxy is archived, then serves the archive as FITS', async () => {
    const route = `/api/galaxies/${f.galaxyId}/export.fits`
    const early = await get(f, route)
    expect(early.status).toBe(404)
    expect(await early.json()).toMatchObject({ error: { code: 'ERR_NOT_FOUND' } })
    while (await f.assimilateNext() !== undefined) { /* every unit */ }
    expect((await get(f, route)).status).toBe(404)
    expect(((await (await get(f, `/api/galaxies/${f.galaxyId}`)).json()) as { links: { export: unknown } }).links.export).toBeNull()

    const path = join(tempDir(), 'archive.h5')
    const input = { ...syntheticInput({ width: WIDTH, height: HEIGHT }), wcs: TEST_WCS }
    await writeArchive(path, input)
    f.store.recordArchive(f.galaxyId, { cid: 'bafyexportedarchive', path, record: new Uint8Array([1]) })

    const r = await get(f, route)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('application/fits')
    // The galaxy's hostile name becomes a harmless file name.
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="_script_alert_1___script_.fits"')
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    const body = new Uint8Array(await r.arrayBuffer())
    expect(Number(r.headers.get('content-length'))).toBe(body.length)
    expect(body.length % 2880).toBe(0)
    const [primary, ...ext] = parseFits(body)
    expect(keyword(primary.cards, 'ARCHCID')).toBe('bafyexportedarchive')
    expect(ext.map((e) => keyword(e.cards, 'EXTNAME'))).toEqual([...PARAMETER_NAMES])
    expect(ext[0].axes).toEqual([WIDTH, HEIGHT, 7])
    expect(keyword(ext[0].cards, 'CRVAL1')).toBe(12.5)

    const head = await get(f, route, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(Number(head.headers.get('content-length'))).toBe(body.length)
    expect((await head.arrayBuffer()).byteLength).toBe(0)

    const links = ((await (await get(f, `/api/galaxies/${f.galaxyId}`)).json()) as { links: { export: unknown } }).links
    expect(links.export).toBe(route)
    const page = await (await get(f, `/galaxies/${f.galaxyId}`)).text()
    expect(page).toContain(`<a class="export" href="${route}" download>`)
    expect(((await (await get(f, '/api')).json()) as { routes: string[] }).routes).toContain('/api/galaxies/:id/export.fits')
  })

  test('streams as the client reads; clients that leave mid-way free their slot', async () => {
    // 64 x 64: each cube (115 kB) is more than a socket takes at once, so the server waits for it to drain.
    const path = join(tempDir(), 'large.h5')
    await writeArchive(path, syntheticInput({ width: 64, height: 64, histogramLength: () => 1 }), { compress: false })
    f.store.recordArchive(f.galaxyId, { cid: 'bafylargearchive', path, record: new Uint8Array([2]) })
    const route = `/api/galaxies/${f.galaxyId}/export.fits`
    // More clients leave than exports may run at once: each must give its slot back.
    for (let k = 0; k < 3; k++) {
      const abort = new AbortController()
      const r = await get(f, route, { signal: abort.signal })
      expect(r.status).toBe(200)
      const reader = r.body?.getReader()
      await reader?.read()
      abort.abort()
      await reader?.cancel().catch(() => {})
    }
    const r = await get(f, route)
    expect(r.status).toBe(200)
    const body = new Uint8Array(await r.arrayBuffer())
    expect(body.length).toBe(Number(r.headers.get('content-length')))
    const ext = parseFits(body).slice(1)
    expect(ext).toHaveLength(16)
    expect(ext[15].axes).toEqual([64, 64, 7])
  })

  test('runs at most MAX_CONCURRENT_EXPORTS at once; the next is refused with 503 until one ends', async () => {
    // Responses whose client never reads: each export waits on its first drain.
    const handler = exportHandler(f.components)
    const stuck = (): { res: EventEmitter & { destroyed: boolean }, ctx: RouteContext } => {
      const res = Object.assign(new EventEmitter(), { destroyed: false, req: { method: 'GET' }, writeHead: () => res, write: () => false, end: () => {} })
      const ctx = { url: new URL('http://x/'), params: { id: String(f.galaxyId) }, req: res.req, res } as unknown as RouteContext
      return { res, ctx }
    }
    const running = Array.from({ length: MAX_CONCURRENT_EXPORTS }, stuck)
    const done = running.map(async ({ ctx }) => { await handler(ctx) })
    await new Promise((resolve) => setImmediate(resolve))
    const err = await Promise.resolve(handler(stuck().ctx)).then(() => undefined, (e: unknown) => e)
    expect(err).toBeInstanceOf(TooManyExportsError)
    expect((err as TooManyExportsError).status).toBe(503)
    // A client leaves: its export ends and frees its slot.
    running[0].res.destroyed = true
    running[0].res.emit('close')
    await done[0]
    const next = stuck()
    const more = handler(next.ctx)
    await new Promise((resolve) => setImmediate(resolve))
    for (const r of [running[1], next]) { r.res.destroyed = true; r.res.emit('close') }
    await Promise.all([done[1], more])
  })

  test('an unknown galaxy is 404, a malformed id 400', async () => {
    expect((await get(f, '/api/galaxies/999/export.fits')).status).toBe(404)
    expect((await get(f, '/api/galaxies/x/export.fits')).status).toBe(400)
  })
})
