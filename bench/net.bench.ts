// Network benchmark: distribution of a 20 MB library to 1, 10 and 30 volunteers, each volunteer its own
// process (running a mirror service, which pins everything the manifest lists: what a volunteer does with
// libraries); sign/verify rates; request/response messages per second on one connection.
// `npm run bench -- net`; `POGS_BENCH_NET_SIZES=1,10` to choose the volunteer counts.
import '../src/util/polyfill.js'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { generateKeyPair } from '@libp2p/crypto/keys'
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'
import { MirrorService } from '../src/mirror/mirror-service.js'
import { openEnvelope, sealEnvelope } from '../src/net/envelope.js'
import { MESSAGE_CODECS } from '../src/net/messages/index.js'
import { startPogsNode, type PogsNode } from '../src/net/node.js'
import { ProtocolServer, request } from '../src/net/request-response.js'
import { repoRoot } from '../src/util/repo-root.js'

ed.hashes.sha512 = sha512
const LIBRARY_BYTES = 20 * 1024 * 1024
const self = fileURLToPath(import.meta.url)

interface Proc { child: ChildProcess, lines: AsyncIterator<string> }

function spawnJson (args: string[], nodeFlags: string[] = []): Proc {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', ...args], { stdio: ['pipe', 'pipe', 'inherit'], cwd: repoRoot() })
  if (child.stdout === null) throw new Error('no stdout')
  return { child, lines: createInterface({ input: child.stdout })[Symbol.asyncIterator]() }
}

async function nextEvent (p: Proc, name: string): Promise<Record<string, unknown>> {
  while (true) {
    const r = await p.lines.next()
    if (r.done === true) throw new Error(`process ended before ${name}`)
    const e = JSON.parse(r.value) as Record<string, unknown>
    if (e.event === name) return e
  }
}

/** Bytes the process has written to files, pipes and sockets so far (/proc/PID/io wchar). */
async function written (pid: number): Promise<number> {
  const io = await readFile(`/proc/${pid}/io`, 'utf8')
  return Number(/wchar: (\d+)/.exec(io)?.[1] ?? NaN)
}

function cpuMs (u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000
}

/** Volunteer host: starts a node, waits for "go" on stdin, mirrors the project, reports. */
async function host (bootstrap: string, project: string, dataDir: string): Promise<void> {
  // Exit (rather than die) on SIGTERM, so that a --cpu-prof profile gets written.
  process.once('SIGTERM', () => process.exit(0))
  const node = await startPogsNode({ dataDir, bootstrap: [bootstrap] })
  process.stdout.write(JSON.stringify({ event: 'ready' }) + '\n')
  await new Promise((resolve) => process.stdin.once('data', resolve))
  const t0 = performance.now()
  const goUs = Number(process.hrtime.bigint() / 1000n)
  const cpuBefore = process.cpuUsage()
  let manifestMs = 0
  const mirror = new MirrorService(node, dataDir, { project, pollIntervalMs: 600_000, events: { manifest: () => { manifestMs = performance.now() - t0 } } })
  // 30 processes on 2 cores take minutes: the limit only stops a run that hangs.
  await mirror.start({ signal: AbortSignal.timeout(1_800_000) })
  process.stdout.write(JSON.stringify({ event: 'pinned', manifestMs, pinnedMs: performance.now() - t0, cpuMs: cpuMs(process.cpuUsage(cpuBefore)), goUs, pinnedUs: Number(process.hrtime.bigint() / 1000n) }) + '\n')
  await new Promise((resolve) => process.stdin.once('data', resolve))
  await mirror.stop()
  await node.stop()
}

async function distribution (volunteers: number, staggered = false): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pogs-bench-net-'))
  const procs: Proc[] = []
  try {
    await mkdir(join(dir, 'libs'))
    await writeFile(join(dir, 'libs', 'library.lbr'), randomBytes(LIBRARY_BYTES))
    const coordinator = spawnJson([join(repoRoot(), 'nodes', 'pogs.ts'), 'coordinator', '--data', join(dir, 'c'), '--libraries', join(dir, 'libs'), '--json'])
    procs.push(coordinator)
    const ready = await nextEvent(coordinator, 'ready')
    await nextEvent(coordinator, 'published')
    const addr = (ready.addrs as string[])[0]
    const hosts = Array.from({ length: volunteers }, (_, i) => spawnJson([self, 'host', addr, ready.project as string, join(dir, `v${i}`)],
      // POGS_BENCH_NET_PROFILE=DIR: a CPU profile of each volunteer, written there when it stops.
      process.env.POGS_BENCH_NET_PROFILE === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${process.env.POGS_BENCH_NET_PROFILE}`]))
    procs.push(...hosts)
    await Promise.all(hosts.map(async (h) => await nextEvent(h, 'ready')))
    const pid = coordinator.child.pid ?? 0
    const before = await written(pid)
    const hostsBefore = await Promise.all(hosts.map(async (h) => await written(h.child.pid ?? 0)))
    const t0 = performance.now()
    const done: Array<Record<string, unknown>> = []
    if (staggered) {
      // Volunteers arriving one after another: each finds the earlier ones as providers.
      for (const h of hosts) {
        h.child.stdin?.write('go\n')
        await nextEvent(h, 'pinned')
      }
    } else {
      for (const h of hosts) h.child.stdin?.write('go\n')
      done.push(...await Promise.all(hosts.map(async (h) => await nextEvent(h, 'pinned'))))
      // With POGS_BENCH_NET_PROFILE: each volunteer's fetch window, to read its profile by (see .tmp/prof-agg.mjs).
      if (process.env.POGS_BENCH_NET_PROFILE !== undefined) await writeFile(join(process.env.POGS_BENCH_NET_PROFILE, 'windows.json'), JSON.stringify(done.map((e, i) => ({ pid: hosts[i].child.pid, goUs: e.goUs, pinnedUs: e.pinnedUs }))))
    }
    const seconds = (performance.now() - t0) / 1000
    const uploaded = (await written(pid)) - before
    // What the volunteers uploaded to each other (and wrote to disk: one copy each for the blocks they keep).
    const hostWrites = await Promise.all(hosts.map(async (h) => await written(h.child.pid ?? 0) - hostsBefore[hosts.indexOf(h)]))
    const perHost = hostWrites.map((b) => b / LIBRARY_BYTES)
    const meanHost = perHost.reduce((a, b) => a + b, 0) / perHost.length
    const spread = (field: string): string => {
      const v = done.map((e) => Number(e[field]) / 1000).sort((a, b) => a - b)
      return v.length === 0 ? '-' : `${v[0].toFixed(1)}/${v[Math.floor(v.length / 2)].toFixed(1)}/${v[v.length - 1].toFixed(1)} s`
    }
    const phases = done.length === 0 ? '' : `; per volunteer (min/median/max): manifest found ${spread('manifestMs')}, pinned ${spread('pinnedMs')}, CPU ${spread('cpuMs')}`
    for (const h of hosts) h.child.stdin?.write('stop\n')
    return `${String(volunteers).padStart(3)} volunteers${staggered ? ' (one after another)' : ' (all at once)'}: all pinned in ${seconds.toFixed(1)} s; coordinator wrote ${(uploaded / 1e6).toFixed(1)} MB ` +
      `= ${(uploaded / LIBRARY_BYTES).toFixed(2)} copies of the library; each volunteer wrote ${meanHost.toFixed(2)} copies on average ` +
      `(most ${Math.max(...perHost).toFixed(2)}; one is its own stored copy)${phases}`
  } finally {
    for (const p of procs) p.child.kill('SIGTERM')
    await Promise.all(procs.map(async (p) => { if (p.child.exitCode === null) await new Promise((resolve) => p.child.once('close', resolve)) }))
    await rm(dir, { recursive: true, force: true })
  }
}

async function rate (label: string, seconds: number, fn: () => Promise<unknown> | unknown): Promise<string> {
  let n = 0
  const end = performance.now() + seconds * 1000
  while (performance.now() < end) { await fn(); n++ }
  return `${label}: ${Math.round(n / seconds).toLocaleString('en')}/s`
}

async function crypto (): Promise<string[]> {
  const key = await generateKeyPair('Ed25519')
  const payload = randomBytes(1024)
  const sealed = await sealEnvelope(key, { kind: 'result', payload })
  const secret = ed.utils.randomSecretKey()
  const sig = ed.sign(payload, secret)
  const pub = ed.getPublicKey(secret)
  return [
    await rate('seal envelope (1 KiB, node:crypto ed25519)', 1, async () => await sealEnvelope(key, { kind: 'result', payload })),
    await rate('open envelope (decode + verify)', 1, async () => await openEnvelope(sealed, 'result')),
    await rate('@noble/ed25519 sign (1 KiB)', 1, () => ed.sign(payload, secret)),
    await rate('@noble/ed25519 verify', 1, () => ed.verify(sig, payload, pub))
  ]
}

async function messages (): Promise<string[]> {
  const dirs = await Promise.all([0, 1].map(async () => await mkdtemp(join(tmpdir(), 'pogs-bench-msg-'))))
  const nodes: PogsNode[] = []
  try {
    const server = await startPogsNode({ dataDir: dirs[0] })
    nodes.push(server)
    const client = await startPogsNode({ dataDir: dirs[1], bootstrap: [server.addrs()[0]] })
    nodes.push(client)
    const rpc = new ProtocolServer(server.libp2p, 'result', async (s) => ({ unitId: s.unitId, instanceId: s.instanceId, accepted: true, reason: '' }), {
      privateKey: server.identity.privateKey,
      rateLimit: { perMinute: 1e9, burst: 1e9, reason: 'benchmark' }
    })
    await rpc.start()
    const body = MESSAGE_CODECS.result.decode(MESSAGE_CODECS.result.encode({
      unitId: 'u', instanceId: 'i', nonce: randomBytes(16), result: randomBytes(4096), digest: randomBytes(32), cpuMs: 1, errorCode: 0, volunteerName: '', team: '', appVersion: '0.1.0', coreVersion: 1
    }))
    const one = async (): Promise<unknown> => await request(client.libp2p, server.peerId, 'result', body, { privateKey: client.identity.privateKey })
    const out = [await rate('signed request/response, one at a time (new stream each, 4 KiB result)', 2, one)]
    out.push(await rate('  same, 8 in flight (batches of 8 counted as 8)', 2, async () => await Promise.all(Array.from({ length: 8 }, one))).then((s) => s.replace(/: ([\d,]+)\/s/, (_m, n: string) => `: ${(Number(n.replace(/,/g, '')) * 8).toLocaleString('en')}/s`)))
    await rpc.stop()
    return out
  } finally {
    for (const n of nodes) await n.stop()
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  }
}

if (process.argv[2] === 'host') {
  await host(process.argv[3], process.argv[4], process.argv[5])
} else {
  const sizes = (process.env.POGS_BENCH_NET_SIZES ?? '1,10,30').split(',').filter((x) => x !== '').map(Number)
  const report = [`load before: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (2 cores)`]
  report.push(...await crypto())
  report.push(...await messages())
  process.stdout.write(report.join('\n') + '\n')
  for (const n of sizes) {
    const line = await distribution(n)
    process.stdout.write(`${line}; load ${loadavg()[0].toFixed(2)}\n`)
  }
  for (const n of (process.env.POGS_BENCH_NET_STAGGERED ?? '10').split(',').filter((x) => x !== '').map(Number)) {
    const line = await distribution(n, true)
    process.stdout.write(`${line}; load ${loadavg()[0].toFixed(2)}\n`)
  }
}
