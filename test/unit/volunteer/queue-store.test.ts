import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { QueueItem } from '../../../src/volunteer/queue-item.js'
import { fileName, QueueStore } from '../../../src/volunteer/queue-store.js'
import { removeTempDirs, tempDir } from './helpers.js'

afterAll(removeTempDirs)

function item (instanceId: string, over: Partial<QueueItem> = {}): QueueItem {
  return {
    unitId: 'g1-u3',
    instanceId,
    nonce: '00112233445566778899aabbccddeeff',
    deadlineMs: 1_800_000_000_000,
    payloadCid: 'bafkreieekwksq7wo7epp45obozcygkk7aiehexu6gbur2qqpixsbmxzd4y',
    libraryCids: ['bafkreial6zcqnkcgxintj5kh2pnfnlozs7dry4dmcijouwtmqixaputmii'],
    estimatedCpuS: 600,
    receivedMs: 1_700_000_000_000,
    state: 'assigned',
    refusals: 0,
    ...over
  }
}

describe('the volunteer queue on disk', () => {
  it('writes each state, reopens, and reads the same items back', async () => {
    const dir = await tempDir()
    const store = new QueueStore(dir)
    expect(store.load()).toEqual([])
    const items = [
      item('i-assigned'),
      item('i-inline', { payloadCid: undefined, payload: Buffer.from('unit bytes').toString('base64') }),
      item('i-fitted', { state: 'fitted', result: { cid: 'bafkreial6zcqnkcgxintj5kh2pnfnlozs7dry4dmcijouwtmqixaputmii', digest: 'ab'.repeat(32), pixels: 12, cpuMs: 3400, seconds: 1.7 }, refusals: 1 }),
      item('i-failed', { state: 'failed', error: { code: 1, reason: 'ERR_BAD_UNIT' } }),
      item('i-done', { state: 'done', result: { cid: 'bafkreial6zcqnkcgxintj5kh2pnfnlozs7dry4dmcijouwtmqixaputmii', digest: 'cd'.repeat(32), pixels: 1, cpuMs: 5, seconds: 0.1 }, ackedMs: 1_700_000_100_000 })
    ].map((i) => JSON.parse(JSON.stringify(i)) as QueueItem)
    for (const i of items) store.put(i)
    const reopened = new QueueStore(dir)
    expect(reopened.load()).toEqual([])
    expect(reopened.list().sort((a, b) => a.instanceId.localeCompare(b.instanceId))).toEqual([...items].sort((a, b) => a.instanceId.localeCompare(b.instanceId)))
    expect(reopened.list('fitted', 'failed').map((i) => i.instanceId).sort()).toEqual(['i-failed', 'i-fitted'])
    reopened.remove('i-done')
    expect(new QueueStore(dir).load()).toEqual([])
    expect(readdirSync(join(dir, 'queue')).sort()).toEqual(['i-assigned.json', 'i-failed.json', 'i-fitted.json', 'i-inline.json'])
  })

  it('names an instance id that is not a safe file name by its hash, inside the queue directory', async () => {
    const dir = await tempDir()
    const store = new QueueStore(dir)
    store.load()
    for (const id of ['../../escape', 'a/b', '.hidden', 'x'.repeat(200), 'ünïcode']) {
      expect(fileName(id)).toMatch(/^sha256-[0-9a-f]{64}\.json$/)
      store.put(item(id))
    }
    expect(readdirSync(join(dir, 'queue'))).toHaveLength(5)
    expect(existsSync(join(dir, 'escape.json'))).toBe(false)
    expect(new QueueStore(dir).load()).toEqual([])
  })

  it('sets unreadable files aside as .bad, reports them, loads the rest, and clears half-written temporaries', async () => {
    const dir = await tempDir()
    const store = new QueueStore(dir)
    store.load()
    store.put(item('good'))
    const q = join(dir, 'queue')
    writeFileSync(join(q, 'garbage.json'), '{"format": "pogs-volunteer-queue/1", "unitId": ')
    writeFileSync(join(q, 'no-nonce.json'), JSON.stringify({ format: 'pogs-volunteer-queue/1', ...item('no-nonce'), nonce: 'zz' }))
    writeFileSync(join(q, 'fitted-without-result.json'), JSON.stringify({ format: 'pogs-volunteer-queue/1', ...item('fitted-without-result'), state: 'fitted' }))
    writeFileSync(join(q, 'renamed.json'), JSON.stringify({ format: 'pogs-volunteer-queue/1', ...item('other-id') }))
    writeFileSync(join(q, 'good.json.tmp-12345'), 'half')
    const reopened = new QueueStore(dir)
    const bad = reopened.load()
    expect(bad.map((b) => b.file).sort()).toEqual(['fitted-without-result.json', 'garbage.json', 'no-nonce.json', 'renamed.json'])
    expect(reopened.list().map((i) => i.instanceId)).toEqual(['good'])
    expect(readdirSync(q).sort()).toEqual(['fitted-without-result.json.bad', 'garbage.json.bad', 'good.json', 'no-nonce.json.bad', 'renamed.json.bad'])
  })
})
