// pogs across hosts and NATs, measured (docs/network.md, "Measured across namespaces"): the project of
// test/helpers/netns/pogs-project.ts (seed, coordinator, two verifiers, a mirror on a public segment; two
// volunteers behind a port-keeping NAT, two behind a port-randomising one) processes a 12 x 12 galaxy. Reports:
// time from a volunteer's start to its first fitted unit, the libraries' copies the coordinator uploaded to the
// homes, hole-punch attempts and successes, and what the seed sent the homes (DHT, identify and relayed bytes: an
// upper bound on what crossed the relay). Needs root (network namespaces, nftables).
import '../src/util/polyfill.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { assertNetnsSupport, createInternet, named } from '../test/helpers/netns/index.js'
import { LIBRARY_BYTES, PogsProject, synthGalaxy, type ProjectPeer } from '../test/helpers/netns/pogs-project.js'

const SIZE = 12

assertNetnsSupport()
const work = mkdtempSync(join(tmpdir(), 'pogs-bench-internet-'))
const net = await createInternet()
try {
  const project = new PogsProject(net, work)
  const started = Date.now()
  await project.start(async () => await synthGalaxy(work, 'NGC-bench', SIZE, 7))
  const archived = await project.coordinator.events.next(named('archived'), { timeoutMs: 1_800_000 })
  const seconds = (Date.now() - started) / 1000
  const line = (s: string): void => { process.stdout.write(s + '\n') }
  line(`galaxy ${SIZE} x ${SIZE}: ${String(archived.pixels)} pixels archived ${seconds.toFixed(0)} s after the first peer started`)
  const firstFitted = (v: ProjectPeer): string => {
    const e = v.events.events.find((x) => x.event === 'fitted')
    const at = e === undefined ? undefined : v.events.receivedAt(e)
    return at === undefined ? 'none' : `${((at - v.startedAt) / 1000).toFixed(1)} s (${String(e?.pixels)} pixels)`
  }
  for (const v of project.volunteers) {
    const behind = v.host.kind === 'home' ? v.host.router.nat : 'public'
    line(`${v.host.label} (${behind}): start to first fitted unit ${firstFitted(v)}`)
  }
  const sent = await project.sentToHomes()
  line(`coordinator -> homes: ${(sent / 1e6).toFixed(2)} MB = ${(sent / LIBRARY_BYTES).toFixed(2)} copies of the libraries (units and acks included)`)
  const punches = project.volunteers.flatMap((v) => v.events.events.filter((e) => e.event === 'hole-punch' && e.role === 'initiator'))
  const byPath = (outcome: string, path: string): number => punches.filter((p) => p.outcome === outcome && p.path === path).length
  line(`hole-punch sessions started by volunteers: ${punches.length}; direct: ${punches.filter((p) => p.outcome === 'direct').length} ` +
    `(lan ${byPath('direct', 'lan')}, public ${byPath('direct', 'public')}); failed: ${punches.filter((p) => p.outcome === 'failed').length}; ` +
    `attempts ${punches.reduce((n, p) => n + Number(p.attempts), 0)}; median ms of a direct one ${median(punches.filter((p) => p.outcome === 'direct').map((p) => Number(p.ms)))}`)
  const blocks = project.volunteers.flatMap((v) => v.events.events.filter((e) => e.event === 'block-source'))
  line(`block sources seen by volunteers: ${blocks.length}, over a relay: ${blocks.filter((b) => b.direct !== true).length}, ` +
    `from another volunteer: ${blocks.filter((b) => project.volunteers.some((v) => v.id === b.peer)).length}`)
  line(`seed -> homes: ${((await project.seedToHomes()) / 1e3).toFixed(1)} kB (DHT answers, identify, relayed control traffic)`)
} finally {
  await net.teardown()
  rmSync(work, { recursive: true, force: true })
}

function median (xs: number[]): string {
  if (xs.length === 0) return '-'
  const s = [...xs].sort((a, b) => a - b)
  return String(s[Math.floor(s.length / 2)])
}
