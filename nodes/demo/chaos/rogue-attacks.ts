// What the rogue peer of `pogs demo --chaos` (rogue.ts) does: it sends garbage to every protocol of the peers it
// is given, and, as a "volunteer", asks for real work and answers with forged and replayed signatures. Each
// attempt's outcome (the error code the target answered, or that the connection was dropped) is reported, so the
// run can say what was rejected and check that nothing was accepted.
import { randomBytes } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { lpStream } from '@libp2p/utils'
import type { Multiaddr } from '@multiformats/multiaddr'
import { Envelope } from '../../../protocols/envelope.js'
import { openEnvelope, sealEnvelope } from '../../../src/net/envelope.js'
import { MESSAGE_CODECS } from '../../../src/net/messages/index.js'
import type { PogsNode } from '../../../src/net/node.js'
import { PROTOCOLS, type ProtocolName } from '../../../src/net/protocols.js'
import { request } from '../../../src/net/request-response.js'
import { PogsError } from '../../../src/util/errors.js'
import { appVersion } from '../../../src/util/app-version.js'
import { FIT_CORE_VERSION } from '../../../src/fit/core-version.js'
import { timeoutSignal } from '../../../src/util/timeout-signal.js'

/** One attempt and how the target answered. */
export interface RogueAttempt {
  target: string
  protocol: string
  what: string
  /** The error code the target answered with, 'ACCEPTED' when it took the message (a failure of the target), or 'DROPPED'. */
  outcome: string
}

/** Sends one raw frame and returns the code of the target's signed error reply, or DROPPED. */
async function rawFrame (node: PogsNode, target: Multiaddr, protocol: string, frame: Uint8Array, lengthPrefixed = true): Promise<string> {
  try {
    const stream = await node.libp2p.dialProtocol(target, protocol, { signal: timeoutSignal(10_000) })
    try {
      if (lengthPrefixed) {
        const lp = lpStream(stream, { maxDataLength: 8 * 1024 * 1024 })
        await lp.write(frame)
        const reply = await openEnvelope((await lp.read({ signal: timeoutSignal(10_000) })).subarray(), ['error', 'result-ack', 'work-assignment', 'verdict', 'pin-receipt'])
        return reply.kind === 'error' ? MESSAGE_CODECS.error.decode(reply.payload).code : 'ACCEPTED'
      }
      stream.send(frame)
      await stream.close()
      return 'DROPPED'
    } finally {
      stream.abort(new Error('done'))
    }
  } catch (err) {
    return err instanceof PogsError ? err.code : 'DROPPED'
  }
}

/** Garbage to one protocol of one peer: random bytes, an oversized length prefix, a forged and a wrong-domain envelope. */
export async function sendGarbage (node: PogsNode, target: Multiaddr, name: ProtocolName): Promise<RogueAttempt[]> {
  const spec = PROTOCOLS[name]
  const t = target.toString()
  const out: RogueAttempt[] = []
  const note = (what: string, outcome: string): void => { out.push({ target: t, protocol: spec.id, what, outcome }) }
  note('random bytes', await rawFrame(node, target, spec.id, randomBytes(200)))
  // A varint announcing 64 MiB: the frame limit refuses it before reading.
  note('oversized frame', await rawFrame(node, target, spec.id, Uint8Array.from([0x80, 0x80, 0x80, 0x20, 1, 2, 3]), false))
  const sealed = Envelope.decode(await sealEnvelope(node.identity.privateKey, { kind: spec.request, payload: randomBytes(64) }))
  sealed.signature = randomBytes(64) as Uint8Array<ArrayBuffer>
  note('forged signature', await rawFrame(node, target, spec.id, Envelope.encode(sealed)))
  note('wrong domain', await rawFrame(node, target, spec.id, await sealEnvelope(node.identity.privateKey, { kind: 'manifest', payload: randomBytes(32) })))
  return out
}

/**
 * Asks the coordinator for work with this peer's real key, then answers each assignment with a result signed by
 * another key, one whose signature was altered, and a replay of a sealed request.
 */
export async function forgeResults (node: PogsNode, coordinator: Multiaddr): Promise<RogueAttempt[]> {
  const t = coordinator.toString()
  const out: RogueAttempt[] = []
  const note = (what: string, outcome: string): void => { out.push({ target: t, protocol: PROTOCOLS.result.id, what, outcome }) }
  // The coordinator may be restarting (the chaos run kills it): ask a few times.
  let body: Awaited<ReturnType<typeof request<'work'>>>['body'] | undefined
  for (let attempt = 0; body === undefined; attempt++) {
    try {
      body = (await request(node.libp2p, coordinator, 'work', { cores: 1, maxUnits: 1, appVersion: appVersion(), libraries: [], coreVersion: FIT_CORE_VERSION }, { privateKey: node.identity.privateKey })).body
    } catch (err) {
      if (attempt >= 20) { note('work request', err instanceof PogsError ? err.code : 'DROPPED'); return out }
      await delay(1_000)
    }
  }
  for (const a of body.units) {
    const submission = MESSAGE_CODECS.result.encode({
      unitId: a.unitId, instanceId: a.instanceId, nonce: a.nonce, digest: randomBytes(32), resultCid: undefined, result: randomBytes(1024), cpuMs: 1, errorCode: 0, volunteerName: 'rogue', team: '', appVersion: appVersion(), coreVersion: FIT_CORE_VERSION
    })
    const other = await generateKeyPair('Ed25519')
    note('result signed by another key', await rawFrame(node, coordinator, PROTOCOLS.result.id, await sealEnvelope(other, { kind: 'result', payload: submission })))
    const altered = Envelope.decode(await sealEnvelope(node.identity.privateKey, { kind: 'result', payload: submission }))
    altered.signature[0] ^= 1
    note('result with an altered signature', await rawFrame(node, coordinator, PROTOCOLS.result.id, Envelope.encode(altered)))
    // The same sealed work request twice: the second is a replay.
    const again = await sealEnvelope(node.identity.privateKey, { kind: 'work-request', payload: MESSAGE_CODECS['work-request'].encode({ cores: 1, maxUnits: 0, appVersion: appVersion(), libraries: [], coreVersion: FIT_CORE_VERSION }) })
    await rawFrame(node, coordinator, PROTOCOLS.work.id, again)
    note('replayed work request', await rawFrame(node, coordinator, PROTOCOLS.work.id, again))
  }
  if (body.units.length === 0) note('no work was assigned to forge against', 'SKIPPED')
  return out
}
