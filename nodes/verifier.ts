import '../src/util/polyfill.js'
import { resolve } from 'node:path'
import type { Command } from './command.js'
import { finiteNumber, parseCommandArgs, required } from '../src/util/args.js'
import { UsageError } from '../src/util/errors.js'
import { bootstrapPeers, EventPrinter, untilTerminated } from '../src/net/cli.js'
import { parseProjectKey } from '../src/net/discovery.js'
import { startPogsNode } from '../src/net/node.js'
import { DEFAULT_RECOMPUTE_RATE } from '../src/verifier/constants.js'
import { VerifierService } from '../src/verifier/verifier-service.js'

const USAGE = 'pogs verifier --data DIR --bootstrap MULTIADDR [--bootstrap MULTIADDR]... --project KEY [--recompute-rate R] [--listen MULTIADDR]... [--json]'

const command: Command = {
  summary: 'verify a project\'s replicated results: signatures, agreement, sampled recomputation; sign verdicts',
  usage: USAGE,
  async run (argv) {
    const { values } = parseCommandArgs(argv, {
      data: { type: 'string' },
      bootstrap: { type: 'string', multiple: true },
      project: { type: 'string' },
      'recompute-rate': { type: 'string' },
      listen: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false }
    })
    const dataDir = resolve(required(values.data, 'data'))
    const project = required(values.project, 'project')
    try {
      parseProjectKey(project)
    } catch {
      throw new UsageError(`--project ${JSON.stringify(project)} is not a peer id`)
    }
    const recomputeRate = finiteNumber(values['recompute-rate'], 'recompute-rate', DEFAULT_RECOMPUTE_RATE) ?? DEFAULT_RECOMPUTE_RATE
    if (recomputeRate < 0 || recomputeRate > 1) throw new UsageError(`--recompute-rate must be within 0..1, got ${recomputeRate}`)
    const bootstrap = await bootstrapPeers(values.bootstrap)
    if (bootstrap.length === 0) throw new UsageError('no bootstrap peers: pass --bootstrap MULTIADDR')
    const out = new EventPrinter(values.json)
    const terminated = untilTerminated()
    const node = await startPogsNode({ dataDir, bootstrap, listen: values.listen })
    const verifier = new VerifierService(node, {
      project,
      dataDir,
      recomputeRate,
      events: {
        manifest: (m, listed) => { out.emit('manifest', { sequence: m.sequence, quorum: m.settings.minQuorum, listed }) },
        verdict: ({ verdict: v, replicas }) => {
          out.emit('verdict', {
            unitId: v.unitId,
            outcome: v.outcome,
            reason: v.reason,
            valid: v.validInstances,
            invalid: v.invalidInstances,
            recomputed: v.recomputed,
            // Why each replica that is not valid was judged so (instance ids are the coordinator's; no peer text).
            reasons: replicas.filter((r) => !r.valid).map((r) => `${r.instanceId ?? '-'}:${r.reason}`)
          })
        },
        libraries: (names) => { out.emit('libraries', { names }) },
        rejected: (r) => { out.emit('rejected', { peer: r.peer, protocol: r.protocol, code: r.code }) }
      }
    })
    const controller = new AbortController()
    void terminated.then(() => { controller.abort() })
    try {
      await verifier.start({ signal: controller.signal })
      // Ready means serving: the manifest is known and the verify protocol is registered.
      out.emit('ready', { peerId: node.peerId.toString(), addrs: node.addrs().map(String), project })
      await terminated
    } catch (err) {
      // Stopped while still looking for the project: a clean exit.
      if (!controller.signal.aborted) throw err
    } finally {
      await verifier.stop()
      await node.stop()
    }
    out.emit('stopped', { peerId: node.peerId.toString() })
    return 0
  }
}

export default command
