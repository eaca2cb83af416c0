// A child process of bench/compute.bench.ts hosting simulated volunteers: VOLUNTEERS libp2p peers, each with its
// own key, connected to the coordinator. They ask for work over /pogs/work until WANTED instances are held, fetch
// each unit payload once (shared among them), and build fake but valid inline results (fake-result.ts). Then the
// child prints {"event":"prepared"} and, for each batch size in BATCHES, waits for a line on stdin, sends its share
// of the results (one per /pogs/result request for size 1, else that many per /pogs/result-batch request, the
// elements sealed beforehand as a volunteer seals each result when it is fitted) with IN_FLIGHT requests in flight,
// and prints {"event":"done",...}. Settings come as one JSON argument.
import '../../src/util/polyfill.js'
import { mkdtemp, rm } from 'node:fs/promises'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { peerIdFromString } from '@libp2p/peer-id'
import type { CID } from 'multiformats/cid'
import { sealEnvelope } from '../../src/net/envelope.js'
import { fetchBytes } from '../../src/net/fetch-content.js'
import { MESSAGE_CODECS, type Assignment, type ResultAck, type ResultSubmission } from '../../src/net/messages/index.js'
import { startPogsNode, type PogsNode } from '../../src/net/node.js'
import { request } from '../../src/net/request-response.js'
import { PogsError } from '../../src/util/errors.js'
import { decodeWorkUnit, type WorkUnit } from '../../src/work/unit-payload.js'
import { fakeResult } from './fake-result.js'
import { appVersion } from '../../src/util/app-version.js'
import { FIT_CORE_VERSION } from '../../src/fit/core-version.js'

interface Settings { bootstrap: string, project: string, volunteers: number, wanted: number, inFlight: number, batches: number[] }
const s = JSON.parse(process.argv[2]) as Settings
const say = (event: Record<string, unknown>): void => { process.stdout.write(`${JSON.stringify(event)}\n`) }
/** As the service tests: kad-dht settles fast on loopback. */
const FAST_DHT = { initialQuerySelfInterval: 50, querySelfInterval: 60_000 }
const MAX_UNITS_PER_REQUEST = 32
const project = peerIdFromString(s.project)
const dirs: string[] = []
const nodes: PogsNode[] = []

/** Each payload fetched once, one fetch at a time (many concurrent bitswap sessions in one process stall). */
function unitFetcher (): (node: PogsNode, a: Assignment) => Promise<WorkUnit> {
  const units = new Map<string, Promise<WorkUnit>>()
  let chain: Promise<unknown> = Promise.resolve()
  return async (node, a) => {
    if (a.payload !== undefined) return decodeWorkUnit(a.payload)
    const cid = a.payloadCid as CID
    let u = units.get(cid.toString())
    if (u === undefined) {
      u = chain.then(async () => decodeWorkUnit(await fetchBytes(node.helia, cid, 64 * 2 ** 20, { signal: AbortSignal.timeout(60_000), provide: false })))
      chain = u.catch(() => {})
      units.set(cid.toString(), u)
    }
    return await u
  }
}

async function prepare (): Promise<Array<{ node: PogsNode, body: ResultSubmission }>> {
  const out: Array<{ node: PogsNode, body: ResultSubmission }> = []
  const unitOf = unitFetcher()
  for (let empty = 0; out.length < s.wanted && empty < 5;) {
    let got = 0
    await Promise.all(nodes.map(async (node) => {
      const { body } = await request(node.libp2p, project, 'work', { cores: 1, maxUnits: MAX_UNITS_PER_REQUEST, appVersion: appVersion(), libraries: [], coreVersion: FIT_CORE_VERSION },
        { privateKey: node.identity.privateKey })
      got += body.units.length
      for (const a of body.units) {
        const { bytes, digest } = fakeResult(await unitOf(node, a))
        out.push({ node, body: { unitId: a.unitId, instanceId: a.instanceId, nonce: a.nonce, result: bytes, digest, cpuMs: 1, errorCode: 0, volunteerName: 'bench', team: 'bench', appVersion: appVersion(), coreVersion: FIT_CORE_VERSION } })
      }
    }))
    empty = got === 0 ? empty + 1 : 0
  }
  return out
}

type Request = { node: PogsNode, single: ResultSubmission } | { node: PogsNode, batch: Uint8Array[], count: number }

/** The requests that carry `results`: one each, or per volunteer in batches of `size` (elements sealed now). */
async function plan (results: Array<{ node: PogsNode, body: ResultSubmission }>, size: number): Promise<Request[]> {
  if (size === 1) return results.map((r) => ({ node: r.node, single: r.body }))
  const out: Request[] = []
  for (const node of nodes) {
    const mine = results.filter((r) => r.node === node)
    for (let k = 0; k < mine.length; k += size) {
      const batch = await Promise.all(mine.slice(k, k + size).map(async (r) => await sealEnvelope(node.identity.privateKey, { kind: 'result', payload: MESSAGE_CODECS.result.encode(r.body) })))
      out.push({ node, batch, count: batch.length })
    }
  }
  return out
}

/** Sends the requests, IN_FLIGHT at a time; counts accepted results and refusals by code. */
async function send (requests: Request[]): Promise<{ accepted: number, errors: Record<string, number>, ms: number }> {
  const errors: Record<string, number> = {}
  const count = (code: string, n = 1): void => { errors[code] = (errors[code] ?? 0) + n }
  let accepted = 0
  let next = 0
  const t = performance.now()
  await Promise.all(Array.from({ length: Math.min(s.inFlight, requests.length) }, async () => {
    while (next < requests.length) {
      const r = requests[next++]
      const options = { privateKey: r.node.identity.privateKey, timeoutMs: 60_000 }
      try {
        const acks: ResultAck[] = 'single' in r
          ? [(await request(r.node.libp2p, project, 'result', r.single, options)).body]
          : (await request(r.node.libp2p, project, 'result-batch', { results: r.batch }, options)).body.acks
        for (const ack of acks) {
          if (ack.accepted) accepted++
          else count(ack.reason)
        }
      } catch (err) {
        count(err instanceof PogsError ? err.code : (err as Error).name, 'single' in r ? 1 : r.count)
      }
    }
  }))
  return { accepted, errors, ms: performance.now() - t }
}

try {
  for (let v = 0; v < s.volunteers; v++) {
    const dataDir = await mkdtemp(join(tmpdir(), 'pogs-bench-vol-'))
    dirs.push(dataDir)
    nodes.push(await startPogsNode({ dataDir, bootstrap: [s.bootstrap], dht: FAST_DHT }))
  }
  const prepared = await prepare()
  say({ event: 'prepared', submissions: prepared.length, bytes: prepared.reduce((n, p) => n + (p.body.result?.length ?? 0), 0) })
  const share = Math.floor(prepared.length / s.batches.length)
  for (const [m, size] of s.batches.entries()) {
    const requests = await plan(prepared.slice(m * share, (m + 1) * share), size)
    await once(process.stdin, 'data')
    say({ event: 'done', batch: size, ...await send(requests) })
  }
} finally {
  for (const n of nodes) await n.stop().catch(() => {})
  await Promise.all(dirs.map(async (d) => { await rm(d, { recursive: true, force: true }) }))
  process.stdin.destroy()
}
