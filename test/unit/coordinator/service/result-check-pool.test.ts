// The result check pool opens batch elements on worker threads exactly as on the calling thread: the same fields,
// inline checks and refusals, element by element and in order.
import { randomBytes } from 'node:crypto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterAll, describe, expect, it } from 'vitest'
import { ResultCheckPool } from '../../../../src/coordinator/service/result-check-pool.js'
import { sealEnvelope } from '../../../../src/net/envelope.js'
import { MESSAGE_CODECS, type ResultSubmission } from '../../../../src/net/messages/index.js'
import { digestOf, encodeUnitResult } from '../../../../src/work/unit-result.js'
import { fakeResult, plainUnit } from '../../work/helpers.js'

const pools: ResultCheckPool[] = []
afterAll(async () => { await Promise.all(pools.map(async (p) => { await p.close() })) })

describe('ResultCheckPool', () => {
  it('opens elements on a worker thread as on the calling thread', async () => {
    const key = await generateKeyPair('Ed25519')
    const bytes = encodeUnitResult(fakeResult(plainUnit('g1-u7', 2), 1))
    const body: ResultSubmission = { unitId: 'g1-u7', instanceId: 'g1-u7/0', nonce: randomBytes(16), result: bytes, digest: digestOf(bytes), cpuMs: 5, errorCode: 0, volunteerName: 'ann', team: 't', appVersion: '0.1.0', coreVersion: 1 }
    const garbage = new Uint8Array(randomBytes(500))
    const seal = async (b: ResultSubmission, kind: 'result' | 'verdict' = 'result'): Promise<Uint8Array> => await sealEnvelope(key, { kind, payload: MESSAGE_CODECS.result.encode(b) })
    const elements = [
      await seal(body),
      await seal({ ...body, digest: randomBytes(32) }),
      // Not a result at all, with a digest that matches it.
      await seal({ ...body, result: garbage, digest: digestOf(garbage) }),
      await seal(body, 'verdict'),
      randomBytes(100)
    ]
    const here = new ResultCheckPool(0)
    const worker = new ResultCheckPool(1)
    pools.push(here, worker)
    const [a, b] = [await here.open(elements), await worker.open(elements)]
    expect(b).toEqual(a)
    expect(a.map((o) => o.ok ? ('refused' in (o.inline ?? {}) ? (o.inline as { refused: { code: string } }).refused.code : 'ok') : o.refused.code))
      .toEqual(['ok', 'ERR_DIGEST_MISMATCH', 'ERR_BAD_RESULT', 'ERR_WRONG_DOMAIN', 'ERR_MALFORMED_MESSAGE'])
    const first = a[0]
    if (!first.ok) throw new Error('the first element should open')
    expect(first.signer).toBe(peerIdFromPrivateKey(key).toString())
    expect(first.fields).toMatchObject({ unitId: 'g1-u7', instanceId: 'g1-u7/0', cpuMs: 5, volunteerName: 'ann' })
    expect(first.inline).toMatchObject({ size: bytes.length, shape: { unitId: 'g1-u7', pixels: [{ x: 10 }, { x: 11 }] } })
    // Several batches at once, and after close() on the calling thread.
    const many = await Promise.all([1, 2, 3, 4, 5, 6].map(async () => await worker.open(elements.slice(0, 2))))
    for (const m of many) expect(m).toEqual(a.slice(0, 2))
    await worker.close()
    expect(await worker.open(elements.slice(0, 1))).toEqual(a.slice(0, 1))
  })
})
