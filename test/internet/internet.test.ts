import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { compareArchives } from '../../src/archive/compare-archives.js'
import { openArchive } from '../../src/archive/read-archive.js'
import { runPogs } from '../helpers/cli.js'
import { assertNetnsSupport, createInternet, named, type Internet } from '../helpers/netns/index.js'
import { buildOnceOrFailEach } from '../helpers/netns/setup.js'
import { LIBRARY_BYTES, PogsProject, synthGalaxy } from '../helpers/netns/pogs-project.js'
import { MAGPHYS_LIBS } from '../helpers/reference-data.js'

// pogs across hosts and NATs (docs/network.md, "Testing across hosts and NATs"): a whole project on a small
// internet built in network namespaces (test/helpers/netns/pogs-project.ts: seed, coordinator, two verifiers and a
// mirror on a public segment; two volunteers behind a port-keeping NAT, two behind a port-randomising one; the
// public segment is a private range the test chooses, marked with --reachable-cidr). A first galaxy goes through
// end to end; then the coordinator moves to a new public address in the middle of a second galaxy, and the
// volunteers find it again from its key. POGS_TEST_NETNS_LOGS=DIR keeps every peer's events there.

const GALAXY_MS = 600_000

let net: Internet | undefined
let work: string
let project: PogsProject
let firstFits: string
buildOnceOrFailEach(async () => {
  assertNetnsSupport()
  work = mkdtempSync(join(tmpdir(), 'pogs-internet-'))
  net = await createInternet()
  project = new PogsProject(net, work)
  await project.start(async () => { firstFits = await synthGalaxy(work, 'NGC-netns-1', 8, 17); return firstFits })
}, 600_000)
afterAll(async () => {
  const logs = process.env.POGS_TEST_NETNS_LOGS
  if (logs !== undefined && project !== undefined) {
    mkdirSync(logs, { recursive: true })
    for (const [i, p] of project.peers.entries()) {
      writeFileSync(join(logs, `${i}-${p.host.label}.jsonl`), p.events.events.map((e) => JSON.stringify(e)).join('\n') + '\n')
      writeFileSync(join(logs, `${i}-${p.host.label}.stderr`), p.events.stderr())
    }
  }
  await net?.teardown()
  if (work !== undefined) rmSync(work, { recursive: true, force: true })
})

/** The network's archive equals `pogs galaxy fit` of the same FITS with the same libraries. */
async function expectEqualToLocalFit (archive: string, fits: string): Promise<void> {
  const local = join(work, `local-${Date.now()}.h5`)
  const r = await runPogs(['galaxy', 'fit', fits, '--libraries', MAGPHYS_LIBS, '--out', local, '--threads', '1'])
  if (r.code !== 0) throw new Error(`galaxy fit: ${r.stderr}`)
  const [a, b] = await Promise.all([openArchive(archive), openArchive(local)])
  try {
    const c = compareArchives(a, b)
    expect(c.differences).toEqual([])
    expect(c.compared).toBeGreaterThan(0)
  } finally {
    a.close()
    b.close()
  }
}

/** A loopback address, or one of a home segment (behind a NAT), or any IPv6 one (the namespaces have none). */
const isHome = (a: string): boolean => /\/ip4\/(127\.|192\.168\.)/.test(a) || a.startsWith('/ip6/')

describe('pogs across hosts and NAT routers', () => {
  test('a galaxy goes through: volunteers find the project from the seed, punch holes, share libraries', async () => {
    const { coordinator, verifiers, mirror, volunteers } = project
    const archived = await coordinator.events.next(named('archived'), { timeoutMs: GALAXY_MS })
    await expectEqualToLocalFit(String(archived.archive), firstFits)
    // Both verifiers judged replicas, and the mirror pinned the archive the coordinator recorded.
    for (const v of verifiers) expect(v.events.events.some((e) => e.event === 'verdict'), v.host.label).toBe(true)
    await mirror.events.next((e) => e.event === 'pinned' && e.cid === archived.cid, { timeoutMs: 120_000 })

    // Every volunteer found the project from its key and the seed alone, and reserved a relay slot there; none
    // advertised a loopback or home address.
    for (const v of volunteers) {
      expect(v.events.events.some((e) => e.event === 'manifest'), v.host.label).toBe(true)
      const advertised = v.events.events.filter((e) => e.event === 'addresses' || e.event === 'ready').flatMap((e) => e.addrs as string[])
      expect(advertised.some((a) => a.includes('/p2p-circuit')), v.host.label).toBe(true)
      for (const a of advertised) expect(isHome(a), `${v.host.label} advertised ${a}`).toBe(false)
    }
    // Behind the port-keeping NAT the two volunteers punched a direct connection and one sent the other library
    // blocks over it; no volunteer ever got a block over a relay.
    const [vol1, vol2] = volunteers
    const punchedTo = (a: typeof vol1, b: typeof vol1): boolean => a.events.events.some((e) => e.event === 'hole-punch' && e.peer === b.id && e.outcome === 'direct')
    expect(punchedTo(vol1, vol2) || punchedTo(vol2, vol1)).toBe(true)
    const blocksFrom = (a: typeof vol1, b: typeof vol1): boolean => a.events.events.some((e) => e.event === 'block-source' && e.peer === b.id && e.direct === true)
    expect(blocksFrom(vol2, vol1) || blocksFrom(vol1, vol2)).toBe(true)
    for (const v of volunteers) {
      for (const e of v.events.events.filter((e) => e.event === 'block-source')) expect(e.direct, `${v.host.label} got blocks over a relay`).toBe(true)
    }
    // Behind the randomising NAT punching to the others fails cleanly (that those volunteers still work is the
    // second case's: they compute its galaxy alone).
    for (const v of volunteers.slice(2)) {
      const punches = v.events.events.filter((e) => e.event === 'hole-punch' && [vol1.id, vol2.id].includes(String(e.peer)))
      for (const p of punches) expect(p.outcome, v.host.label).toBe('failed')
    }
    // The coordinator sent the homes at most ~2 copies of the libraries (units and acks included).
    const sent = await project.sentToHomes()
    expect(sent).toBeLessThan(2.3 * LIBRARY_BYTES)

    // Nothing on the DHT names a loopback or home address: what a public peer learns of each volunteer and of
    // the libraries' providers.
    const seen = await project.probe(volunteers.map((v) => v.id), project.libraryCids)
    expect(seen.some((e) => e.kind === 'provider')).toBe(true)
    for (const e of seen) for (const a of e.addrs as string[]) expect(isHome(a), `${String(e.kind)} ${String(e.id)}: ${a}`).toBe(false)
  }, GALAXY_MS + 180_000)

  test('the coordinator moves to a new public address mid-galaxy; volunteers behind the randomising NAT find it again and compute the galaxy alone', async () => {
    // Only the volunteers nobody can punch to are left: everything they get comes from reachable peers.
    const [vol1, vol2, vol3, vol4] = project.volunteers
    await Promise.all([vol1.stop(), vol2.stop()])
    const accepted = (v: typeof vol3): number => v.events.events.filter((e) => e.event === 'submitted' && e.accepted === true).length
    const before = [accepted(vol3), accepted(vol4)]
    const fits = await synthGalaxy(work, 'NGC-netns-2', 8, 29)
    await project.addGalaxy(fits)
    // Mid-run: once the first result of the new galaxy arrived, stop it and start it on another host.
    await project.coordinator.events.next((e) => e.event === 'result', { timeoutMs: 300_000 })
    await project.coordinator.stop()
    project.coordinator = await project.startCoordinator(project.spareHost)
    const archived = await project.coordinator.events.next((e) => e.event === 'archived' && e.galaxy === 'NGC-netns-2', { timeoutMs: GALAXY_MS })
    await expectEqualToLocalFit(String(archived.archive), fits)
    // Volunteers sent results to the coordinator at its new address, and each of the two had results accepted
    // (replication 2, one instance per key: every unit needed both).
    expect(project.coordinator.events.events.some((e) => e.event === 'result')).toBe(true)
    expect(accepted(vol3)).toBeGreaterThan(before[0])
    expect(accepted(vol4)).toBeGreaterThan(before[1])
  }, GALAXY_MS + 120_000)
})
