import { decode } from 'fast-png'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { MAX_PAGE_LIMIT } from '../../../src/web/constants.js'
import { HOSTILE, HEIGHT, WIDTH, get, startFixture, type Fixture } from './fixture.js'

// The JSON API over a real work store driven through the lifecycle: lists are paged and capped, a galaxy reports
// its progress and verification state, maps fill in as units are assimilated, unknown routes and methods are
// refused cleanly with JSON errors.

let f: Fixture
beforeAll(async () => { f = await startFixture() })
afterAll(async () => { await f.close() })

async function json (path: string): Promise<Record<string, unknown>> {
  const r = await get(f, path)
  expect(r.status, path).toBe(200)
  expect(r.headers.get('content-type')).toMatch(/^application\/json/)
  return await r.json() as Record<string, unknown>
}

describe('JSON API', () => {
  test('galaxies: the list and one galaxy with progress, verification state and links', async () => {
    const list = await json('/api/galaxies')
    expect(list).toMatchObject({ total: 1, limit: 50, offset: 0 })
    const [g] = list.galaxies as Array<Record<string, unknown>>
    expect(g).toMatchObject({ id: f.galaxyId, name: HOSTILE, width: WIDTH, height: HEIGHT, areas: 4, pixels: 168, assimilated: 0 })
    const one = await json(`/api/galaxies/${f.galaxyId}`)
    expect(one).toMatchObject({ id: f.galaxyId, archive: null, verification: { verdicts: { agree: 0, disagree: 0 } } })
    const links = one.links as { composites: Array<{ name: string }>, maps: Array<{ parameter: string }> }
    expect(links.composites.map((c) => c.name)).toEqual(['zir', 'iru'])
    expect(links.maps.map((m) => m.parameter)).toEqual(['mstar', 'sfr', 'ssfr', 'mdust'])
  })

  test('maps fill in as units are assimilated; areas name the volunteers who computed them', async () => {
    const before = await json(`/api/galaxies/${f.galaxyId}/maps/mstar`)
    expect(before).toMatchObject({ width: WIDTH, height: HEIGHT, pixels: 0, range: null })
    expect((before.values as unknown[]).every((v) => v === null)).toBe(true)
    const pngBefore = Buffer.from(await (await get(f, `/api/galaxies/${f.galaxyId}/maps/mstar.png`)).arrayBuffer())

    const unit = await f.assimilateNext()
    expect(unit).toBeDefined()
    const after = await json(`/api/galaxies/${f.galaxyId}/maps/mstar`)
    expect(after.pixels).toBe(42)
    const values = after.values as Array<number | null>
    expect(values[0]).toBeCloseTo(8, 6) // pixel (0, 0): 8 + (x + y) / 10
    expect(values[5 + WIDTH * 6]).toBeCloseTo(9.1, 6)
    expect(values.filter((v) => v !== null)).toHaveLength(42)
    const range = after.range as { min: number, max: number }
    expect(range.min).toBeGreaterThanOrEqual(8)
    expect(range.max).toBeLessThanOrEqual(9.1 + 1e-9)
    const pngAfter = Buffer.from(await (await get(f, `/api/galaxies/${f.galaxyId}/maps/mstar.png`)).arrayBuffer())
    expect(pngAfter.equals(pngBefore)).toBe(false)
    const img = decode(pngAfter)
    expect([img.width, img.height]).toEqual([WIDTH, HEIGHT])

    const g = await json(`/api/galaxies/${f.galaxyId}`)
    expect(g).toMatchObject({ assimilated: 42, units: { assimilated: 1 } })
    expect((g.verification as { verdicts: { agree: number } }).verdicts.agree).toBe(2)

    const areas = await json(`/api/galaxies/${f.galaxyId}/areas`)
    const list = areas.areas as Array<{ state: string, volunteers: string[] }>
    expect(list).toHaveLength(4)
    expect(list.filter((a) => a.state === 'assimilated')).toHaveLength(1)
    const mine = await json(`/api/galaxies/${f.galaxyId}/areas?volunteer=${f.volunteers[0].peerId}`)
    expect((mine.areas as unknown[])).toHaveLength(1)
    expect((mine.areas as Array<{ volunteers: string[] }>)[0].volunteers.sort()).toEqual(f.volunteers.map((v) => v.peerId).sort())
  })

  test('volunteers and teams ranked by credit; peers with roles and names; content with mirror counts', async () => {
    const v = await json('/api/volunteers')
    const vols = v.volunteers as Array<{ rank: number, peerId: string, name: string, total: number, recentAverage: number }>
    expect(vols).toHaveLength(2)
    expect(vols[0].rank).toBe(1)
    expect(vols[0].total).toBeGreaterThan(0)
    expect(vols[0].recentAverage).toBeGreaterThan(0)
    expect(vols.map((x) => x.name)).toContain(HOSTILE)
    const t = await json('/api/teams')
    expect(t.teams).toEqual([expect.objectContaining({ name: `<b>${HOSTILE}</b>`, members: 1, rank: 1 })])
    const p = await json('/api/peers')
    expect(p.peers).toEqual(expect.arrayContaining([expect.objectContaining({ peerId: f.volunteers[0].peerId, role: 'volunteer', name: HOSTILE })]))
    const c = await json('/api/content')
    expect(c).toMatchObject({ libraries: [{ name: 'optical_z0.0100.lbr', cid: 'bafkreilibrary', mirrors: 0 }], archives: [], statsExport: null })
    const s = await json('/api/stats')
    expect(s).toMatchObject({ export: null, counts: { galaxies: 1, volunteers: 2, teams: 1 } })
  })

  test('composites and thumbnails are PNGs of the galaxy; the colour bar too', async () => {
    for (const [path, w, h] of [[`/api/galaxies/${f.galaxyId}/composites/zir.png`, WIDTH, HEIGHT], [`/api/galaxies/${f.galaxyId}/composites/iru.png`, WIDTH, HEIGHT],
      [`/api/galaxies/${f.galaxyId}/thumbnail.png`, WIDTH, HEIGHT], ['/api/colour-bar.png', 256, 12]] as const) {
      const r = await get(f, path)
      expect(r.status, path).toBe(200)
      expect(r.headers.get('content-type')).toBe('image/png')
      const img = decode(new Uint8Array(await r.arrayBuffer()))
      expect([img.width, img.height], path).toEqual([w, h])
    }
    expect((await get(f, `/api/galaxies/${f.galaxyId}/composites/gru.png`)).status).toBe(404)
  })

  test('bounded: limit and offset are capped, malformed ones refused', async () => {
    expect((await get(f, `/api/volunteers?limit=${MAX_PAGE_LIMIT}`)).status).toBe(200)
    for (const q of [`limit=${MAX_PAGE_LIMIT + 1}`, 'limit=0', 'limit=-1', 'limit=abc', 'offset=1e9', 'offset=999999999']) {
      const r = await get(f, `/api/galaxies?${q}`)
      expect(r.status, q).toBe(400)
      expect(await r.json()).toMatchObject({ error: { code: 'ERR_BAD_REQUEST' } })
    }
    const page = await json('/api/volunteers?limit=1&offset=1')
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 1 })
    expect((page.volunteers as Array<{ rank: number }>)[0].rank).toBe(2)
  })

  test('unknown routes, ids, parameters and methods are refused cleanly', async () => {
    const cases: Array<[string, RequestInit, number, string]> = [
      ['/api/nothing', {}, 404, 'ERR_NOT_FOUND'],
      ['/api/galaxies/999', {}, 404, 'ERR_NOT_FOUND'],
      ['/api/galaxies/abc', {}, 400, 'ERR_BAD_REQUEST'],
      ['/api/galaxies/0', {}, 400, 'ERR_BAD_REQUEST'],
      [`/api/galaxies/${f.galaxyId}/maps/nonsense`, {}, 400, 'ERR_BAD_REQUEST'],
      [`/api/galaxies/${f.galaxyId}/maps/mstar?value=mean`, {}, 400, 'ERR_BAD_REQUEST'],
      ['/api/galaxies', { method: 'POST', body: 'x' }, 405, 'ERR_METHOD_NOT_ALLOWED'],
      ['/api/galaxies', { method: 'DELETE' }, 405, 'ERR_METHOD_NOT_ALLOWED'],
      ['/api/galaxies/%E0%A4%A', {}, 404, 'ERR_NOT_FOUND'],
      [`/api/galaxies?x=${'a'.repeat(3000)}`, {}, 414, 'ERR_URL_TOO_LONG']
    ]
    for (const [path, init, status, code] of cases) {
      const r = await get(f, path, init)
      expect(r.status, path).toBe(status)
      expect(await r.json(), path).toMatchObject({ error: { code } })
    }
    const post = await get(f, '/api/galaxies', { method: 'PUT' })
    expect(post.headers.get('allow')).toBe('GET, HEAD')
    const head = await get(f, '/api/galaxies', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    const page = await get(f, '/no/such/page')
    expect(page.status).toBe(404)
    expect(page.headers.get('content-type')).toMatch(/^text\/plain/)
    expect((await json('/api')).routes).toContain('/api/galaxies')
  })
})
