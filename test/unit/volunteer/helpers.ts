import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readFilters, readObservations, type FitPool } from '../../../src/fit/index.js'
import { addBytes } from '../../../src/net/content.js'
import { CoordinatorNetwork } from '../../../src/net/coordinator-network.js'
import type { PrivateKey } from '@libp2p/interface'
import type { Assignment, ResultAck, ResultSubmission, WorkRequest } from '../../../src/net/messages/index.js'
import { startPogsNode, type PogsNode } from '../../../src/net/node.js'
import { openEnvelope } from '../../../src/net/envelope.js'
import { SignerMismatchError } from '../../../src/net/errors.js'
import { MESSAGE_CODECS } from '../../../src/net/messages/index.js'
import { ProtocolServer, type ProtocolHost, type RequestHandler } from '../../../src/net/request-response.js'
import { PogsError } from '../../../src/util/errors.js'
import { fetchBytes } from '../../../src/net/fetch-content.js'
import { encodeWorkUnit, type WorkUnit } from '../../../src/work/unit-payload.js'
import { VolunteerService, type VolunteerEvent, type VolunteerInit } from '../../../src/volunteer/index.js'
import { REFERENCE, writeSmallLibrariesWithFilters } from '../../helpers/reference-data.js'

// A small coordinator for volunteer tests, built from the real network pieces (CoordinatorNetwork publishes the
// libraries and the signed manifest; ProtocolServer serves /pogs/work, /pogs/result and /pogs/result-batch) with
// handlers written here: it hands out the assignments it is given, in order, and records what comes back. As the
// real coordinator does, it registers its protocols before its node listens and answers ERR_BUSY until started.

/** What a test started, stopped in reverse order by stopTracked (each test file's afterEach). */
const tracked: Array<{ stop: () => Promise<void> }> = []
export function track<T extends { stop: () => Promise<void> }> (x: T): T {
  tracked.push(x)
  return x
}
export async function stopTracked (): Promise<void> {
  for (const r of tracked.splice(0).reverse()) await r.stop()
}

/** Fill routing tables quickly: the default first self-query waits ~1 s. */
export const FAST_DHT = { initialQuerySelfInterval: 50, querySelfInterval: 1_000 }

/** Every 20th real POGS model (2,450 optical x 2,500 infrared): a pixel fits in milliseconds. */
export const LIBRARY_STRIDE = 20

/** Temporary directories, removed by `removeTempDirs`. */
const dirs: string[] = []
export async function tempDir (): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'pogs-volunteer-'))
  dirs.push(d)
  return d
}
export async function removeTempDirs (): Promise<void> {
  await Promise.all(dirs.splice(0).map(async (d) => { await rm(d, { recursive: true, force: true }) }))
}

/** Small libraries (and their filters.dat), written once per test file. */
let libraries: string | undefined
export function smallLibraries (): string {
  libraries ??= writeSmallLibrariesWithFilters(LIBRARY_STRIDE)
  return libraries
}

/** A result the coordinator recorded: the submission, the signer, the result content (inline or fetched), and
 * how it came (alone, or in a batch of `batchSize`). */
export interface Recorded {
  submission: ResultSubmission
  peer: string
  bytes?: Uint8Array
  batchSize?: number
}

/** Which result protocols a test coordinator serves: both (default), only the single one, or none. */
export type ResultProtocols = { results?: boolean, batch?: boolean }

/** Decides the answer to one submission, given how many times this instance was submitted before (default:
 * accept). Throwing a PogsError sends its code as an error reply. */
export type ResultPolicy = (s: ResultSubmission, previous: number) => Promise<ResultAck> | ResultAck

export class TestCoordinator {
  readonly requests: WorkRequest[] = []
  readonly recorded: Recorded[] = []
  readonly pending: Assignment[] = []
  /** Submissions received per instance, answered or not. */
  readonly attempts = new Map<string, number>()
  policy: ResultPolicy = (s) => ({ unitId: s.unitId, instanceId: s.instanceId, accepted: true, reason: '' })
  /** When set, work requests are refused with this error (e.g. ERR_BANNED). */
  refuseWork: PogsError | undefined
  /** Requests received over /pogs/result-batch/1.0.0, with their sizes. */
  readonly batches: number[] = []
  private waiters: Array<() => void> = []
  private running: CoordinatorNetwork | undefined
  /** The first listen address, kept for restarting on the same port. */
  private listenAddr: string | undefined
  private constructor (readonly dataDir: string, readonly librariesDir: string) {}

  /** Starts a coordinator serving work (and results unless `results: false`; batches too unless `batch: false`). */
  static async start (opts: ResultProtocols & { dataDir?: string, listen?: string[], minAppVersion?: string } = {}): Promise<TestCoordinator> {
    const c = new TestCoordinator(opts.dataDir ?? await tempDir(), smallLibraries())
    await c.open(opts, { listen: opts.listen, minAppVersion: opts.minAppVersion })
    c.listenAddr = c.net.node.addrs()[0].toString().replace(/\/p2p\/.*$/, '')
    return c
  }

  /** The running network side (the last started one after a stop). */
  get net (): CoordinatorNetwork {
    if (this.running === undefined) throw new Error('the test coordinator is starting')
    return this.running
  }

  get project (): string {
    return this.net.node.peerId.toString()
  }

  get addr (): string {
    return this.net.node.addrs()[0].toString()
  }

  /** The CID string of a library by name. */
  library (name: string): string {
    const lib = this.net.libraries.find((l) => l.name === name)
    if (lib === undefined) throw new Error(`no library ${name}`)
    return lib.cid.toString()
  }

  /** A unit of `pixels` real pixels (UGC 5479 photometry) fitted with the small libraries. */
  unit (unitId: string, pixels: number, first = 0): WorkUnit {
    const filters = readFilters(join(this.librariesDir, 'filters.dat'))
    const rows = readObservations(join(REFERENCE, 'z01', 'observations.dat'), filters.length).rows.slice(first, first + pixels)
    return {
      unitId,
      galaxy: 'UGC05479',
      redshift: 0.01,
      filters,
      optical: { name: 'optical_z0.0100.lbr', cid: this.library('optical_z0.0100.lbr') },
      infrared: { name: 'infrared_z0.0100.lbr', cid: this.library('infrared_z0.0100.lbr') },
      pixels: rows.map((r, k) => ({ x: first + k, y: 7, area: 0, flux: r.flux, sigma: r.sigma }))
    }
  }

  /** Adds a payload (a unit's encoding, or any bytes) as content and queues an assignment for it. */
  async assign (unitId: string, payload: WorkUnit | Uint8Array, opts: { deadlineMs?: number } = {}): Promise<Assignment> {
    const bytes = payload instanceof Uint8Array ? payload : encodeWorkUnit(payload)
    const a: Assignment = {
      unitId,
      instanceId: `${unitId}-i${this.pending.length + this.recorded.length}-${randomBytes(3).toString('hex')}`,
      nonce: randomBytes(16),
      deadlineMs: opts.deadlineMs ?? Date.now() + 3_600_000,
      payloadCid: await addBytes(this.net.node.helia, bytes),
      libraryCids: this.net.libraries.map((l) => l.cid),
      estimatedCpuS: 1
    }
    this.pending.push(a)
    return a
  }

  /** Serves results (and batches unless `batch: false`) from now on, on a coordinator started without them. */
  async serveResults (opts: ResultProtocols = {}): Promise<void> {
    await this.registerResults(this.net.node.libp2p, this.net.node.identity.privateKey, opts)
  }

  /** Starts the network side with the protocols of `protocols` registered before it listens. */
  private async open (protocols: ResultProtocols, init: { listen?: string[], minAppVersion?: string }): Promise<void> {
    this.running = undefined
    this.running = await CoordinatorNetwork.start({
      dataDir: this.dataDir,
      librariesDir: this.librariesDir,
      dht: FAST_DHT,
      ...init,
      protocols: async (host, privateKey) => {
        await this.serve(host, privateKey, 'work', async (req) => {
          this.requests.push(req)
          if (this.refuseWork !== undefined) throw this.refuseWork
          const units = this.pending.splice(0, req.maxUnits)
          return { units, retryAfterS: units.length === 0 ? 2 : 0 }
        })
        if (protocols.results !== false) await this.registerResults(host, privateKey, protocols)
      }
    })
  }

  /** Registers a protocol whose requests are answered ERR_BUSY while the network side is starting. */
  private async serve<P extends 'work' | 'result' | 'result-batch'> (host: ProtocolHost, privateKey: PrivateKey, name: P, handler: RequestHandler<P>): Promise<void> {
    await new ProtocolServer(host, name, async (req, ctx) => {
      if (this.running === undefined) throw new PogsError('ERR_BUSY', 'the test coordinator is starting')
      return await handler(req, ctx)
    }, { privateKey }).start()
  }

  private async registerResults (host: ProtocolHost, privateKey: PrivateKey, opts: ResultProtocols): Promise<void> {
    await this.serve(host, privateKey, 'result', async (s, ctx) => await this.onResult(s, ctx.peer.toString(), ctx.signal))
    if (opts.batch === false) return
    // Each element opened as the real coordinator opens it: its own signature, signed by the connected peer.
    await this.serve(host, privateKey, 'result-batch', async (batch, ctx) => {
      this.batches.push(batch.results.length)
      const acks: ResultAck[] = []
      for (const bytes of batch.results) {
        const envelope = await openEnvelope(bytes, 'result')
        if (!envelope.signer.equals(ctx.peer)) throw new SignerMismatchError('batched result signed by another key')
        const s = MESSAGE_CODECS.result.decode(envelope.payload)
        try {
          acks.push(await this.onResult(s, ctx.peer.toString(), ctx.signal, batch.results.length))
        } catch (err) {
          if (!(err instanceof PogsError)) throw err
          acks.push({ unitId: s.unitId, instanceId: s.instanceId, accepted: false, reason: err.code })
        }
      }
      return { acks }
    })
  }

  /** Resolves once `n` submissions were recorded. */
  async submissions (n: number): Promise<Recorded[]> {
    while (this.recorded.length < n) await new Promise<void>((resolve) => this.waiters.push(resolve))
    return this.recorded.slice(0, n)
  }

  async stop (): Promise<void> {
    await this.running?.stop()
  }

  /** Stops and starts again on the same data directory and port (same peer id, next manifest sequence). */
  async restart (opts: ResultProtocols = {}): Promise<void> {
    await this.running?.stop()
    await this.open(opts, { listen: this.listenAddr === undefined ? undefined : [this.listenAddr] })
  }

  private async onResult (s: ResultSubmission, peer: string, signal: AbortSignal, batchSize?: number): Promise<ResultAck> {
    // As the real coordinator does: fetch a result sent by CID from the volunteer before answering.
    const bytes = s.resultCid === undefined ? s.result : await fetchBytes(this.net.node.helia, s.resultCid, 64 * 1024 * 1024, { signal })
    const previous = this.attempts.get(s.instanceId) ?? 0
    this.attempts.set(s.instanceId, previous + 1)
    const ack = await this.policy(s, previous)
    this.recorded.push({ submission: s, peer, ...(bytes !== undefined ? { bytes } : {}), ...(batchSize !== undefined ? { batchSize } : {}) })
    for (const w of this.waiters.splice(0)) w()
    return ack
  }
}

/** A volunteer's events, with a way to await the n-th of a kind. */
export class EventLog {
  readonly events: VolunteerEvent[] = []
  private waiters: Array<() => void> = []

  readonly listener = (e: VolunteerEvent): void => {
    this.events.push(e)
    for (const w of this.waiters.splice(0)) w()
  }

  of<T extends VolunteerEvent['type']> (type: T): Array<Extract<VolunteerEvent, { type: T }>> {
    return this.events.filter((e): e is Extract<VolunteerEvent, { type: T }> => e.type === type)
  }

  /** Resolves with the `n`-th event of `type` (1-based) matching `where`, seen already or still to come. */
  async next<T extends VolunteerEvent['type']> (type: T, n = 1, where: (e: Extract<VolunteerEvent, { type: T }>) => boolean = () => true): Promise<Extract<VolunteerEvent, { type: T }>> {
    while (true) {
      const found = this.of(type).filter(where)
      if (found.length >= n) return found[n - 1]
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
  }
}

/** A running volunteer: its node, service and events. */
export interface TestVolunteer {
  node: PogsNode
  service: VolunteerService
  log: EventLog
  dataDir: string
  pools: FitPool[]
  stop: () => Promise<void>
}

/** Starts a volunteer node bootstrapped from `coordinator` and its service, recording events and fit pools. */
export async function startVolunteer (coordinator: TestCoordinator | { project: string, addr?: string }, init: Partial<VolunteerInit> & { dataDir?: string } = {}): Promise<TestVolunteer> {
  const dataDir = init.dataDir ?? await tempDir()
  const node = await startPogsNode({ dataDir, bootstrap: coordinator.addr === undefined ? [] : [coordinator.addr], dht: FAST_DHT })
  const log = new EventLog()
  const pools: FitPool[] = []
  const { createFitPool } = await import('../../../src/fit/index.js')
  const service = new VolunteerService(node, dataDir, {
    project: coordinator.project,
    cpus: 1,
    retry: { minMs: 100, maxMs: 500 },
    prepareRetry: { minMs: 100, maxMs: 500 },
    createPool: (p) => { const pool = createFitPool(p); pools.push(pool); return pool },
    ...init,
    onEvent: log.listener
  })
  await service.start()
  let stopped = false
  return {
    node,
    service,
    log,
    dataDir,
    pools,
    stop: async () => {
      if (stopped) return
      stopped = true
      await service.stop()
      await node.stop()
    }
  }
}
