// The freeloaders of `pogs demo --chaos`, an entry script of their own (not a `pogs` command), one key each:
//   node freeloader.js --as lazy|copier --bootstrap COORDINATOR_MULTIADDR [--dial-from IP] [--json]
// - lazy: takes a unit and answers with random bytes (signed, with their own digest), then asks for work again;
// - copier: takes a unit and lets its instance time out; once told where the galaxy's archive is (a line of JSON
//   {"archive": PATH} on standard input), it fetches its unit's canonical result by the CID the archive names and
//   submits it as its own.
// Each attempt's outcome is printed (`attempt` {what, outcome}: the coordinator's refusal code, or ACCEPTED), then
// `done`. The coordinator must refuse all of them: the lazy key is banned (ERR_BANNED afterwards), the copy earns
// nothing (ERR_RESULT_PUBLISHED).
import '../../../src/util/polyfill.js'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { setTimeout as delay } from 'node:timers/promises'
import type { Multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import type { Command } from '../../command.js'
import { EventPrinter } from '../../cli/event-printer.js'
import { bootstrapPeers } from '../../cli/peer-flags.js'
import { exitWith, runCommand } from '../../cli/run-command.js'
import { openArchive } from '../../../src/archive/read-archive.js'
import { FIT_CORE_VERSION } from '../../../src/fit/core-version.js'
import { RemoteError } from '../../../src/net/errors.js'
import { fetchBytes } from '../../../src/net/fetch-content.js'
import type { Assignment } from '../../../src/net/messages/index.js'
import { startPogsNode, type PogsNode } from '../../../src/net/node.js'
import { request } from '../../../src/net/request-response.js'
import { appVersion } from '../../../src/util/app-version.js'
import { parseCommandArgs } from '../../../src/util/args.js'
import { PogsError, UsageError } from '../../../src/util/errors.js'
import { digestOf } from '../../../src/work/unit-result.js'
import { timeoutSignal } from '../../../src/util/timeout-signal.js'

/** Bytes a copied result may have at most (a 20-pixel demo unit's result is ~160 kB). */
const MAX_COPY_BYTES = 4 * 1024 * 1024

const command: Command = {
  summary: 'chaos tool: a key that answers with random bytes (lazy) or submits a published result as its own (copier)',
  usage: 'freeloader --as lazy|copier --bootstrap COORDINATOR_MULTIADDR [--dial-from IP] [--json]',
  async run (argv) {
    const { values } = parseCommandArgs(argv, { as: { type: 'string' }, bootstrap: { type: 'string', multiple: true }, 'dial-from': { type: 'string' }, json: { type: 'boolean', default: false } })
    if (values.as !== 'lazy' && values.as !== 'copier') throw new UsageError('--as must be lazy or copier')
    if (values.bootstrap === undefined) throw new UsageError('--bootstrap COORDINATOR_MULTIADDR is required')
    const [coordinator] = await bootstrapPeers(values.bootstrap)
    const out = new EventPrinter(values.json)
    const dataDir = await mkdtemp(join(tmpdir(), `pogs-${values.as}-`))
    // Its own address (--dial-from), so the coordinator sees it on a network of its own.
    const dialFrom = values['dial-from']
    const node = await startPogsNode({ dataDir, bootstrap: [coordinator], ...(dialFrom !== undefined ? { dialFrom, listen: [`/ip4/${dialFrom}/tcp/0`] } : {}) })
    const outcomes: string[] = []
    const note = (what: string, outcome: string): void => { outcomes.push(outcome); out.emit('attempt', { what, outcome }) }
    try {
      out.emit('ready', { peerId: node.peerId.toString(), as: values.as })
      const units = await askForWork(node, coordinator)
      out.emit('holding', { units: units.map((u) => u.instanceId) })
      if (values.as === 'lazy') {
        for (const a of units) note('random bytes as a result', await submit(node, coordinator, a, randomBytes(4096)))
        note('work request after that', await askCode(node, coordinator))
      } else {
        const { archive } = JSON.parse(await firstLine()) as { archive: string }
        for (const a of units) {
          const published = await canonicalResult(node, archive, a.unitId)
          note('a published canonical result as its own', await submit(node, coordinator, a, published.bytes, published.cid))
        }
      }
    } finally {
      await node.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
    const accepted = outcomes.filter((o) => o === 'ACCEPTED').length
    out.emit('done', { peerId: node.peerId.toString(), attempts: outcomes.length, accepted })
    return accepted === 0 ? 0 : 1
  }
}

/** One unit, asked for until the coordinator gives one (it may be restarting, or have none free yet). */
async function askForWork (node: PogsNode, coordinator: Multiaddr): Promise<Assignment[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      const { body } = await request(node.libp2p, coordinator, 'work', { cores: 1, maxUnits: 1, appVersion: appVersion(), libraries: [], coreVersion: FIT_CORE_VERSION }, { privateKey: node.identity.privateKey })
      if (body.units.length > 0) return body.units
    } catch (err) {
      if (attempt >= 60) throw err
    }
    await delay(2_000)
  }
}

/** The code the coordinator answers a work request with (ACCEPTED when it answers with work or a wait). */
async function askCode (node: PogsNode, coordinator: Multiaddr): Promise<string> {
  try {
    await request(node.libp2p, coordinator, 'work', { cores: 1, maxUnits: 1, appVersion: appVersion(), libraries: [], coreVersion: FIT_CORE_VERSION }, { privateKey: node.identity.privateKey })
    return 'ACCEPTED'
  } catch (err) {
    return codeOf(err)
  }
}

/**
 * Submits `bytes` as the instance's result, signed with this key: inline, or by `cid` when given (a published
 * result is content anyone can fetch, and may be larger than an inline result may be). The coordinator's code or
 * ACCEPTED.
 */
async function submit (node: PogsNode, coordinator: Multiaddr, a: Assignment, bytes: Uint8Array, cid?: CID): Promise<string> {
  try {
    const { body } = await request(node.libp2p, coordinator, 'result', {
      unitId: a.unitId, instanceId: a.instanceId, nonce: a.nonce, digest: digestOf(bytes), resultCid: cid, result: cid === undefined ? bytes : undefined, cpuMs: 1, errorCode: 0, volunteerName: '', team: '', appVersion: appVersion(), coreVersion: FIT_CORE_VERSION
    }, { privateKey: node.identity.privateKey })
    return body.accepted ? 'ACCEPTED' : body.reason
  } catch (err) {
    return codeOf(err)
  }
}

/** The canonical result of `unitId` as published: the CID the archive's provenance names for the unit's first area
 * (unit ids are `g<galaxy>a<first area>`), fetched from whoever holds it. */
async function canonicalResult (node: PogsNode, archive: string, unitId: string): Promise<{ cid: CID, bytes: Uint8Array }> {
  const area = Number(/a(\d+)$/.exec(unitId)?.[1])
  const a = await openArchive(archive)
  let cid: string | undefined
  try {
    cid = a.facts.provenance.find((p) => p.area === area)?.resultCids[0]
  } finally {
    a.close()
  }
  if (cid === undefined) throw new Error(`the archive names no result for area ${area}`)
  const parsed = CID.parse(cid)
  return { cid: parsed, bytes: await fetchBytes(node.helia, parsed, MAX_COPY_BYTES, { signal: timeoutSignal(60_000) }) }
}

/** The code a refusal carries: the peer's own for a RemoteError. */
function codeOf (err: unknown): string {
  if (err instanceof RemoteError) return err.remoteCode
  return err instanceof PogsError ? err.code : 'DROPPED'
}

async function firstLine (): Promise<string> {
  const lines = createInterface({ input: process.stdin })
  for await (const line of lines) {
    if (line.trim() !== '') { lines.close(); return line }
  }
  throw new Error('standard input ended before the archive was named')
}

exitWith('freeloader', runCommand('freeloader', command, process.argv.slice(2)))
