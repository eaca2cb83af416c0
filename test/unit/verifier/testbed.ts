import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { CID } from 'multiformats/cid'
import { createFitPool } from '../../../src/fit/index.js'
import { addBytes } from '../../../src/net/content.js'
import { CoordinatorNetwork } from '../../../src/net/coordinator-network.js'
import { sealEnvelope } from '../../../src/net/envelope.js'
import { MESSAGE_CODECS, type Verdict } from '../../../src/net/messages/index.js'
import { startPogsNode, type PogsNode } from '../../../src/net/node.js'
import { request, type Response } from '../../../src/net/request-response.js'
import { fitUnit } from '../../../src/work/fit-unit.js'
import { encodeWorkUnit, type WorkUnit } from '../../../src/work/unit-payload.js'
import { digestOf, encodeUnitResult, type UnitResult } from '../../../src/work/unit-result.js'
import { VerifierService, type VerifierInit } from '../../../src/verifier/verifier-service.js'
import type { VerdictReport } from '../../../src/verifier/verify-handler.js'
import type { Rejection } from '../../../src/net/request-response.js'
import { INFRARED_NAME, OPTICAL_NAME, smallGalaxy, unitOf } from '../work/helpers.js'
import { appVersion } from '../../../src/util/app-version.js'
import { FIT_CORE_VERSION } from '../../../src/fit/core-version.js'

// A project on loopback for verifier tests: a coordinator (CoordinatorNetwork publishing a manifest over a small
// library pair, holding the unit payload and result contents), verifiers started in-process, and volunteers that
// are only keys signing result envelopes as a volunteer would.

/** Fill routing tables quickly: the default first self-query waits ~1 s and then 5 min. */
const FAST_DHT = { initialQuerySelfInterval: 50, querySelfInterval: 2_000 }

/** A running verifier and what it reported. */
export interface TestVerifier {
  node: PogsNode
  service: VerifierService
  verdicts: VerdictReport[]
  rejections: Rejection[]
  /** Resolves with the names of the first libraries the verifier fetched. */
  libraries: Promise<string[]>
  dataDir: string
  /** Called on each verdict report (verify() waits on them for a pending verdict). */
  onVerdict: Array<() => void>
}

/** A volunteer: a key that signs result envelopes. */
export interface TestVolunteer {
  key: PrivateKey
  peerId: PeerId
}

/** How a volunteer's submission should (mis)behave. */
export interface SubmitOptions {
  /** The digest signed, if not the content's own. */
  digest?: Uint8Array
  /** Carry the result inline instead of as content. */
  inline?: boolean
  /** Sign for another unit. */
  unitId?: string
  timestampMs?: number
  /** The fitting-core version it names (default FIT_CORE_VERSION). */
  coreVersion?: number
}

/** How a verify request is sent. */
export interface AskOptions {
  /** Ask as this peer instead of the coordinator. */
  from?: PogsNode
  inlineUnit?: boolean
  unitId?: string
}

export class VerifierTestbed {
  readonly verifiers: TestVerifier[] = []
  readonly others: PogsNode[] = []
  private readonly dirs: string[] = []

  private constructor (readonly coordinator: CoordinatorNetwork, readonly unit: WorkUnit, readonly unitCid: CID,
    readonly honest: Uint8Array) {}

  /** Starts the coordinator, adds a unit of `pixels` pixels and fits it once for the honest result. */
  static async start (pixels = 3): Promise<VerifierTestbed> {
    const s = smallGalaxy()
    const dataDir = await mkdtemp(join(tmpdir(), 'pogs-verifier-'))
    const coordinator = await CoordinatorNetwork.start({ dataDir, librariesDir: s.libraries, dht: FAST_DHT })
    const ref = (name: string): { name: string, cid: string } => {
      const lib = coordinator.libraries.find((l) => l.name === name)
      if (lib === undefined) throw new Error(`library ${name} not published`)
      return { name, cid: lib.cid.toString() }
    }
    const unit = unitOf(s, 'small-u0', { optical: ref(OPTICAL_NAME), infrared: ref(INFRARED_NAME) }, { to: pixels })
    const unitCid = await addBytes(coordinator.node.helia, encodeWorkUnit(unit))
    const pool = createFitPool({ libraries: s.libraries, threads: 1 })
    let result: UnitResult
    try {
      result = await fitUnit(pool, unit)
    } finally {
      await pool.close()
    }
    const bed = new VerifierTestbed(coordinator, unit, unitCid, encodeUnitResult(result))
    bed.dirs.push(dataDir, s.libraries)
    return bed
  }

  /** Starts a verifier of this project (bootstrapped from the coordinator) and waits until it serves. */
  async addVerifier (init: Partial<VerifierInit> = {}): Promise<TestVerifier> {
    const dataDir = await this.tempDir()
    const node = await startPogsNode({ dataDir, bootstrap: [this.coordinator.node.addrs()[0]], dht: FAST_DHT })
    let fetched: (names: string[]) => void = () => {}
    const libraries = new Promise<string[]>((resolve) => { fetched = resolve })
    const v: TestVerifier = { node, verdicts: [], rejections: [], libraries, dataDir, onVerdict: [], service: undefined as unknown as VerifierService }
    v.service = new VerifierService(node, {
      project: this.coordinator.node.peerId.toString(),
      dataDir,
      recomputeRate: 0,
      pollIntervalMs: 60_000,
      ...init,
      events: { verdict: (r) => { v.verdicts.push(r); for (const f of v.onVerdict.splice(0)) f() }, rejected: (r) => v.rejections.push(r), libraries: fetched }
    })
    this.verifiers.push(v)
    await v.service.start({ signal: AbortSignal.timeout(30_000) })
    return v
  }

  /** A peer of the network that is not the coordinator. */
  async addPeer (): Promise<PogsNode> {
    const node = await startPogsNode({ dataDir: await this.tempDir(), bootstrap: [this.coordinator.node.addrs()[0]], dht: FAST_DHT })
    this.others.push(node)
    return node
  }

  async volunteer (): Promise<TestVolunteer> {
    const key = await generateKeyPair('Ed25519')
    return { key, peerId: peerIdFromPrivateKey(key) }
  }

  /** The volunteer's signed result envelope for `instanceId` with `content` (added to the coordinator's store). */
  async submit (v: TestVolunteer, instanceId: string, content: Uint8Array, o: SubmitOptions = {}): Promise<Uint8Array> {
    const where = o.inline === true ? { result: content } : { resultCid: await addBytes(this.coordinator.node.helia, content) }
    const payload = MESSAGE_CODECS.result.encode({
      unitId: o.unitId ?? this.unit.unitId,
      instanceId,
      nonce: randomBytes(16),
      ...where,
      digest: o.digest ?? digestOf(content),
      cpuMs: 1234,
      errorCode: 0,
      volunteerName: 'ann',
      team: 'icrar',
      appVersion: appVersion(),
      coreVersion: o.coreVersion ?? FIT_CORE_VERSION
    })
    return await sealEnvelope(v.key, { kind: 'result', payload, ...(o.timestampMs !== undefined ? { timestampMs: o.timestampMs } : {}) })
  }

  /**
   * Asks a verifier (in-process, or any peer by id) for a verdict on `replicas`, as the coordinator (or as `from`).
   * An in-process verifier that answers PENDING is asked again once it reports the verdict, as the coordinator would
   * after the wait it was told: the final answer is returned.
   */
  async verify (to: TestVerifier | PeerId, replicas: Uint8Array[], o: AskOptions = {}): Promise<Response<Verdict>> {
    if (!('node' in to)) return await this.ask(to, replicas, o)
    const seen = to.verdicts.length
    const first = await this.ask(to, replicas, o)
    if (first.body.outcome !== 'pending') return first
    await this.verdictAfter(to, seen)
    return await this.ask(to, replicas, o)
  }

  /** Resolves once `v` has reported more than `seen` verdicts (bounded: a test's own timeout is longer). */
  async verdictAfter (v: TestVerifier, seen: number): Promise<void> {
    const signal = AbortSignal.timeout(120_000)
    while (v.verdicts.length <= seen) {
      await new Promise<void>((resolve, reject) => {
        v.onVerdict.push(resolve)
        signal.addEventListener('abort', () => { reject(new Error('no verdict reported in time')) }, { once: true })
      })
    }
  }

  /** One verify request: the verifier's first answer, PENDING included. */
  async ask (to: TestVerifier | PeerId, replicas: Uint8Array[], o: AskOptions = {}): Promise<Response<Verdict>> {
    const from = o.from ?? this.coordinator.node
    return await request(from.libp2p, 'node' in to ? to.node.peerId : to, 'verify', {
      unitId: o.unitId ?? this.unit.unitId,
      ...(o.inlineUnit === true ? { unit: encodeWorkUnit(this.unit) } : { unitCid: this.unitCid }),
      replicas,
      libraryCids: this.coordinator.libraries.map((l) => l.cid)
    }, { privateKey: from.identity.privateKey })
  }

  private async tempDir (): Promise<string> {
    const d = await mkdtemp(join(tmpdir(), 'pogs-verifier-'))
    this.dirs.push(d)
    return d
  }

  async close (): Promise<void> {
    for (const v of this.verifiers) await v.service.stop()
    await Promise.all([...this.verifiers.map(async (v) => { await v.node.stop() }), ...this.others.map(async (n) => { await n.stop() })])
    await this.coordinator.stop()
    await Promise.all(this.dirs.map(async (d) => { await rm(d, { recursive: true, force: true }) }))
  }
}
