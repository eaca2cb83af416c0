import '../src/util/polyfill.js'
import type { Command } from './command.js'
import { peerCommand } from './cli/peer-command.js'
import { MirrorService } from '../src/mirror/mirror-service.js'

const command: Command = peerCommand({
  command: 'pogs mirror',
  summary: 'mirror a project: pin and serve its libraries and archives, sign pin receipts',
  usage: '',
  flags: {},
  settings: () => ({}),
  create (node, _settings, { project, dataDir, out }) {
    const mirror = new MirrorService(node, dataDir, {
      project,
      events: {
        manifest: (m) => { out.emit('manifest', { sequence: m.sequence, libraries: m.libraries.length }) },
        pinned: (p) => { out.emit('pinned', { cid: p.cid.toString(), ...(p.name !== undefined ? { name: p.name } : {}), bytes: p.bytes }) },
        failed: (p) => { out.emit('failed', { cid: p.cid.toString(), error: (p.error as Error).message }) },
        rejected: (r) => { out.emit('rejected', { protocol: r.protocol, peer: r.peer, code: r.code }) }
      }
    })
    return {
      start: async (signal) => {
        await mirror.start({ signal })
        out.emit('synced', { sequence: mirror.current?.sequence ?? 0 })
      },
      stop: async () => { await mirror.stop() },
      failed: mirror.failed
    }
  }
})

export default command
