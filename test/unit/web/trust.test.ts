import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CoordinatorEmitter } from '../../../src/coordinator/service/events.js'
import { forwardEvents } from '../../../src/web/forward-events.js'
import { when } from '../../../src/web/pages/html.js'
import { HOSTILE, get, startFixture, type Fixture } from './fixture.js'

// Trust on the dashboard: a ban recorded in a real work store (after the banned key helped validate an assimilated
// unit) appears in /api/trust (paged, newest first, without its evidence text) and on the network page, escaped;
// the starved units the coordinator reports are counted; maps drop the revoked pixels; `banned` and `starved` reach
// /api/events as ids and counts.

/** Evidence text quoting peer data: it must never leave the coordinator. */
const EVIDENCE = `instance x: ERR_BAD_RESULT: ${HOSTILE} evidence-marker`

let f: Fixture
let bannedAt: number
beforeAll(async () => {
  f = await startFixture()
  await f.assimilateNext()
})
afterAll(async () => { await f.close() })

async function json (path: string): Promise<Record<string, unknown>> {
  const r = await get(f, path)
  expect(r.status, path).toBe(200)
  return await r.json() as Record<string, unknown>
}

describe('trust', () => {
  test('before any ban: no bans, nothing starved, the network page says so', async () => {
    expect(await json('/api/trust')).toEqual({ total: 0, limit: 50, offset: 0, bans: [], starved: { count: 0, units: [] } })
    const page = await (await get(f, '/network')).text()
    expect(page).toContain('<h1>Trust</h1>')
    expect(page).not.toContain('id="bans"')
    expect(page).toContain('data-count="0"')
    expect(page).toMatch(/data-live="[^"]*\bbanned\b[^"]*\bstarved\b/)
  })

  test('a ban recorded in the store shows in /api/trust and on the network page; maps drop its pixels', async () => {
    // The map is cached before the ban: the ban must discard it.
    expect((await json(`/api/galaxies/${f.galaxyId}/maps/mstar`)).pixels).toBe(42)
    f.clock.advance(1_000)
    bannedAt = f.clock.t
    const outcome = f.store.banKey({ key: f.volunteers[0].key.publicKey.raw, reason: 'recompute_mismatch', detail: EVIDENCE })
    expect(outcome).toMatchObject({ status: 'banned', pixels: 42 })
    expect(outcome.units).toHaveLength(1)

    const r = await get(f, '/api/trust')
    const text = await r.text()
    expect(text).not.toContain('evidence-marker')
    expect(text).not.toContain('script')
    const trust = JSON.parse(text) as Record<string, unknown>
    expect(trust).toEqual({
      total: 1,
      limit: 50,
      offset: 0,
      bans: [{ peerId: f.volunteers[0].peerId, reason: 'recompute_mismatch', banned: bannedAt, units: 1, pixels: 42 }],
      starved: { count: 0, units: [] }
    })
    expect((await json(`/api/galaxies/${f.galaxyId}/maps/mstar`)).pixels).toBe(0)
    expect(await json(`/api/galaxies/${f.galaxyId}`)).toMatchObject({ assimilated: 0 })

    const page = await (await get(f, '/network')).text()
    const bans = /<table id="bans">[\s\S]*?<\/table>/.exec(page)?.[0] ?? ''
    expect(bans).toContain(`title="${f.volunteers[0].peerId}"`)
    expect(bans).toContain('<code>recompute_mismatch</code>')
    expect(bans).toContain(`<td>${when(bannedAt)}</td>`)
    expect(bans).toMatch(/<td class="n">1<\/td><td class="n">42<\/td>/)
    expect(page).not.toContain('evidence-marker')
    expect(page).not.toContain(HOSTILE)
  })

  test('bans are paged, newest first; starved units are counted with their ids', async () => {
    f.clock.advance(1_000)
    f.store.banKey({ key: f.volunteers[1].key.publicKey.raw, reason: 'bad_result', detail: EVIDENCE })
    const first = await json('/api/trust?limit=1')
    expect(first).toMatchObject({ total: 2, limit: 1, offset: 0 })
    expect(first.bans).toEqual([expect.objectContaining({ peerId: f.volunteers[1].peerId, reason: 'bad_result', pixels: 0 })])
    const second = await json('/api/trust?limit=1&offset=1')
    expect(second.bans).toEqual([expect.objectContaining({ peerId: f.volunteers[0].peerId, banned: bannedAt })])
    expect((await get(f, '/api/trust?limit=0')).status).toBe(400)

    const units = Array.from({ length: 600 }, (_, k) => `u${k}`)
    f.setStarved(units)
    const trust = await json('/api/trust')
    expect(trust.starved).toEqual({ count: 600, units: units.slice(0, 500) })
    const page = await (await get(f, '/network?limit=1')).text()
    expect(page).toContain('data-count="600"')
    expect(page).toContain('600 units no live volunteer may replicate')
    expect(page).toContain('<code>u19</code>, …')
    expect(page).not.toContain('<code>u20</code>')
    expect(page).toMatch(/<p class="pager">[\s\S]*1–1 of 2/)
    f.setStarved([])
  })
})

describe('live events', () => {
  test('banned and starved are forwarded to /api/events as ids and counts', async () => {
    const emitter = new CoordinatorEmitter()
    const off = forwardEvents(emitter, f.hub, f.components.readModel)
    const res = await get(f, '/api/events')
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let text = ''
    const until = async (s: string): Promise<void> => {
      while (!text.includes(s)) {
        const { value, done } = await reader.read()
        if (done) throw new Error(`stream ended before ${s}`)
        text += decoder.decode(value, { stream: true })
      }
    }
    await until(': connected')
    emitter.emit('banned', { peer: f.volunteers[0].peerId, reason: 'recompute_mismatch', units: 3, pixels: 126, galaxies: 1 })
    emitter.emit('starved', { units: ['g1a0', 'g1a1'] })
    await until('event: starved\ndata: {"count":2}\n\n')
    expect(text).toContain(`event: banned\ndata: ${JSON.stringify({ peer: f.volunteers[0].peerId, reason: 'recompute_mismatch', units: 3, pixels: 126 })}\n\n`)
    for (const u of off) u()
    await reader.cancel()
  })
})
