// The faults of `pogs demo --chaos`, injected while the network works: a volunteer that alters its results
// (chaosVolunteers, started with the others), a rogue peer that forges signatures, replays and sends garbage to
// every protocol, a volunteer killed mid-unit (never restarted: its instance must time out and be reissued), the
// coordinator killed with SIGKILL at its first result and restarted, and a verifier stopped for a while (with a
// quorum of all verifiers, nothing is assimilated until it is back). The dishonest volunteer and the rogue peer
// are entry scripts beside this file, started with node directly: test tools, not `pogs` commands.
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
}

/** How long the stopped verifier stays away. */
const VERIFIER_AWAY_MS = 20_000

const DISHONEST_LABEL = 'dishonest volunteer'

/** The command running one of the entry scripts beside this file, as this process runs (compiled, or through tsx). */
function chaosScript (name: 'rogue' | 'dishonest-volunteer'): RoleCommand {
  const here = fileURLToPath(import.meta.url)
  return scriptCommand(join(dirname(here), `${name}${extname(here)}`))
}

/** The volunteers a chaos run adds to the network's: one whose every result is altered. */
export function chaosVolunteers (): Array<ExtraVolunteer & { label: string }> {
  return [{ label: DISHONEST_LABEL, command: chaosScript('dishonest-volunteer') }]
}

/** Injects the faults into the running network (which started with chaosVolunteers); resolves once all are done. */
export async function runChaos (net: LocalNetwork, signal: AbortSignal): Promise<ChaosReport> {
  const started = Date.now()
  const log: string[] = []
  const say = (s: string): void => { log.push(`${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  ${s}`) }
  const checks: ChaosReport['checks'] = []
  const dishonest = net.volunteers.find((v) => v.label === DISHONEST_LABEL)
  if (dishonest !== undefined) say(`${dishonest.label} (${dishonest.peerId}) alters every result it returns`)

  const targets = [...net.verifiers, ...net.mirrors].flatMap((p) => ['--target', String((p.process.events.find((e) => e.event === 'ready')?.addrs as string[])[0])])
  const rogue = new RoleProcess('rogue', ['--bootstrap', net.bootstrap, ...targets], { command: chaosScript('rogue'), logFile: join(net.init.dir, 'rogue-events.jsonl') })
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
