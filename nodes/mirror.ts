import '../src/util/polyfill.js'
import type { Command } from './command.js'
import { peerCommand } from './cli/peer-command.js'
import { MIRROR_POLL_INTERVAL_MS, MirrorService } from '../src/mirror/mirror-service.js'
import { positiveInt } from '../src/util/args.js'

const command: Command = peerCommand({
  command: 'pogs mirror',
  summary: 'mirror one project or several: pin and serve their libraries, archive catalogues and archives, sign pin receipts',
  usage: '[--poll SECONDS]',
  flags: { poll: { type: 'string' } },
  projects: 'many',
  // How often to look for a newer manifest (new libraries, runs, the archive catalogue); default 5 minutes.
  settings: (values) => ({ pollIntervalMs: positiveInt(values.poll, 'poll', MIRROR_POLL_INTERVAL_MS / 1000) * 1000 }),
  create (node, { pollIntervalMs }, { projects, dataDir, out }) {
    const mirror = new MirrorService(node, dataDir, {
      project: projects,
      pollIntervalMs,
      events: {
        manifest: (m) => { out.emit('manifest', { project: m.project, sequence: m.sequence, libraries: m.libraries.length, ...(m.catalogueCid !== undefined ? { catalogue: m.catalogueCid.toString() } : {}) }) },
        pinned: (p) => { out.emit('pinned', { cid: p.cid.toString(), ...(p.name !== undefined ? { name: p.name } : {}), bytes: p.bytes, ...(p.project !== undefined ? { project: p.project } : {}) }) },
        pinning: (p) => { out.emit('pinning', { cid: p.cid.toString(), blocks: p.blocks, bytes: p.bytes, ...(p.size !== undefined ? { size: p.size } : {}), project: p.project }) },
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
