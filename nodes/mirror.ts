import '../src/util/polyfill.js'
import { resolve } from 'node:path'
import type { Command } from './command.js'
import { parseCommandArgs, required } from '../src/util/args.js'
import { UsageError } from '../src/util/errors.js'
import { bootstrapPeers, EventPrinter, untilTerminated } from '../src/net/cli.js'
import { parseProjectKey } from '../src/net/discovery.js'
import { startPogsNode } from '../src/net/node.js'
import { MirrorService } from '../src/mirror/mirror-service.js'

const USAGE = 'pogs mirror --data DIR --bootstrap MULTIADDR [--bootstrap MULTIADDR]... --project KEY [--listen MULTIADDR]... [--json]'

const command: Command = {
  summary: 'mirror a project: pin and serve its libraries and archives, sign pin receipts',
  usage: USAGE,
  async run (argv) {
    const { values } = parseCommandArgs(argv, {
      data: { type: 'string' },
      bootstrap: { type: 'string', multiple: true },
      project: { type: 'string' },
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
    const bootstrap = await bootstrapPeers(values.bootstrap)
    if (bootstrap.length === 0) throw new UsageError('no bootstrap peers: pass --bootstrap MULTIADDR')
    const out = new EventPrinter(values.json)
    const terminated = untilTerminated()
    const node = await startPogsNode({ dataDir, bootstrap, listen: values.listen })
    const mirror = new MirrorService(node, dataDir, {
      project,
      events: {
        manifest: (m) => { out.emit('manifest', { sequence: m.sequence, libraries: m.libraries.length }) },
        pinned: (p) => { out.emit('pinned', { cid: p.cid.toString(), ...(p.name !== undefined ? { name: p.name } : {}), bytes: p.bytes }) },
        failed: (p) => { out.emit('failed', { cid: p.cid.toString(), error: (p.error as Error).message }) },
        rejected: (r) => { out.emit('rejected', { protocol: r.protocol, peer: r.peer, code: r.code }) }
      }
    })
    out.emit('ready', { peerId: node.peerId.toString(), addrs: node.addrs().map(String), project })
    const controller = new AbortController()
    void terminated.then(() => { controller.abort() })
    try {
      await mirror.start({ signal: controller.signal })
      out.emit('synced', { sequence: mirror.current?.sequence ?? 0 })
      await terminated
    } finally {
      await mirror.stop()
      await node.stop()
    }
    out.emit('stopped', { peerId: node.peerId.toString() })
    return 0
  }
}

export default command
