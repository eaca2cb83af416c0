// What the demo prints at the end: the credit table (from the coordinator's `credit` event) and what every peer
// rejected and why (their `rejected` events, and invalid verdicts).
import type { LocalNetwork } from '../../src/localnet/local-network.js'
import type { ChaosReport } from './chaos/run-chaos.js'

interface CreditRow { name?: string, peerId?: string, volunteer?: string, team?: string | null, total?: number, credit?: number, recentAverage?: number }

/** Prints the coordinator's last credit table. */
export function printCredit (net: LocalNetwork, say: (s: string) => void): void {
  const credit = [...net.coordinator.previous, net.coordinator.process].flatMap((r) => r.events).reverse().find((e) => e.event === 'credit')
  const rows = (credit?.volunteers ?? []) as CreditRow[]
  if (rows.length === 0) { say('\ncredit: none granted\n'); return }
  say(`\n${'volunteer'.padEnd(16)} ${'team'.padEnd(10)} ${'credit'.padStart(10)}  peer id\n`)
  for (const r of rows) {
    const id = r.peerId ?? r.volunteer ?? ''
    say(`${(r.name ?? '').slice(0, 16).padEnd(16)} ${(r.team ?? '').slice(0, 10).padEnd(10)} ${(r.total ?? r.credit ?? 0).toFixed(0).padStart(10)}  ${id}\n`)
  }
}

/** Prints every rejection the peers reported, grouped by peer role and code. */
export function printRejections (net: LocalNetwork, chaos: ChaosReport | undefined, say: (s: string) => void): void {
  const counts = new Map<string, number>()
  for (const p of net.all()) {
    const role = p.label.replace(/ \d+$/, '')
    const count = (key: string): void => { counts.set(key, (counts.get(key) ?? 0) + 1) }
    for (const e of [...p.previous, p.process].flatMap((r) => r.events)) {
      // Refused requests (coordinator, verifiers, mirror), refused submissions (volunteers), and replicas a
      // verifier judged invalid (its verdict's reasons: "instance:REASON").
      if (e.event === 'rejected') count(`${role}: ${String(e.protocol ?? e.source ?? '')} ${String(e.code ?? 'unknown')}`)
      else if (e.event === 'submitted' && e.accepted === false) count(`${role}: result refused ${String(e.reason)}`)
      else if (e.event === 'verdict' && Array.isArray(e.reasons)) for (const r of e.reasons as string[]) count(`${role}: replica ${r.split(':').at(-1) ?? r}`)
    }
  }
  say(counts.size === 0 ? '\nrejected: nothing\n' : '\nrejected (peer: protocol code, count):\n')
  for (const [k, n] of [...counts].sort()) say(`  ${k} x${n}\n`)
  if (chaos !== undefined) {
    say('\nfaults injected:\n')
    for (const line of chaos.log) say(`  ${line}\n`)
    for (const check of chaos.checks) say(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.what}\n`)
  }
}
