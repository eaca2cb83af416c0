// The newest catalogue a peer has seen per project, kept in its data directory (`catalogues/<project>.json`: its
// sequence and CID), so that an older catalogue served later (a mirror behind, a replayed manifest) is refused.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { peerIdFromString } from '@libp2p/peer-id'
import type { CID } from 'multiformats/cid'
import { StaleSequenceError } from './errors.js'

/** What is kept of the newest catalogue seen. */
export interface SeenCatalogue {
  sequence: number
  cid: string
}

/** Highest catalogue sequence seen per project. */
export class SeenCatalogues {
  constructor (private readonly dataDir: string) {}

  private path (project: string): string {
    return join(this.dataDir, 'catalogues', `${peerIdFromString(project).toString()}.json`)
  }

  /** The newest catalogue seen of a project, if any (an unreadable file counts as none). */
  async get (project: string): Promise<SeenCatalogue | undefined> {
    try {
      const v = JSON.parse(await readFile(this.path(project), 'utf8')) as Partial<SeenCatalogue>
      return typeof v.sequence === 'number' && typeof v.cid === 'string' ? { sequence: v.sequence, cid: v.cid } : undefined
    } catch {
      return undefined
    }
  }

  /**
   * Accepts a catalogue of `sequence` at `cid`, or throws StaleSequenceError when one of a higher sequence was seen,
   * or one of the same sequence with another CID (the project signed two: neither is trusted over the other).
   */
  async accept (project: string, sequence: number, cid: CID): Promise<void> {
    const seen = await this.get(project)
    if (seen !== undefined) {
      if (sequence < seen.sequence || (sequence === seen.sequence && seen.cid !== cid.toString())) throw new StaleSequenceError(sequence, seen.sequence)
      if (sequence === seen.sequence) return
    }
    const path = this.path(project)
    await mkdir(join(this.dataDir, 'catalogues'), { recursive: true })
    await writeFile(`${path}.tmp`, JSON.stringify({ sequence, cid: cid.toString() } satisfies SeenCatalogue))
    await rename(`${path}.tmp`, path)
  }
}
