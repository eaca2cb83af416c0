// Coordinator throughput through its real result handler (goal: >= 2,000 signed results verified and
// recorded per second), measured two ways on one CoordinatorService (no verifiers, so results stay `returned`;
// replication 2; one area per unit; rate limits raised, since many simulated volunteers share one host):
//  1. Request path without transport: ProtocolServer.respond on pre-sealed requests from many volunteer keys, K at
//     a time: one result per /pogs/result request, or BATCH per /pogs/result-batch request (each element its own
//     signed envelope). Per result: signature opened, replay guard, decode, digest, canonical check,
//     answers-its-unit check, SQLite (one transaction per request); per request: its envelope, the signed ack.
//     Only the coordinator's own work.
//  2. Over the network: CHILDREN processes (bench/compute/volunteers.ts), each hosting libp2p volunteers that
//     asked for work over /pogs/work, fetched the payloads and built fake but valid results (fake-result.ts),
//     send them at once, first one per request, then BATCH per request; the coordinator's CPU time per result is
//     reported beside the rate. The volunteers share the 2 cores, so the rate is a lower bound for a coordinator
//     on its own machine.
// Sizes (env): POGS_BENCH_COMPUTE_PIPELINE (instances, default 16000), POGS_BENCH_COMPUTE_CHILDREN (2),
// POGS_BENCH_COMPUTE_VOLUNTEERS (per child, 10), POGS_BENCH_COMPUTE_NETWORK (instances per child, 2000),
// POGS_BENCH_COMPUTE_IN_FLIGHT (per child, 16), POGS_BENCH_COMPUTE_BATCH (results per batch, 32),
// POGS_BENCH_COMPUTE_SIZE (galaxy side, 128).
import '../src/util/polyfill.js'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import { CID } from 'multiformats/cid'
import { Envelope } from '../protocols/envelope.js'
import { CoordinatorService } from '../src/coordinator/service/index.js'
import { CoordinatorEmitter } from '../src/coordinator/service/events.js'
import { Nonces } from '../src/coordinator/service/nonces.js'
import { defaultCheckThreads, ResultCheckPool } from '../src/coordinator/service/result-check-pool.js'
import { createResultBatchHandler, createResultHandler } from '../src/coordinator/service/result-handler.js'
import { UnitCache } from '../src/coordinator/service/unit-cache.js'
import { chooseLibrary, listLibraries, readFilters, readLibraryPair } from '../src/fit/index.js'
import { writeFits } from '../src/galaxy/fits/index.js'
import { synthesizeGalaxy } from '../src/galaxy/synth/synthesize.js'
import { sealEnvelope } from '../src/net/envelope.js'
import { fetchBytes } from '../src/net/fetch-content.js'
import { MESSAGE_CODECS } from '../src/net/messages/index.js'
import { ReplayGuard } from '../src/net/replay-guard.js'
import { ProtocolServer } from '../src/net/request-response.js'
import { decodeWorkUnit } from '../src/work/unit-payload.js'
import { writeSmallLibrariesWithFilters } from '../test/helpers/reference-data.js'
import { fakeResult } from './compute/fake-result.js'
import { appVersion } from '../src/util/app-version.js'
import { FIT_CORE_VERSION } from '../src/fit/core-version.js'
import { MIN_COMPATIBLE_APP_VERSION } from '../src/coordinator/service/constants.js'

const env = (name: string, fallback: number): number => Number(process.env[`POGS_BENCH_COMPUTE_${name}`] ?? fallback)
const PIPELINE = env('PIPELINE', 16000)
const CHILDREN = env('CHILDREN', 2)
const VOLUNTEERS = env('VOLUNTEERS', 10)
const NETWORK = env('NETWORK', 2000)
const IN_FLIGHT = env('IN_FLIGHT', 16)
const BATCH = env('BATCH', 32)
/** Over the network: first one result per request, then BATCH per request (each child sends half its results each way). */
const NETWORK_BATCHES = [1, BATCH]
const GALAXY_SIZE = env('SIZE', 128)
const PIPELINE_KEYS = 100
/** The request-path runs, each on an equal share of the sealed results: results per request, requests in flight. */
const CHECK_THREADS = defaultCheckThreads()
const PIPELINE_RUNS = [
  { batch: 1, inFlight: 1, threads: 0 },
  { batch: 1, inFlight: 16, threads: 0 },
  { batch: BATCH, inFlight: 4, threads: 0 },
  { batch: BATCH, inFlight: 4, threads: CHECK_THREADS }
]
/** Far above what the bench sends, so the per-peer limiters never refuse (they are not what is measured). */
const UNLIMITED = { perMinute: 10_000_000, burst: 1_000_000, reason: 'benchmark: many simulated volunteers on one host' }
const FAST_DHT = { initialQuerySelfInterval: 50, querySelfInterval: 60_000 }
const here = dirname(fileURLToPath(import.meta.url))
const dirs: string[] = []
const tempDir = async (prefix: string): Promise<string> => {
  const d = await mkdtemp(join(tmpdir(), prefix))
  dirs.push(d)
  return d
}
const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
const rssMiB = (): number => Math.round(process.memoryUsage().rss / 2 ** 20)

/** Registers synthetic galaxies (different seeds) until at least `units` one-area units exist. */
async function addGalaxies (service: CoordinatorService, libraries: string, units: number): Promise<{ galaxies: number, units: number, pixels: number }> {
  const filters = readFilters(join(libraries, 'filters.dat'))
  const libs = readLibraryPair(chooseLibrary(listLibraries(libraries), 0.01))
  const out = await tempDir('pogs-bench-fits-')
  const added = { galaxies: 0, units: 0, pixels: 0 }
  while (added.units < units) {
    const k = added.galaxies
    const syn = synthesizeGalaxy({ name: `bench spiral ${k}`, size: GALAXY_SIZE, redshift: 0.01, seed: 11 + k, ra: 150, dec: 20 + k / 100 }, libs, filters)
    const fits = join(out, `galaxy-${k}.fits`)
    writeFits(fits, syn.images)
    const registered = service.next('galaxy-added', undefined, { signal: AbortSignal.timeout(300_000) })
    await service.addGalaxy(fits)
    const g = await registered
    added.galaxies++
    added.units += g.areas
    added.pixels += g.pixels
  }
  await service.runPasses()
  return added
}

interface Sealed { frame: Uint8Array, peer: PeerId, key: PrivateKey }

/** Assigns `instances` instances to PIPELINE_KEYS volunteer keys and seals each one's result as its volunteer would. */
async function sealResults (service: CoordinatorService, dataDir: string, instances: number): Promise<Sealed[]> {
  const keys: Array<{ key: PrivateKey, peer: PeerId }> = []
  for (let k = 0; k < PIPELINE_KEYS; k++) {
    const key = await generateKeyPair('Ed25519')
    keys.push({ key, peer: peerIdFromPrivateKey(key) })
  }
  const nonces = Nonces.open(dataDir)
  const helia = service.network.node.helia
  const out: Sealed[] = []
  for (let k = 0, empty = 0; out.length < instances && empty < 3; k++) {
    const v = keys[k % keys.length]
    const given = service.store.assignWork({ volunteer: v.key.publicKey.raw, requestId: `bench-${k}`, maxUnits: 8 })
    empty = given.length === 0 ? empty + 1 : 0
    for (const a of given) {
      const unit = decodeWorkUnit(await fetchBytes(helia, CID.parse(a.payloadCid), 64 * 2 ** 20, { provide: false }))
      const { bytes, digest } = fakeResult(unit)
      const payload = MESSAGE_CODECS.result.encode({
        unitId: a.unitId, instanceId: a.instanceId, nonce: nonces.nonceFor(a.instanceId), result: bytes, digest, cpuMs: 1, errorCode: 0, volunteerName: 'bench', team: 'bench',
        appVersion: appVersion(), coreVersion: FIT_CORE_VERSION
      })
      out.push({ frame: await sealEnvelope(v.key, { kind: 'result', payload }), peer: v.peer, key: v.key })
    }
  }
  return out.slice(0, instances)
}

/** Groups each volunteer's results into /pogs/result-batch requests of up to `size`, sealed as its volunteer would. */
async function sealBatches (sealed: Sealed[], size: number): Promise<Array<{ frame: Uint8Array, peer: PeerId, count: number }>> {
  const byPeer = new Map<string, Sealed[]>()
  for (const s of sealed) byPeer.set(s.peer.toString(), [...(byPeer.get(s.peer.toString()) ?? []), s])
  const out = []
  for (const mine of byPeer.values()) {
    for (let k = 0; k < mine.length; k += size) {
      const results = mine.slice(k, k + size).map((s) => s.frame)
      const payload = MESSAGE_CODECS['result-batch'].encode({ results })
      out.push({ frame: await sealEnvelope(mine[0].key, { kind: 'result-batch', payload }), peer: mine[0].peer, count: results.length })
    }
  }
  return out
}

/** Answers `sealed` through result servers built as the service builds its own, `inFlight` requests at a time. */
async function pipeline (service: CoordinatorService, dataDir: string, sealed: Sealed[], run: { batch: number, inFlight: number, threads: number }): Promise<Record<string, number>> {
  const node = service.network.node
  const components = {
    store: service.store, helia: node.helia, nonces: Nonces.open(dataDir), units: new UnitCache(node.helia), events: new CoordinatorEmitter(), onRecorded: () => {},
    minAppVersion: MIN_COMPATIBLE_APP_VERSION,
    onBanned: () => { throw new Error('the bench\'s results are all good: nothing may be banned') }
  }
  const init = { privateKey: node.identity.privateKey, rateLimit: UNLIMITED, replayGuard: new ReplayGuard() }
  const checker = new ResultCheckPool(run.threads)
  // Workers start on first use and compile their modules then; their code is optimised after some use. A coordinator
  // runs for days: warm them up (640 elements opened, nothing recorded) before the clock starts.
  for (let k = 0; k < 20; k++) await checker.open(sealed.slice(0, 32).map((s) => s.frame))
  const single = new ProtocolServer(node.libp2p, 'result', createResultHandler(components), init)
  const batched = new ProtocolServer(node.libp2p, 'result-batch', createResultBatchHandler({ ...components, replayGuard: init.replayGuard, checker }), init)
  const requests = run.batch === 1 ? sealed.map((s) => ({ ...s, count: 1 })) : await sealBatches(sealed, run.batch)
  let next = 0
  let accepted = 0
  const cpu = cpuMs()
  const t = performance.now()
  await Promise.all(Array.from({ length: run.inFlight }, async () => {
    while (next < requests.length) {
      const r = requests[next++]
      const signal = AbortSignal.timeout(30_000)
      const reply = Envelope.decode(run.batch === 1 ? await single.respond(r.frame, r.peer, signal) : await batched.respond(r.frame, r.peer, signal))
      if (reply.domain === 'pogs/result-ack/v1') accepted += MESSAGE_CODECS['result-ack'].decode(reply.payload).accepted ? 1 : 0
      if (reply.domain === 'pogs/result-batch-ack/v1') accepted += MESSAGE_CODECS['result-batch-ack'].decode(reply.payload).acks.filter((a) => a.accepted).length
    }
  }))
  const s = (performance.now() - t) / 1000
  await checker.close()
  return { resultsPerRequest: run.batch, inFlight: run.inFlight, checkThreads: run.threads, results: sealed.length, accepted, resultsPerSecond: Math.round(accepted / s), cpuMsPerResult: +((cpuMs() - cpu) / sealed.length).toFixed(3) }
}

/** Starts a child of simulated volunteers; resolves once it has prepared its results. */
async function startChild (bootstrap: string, project: string): Promise<{ child: ChildProcess, lines: AsyncIterator<string>, prepared: { submissions: number, bytes: number } }> {
  const settings = { bootstrap, project, volunteers: VOLUNTEERS, wanted: NETWORK, inFlight: IN_FLIGHT, batches: NETWORK_BATCHES }
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'compute', 'volunteers.ts'), JSON.stringify(settings)], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]()
  const first = await lines.next()
  if (first.done === true) throw new Error('a volunteers child exited before preparing')
  return { child, lines, prepared: JSON.parse(first.value) }
}

async function network (service: CoordinatorService): Promise<Record<string, unknown>> {
  const bootstrap = service.addrs()[0]
  const children = await Promise.all(Array.from({ length: CHILDREN }, async () => await startChild(bootstrap, service.project)))
  const submissions = children.reduce((n, c) => n + c.prepared.submissions, 0)
  const bytes = children.reduce((n, c) => n + c.prepared.bytes, 0)
  const runs = []
  for (const batch of NETWORK_BATCHES) {
    const cpu = cpuMs()
    const t = performance.now()
    for (const c of children) c.child.stdin?.write('go\n')
    const done = await Promise.all(children.map(async (c) => {
      const line = await c.lines.next()
      return JSON.parse(line.value as string) as { accepted: number, errors: Record<string, number> }
    }))
    const s = (performance.now() - t) / 1000
    const accepted = done.reduce((n, d) => n + d.accepted, 0)
    const errors: Record<string, number> = {}
    for (const d of done) for (const [code, n] of Object.entries(d.errors)) errors[code] = (errors[code] ?? 0) + n
    runs.push({
      resultsPerRequest: batch,
      accepted,
      errors,
      seconds: +s.toFixed(2),
      resultsPerSecond: Math.round(accepted / s),
      coordinatorCpuMsPerResult: +((cpuMs() - cpu) / Math.max(1, accepted)).toFixed(3)
    })
  }
  await Promise.all(children.map(async (c) => await once(c.child, 'exit')))
  return {
    children: CHILDREN,
    volunteers: CHILDREN * VOLUNTEERS,
    inFlight: CHILDREN * IN_FLIGHT,
    submissions,
    meanResultBytes: Math.round(bytes / Math.max(1, submissions)),
    runs
  }
}

const load = loadavg()[0]
let service: CoordinatorService | undefined
try {
  const tSetup = performance.now()
  const libraries = writeSmallLibrariesWithFilters(50)
  dirs.push(libraries)
  const dataDir = await tempDir('pogs-bench-coord-')
  service = new CoordinatorService({
    dataDir,
    librariesDir: libraries,
    // One area per unit and every unit cut at once; results wait in `returned` (no verifiers).
    lifecycle: { replication: 2, minQuorum: 2, pixelsPerUnit: 1, queueTarget: 1_000_000, queueLowWater: 1_000_000 },
    rateLimits: { work: UNLIMITED, result: UNLIMITED, 'result-batch': UNLIMITED },
    dht: FAST_DHT,
    inboxScanIntervalMs: 200
  })
  service.on('error', (e) => { process.stderr.write(`coordinator error: ${JSON.stringify(e)}\n`) })
  await service.start()
  const galaxies = await addGalaxies(service, libraries, Math.ceil((PIPELINE + CHILDREN * NETWORK) / 2) + 50)
  const sealed = await sealResults(service, dataDir, PIPELINE)
  const setupSeconds = +((performance.now() - tSetup) / 1000).toFixed(1)
  const rssBefore = rssMiB()
  const pipelineRates = []
  let from = 0
  for (const [i, run] of PIPELINE_RUNS.entries()) {
    const n = i === PIPELINE_RUNS.length - 1 ? sealed.length - from : Math.floor(sealed.length / PIPELINE_RUNS.length)
    pipelineRates.push(await pipeline(service, dataDir, sealed.slice(from, from + n), run))
    from += n
  }
  const overNetwork = CHILDREN > 0 ? await network(service) : 'skipped (POGS_BENCH_COMPUTE_CHILDREN=0)'
  console.log(JSON.stringify({
    loadAverageBefore: +load.toFixed(2),
    galaxies: { size: GALAXY_SIZE, ...galaxies },
    setupSeconds,
    goal: 2000,
    requestPathWithoutTransport: pipelineRates,
    overNetwork,
    unitsByState: service.progress().units,
    rssMiB: { beforeSubmissions: rssBefore, after: rssMiB() },
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    loadAverageAfter: +loadavg()[0].toFixed(2)
  }, null, 2))
} finally {
  await service?.stop()
  await Promise.all(dirs.map(async (d) => { await rm(d, { recursive: true, force: true }) }))
}
