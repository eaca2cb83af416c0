// The last manifest a peer accepted per project, so a restart (or a reloaded browser tab) never goes back to an
// older manifest. Where the records live is the caller's: files in a Node peer's data directory
// (manifest-files.ts), IndexedDB in the browser volunteer (src/browser/browser-stores.ts).
import { peerIdFromString } from '@libp2p/peer-id'
import type { PeerId } from '@libp2p/interface'
import { bytesEqual } from '../util/bytes-equal.js'
import { StaleManifestError } from './errors.js'
import { openManifest } from './manifest-record.js'
import type { ProjectManifest } from './messages/index.js'

/** Storage of one signed manifest record per project (by the project's peer id string). */
export interface ManifestRecords {
  read: (project: string) => Promise<Uint8Array | undefined>
  write: (project: string, record: Uint8Array) => Promise<void>
}

/**
 * The accepted manifest per project: a manifest whose sequence is below the accepted one, or equal with other
 * content, is rejected.
 */
export class ManifestStore {
  constructor (private readonly records: ManifestRecords) {}

  /** The accepted manifest of a project, if any. */
  async get (project: string): Promise<{ manifest: ProjectManifest, record: Uint8Array } | undefined> {
    const id = peerIdFromString(project)
    const record = await this.records.read(id.toString())
    if (record === undefined) return undefined
    return { manifest: await openManifest(record, id), record }
  }

  /** Opens and accepts a record, or throws (StaleManifestError for an older or equivocating sequence). */
  async accept (record: Uint8Array, project: PeerId): Promise<ProjectManifest> {
    const manifest = await openManifest(record, project)
    const current = await this.get(manifest.project)
    if (current !== undefined) {
      if (manifest.sequence < current.manifest.sequence) throw new StaleManifestError(manifest.sequence, current.manifest.sequence)
      if (manifest.sequence === current.manifest.sequence) {
        if (bytesEqual(record, current.record)) return current.manifest
        throw new StaleManifestError(manifest.sequence, current.manifest.sequence)
      }
    }
    await this.records.write(peerIdFromString(manifest.project).toString(), record)
    return manifest
  }
}
