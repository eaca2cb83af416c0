// The demo's main part: a whole network on loopback, each role its own process, processes the sample
// galaxy from `pogs galaxy add` to a mirrored HDF5 archive. Plain, or with --chaos faults injected
// (chaos/run-chaos.ts).
import { once } from 'node:events'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { openArchive } from '../../src/archive/read-archive.js'
import { readFilters } from '../../src/fit/index.js'
import { readFits } from '../../src/galaxy/fits/index.js'
import { cutAreas } from '../../src/galaxy/areas.js'
import { galaxyFromFits } from '../../src/galaxy/galaxy-input.js'
import { LocalNetwork, type LocalPeer } from '../../src/localnet/local-network.js'
import { RoleProcess, type RoleEvent } from '../../src/localnet/role-process.js'
import { isErrorCode } from '../../src/util/error-codes.js'
import { CHAOS_COORDINATOR_FLAGS, chaosVolunteerFlags, chaosVolunteers, runChaos, type ChaosReport } from './chaos/run-chaos.js'
import { printRecovery } from './sample-galaxy.js'
import { spotCheck } from './spot-check.js'
import { printCredit, printRejections } from './report.js'
import { untilTerminated } from '../cli/terminated.js'
import { timeoutSignal } from '../../src/util/timeout-signal.js'

export interface NetworkDemoOptions {
  /** Working directory: every peer's data directory goes under it. */
  dir: string
  fits: string
  truth: string | undefined
  libraries: string
  volunteers: number
  verifiers: number
  mirrors: number
  cpusPerVolunteer: number
  /** Faults and cheaters (chaos/run-chaos.ts). */
  chaos: boolean
  /** Instance deadline, seconds. */
  deadlineS: number
  json: boolean
  /** Pixels re-fitted locally to check the archive against `pogs galaxy fit`. */
  spotCheckPixels: number
  /** Gives up after this long. */
  timeoutMs: number
  /** The coordinator's dashboard address (HOST:PORT, `pogs coordinator --http`). */
  http?: string
  /** After the run, keep every peer (and the dashboard) running until SIGINT/SIGTERM. */
  keepServing?: boolean
  /** Human-readable output (stdout, or stderr with --json). */
  say: (text: string) => void
}

export interface NetworkDemoResult {
  archive: string
  cid: string
  ok: boolean
}

/** Runs the network until the galaxy is archived and mirrored, reports, stops every peer. */
export async function runNetworkDemo (o: NetworkDemoOptions): Promise<NetworkDemoResult> {
  const started = Date.now()
  const filters = readFilters(join(o.libraries, 'filters.dat'))
  const galaxy = galaxyFromFits(readFits(o.fits), filters, {}, o.fits)
  const areas = cutAreas(galaxy)
  const pixels = areas.reduce((n, a) => n + a.pixels.length, 0)
  o.say(`network: 1 coordinator, ${o.verifiers} verifiers, ${o.mirrors} mirror, ${o.volunteers} volunteers (${o.cpusPerVolunteer} core each), each its own process${o.chaos ? ', with faults (--chaos)' : ''}\n`)
  await mkdir(o.dir, { recursive: true })
  const net = await LocalNetwork.start({
    dir: o.dir,
    libraries: o.libraries,
    volunteers: o.volunteers,
    verifiers: o.verifiers,
    mirrors: o.mirrors,
    verifierQuorum: o.verifiers,
    receipts: Math.min(1, o.mirrors),
    cpusPerVolunteer: o.cpusPerVolunteer,
    recomputeRate: 0.1,
    // Units of one or two areas, so every volunteer has work (with --chaos, one area each: every attacker key must
    // get a unit to be caught); volunteers without work ask again after 5 s.
    coordinatorFlags: ['--pixels-per-unit', o.chaos ? '10' : '20', '--deadline', String(o.deadlineS), '--retry-after', '5', ...(o.http === undefined ? [] : ['--http', o.http]),
      ...(o.chaos ? CHAOS_COORDINATOR_FLAGS : [])],
    extraVolunteers: o.chaos ? chaosVolunteers() : [],
    ...(o.chaos ? { volunteerFlags: chaosVolunteerFlags } : {}),
    // The galaxy is there before the volunteers ask for work (an empty answer sends them away for a minute).
    afterCoordinator: async (n) => {
      o.say(`project ${n.project} at ${n.bootstrap}\n`)
      if (o.http !== undefined) await sayDashboard(n, o)
      const add = new RoleProcess('galaxy add', ['galaxy', 'add', o.fits, '--data', n.coordinator.dataDir])
      if (await add.exited !== 0) throw new Error(`pogs galaxy add failed: ${add.errorOutput()}`)
      o.say(`${galaxy.name}: ${galaxy.width}x${galaxy.height} pixels, ${pixels} to fit in ${areas.length} areas, submitted with pogs galaxy add\n`)
      await n.coordinator.process.next('galaxy-added')
    }
  })
  const deadline = timeoutSignal(o.timeoutMs)
  const spawned: RoleProcess[] = []
  try {
    const progress = followProgress(net, pixels, o.say)
    // Settled at once into a value, so a failing fault injection cannot become an unhandled rejection meanwhile.
    const chaos: Promise<ChaosReport | Error> | undefined = o.chaos ? runChaos(net, deadline, spawned).catch((err: unknown) => err instanceof Error ? err : new Error(String(err))) : undefined
    const archived = await nextFromCoordinator(net, 'archived', deadline).catch((err: unknown) => {
      if (deadline.aborted) sayLastEvents(net, o.say)
      throw err
    })
    progress.stop()
    const archive = String(archived.archive)
    const cid = String(archived.cid)
    const chaosOutcome = await chaos
    if (chaosOutcome instanceof Error) throw chaosOutcome
    const chaosReport = chaosOutcome
    o.say(`\narchived in ${((Date.now() - started) / 1000).toFixed(0)} s: ${archive}\n  CID ${cid}\n`)
    // The copier submits its copy of a published result now; bans and credit are checked.
    await chaosReport?.finish(archive)
    if (o.mirrors > 0) {
      const receipt = await nextFromCoordinator(net, 'receipt', deadline, (e) => e.cid === cid)
      o.say(`  pinned by mirror ${String(receipt.mirror)}\n`)
    }
    printCredit(net, o.say)

    const a = await openArchive(archive)
    let spot
    try {
      spot = await spotCheck(a, galaxy, filters, o.libraries, o.spotCheckPixels)
      if (chaosReport !== undefined) {
        const credited = new Set(a.facts.volunteers)
        const leaked = chaosReport.dishonest.filter((p) => credited.has(p))
        chaosReport.checks.push({ what: 'no result of an attacker key, the rogue peer or the copier is in the archive', ok: leaked.length === 0 })
        const fittedCount = a.facts.pixelsProcessed
        chaosReport.checks.push({ what: `no pixel lost: ${fittedCount} of ${pixels} pixels in the archive`, ok: fittedCount === pixels })
        chaosReport.ok = chaosReport.checks.every((c) => c.ok)
      }
      if (o.truth !== undefined) {
        const fitted = []
        for (const area of areas) {
          for (const [x, y] of area.pixels) {
            const p = a.pixel(x, y)
            if (p !== undefined) fitted.push({ x, y, fit: { summary: Float64Array.from(p.summary) } })
          }
        }
        o.say(`\n${fitted.length} of ${pixels} pixels fitted; recovery of the truth the galaxy was made from:\n`)
        printRecovery(o.truth, fitted, o.say)
      }
    } finally {
      a.close()
    }
    o.say(`\nspot check: ${spot.compared} pixels re-fitted here with the same libraries: ${spot.differences.length === 0 ? 'identical to the archive' : `DIFFERENT: ${spot.differences.join('; ')}`}\n`)
    printRejections(net, chaosReport, o.say)
    if (o.json) process.stdout.write(JSON.stringify({ event: 'archived', fits: o.fits, archive, libraries: o.libraries, cid }) + '\n')
    if (o.keepServing === true) {
      const url = net.coordinator.process.events.find((e) => e.event === 'http')?.url
      o.say(`\nkeeping the network running${url === undefined ? '' : `, dashboard at ${String(url)}`}; Ctrl-C stops\n`)
      await untilTerminated()
    }
    return { archive, cid, ok: spot.differences.length === 0 && (chaosReport?.ok ?? true) }
  } finally {
    await Promise.all(spawned.map(async (p) => await p.kill()))
    await net.stop()
  }
}

/**
 * Prints the dashboard's URL once the coordinator serves it (its `http` event; a `warning` instead when the port
 * was taken meanwhile). With --json the URL also goes to stdout as {"event":"http","url":...}.
 */
async function sayDashboard (n: LocalNetwork, o: Pick<NetworkDemoOptions, 'json' | 'say'>): Promise<void> {
  const proc = n.coordinator.process
  const served = proc.next('http')
  const refused = proc.next('warning', (w) => isErrorCode(w.code) && w.code === 'ERR_HTTP_UNAVAILABLE')
  // The loser stays pending until the process exits, then rejects: nobody must be left to see that as unhandled.
  served.catch(() => {})
  refused.catch(() => {})
  const e = await Promise.race([served, refused])
  if (e.event !== 'http') { o.say(`dashboard unavailable: ${String(e.message)}\n`); return }
  o.say(`dashboard: ${String(e.url)}\n`)
  if (o.json) process.stdout.write(JSON.stringify({ event: 'http', url: e.url }) + '\n')
}

/**
 * The coordinator's first event of this name matching `where`, across restarts (the chaos run kills it once):
 * events of earlier processes count, and a wait on a process that dies moves on to its successor.
 */
async function nextFromCoordinator (net: LocalNetwork, name: string, signal: AbortSignal, where: (e: RoleEvent) => boolean = () => true): Promise<RoleEvent> {
  const earlier = net.coordinator.previous.flatMap((p) => p.events).find((e) => e.event === name && where(e))
  if (earlier !== undefined) return earlier
  while (true) {
    const proc = net.coordinator.process
    try {
      return await proc.next(name, where, { signal })
    } catch (err) {
      signal.throwIfAborted()
      if (net.coordinator.process === proc && net.coordinator.restarting !== true) throw err
      if (net.coordinator.process === proc) await once(net, 'restarted', { signal })
    }
  }
}

/** Prints the share of pixels assimilated: a bar on a terminal, a line per 10% otherwise. */
function followProgress (net: LocalNetwork, total: number, say: (s: string) => void): { stop: () => void } {
  let done = 0
  let shownTenth = 0
  let stopped = false
  const seen = new Set<string>()
  const onEvent = (e: RoleEvent): void => {
    if (stopped || e.event !== 'assimilated' || seen.has(String(e.unitId))) return
    seen.add(String(e.unitId))
    done += Number(e.pixels ?? 0)
    const tenth = Math.floor((10 * done) / Math.max(1, total))
    if (tenth > shownTenth) {
      shownTenth = tenth
      say(`  ${Math.min(100, tenth * 10)}% of pixels verified and assimilated (${done}/${total})\n`)
    }
  }
  net.coordinator.process.on(onEvent)
  const onRestart = (peer: LocalPeer): void => { if (peer === net.coordinator) peer.process.on(onEvent) }
  net.on('restarted', onRestart)
  return { stop: () => { stopped = true; net.off('restarted', onRestart) } }
}

/** On a timeout: what each peer did last, so a stuck run says where it stuck. */
function sayLastEvents (net: LocalNetwork, say: (s: string) => void): void {
  say('\ntimed out; the last events of each peer:\n')
  for (const p of net.all()) {
    const events = [...p.previous, p.process].flatMap((r) => r.events).filter((e) => e.event !== 'waiting').slice(-4)
    say(`  ${p.label}:\n`)
    for (const e of events) say(`    ${JSON.stringify(e).slice(0, 200)}\n`)
  }
}
