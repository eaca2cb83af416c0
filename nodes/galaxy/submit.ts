import '../../src/util/polyfill.js'
import { resolve } from 'node:path'
import type { Command } from '../command.js'
import { EventPrinter } from '../cli/event-printer.js'
import { bootstrapPeers, projectFlag } from '../cli/peer-flags.js'
import { RemoteError } from '../../src/net/errors.js'
import { resolveNetworkMode } from '../../src/net/listen-addresses.js'
import { startPogsNode } from '../../src/net/node.js'
import { DEFAULT_SUBMIT_TIMEOUT_MS, submitFile } from '../../src/net/submit/index.js'
import { parseCommandArgs, positiveInt, required } from '../../src/util/args.js'
import { PogsError, UsageError } from '../../src/util/errors.js'
import { galaxyOverrides, OVERRIDE_FLAGS } from './override-flags.js'

const USAGE = 'pogs galaxy submit FILE.fits --project KEY --data DIR --bootstrap MULTIADDR [--bootstrap MULTIADDR]... [--run NAME] ' +
  '[--name NAME] [--redshift Z] [--ra DEG] [--dec DEG] [--snr S] [--timeout SECONDS] [--json]'

const command: Command = {
  summary: 'send a galaxy FITS file to a project\'s coordinator over the network (this --data key must be one of its --submitter keys)',
  usage: USAGE,
  async run (argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      project: { type: 'string' },
      data: { type: 'string' },
      bootstrap: { type: 'string', multiple: true },
      run: { type: 'string' },
      ...OVERRIDE_FLAGS,
      timeout: { type: 'string' },
      json: { type: 'boolean', default: false }
    }, true)
    if (positionals.length !== 1) throw new UsageError(`expected one galaxy FITS file, got ${positionals.length}`)
    const file = resolve(positionals[0])
    const project = projectFlag(values.project)
    // The key in --data is the submitter's identity: a throwaway one could never be among the coordinator's.
    const dataDir = resolve(required(values.data, 'data'))
    const overrides = galaxyOverrides(values)
    const timeoutS = positiveInt(values.timeout, 'timeout', DEFAULT_SUBMIT_TIMEOUT_MS / 1000)
    const bootstrap = await bootstrapPeers(values.bootstrap)
    if (bootstrap.length === 0) throw new UsageError('no bootstrap peers: pass --bootstrap MULTIADDR')
    const options = {
      ...(values.run !== undefined && values.run !== '' ? { run: values.run } : {}),
      ...overrides
    }
    const out = new EventPrinter(values.json)
    // A short-lived client: on a public network it asks the DHT without serving it.
    const network = resolveNetworkMode(undefined, bootstrap, [])
    const node = await startPogsNode({ dataDir, bootstrap, network, dhtClient: network === 'public' })
    try {
      if (node.unreachable.length === bootstrap.length) throw new PogsError('ERR_UNREACHABLE', 'no bootstrap peer reachable')
      let size = 0
      let shown = -1
      const receipt = await submitFile(node, {
        project,
        dataDir,
        file,
        options,
        timeoutMs: timeoutS * 1000,
        onStart: (s) => {
          size = s.size
          out.emit('submitting', { file, size: s.size, sha256: s.sha256, submitter: node.peerId.toString(), coordinator: s.coordinator })
        },
        onProgress: (p) => {
          if (p.stage === 'receiving') {
            // One line per tenth of the file: a large file prints a few lines, not thousands.
            const tenth = Math.floor((10 * p.receivedBytes) / Math.max(1, size))
            if (tenth === shown) return
            shown = tenth
          }
          out.emit(p.stage, { bytes: p.receivedBytes })
        }
      })
      out.emit('accepted', { galaxyId: receipt.galaxyId, galaxy: receipt.name, created: receipt.created, areas: receipt.areas, pixels: receipt.pixels })
      return 0
    } catch (err) {
      if (!(err instanceof RemoteError)) throw err
      // The coordinator's refusal: its code, and its message (its own words about our submission).
      out.emit('refused', { code: err.remoteCode, message: err.message })
      return 1
    } finally {
      await node.stop()
    }
  }
}

export default command
