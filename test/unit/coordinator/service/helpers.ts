// Peers that drive a CoordinatorService in-process on 127.0.0.1, built from the real pieces: volunteers that ask
// for work, fetch the unit and its libraries by CID, fit with fitUnit and submit signed results; a verifier that
// answers AGREE for replicas with equal digests; a mirror that pins with the real pin handler.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { CID } from 'multiformats/cid'
import { chooseLibrary, createFitPool, listLibraries, readFilters, readLibraryPair, type FitPool } from '../../../../src/fit/index.js'
import { writeFits, type Card } from '../../../../src/galaxy/fits/index.js'
import { synthesizeGalaxy } from '../../../../src/galaxy/synth/synthesize.js'
import { createPinHandler } from '../../../../src/mirror/pin-handler.js'
import { addBytes } from '../../../../src/net/content.js'
import { openEnvelope, sealEnvelope } from '../../../../src/net/envelope.js'
import { fetchBytes } from '../../../../src/net/fetch-content.js'
import { MESSAGE_CODECS, type Assignment, type ResultAck, type ResultSubmission, type Verdict, type VerifyRequest } from '../../../../src/net/messages/index.js'
import { startPogsNode, type PogsNode } from '../../../../src/net/node.js'
import { ProtocolServer, request } from '../../../../src/net/request-response.js'
import { fitUnit } from '../../../../src/work/fit-unit.js'
import { withWcs } from '../../archive/wcs-cards.js'
import { ensureLibraries } from '../../../../src/work/library-cache.js'
import { decodeWorkUnit, type WorkUnit } from '../../../../src/work/unit-payload.js'
import { digestOf, encodeUnitResult, type UnitResult } from '../../../../src/work/unit-result.js'
import { writeSmallLibrariesWithFilters } from '../../../helpers/reference-data.js'
import { appVersion } from '../../../../src/util/app-version.js'
import { FIT_CORE_VERSION } from '../../../../src/fit/core-version.js'

/** kad-dht settles fast on loopback with these (the default first self-query waits ~1 s, then 5 min). */
export const FAST_DHT = { initialQuerySelfInterval: 50, querySelfInterval: 2_000 }

/** Temporary directories removed at the end. */
export class Dirs {
  private readonly made: string[] = []
  async make (prefix = 'pogs-coord-'): Promise<string> {
    const d = await mkdtemp(join(tmpdir(), prefix))
    this.made.push(d)
    return d
  }

  async remove (): Promise<void> {
    await Promise.all(this.made.map(async (d) => { await rm(d, { recursive: true, force: true }) }))
  }
}

/**
 * Small libraries (every `stride`-th real model, with filters.dat) and a synthetic galaxy FITS made from them; with
 * `wcs`, every layer carries those WCS cards.
 */
export async function smallGalaxy (dirs: Dirs, opts: { size: number, seed: number, stride: number, name?: string, wcs?: Card[], redshift?: number }): Promise<{ libraries: string, fits: string }> {
  const redshift = opts.redshift ?? 0.01
  const libraries = writeSmallLibrariesWithFilters(opts.stride, redshift.toFixed(4))
  const filters = readFilters(join(libraries, 'filters.dat'))
  const libs = readLibraryPair(chooseLibrary(listLibraries(libraries), redshift))
  const syn = synthesizeGalaxy({ name: opts.name ?? 'test spiral', size: opts.size, redshift, seed: opts.seed, ra: 150, dec: 20 }, libs, filters)
  const fits = join(await dirs.make(), 'galaxy.fits')
  writeFits(fits, opts.wcs === undefined ? syn.images : withWcs(syn.images, opts.wcs))
  return { libraries, fits }
}

/** A volunteer peer: asks for work, fits with the real pieces, submits results (or whatever a test makes of them). */
export class TestVolunteer {
  private pool: FitPool | undefined
  /** The fitting-core version its work requests and results name (tests set another to act as another build). */
  coreVersion = FIT_CORE_VERSION

  private constructor (readonly node: PogsNode, private readonly libDir: string, readonly name: string) {}

  static async start (dirs: Dirs, coordinatorAddr: string, name: string): Promise<TestVolunteer> {
    const dataDir = await dirs.make('pogs-vol-')
    const node = await startPogsNode({ dataDir, bootstrap: [coordinatorAddr], dht: FAST_DHT })
    const libDir = join(dataDir, 'libraries')
    await mkdir(libDir, { recursive: true })
    return new TestVolunteer(node, libDir, name)
  }

  get publicKey (): Uint8Array { return this.node.identity.privateKey.publicKey.raw }
  get peerId (): string { return this.node.peerId.toString() }

  /** Asks the coordinator for up to `maxUnits` units. */
  async work (coordinator: string, maxUnits = 8): Promise<{ units: Assignment[], retryAfterS: number }> {
    const { body } = await request(this.node.libp2p, peerIdFromString(coordinator), 'work',
      { cores: maxUnits, maxUnits, appVersion: appVersion(), libraries: [], coreVersion: this.coreVersion }, { privateKey: this.node.identity.privateKey })
    return body
  }

  /** Fetches an assignment's unit. */
  async unit (a: Assignment): Promise<WorkUnit> {
    return decodeWorkUnit(await fetchBytes(this.node.helia, a.payloadCid as CID, 64 * 1024 * 1024, { signal: AbortSignal.timeout(30_000) }))
  }

  /** Fits a unit with its libraries (fetched and pinned by CID). */
  async fit (unit: WorkUnit): Promise<UnitResult> {
    await ensureLibraries(this.node.helia, this.libDir, [unit.optical, unit.infrared], { signal: AbortSignal.timeout(60_000) })
    this.pool ??= createFitPool({ libraries: this.libDir, threads: 1 })
    return await fitUnit(this.pool, unit)
  }

  /** Submits result bytes (as content by default) for an assignment; fields may be overridden to misbehave. */
  async submit (coordinator: string, a: Assignment, bytes: Uint8Array, override: Partial<ResultSubmission> = {}): Promise<ResultAck> {
    const cid = await addBytes(this.node.helia, bytes)
    const body: ResultSubmission = {
      unitId: a.unitId,
      instanceId: a.instanceId,
      nonce: a.nonce,
      resultCid: cid,
      digest: digestOf(bytes),
      cpuMs: 1,
      errorCode: 0,
      volunteerName: this.name,
      team: 'testers',
      appVersion: appVersion(),
      coreVersion: this.coreVersion,
      ...override
    }
    const { body: ack } = await request(this.node.libp2p, peerIdFromString(coordinator), 'result', body,
      { privateKey: this.node.identity.privateKey })
    return ack
  }

  /** Seals an inline result for an assignment as its own `pogs/result/v1` envelope (an element of a batch). */
  async sealInline (a: Assignment, bytes: Uint8Array, override: Partial<ResultSubmission> = {}): Promise<Uint8Array> {
    const body: ResultSubmission = {
      unitId: a.unitId, instanceId: a.instanceId, nonce: a.nonce, result: bytes, digest: digestOf(bytes), cpuMs: 1, errorCode: 0, volunteerName: this.name, team: 'testers', appVersion: appVersion(), coreVersion: this.coreVersion, ...override
    }
    return await sealEnvelope(this.node.identity.privateKey, { kind: 'result', payload: MESSAGE_CODECS.result.encode(body) })
  }

  /** Sends sealed results (or whatever a test puts in their place) in one /pogs/result-batch request. */
  async submitBatch (coordinator: string, results: Uint8Array[]): Promise<ResultAck[]> {
    const { body } = await request(this.node.libp2p, peerIdFromString(coordinator), 'result-batch', { results }, { privateKey: this.node.identity.privateKey })
    return body.acks
  }

  /** Fits and submits every assignment; returns the acks. */
  async fitAndSubmit (coordinator: string, units: Assignment[]): Promise<ResultAck[]> {
    const acks: ResultAck[] = []
    for (const a of units) acks.push(await this.submit(coordinator, a, encodeUnitResult(await this.fit(await this.unit(a)))))
    return acks
  }

  async stop (): Promise<void> {
    await this.pool?.close()
    await this.node.stop()
  }
}

/** A verifier that agrees when a quorum of replicas share a digest (after checking every replica's signature). */
export class TestVerifier {
  readonly requests: VerifyRequest[] = []
  /** When each request arrived (ms), in the order of `requests`. */
  readonly arrivals: number[] = []
  /** When set, the first request about each unit is answered PENDING with this wait (s), as a verifier that queues
   * a recomputation does; the next gets the verdict. */
  pendingFirst: number | undefined
  /** When set, agreements claim these payload positions confirmed by recomputation (known answers, ringers). */
  confirm: number[] | undefined
  private readonly pended = new Set<string>()
  private server: ProtocolServer<'verify'> | undefined

  private constructor (readonly node: PogsNode, private readonly quorum: number) {}

  /** Starts a verifier; the same `dataDir` again gives the same identity (a verifier coming back). */
  static async start (dirs: Dirs, quorum = 2, dataDir?: string): Promise<TestVerifier> {
    const node = await startPogsNode({ dataDir: dataDir ?? await dirs.make('pogs-ver-'), dht: FAST_DHT })
    const v = new TestVerifier(node, quorum)
    v.server = new ProtocolServer(node.libp2p, 'verify', async (req) => await v.judge(req), { privateKey: node.identity.privateKey })
    await v.server.start()
    return v
  }

  get peerId (): string { return this.node.peerId.toString() }

  /** Connects to the coordinator as a verifier does when it discovers the project. */
  async join (coordinatorAddr: string): Promise<void> {
    await this.node.libp2p.dial(multiaddr(coordinatorAddr))
  }

  private async judge (req: VerifyRequest): Promise<Verdict> {
    this.requests.push(req)
    this.arrivals.push(Date.now())
    if (this.pendingFirst !== undefined && !this.pended.has(req.unitId)) {
      this.pended.add(req.unitId)
      return { unitId: req.unitId, outcome: 'pending', validInstances: [], invalidInstances: [], canonicalDigest: new Uint8Array(0), reason: 'RECOMPUTING', recomputed: 0, retryAfterS: this.pendingFirst }
    }
    const byDigest = new Map<string, string[]>()
    for (const replica of req.replicas) {
      const env = await openEnvelope(replica, 'result')
      const r = MESSAGE_CODECS.result.decode(env.payload)
      const key = Buffer.from(r.digest).toString('hex')
      byDigest.set(key, [...(byDigest.get(key) ?? []), r.instanceId])
    }
    const all = [...byDigest.values()].flat()
    const [digest, agreeing] = [...byDigest.entries()].sort((a, b) => b[1].length - a[1].length)[0]
    if (agreeing.length >= this.quorum) {
      const confirmed = this.confirm !== undefined ? { confirmedPixels: this.confirm } : {}
      return { unitId: req.unitId, outcome: 'agree', validInstances: agreeing, invalidInstances: all.filter((i) => !agreeing.includes(i)), canonicalDigest: Buffer.from(digest, 'hex'), reason: 'DIGESTS_EQUAL', recomputed: 0, ...confirmed }
    }
    return { unitId: req.unitId, outcome: 'disagree', validInstances: [], invalidInstances: all, canonicalDigest: new Uint8Array(0), reason: 'NO_QUORUM', recomputed: 0 }
  }

  async stop (): Promise<void> {
    await this.server?.stop()
    await this.node.stop()
  }
}

/** A mirror serving /pogs/pin/1.0.0 with the real handler (only the project may ask). */
export class TestMirror {
  readonly receipts: string[] = []
  private server: ProtocolServer<'pin'> | undefined

  private constructor (readonly node: PogsNode) {}

  static async start (dirs: Dirs): Promise<TestMirror> {
    const node = await startPogsNode({ dataDir: await dirs.make('pogs-mir-'), dht: FAST_DHT })
    return new TestMirror(node)
  }

  get peerId (): string { return this.node.peerId.toString() }

  /** Serves pins for `project` and connects to its coordinator. */
  async join (project: string, coordinatorAddr: string): Promise<void> {
    this.server = new ProtocolServer(this.node.libp2p, 'pin', createPinHandler({
      helia: this.node.helia,
      privateKey: this.node.identity.privateKey,
      project,
      onPinned: (p) => { this.receipts.push(p.cid.toString()) }
    }), { privateKey: this.node.identity.privateKey })
    await this.server.start()
    await this.node.libp2p.dial(multiaddr(coordinatorAddr))
  }

  async stop (): Promise<void> {
    await this.server?.stop()
    await this.node.stop()
  }
}
