import '../src/util/polyfill.js'
import type { Command } from './command.js'
import { peerCommand } from './cli/peer-command.js'
import { finiteNumber } from '../src/util/args.js'
import { UsageError } from '../src/util/errors.js'
import { DEFAULT_RECOMPUTE_RATE } from '../src/verifier/constants.js'
import { VerifierService } from '../src/verifier/verifier-service.js'

const command: Command = peerCommand({
  command: 'pogs verifier',
  summary: 'verify a project\'s replicated results: signatures, agreement, recomputation of sampled and disputed pixels; sign verdicts',
  usage: '[--recompute-rate R]',
  flags: { 'recompute-rate': { type: 'string' } },
  settings (values) {
    const recomputeRate = finiteNumber(values['recompute-rate'], 'recompute-rate', DEFAULT_RECOMPUTE_RATE) ?? DEFAULT_RECOMPUTE_RATE
    if (recomputeRate < 0 || recomputeRate > 1) throw new UsageError(`--recompute-rate must be within 0..1, got ${recomputeRate}`)
    return { recomputeRate }
  },
  create (node, { recomputeRate }, { project, dataDir, out }) {
    const verifier = new VerifierService(node, {
      project,
      dataDir,
      recomputeRate,
      events: {
        manifest: (m, listed) => { out.emit('manifest', { sequence: m.sequence, quorum: m.settings.minQuorum, listed }) },
        verdict: ({ verdict: v, replicas, sampled, disputed }) => {
          const skipped = sampled?.skipped ?? disputed?.find((d) => d.skipped !== undefined)?.skipped
          out.emit('verdict', {
            unitId: v.unitId,
            outcome: v.outcome,
            reason: v.reason,
            valid: v.validInstances,
            invalid: v.invalidInstances,
            recomputed: v.recomputed,
            // Replicas whose value a pixel recomputed here contradicts.
            contradicted: v.contradictedInstances ?? [],
            // Payload positions recomputed here that agreed with the agreeing replicas (known answers for ringers).
            ...(v.confirmedPixels !== undefined ? { confirmed: v.confirmedPixels } : {}),
            // Why each replica that is not valid was judged so (instance ids are the coordinator's; no peer text).
            reasons: replicas.filter((r) => !r.valid).map((r) => `${r.instanceId ?? '-'}:${r.reason}`),
            // A chosen pixel that was not recomputed says why (libraries not held yet, or over its time).
            ...(skipped !== undefined ? { recomputeSkipped: skipped } : {})
          })
        },
        libraries: (names) => { out.emit('libraries', { names }) },
        bans: (e) => { out.emit('bans', { ...e }) },
        rejected: (r) => { out.emit('rejected', { peer: r.peer, protocol: r.protocol, code: r.code }) }
      }
    })
    return {
      // Ready means serving: the manifest is known and the verify protocol is registered.
      readyWhen: 'started',
      start: async (signal) => { await verifier.start({ signal }) },
      stop: async () => { await verifier.stop() },
      failed: verifier.failed
    }
  }
})

export default command
