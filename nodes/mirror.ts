import '../src/util/polyfill.js'
import type { Command } from './command.js'
import { peerCommand } from './cli/peer-command.js'
import { MirrorService } from '../src/mirror/mirror-service.js'

const command: Command = peerCommand({
  command: 'pogs mirror',
  summary: 'mirror one project or several: pin and serve their libraries, archive catalogues and archives, sign pin receipts',
  usage: '',
  flags: {},
  projects: 'many',
  settings: () => ({}),
  create (node, _settings, { projects, dataDir, out }) {
    const mirror = new MirrorService(node, dataDir, {
      project: projects,
      events: {
        manifest: (m) => { out.emit('manifest', { project: m.project, sequence: m.sequence, libraries: m.libraries.length, ...(m.catalogueCid !== undefined ? { catalogue: m.catalogueCid.toString() } : {}) }) },
        pinned: (p) => { out.emit('pinned', { cid: p.cid.toString(), ...(p.name !== undefined ? { name: p.name } : {}), bytes: p.bytes, ...(p.project !== undefined ? { project: p.project } : {}) }) },
        failed: (p) => { out.emit('failed', { cid: p.cid.toString(), error: (p.error as Error).message }) },
        rejected: (r) => { out.emit('rejected', { protocol: r.protocol, peer: r.peer, code: r.code }) }
      }
    })
    return {
      start: async (signal) => {
        await mirror.start({ signal })
        // One per project, in the order given (`synced` {sequence} as before for a mirror of one project).
        for (const { project, manifest } of mirror.manifests) out.emit('synced', { project, sequence: manifest?.sequence ?? 0 })
      },
      stop: async () => { await mirror.stop() },
      failed: mirror.failed
    }
  }
})

export default command
