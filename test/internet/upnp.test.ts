import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { repoRoot } from '../../src/util/repo-root.js'
import { pogsArgv, runPogs } from '../helpers/cli.js'
import {
  assertNetnsSupport, createInternet, jsonLines, named, startUpnpRouter, type Host, type Internet, type JsonEvent,
  type JsonLines, type HomeHost, type Router, type UpnpRouter
} from '../helpers/netns/index.js'
import { buildOnceOrFailEach } from '../helpers/netns/setup.js'

// UPnP port mapping through a real IGD: a home router runs miniupnpd (test/helpers/netns/upnp-router.ts), a volunteer
// behind it is a real `pogs volunteer --upnp` process, a seed is on the public segment. The volunteer must get a port
// forwarded on its router and advertise the router's address and that port; a peer on the public segment must then
// reach it there directly, through the router's DNAT rule (the router drops everything else that comes unasked).

const PORT = 4001
/** Well above the ~0.5 s it takes on an idle machine: two cores shared by every process of the run (and others). */
const MAPPING_TIMEOUT_MS = 90_000

interface Proc { events: JsonLines, id: string, stop: () => Promise<void>, startedAt: number }

let net: Internet | undefined
let work = ''
let home: Router
let volHost: HomeHost
let upnp: UpnpRouter
let volunteer: Proc
let dialer: { events: JsonLines, send: (c: Record<string, unknown>) => void }

buildOnceOrFailEach(build, 180_000)
afterAll(async () => {
  await net?.teardown()
  if (work !== '') await rm(work, { recursive: true, force: true })
})

async function build (): Promise<void> {
  assertNetnsSupport()
  work = await mkdtemp(join(tmpdir(), 'pogs-upnp-'))
  net = await createInternet()
  const seedHost = await net.addPublicHost('seed')
  const dialHost = await net.addPublicHost('peer')
  const stunHost = await net.addPublicHost('stun')
  home = await net.addRouter('home', { nat: 'keep-ports' })
  volHost = await net.addHomeHost(home, 'vol')
  upnp = await startUpnpRouter(net, home, stunHost, work)
  const cidr = net.publicCidr
  const seed = await startPogs(seedHost, ['seed', '--data', join(work, 'seed'), '--listen', `/ip4/0.0.0.0/tcp/${PORT}`,
    '--announce', `/ip4/${seedHost.address}/tcp/${PORT}`, '--reachable-cidr', cidr])
  // No coordinator: the volunteer looks for its project in vain, which is beside the point here.
  const project = JSON.parse((await runPogs(['id', '--data', join(work, 'project'), '--json'])).stdout) as { peerId: string }
  volunteer = await startPogs(volHost, ['volunteer', '--data', join(work, 'vol'), '--project', project.peerId,
    '--bootstrap', `/ip4/${seedHost.address}/tcp/${PORT}/p2p/${seed.id}`, '--reachable-cidr', cidr, '--upnp', '--cpus', '1'])
  // A plain libp2p node on the public segment (hole-punch-peer.ts: TCP, Noise, Yamux, identify, a command loop).
  const child = net.run(dialHost, process.execPath, ['--import', 'tsx', join(repoRoot(), 'test', 'helpers', 'hole-punch-peer.ts'), 'relay', String(PORT)], { cwd: repoRoot() })
  dialer = { events: jsonLines(child), send: (c) => { child.stdin.write(JSON.stringify(c) + '\n') } }
  await dialer.events.next(named('ready'), { timeoutMs: 30_000 })
}

async function startPogs (host: Host, args: string[]): Promise<Proc> {
  if (net === undefined) throw new Error('the internet was not built')
  const startedAt = Date.now()
  const child = net.run(host, process.execPath, pogsArgv([...args, '--json']), { cwd: repoRoot() })
  const events = jsonLines(child)
  const ready = await events.next(named('ready'), { timeoutMs: 60_000 })
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise<void>((resolve) => { child.once('exit', () => { resolve() }) })
    child.kill('SIGTERM')
    await exited
  }
  return { events, id: String(ready.peerId), stop, startedAt }
}

const mapped = (e: JsonEvent): boolean => e.event === 'upnp' && e.outcome === 'mapped'

describe('UPnP port mapping on a home router', () => {
  let external = ''

  test('a volunteer with --upnp gets a port forwarded on its router and advertises the router\'s address and port', async () => {
    const m = await volunteer.events.next(mapped, { timeoutMs: MAPPING_TIMEOUT_MS }).catch((err: Error) => {
      const steps = volunteer.events.events.filter((e) => e.event === 'upnp')
      throw new Error(`${err.message}\nupnp events: ${JSON.stringify(steps)}\nminiupnpd: ${upnp.log().slice(-3000)}`)
    })
    const at = volunteer.events.receivedAt(m) ?? Date.now()
    external = String(m.external)
    const externalPort = Number(external.split('/').pop())
    expect(m.internal).toMatch(new RegExp(`^/ip4/${volHost.address.replaceAll('.', '\\.')}/tcp/\\d+$`))
    expect(external).toMatch(new RegExp(`^/ip4/${home.wanAddress.replaceAll('.', '\\.')}/tcp/\\d+$`))
    // The router holds the forward: its DNAT rule sends that port to the volunteer's listen address.
    const internalPort = Number(String(m.internal).split('/').pop())
    expect(await upnp.forwards()).toContainEqual({ externalPort, internalHost: volHost.address, internalPort })
    // The volunteer advertises it (and still no home address).
    const advertised = `${external}/p2p/${volunteer.id}`
    const addresses = await volunteer.events.next((e) => e.event === 'addresses' && (e.addrs as string[]).includes(advertised), { timeoutMs: 30_000 })
    expect((addresses.addrs as string[]).filter((a) => a.includes(volHost.address))).toEqual([])
    process.stdout.write(`upnp: ${String(m.internal)} -> ${external}, ${String(m.ms)} ms after the service started, ` +
      `${at - volunteer.startedAt} ms after the volunteer was spawned\n`)
  })

  test('a peer on the public segment dials the volunteer directly at the router\'s address and mapped port', async () => {
    expect(external).not.toBe('')
    const addr = `${external}/p2p/${volunteer.id}`
    dialer.send({ cmd: 'dial', addr })
    expect(await dialer.events.next(named('dialled'), { timeoutMs: 20_000 })).toMatchObject({ limited: false })
    dialer.send({ cmd: 'connections', peer: volunteer.id })
    const conns = await dialer.events.next(named('connections'), { timeoutMs: 20_000 })
    expect(conns.direct).toHaveLength(1)
    expect((conns.direct as string[])[0]).toMatch(new RegExp(`^${external}(/p2p/${volunteer.id})?$`))
    expect(conns.relayed).toEqual([])
  })

  test('a volunteer that stops removes its forward from the router', async () => {
    await volunteer.stop()
    expect(await upnp.forwards()).toEqual([])
  })
})
