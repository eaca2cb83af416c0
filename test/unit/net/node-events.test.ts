import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, expect, it } from 'vitest'
import { EventPrinter } from '../../../nodes/cli/event-printer.js'
import { printNodeEvents } from '../../../nodes/cli/node-events.js'
import { startPogsNode, type PogsNode } from '../../../src/net/node.js'
import { startSeedNode, type SeedNode } from '../../../src/seed/seed-node.js'

// What a node says about itself (nodes/cli/node-events.ts): a peer that listens through a relay and gets no slot
// warns once (ERR_NO_RELAY); one that gets a slot prints its relayed address instead; and the DHT mode a
// volunteer on a public network runs in.
const stops: Array<() => Promise<void>> = []
afterEach(async () => { for (const s of stops.splice(0).reverse()) await s() })

async function dir (): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'pogs-node-events-'))
  stops.push(async () => { await rm(d, { recursive: true, force: true }) })
  return d
}

/** A relay-listening peer bootstrapped from `bootstrap`, its events collected as JSON lines. */
async function watched (bootstrap: string): Promise<{ node: PogsNode, events: () => Array<Record<string, unknown>>, next: (name: string) => Promise<Record<string, unknown>> }> {
  const node = await startPogsNode({ dataDir: await dir(), bootstrap: [bootstrap], relay: 'client', listen: ['/ip4/127.0.0.1/tcp/0', '/p2p-circuit'] })
  stops.push(async () => { await node.stop() })
  const sink = new PassThrough()
  let text = ''
  sink.setEncoding('utf8').on('data', (d: string) => { text += d })
  const unsubscribe = printNodeEvents(node, new EventPrinter(true, sink), { listensThroughRelay: true, relayGraceMs: 1_500 })
  stops.push(async () => { unsubscribe() })
  const events = (): Array<Record<string, unknown>> => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>)
  const next = async (name: string): Promise<Record<string, unknown>> => await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`no ${name} event: ${text}`)) }, 20_000)
    const check = (): void => {
      const e = events().find((x) => x.event === name)
      if (e === undefined) return
      clearTimeout(timer)
      sink.off('data', check)
      resolve(e)
    }
    sink.on('data', check)
    check()
  })
  return { node, events, next }
}

it('warns when no peer grants a relay slot', async () => {
  const plain = await startPogsNode({ dataDir: await dir() })
  stops.push(async () => { await plain.stop() })
  const w = await watched(plain.addrs()[0].toString())
  expect(await w.next('warning')).toMatchObject({ code: 'ERR_NO_RELAY' })
})

it('prints the relayed address when a seed grants a slot, and does not warn', async () => {
  const seed: SeedNode = await startSeedNode({ dataDir: await dir(), listen: ['/ip4/127.0.0.1/tcp/0'], network: 'local' })
  stops.push(async () => { await seed.stop() })
  const w = await watched(seed.addrs()[0].toString())
  const e = await w.next('addresses')
  expect(e.relayed).toBe(true)
  // Past the grace period the slot is still there: no warning.
  await new Promise<void>((resolve) => { setTimeout(resolve, 2_000) })
  expect(w.events().some((x) => x.event === 'warning')).toBe(false)
})

it('a volunteer on a public network uses the DHT as a client; other peers serve it', async () => {
  const server = await startPogsNode({ dataDir: await dir() })
  stops.push(async () => { await server.stop() })
  const client = await startPogsNode({ dataDir: await dir(), dhtClient: true, bootstrap: [server.addrs()[0]] })
  stops.push(async () => { await client.stop() })
  expect(server.libp2p.services.dht.getMode()).toBe('server')
  expect(client.libp2p.services.dht.getMode()).toBe('client')
})
