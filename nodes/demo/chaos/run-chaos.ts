// The faults of `pogs demo --chaos`, injected while the network works: a volunteer that alters its results
// (chaosVolunteers, started with the others), a rogue peer that forges signatures, replays and sends garbage to
// every protocol, a volunteer killed mid-unit (never restarted: its instance must time out and be reissued), the
// coordinator killed with SIGKILL at its first result and restarted, and a verifier stopped for a while (with a
// quorum of all verifiers, nothing is assimilated until it is back). Against free keys (docs/work-lifecycle.md#trust)
// it adds a Sybil: three colluding keys on one loopback address (one network) that alter the same pixel of every
// unit the same way, a lazy key that answers with random bytes, and a copier that submits a published canonical
// result for its timed-out instance once the galaxy is archived (`finish`). Every volunteer asks from its own
// loopback address, and the coordinator groups replicas by address (`chaosCoordinatorFlags`). The dishonest,
// colluding and freeloading peers and the rogue are entry scripts beside this file, started with node directly:
// test tools, not `pogs` commands.
import { dirname, extname, join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import type { ExtraVolunteer, LocalNetwork } from '../../../src/localnet/local-network.js'
import { RoleProcess, scriptCommand, type RoleCommand, type RoleEvent } from '../../../src/localnet/role-process.js'

export interface ChaosReport {
  /** What was done, in order. */
  log: string[]
  /** Checks the demo adds to once the archive exists. */
  checks: Array<{ what: string, ok: boolean }>
  ok: boolean
  /** Peer ids whose results must not reach the archive. */
  dishonest: string[]
  /** Once the galaxy is archived: the copier submits its copy, and the bans and credit are checked. */
  finish: (archive: string) => Promise<void>
}

/** How long the stopped verifier stays away. */
const VERIFIER_AWAY_MS = 20_000

const DISHONEST_LABEL = 'dishonest volunteer'
const COLLUDING_LABEL = 'colluding key'
/** How many keys the Sybil runs, all from one address. */
const COLLUDING_KEYS = 3
/** The Sybil's one address (its network); honest volunteer n asks from 127.0.0.(20 + n), the dishonest one from .40,
 * the lazy key from .50 and the copier from .51. */
const COLLUDING_ADDRESS = '127.0.0.66'

/** Flags that put a volunteer on its own loopback address: it listens there and dials from there. */
function onAddress (ip: string): string[] {
  return ['--listen', `/ip4/${ip}/tcp/0`, '--dial-from', ip]
}

/** The command running one of the entry scripts beside this file, as this process runs (compiled, or through tsx). */
function chaosScript (name: 'rogue' | 'dishonest-volunteer' | 'colluding-volunteer' | 'freeloader'): RoleCommand {
  const here = fileURLToPath(import.meta.url)
  return scriptCommand(join(dirname(here), `${name}${extname(here)}`))
}

/** The volunteers a chaos run adds to the network's: one whose every result is altered, and the Sybil's keys. */
export function chaosVolunteers (): Array<ExtraVolunteer & { label: string }> {
  return [
    { label: DISHONEST_LABEL, command: chaosScript('dishonest-volunteer'), flags: onAddress('127.0.0.40') },
    ...Array.from({ length: COLLUDING_KEYS }, (_, k) => ({ label: `${COLLUDING_LABEL} ${k + 1}`, command: chaosScript('colluding-volunteer'), flags: onAddress(COLLUDING_ADDRESS) }))
  ]
}

/** The honest volunteers' flags in a chaos run: each on its own loopback address. */
export function chaosVolunteerFlags (n: number): string[] {
  return onAddress(`127.0.0.${20 + n}`)
}

/** The coordinator's flags in a chaos run: replicas grouped by address, each loopback address its own network. */
export const CHAOS_COORDINATOR_FLAGS = ['--replica-networks', 'address', '--replica-ipv4-prefix', '32']

/**
 * Injects the faults and the cheaters with free keys. The processes it starts besides the network's (the rogue, the
 * lazy key, the copier) are pushed to `spawned`: the caller stops them however the run ends.
 */
export async function runChaos (net: LocalNetwork, signal: AbortSignal, spawned: RoleProcess[]): Promise<ChaosReport> {
  const started = Date.now()
  const log: string[] = []
  const say = (s: string): void => { log.push(`${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  ${s}`) }
  const checks: ChaosReport['checks'] = []
  const dishonest = net.volunteers.find((v) => v.label === DISHONEST_LABEL)
  if (dishonest !== undefined) say(`${dishonest.label} (${dishonest.peerId}) alters every result it returns`)

  const targets = [...net.verifiers, ...net.mirrors].flatMap((p) => ['--target', String((p.process.events.find((e) => e.event === 'ready')?.addrs as string[])[0])])
  const rogue = new RoleProcess('rogue', ['--bootstrap', net.bootstrap, ...targets], { command: chaosScript('rogue'), logFile: join(net.init.dir, 'rogue-events.jsonl') })
  spawned.push(rogue)
  const rogueReady = await rogue.next('ready', undefined, { signal })
  say(`a rogue peer (${String(rogueReady.peerId)}) sends garbage to every protocol of every peer, forged results and replays`)

  const killVolunteer = (async () => {
    const victim = net.volunteers[0]
    await victim.process.next('fitting', undefined, { signal })
    await victim.process.kill()
    say(`killed ${victim.label} (SIGKILL) while it was fitting; it stays down: its instances must time out and be reissued`)
  })()

  const coordinatorAndVerifier = (async () => {
    await net.coordinator.process.next('result', undefined, { signal })
    await net.restart(net.coordinator, 'kill')
    say('killed the coordinator with SIGKILL at its first recorded result, restarted it on the same data directory')
    const verifier = net.verifiers[0]
    await verifier.process.stop()
    say(`stopped ${verifier.label} for ${VERIFIER_AWAY_MS / 1000} s: no unit is assimilated without its signature`)
    await delay(VERIFIER_AWAY_MS, undefined, { signal })
    await net.restart(verifier, 'stop')
    say(`${verifier.label} is back`)
  })()
  // Both are awaited below, but only once the rogue and the lazy key are done: a run that times out before then
  // must not leave their rejections unhandled (the demo would die with a bare TimeoutError instead of its report).
  killVolunteer.catch(() => {})
  coordinatorAndVerifier.catch(() => {})

  const rogueDone = await rogue.next('done', undefined, { signal })
  const attempts: RoleEvent[] = rogue.events.filter((e) => e.event === 'attempt')
  const accepted = attempts.filter((e) => e.outcome === 'ACCEPTED')
  say(`rogue peer finished: ${attempts.length} attempts, ${accepted.length} accepted`)
  checks.push({ what: `every forged, replayed or garbled message was refused (${String(rogueDone.attempts)} attempts)`, ok: accepted.length === 0 && attempts.length > 0 })
  // Each on its own address: a new key on the network of a key banned a moment ago is refused (the ban's hold).
  const freeloaders = (['lazy', 'copier'] as const).map((as, k) => new RoleProcess(as, ['--as', as, '--bootstrap', net.bootstrap, '--dial-from', `127.0.0.${50 + k}`], { command: chaosScript('freeloader'), logFile: join(net.init.dir, `${as}-events.jsonl`) }))
  spawned.push(...freeloaders)
  const [lazy, copier] = freeloaders
  const [lazyReady, copierReady] = await Promise.all(freeloaders.map(async (f) => await f.next('ready', undefined, { signal })))
  say(`a lazy key (${String(lazyReady.peerId)}) answers with random bytes; a copier (${String(copierReady.peerId)}) holds a unit to copy its published result`)

  await lazy.next('done', undefined, { signal })
  const lazyOutcomes = lazy.events.filter((e) => e.event === 'attempt').map((e) => String(e.outcome))
  say(`lazy key finished: ${lazyOutcomes.join(', ')}`)
  checks.push({ what: 'the lazy key\'s random bytes were refused and its key banned (ERR_BANNED afterwards)', ok: lazyOutcomes.length >= 2 && !lazyOutcomes.includes('ACCEPTED') && lazyOutcomes.at(-1) === 'ERR_BANNED' })
  await Promise.all([killVolunteer, coordinatorAndVerifier])
  const colluding = net.volunteers.filter((v) => v.label.startsWith(COLLUDING_LABEL))
  const attackers = [...(dishonest === undefined ? [] : [dishonest]), ...colluding].map((v) => ({ label: v.label, peerId: v.peerId }))
  attackers.push({ label: 'lazy key', peerId: String(lazyReady.peerId) })
  const finish = async (archive: string): Promise<void> => {
    copier.send(JSON.stringify({ archive }))
    await copier.next('done', undefined, { signal })
    const copied = copier.events.filter((e) => e.event === 'attempt').map((e) => String(e.outcome))
    say(`copier submitted the published result for its timed-out instance: ${copied.join(', ')}`)
    checks.push({ what: 'the copy of a published result was refused (ERR_RESULT_PUBLISHED)', ok: copied.length > 0 && copied.every((o) => o === 'ERR_RESULT_PUBLISHED') })
    checkBans(net, attackers, checks, say)
    // The credit table follows the archive.
    await net.coordinator.process.next('credit', undefined, { signal })
    checkNoCredit(net, [...attackers, { label: 'copier', peerId: String(copierReady.peerId) }], checks)
  }
  return { log, checks, ok: checks.every((c) => c.ok), dishonest: [...attackers.map((a) => a.peerId), String(rogueReady.peerId), String(copierReady.peerId)], finish }
}

/** Every coordinator event of `name`, across its restarts. */
function coordinatorEvents (net: LocalNetwork, name: string): RoleEvent[] {
  return [...net.coordinator.previous, net.coordinator.process].flatMap((p) => p.events).filter((e) => e.event === name)
}

/**
 * Checks that every attacker key was banned, and says with what reason and what its revocation cost. A key that
 * never had a result recorded (no unit was left for it, or it answered only after its unit was verified:
 * ERR_RESULT_PUBLISHED) had nothing to judge and earned nothing, but the run did not prove it would be caught: the
 * check fails, naming it.
 */
function checkBans (net: LocalNetwork, attackers: Array<{ label: string, peerId: string }>, checks: ChaosReport['checks'], say: (s: string) => void): void {
  const bans = new Map(coordinatorEvents(net, 'banned').map((e) => [String(e.peer), e]))
  const recorded = new Set(coordinatorEvents(net, 'result').filter((e) => e.error !== true).map((e) => String(e.peer)))
  for (const a of attackers) {
    const ban = bans.get(a.peerId)
    if (ban !== undefined) say(`${a.label} banned (${String(ban.reason)}): ${String(ban.units)} units reopened, ${String(ban.pixels)} assimilated pixels computed again`)
    else if (!recorded.has(a.peerId)) say(`${a.label} had no result recorded (no unit left for it, or answered after its unit was verified): nothing to judge, nothing earned`)
    else say(`${a.label} had results recorded and was NOT banned`)
  }
  const caught = attackers.flatMap((a) => { const b = bans.get(a.peerId); return b === undefined ? [] : [b] })
  const units = caught.reduce((n, b) => n + Number(b.units), 0)
  const pixels = caught.reduce((n, b) => n + Number(b.pixels), 0)
  say(`the attackers' bans reopened units ${units} times (a unit once per attacker that held or helped validate it); ${pixels} assimilated pixels were computed again because of them`)
  const missed = attackers.filter((a) => !bans.has(a.peerId)).map((a) => a.label)
  checks.push({ what: `every attacker key was banned (${attackers.length - missed.length} of ${attackers.length})${missed.length > 0 ? `; not: ${missed.join(', ')}` : ''}`, ok: missed.length === 0 })
}

/** Checks that the coordinator's last credit table gives these keys nothing. */
function checkNoCredit (net: LocalNetwork, keys: Array<{ label: string, peerId: string }>, checks: ChaosReport['checks']): void {
  const table = coordinatorEvents(net, 'credit').at(-1)
  const rows = (table?.volunteers ?? []) as Array<{ peerId?: string, total?: number }>
  const paid = keys.filter((k) => rows.some((r) => r.peerId === k.peerId && (r.total ?? 0) > 0)).map((k) => k.label)
  checks.push({ what: `no credit for an attacker key or the copier${paid.length > 0 ? `; paid: ${paid.join(', ')}` : ''}`, ok: table !== undefined && paid.length === 0 })
}
