// The want router on a stand-in for @helia/bitswap's want list: which peer is asked for each block, when a block is
// asked of one more holder, and that a peer is never asked for more than BLOCKS_IN_FLIGHT_PER_PEER blocks at once.
// The end-to-end behaviour (each block received once from several holders) is in want-routing-network.test.ts.
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PeerId } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { BLOCKS_IN_FLIGHT_PER_PEER, HEDGE_MS, SEEDER_DELAY_MS, SWARM_ACTIVE_MS, WantRouter, wantKey, type BitswapWantList } from '../../../src/net/want-routing.js'

interface Sent { peer: string, wants: Array<{ wantType: string, cancel: boolean, sendDontHave: boolean }> }

/** A want list with the fields the router uses; records what would go on the wire. */
class FakeWantList {
  readonly wants = new Map<string, { cid: CID, priority: number, wantType: string, cancel: boolean, sendDontHave: boolean }>()
  readonly peers = new Map<PeerId, Set<string>>()
  readonly sent: Sent[] = []
  private presence: ((evt: CustomEvent) => void) | undefined
  private disconnected: ((evt: CustomEvent) => void) | undefined
  readonly network = {
    sendMessage: async (peer: PeerId, message: { wantlist: Map<string, { wantType: string, cancel: boolean, sendDontHave: boolean }> }) => {
      this.sent.push({ peer: peer.toString(), wants: [...message.wantlist.values()] })
    },
    addEventListener: (_type: string, listener: (evt: CustomEvent) => void) => { this.disconnected = listener }
  }

  sendMessages = async (): Promise<void> => {}
  /** The real one waits 10 ms; here at once. */
  sendMessagesDebounced = async (): Promise<void> => { await this.sendMessages() }
  peerConnected = async (_peer: PeerId): Promise<void> => {}
  addEventListener (_type: string, listener: (evt: CustomEvent) => void): void { this.presence = listener }

  want (cid: CID): void {
    this.wants.set(wantKey(cid), { cid, priority: 1, wantType: 'WantBlock', cancel: false, sendDontHave: true })
  }

  have (peer: PeerId, cid: CID, has = true): void {
    this.presence?.(new CustomEvent('presence', { detail: { sender: peer, cid, has } }))
  }

  block (peer: PeerId, cid: CID): void {
    this.presence?.(new CustomEvent('presence', { detail: { sender: peer, cid, has: true, block: new Uint8Array(1) } }))
    const entry = this.wants.get(wantKey(cid))
    if (entry !== undefined) entry.cancel = true
  }

  disconnect (peer: PeerId): void {
    this.disconnected?.(new CustomEvent('peer:disconnected', { detail: peer }))
  }

  /** Block requests (want-blocks) sent to `peer`. */
  asksOf (peer: PeerId): number {
    return this.sent.filter((s) => s.peer === peer.toString() && s.wants.some((w) => w.wantType === 'WantBlock' && !w.cancel)).length
  }
}

async function peers (n: number): Promise<PeerId[]> {
  return await Promise.all(Array.from({ length: n }, async () => peerIdFromPrivateKey(await generateKeyPair('Ed25519'))))
}

async function cids (n: number): Promise<CID[]> {
  return await Promise.all(Array.from({ length: n }, async (_, i) => CID.createV1(raw.code, await sha256.digest(new Uint8Array([i, 1, 2])))))
}

function router (list: FakeWantList, clock: { now: number }): WantRouter {
  const r = new WantRouter(list as unknown as BitswapWantList, () => clock.now)
  r.stop() // the test drives tick() itself
  return r
}

describe('want router', () => {
  it('asks one holder for a block, with "don\'t have" wanted back, and no one else while it is in flight', async () => {
    const list = new FakeWantList()
    const clock = { now: 0 }
    router(list, clock)
    const [a, b] = await peers(2)
    const [x] = await cids(1)
    list.want(x)
    list.have(a, x)
    list.have(b, x)
    expect(list.asksOf(a)).toBe(1)
    expect(list.asksOf(b)).toBe(0)
    expect(list.sent[0].wants[0]).toMatchObject({ wantType: 'WantBlock', cancel: false, sendDontHave: true })
  })

  it('spreads blocks over their holders: one with BLOCKS_IN_FLIGHT_PER_PEER asks in flight is passed over', async () => {
    const list = new FakeWantList()
    router(list, { now: 0 })
    const [a, b] = await peers(2)
    const blocks = await cids(BLOCKS_IN_FLIGHT_PER_PEER + 2)
    for (const c of blocks) {
      list.want(c)
      list.have(a, c)
      list.have(b, c)
    }
    expect(list.asksOf(a)).toBe(BLOCKS_IN_FLIGHT_PER_PEER)
    expect(list.asksOf(b)).toBe(2)
  })

  it(`asks one peer for at most ${BLOCKS_IN_FLIGHT_PER_PEER} blocks at once; the next goes out when one arrives`, async () => {
    const list = new FakeWantList()
    router(list, { now: 0 })
    const [a] = await peers(1)
    const blocks = await cids(BLOCKS_IN_FLIGHT_PER_PEER + 2)
    for (const c of blocks) {
      list.want(c)
      list.have(a, c)
    }
    expect(list.asksOf(a)).toBe(BLOCKS_IN_FLIGHT_PER_PEER)
    list.block(a, blocks[0])
    expect(list.asksOf(a)).toBe(BLOCKS_IN_FLIGHT_PER_PEER + 1)
    // A block that came from elsewhere (a seeder's push) frees nothing at `a` but is no longer asked for.
    list.block(a, blocks[BLOCKS_IN_FLIGHT_PER_PEER + 1])
    expect(list.asksOf(a)).toBe(BLOCKS_IN_FLIGHT_PER_PEER + 1)
  })

  it('turns to the next holder at once when the one asked says "don\'t have" or goes away', async () => {
    const list = new FakeWantList()
    router(list, { now: 0 })
    const [a, b, c] = await peers(3)
    const [x, y] = await cids(2)
    list.want(x)
    list.have(a, x)
    list.have(b, x)
    list.have(a, x, false)
    expect(list.asksOf(b)).toBe(1)
    list.want(y)
    list.have(c, y)
    list.have(b, y)
    // y went to c, the first to have it; c disconnects, and y goes to b.
    expect(list.asksOf(c)).toBe(1)
    list.disconnect(c)
    expect(list.asksOf(b)).toBe(2)
  })

  it(`asks one more holder after ${HEDGE_MS / 1000} s without the block, and asks again when nobody else has it`, async () => {
    const list = new FakeWantList()
    const clock = { now: 0 }
    const r = router(list, clock)
    const [a, b] = await peers(2)
    const [x, y] = await cids(2)
    list.want(x)
    list.have(a, x)
    list.have(b, x)
    clock.now = HEDGE_MS - 1
    r.tick()
    expect(list.asksOf(b)).toBe(0)
    clock.now = HEDGE_MS
    r.tick()
    expect(list.asksOf(b)).toBe(1)
    expect(r.hedges).toBe(1)
    // y: only a has it. A holder whose ledger lost the want (bitswap 4.0.19 dropped a want-block that came 5 s after
    // its "have") is asked again.
    list.want(y)
    list.have(a, y)
    const before = list.asksOf(a)
    clock.now += HEDGE_MS
    r.tick()
    // x has no holder left to hedge with, so it is asked of a again too.
    expect(list.asksOf(a)).toBe(before + 2)
    expect(r.retries).toBe(2)
  })

  it('broadcasts wants as want-haves without "don\'t have", and sends the cancel of a want once satisfied', async () => {
    const list = new FakeWantList()
    router(list, { now: 0 })
    const [a] = await peers(1)
    const [x] = await cids(1)
    list.peers.set(a, new Set())
    list.want(x)
    await list.sendMessages()
    expect(list.sent).toEqual([{ peer: a.toString(), wants: [expect.objectContaining({ wantType: 'WantHave', cancel: false, sendDontHave: false })] }])
    list.block(a, x)
    await list.sendMessages()
    expect(list.sent[1].wants[0]).toMatchObject({ cancel: true })
    expect(list.wants.size).toBe(0)
  })

  it('asks a seeder only for blocks no other peer has, while other peers are serving, and withdraws the rest', async () => {
    const list = new FakeWantList()
    const clock = { now: 0 }
    const r = router(list, clock)
    const [seeder, a] = await peers(2)
    r.preferOthersTo(seeder)
    list.peers.set(seeder, new Set())
    list.peers.set(a, new Set())
    const [x, y, z] = await cids(3)
    const wantsSentTo = (peer: PeerId): number => list.sent.filter((m) => m.peer === peer.toString()).reduce((n, m) => n + m.wants.filter((w) => !w.cancel).length, 0)
    // Nobody else serving yet: the seeder hears at once (a volunteer alone with the coordinator never waits).
    list.want(x)
    await list.sendMessages()
    expect(wantsSentTo(seeder)).toBe(1)
    // a has x: the want of x is withdrawn from the seeder (which would otherwise serve it again each window), and
    // with the swarm serving, y and z wait before going to the seeder.
    list.have(a, x)
    await Promise.resolve()
    expect(list.sent.filter((m) => m.peer === seeder.toString() && m.wants.some((w) => w.cancel))).toHaveLength(1)
    list.want(y)
    list.want(z)
    await list.sendMessages()
    // x, y and z as want-haves, and x as a want-block.
    expect(wantsSentTo(a)).toBe(4)
    expect(wantsSentTo(seeder)).toBe(1)
    list.have(a, z)
    // After SEEDER_DELAY_MS y, which nobody else has, goes to the seeder; z, which a has, does not.
    clock.now = SEEDER_DELAY_MS
    r.tick()
    await Promise.resolve()
    expect(wantsSentTo(seeder)).toBe(2)
    // Once no other peer has said "have" for SWARM_ACTIVE_MS, the seeder hears every want: z, and x again (a has
    // not delivered it).
    clock.now = SWARM_ACTIVE_MS + 1
    r.tick()
    await Promise.resolve()
    expect(wantsSentTo(seeder)).toBe(4)
  })

  it('hedges later when blocks usually take longer (three times the running latency)', async () => {
    const list = new FakeWantList()
    const clock = { now: 0 }
    const r = router(list, clock)
    const [a, b] = await peers(2)
    const [x, y] = await cids(2)
    list.want(x)
    list.have(a, x)
    clock.now = 20_000
    list.block(a, x)
    expect(r.latencyMs).toBe(20_000)
    list.want(y)
    list.have(a, y)
    list.have(b, y)
    clock.now = 20_000 + HEDGE_MS
    r.tick()
    expect(list.asksOf(b)).toBe(0)
    clock.now = 20_000 + 3 * 20_000
    r.tick()
    expect(list.asksOf(b)).toBe(1)
  })
})
