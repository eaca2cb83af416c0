// The coordinator's network side as the read model shows it: the manifest it publishes, with CIDs as strings, and
// the peers connected now (one line per peer, its oldest connection).
import type { Libp2p } from '@libp2p/interface'
import type { ProjectManifest } from '../../net/messages/index.js'
import type { ConnectedPeer, ManifestView } from './views.js'

/** The manifest as the content page shows it. */
export function manifestView (m: ProjectManifest): ManifestView {
  return {
    sequence: m.sequence,
    issuedMs: m.issuedMs,
    verifiers: m.verifiers,
    mirrors: m.mirrors,
    libraries: m.libraries.map((l) => ({ name: l.name, cid: l.cid.toString(), size: l.size }))
  }
}

/** Every peer connected now, with the direction and opening time of its oldest connection. */
export function connectedPeers (libp2p: Pick<Libp2p, 'getConnections'>): ConnectedPeer[] {
  const seen = new Map<string, ConnectedPeer>()
  for (const c of libp2p.getConnections()) {
    const id = c.remotePeer.toString()
    const prior = seen.get(id)
    if (prior === undefined || c.timeline.open < prior.opened) seen.set(id, { peerId: id, direction: c.direction, opened: c.timeline.open })
  }
  return [...seen.values()]
}
