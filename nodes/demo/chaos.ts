// The faults of `pogs demo --chaos` (issue 6), injected while the network works: a volunteer that alters its
// results (started with the others, see network-demo.ts), a rogue peer that forges signatures, replays and sends
// garbage to every protocol, a volunteer killed mid-unit (never restarted: its instance must time out and be
// reissued), the coordinator killed with SIGKILL at its first result and restarted, and a verifier stopped for a
// while (with a quorum of all verifiers, nothing is assimilated until it is back).
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import type { LocalNetwork } from '../../src/localnet/local-network.js'
import { RoleProcess, type RoleEvent } from '../../src/localnet/role-process.js'

export interface ChaosReport {
  /** What was done, in order. */
  log: string[]
  /** Checks the demo adds to once the archive exists. */
  checks: Array<{ what: string, ok: boolean }>
  ok: boolean
  /** Peer ids whose results must not reach the archive. */
  dishonest: string[]
}

/** How long the stopped verifier stays away. */
const VERIFIER_AWAY_MS = 20_000

export async function runChaos (net: LocalNetwork, signal: AbortSignal): Promise<ChaosReport> {
  const started = Date.now()
  const log: string[] = []
  const say = (s: string): void => { log.push(`${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  ${s}`) }
  const checks: ChaosReport['checks'] = []
  const dishonest = net.volunteers.find((v) => v.label === 'dishonest volunteer')
  if (dishonest !== undefined) say(`${dishonest.label} (${dishonest.peerId}) alters every result it returns`)

  const targets = [...net.verifiers, ...net.mirrors].flatMap((p) => ['--target', String((p.process.events.find((e) => e.event === 'ready')?.addrs as string[])[0])])
  const rogue = new RoleProcess('rogue', ['rogue', '--bootstrap', net.bootstrap, ...targets], { logFile: join(net.init.dir, 'rogue-events.jsonl') })
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

  const rogueDone = await rogue.next('done', undefined, { signal })
  const attempts: RoleEvent[] = rogue.events.filter((e) => e.event === 'attempt')
  const accepted = attempts.filter((e) => e.outcome === 'ACCEPTED')
  say(`rogue peer finished: ${attempts.length} attempts, ${accepted.length} accepted`)
  checks.push({ what: `every forged, replayed or garbled message was refused (${String(rogueDone.attempts)} attempts)`, ok: accepted.length === 0 && attempts.length > 0 })
  await Promise.all([killVolunteer, coordinatorAndVerifier])
  return { log, checks, ok: checks.every((c) => c.ok), dishonest: [...(dishonest === undefined ? [] : [dishonest.peerId]), String(rogueReady.peerId)] }
}
