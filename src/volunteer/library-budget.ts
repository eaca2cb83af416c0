// The volunteer's bounded library cache (docs/volunteer.md#library-cache). Libraries are fetched, pinned (served to
// other volunteers) and written as files for the fit pool (ensureLibraries); this records what each takes on disk
// and when a unit last used it (LibraryStore, DATA/libraries.json), and when the cache is over its budget evicts the
// least recently used libraries no queued unit names: their files removed, their pins removed, and their blocks
// deleted as the janitor deletes unpinned blocks, below Helia's lock and alone behind the content gate (janitor.ts
// says why not helia.gc()).
import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { pinnedBytes, type ContentHelia } from '../net/content.js'
import { chooseEvictions, recordBytes, type LibraryStore } from '../work/library-store.js'
import type { LibraryRef } from '../work/unit-payload.js'
import type { ContentGate } from './content-gate.js'
import type { VolunteerEventListener } from './events.js'
import { rawBlockstore } from './raw-blockstore.js'

export interface LibraryBudgetComponents {
  helia: ContentHelia
  gate: ContentGate
  store: LibraryStore
  emit: VolunteerEventListener
  now: () => number
  /** The libraries the project lists now (its manifest's): one pinned here that the store does not know (fetched
   * before usage was recorded) is taken in as the least recently used, so it counts toward the budget. */
  listed?: () => ReadonlyArray<{ name: string, cid: CID | string }>
}

export interface LibraryBudgetInit {
  /** Where ensureLibraries writes the library files. */
  librariesDir: string
  /** Bytes the libraries may take, blocks and files together; Infinity: no bound (usage is still recorded). */
  budgetBytes: number
}

/** The canonical form of a CID string (CIDv1, as Helia keys pins), so one library never counts twice. */
export function canonicalCid (text: string): string {
  try {
    return CID.parse(text).toV1().toString()
  } catch {
    return text
  }
}

export class LibraryBudget {
  /** An `over-budget` event was emitted and the cache has not been within its budget since. */
  private overBudget = false
  /** Listed libraries already looked at for adoption (each once per process). */
  private readonly seen = new Set<string>()

  constructor (private readonly components: LibraryBudgetComponents, private readonly init: LibraryBudgetInit) {}

  /**
   * Records that a unit uses `refs` now (present in the directory: ensureLibraries made them so), then, while the
   * cache is over its budget, evicts the least recently used libraries that are not in `needed` (CIDs queued units
   * name) nor in `refs`. Returns the file names removed: a fit pool that listed them must not be used again.
   */
  async use (refs: readonly LibraryRef[], needed: ReadonlySet<string>, options: { signal?: AbortSignal } = {}): Promise<string[]> {
    const { store, now } = this.components
    await this.adoptListed(options)
    for (const ref of refs) {
      const cid = canonicalCid(ref.cid)
      if (store.get(cid)?.files.some((f) => f.name === ref.name) === true) store.touch(cid, now())
      else store.put(cid, ref.name, await this.measure(cid, ref.name, true), now())
    }
    const keep = new Set([...needed, ...refs.map((r) => r.cid)].map(canonicalCid))
    return await this.evict(keep)
  }

  private async evict (keep: ReadonlySet<string>): Promise<string[]> {
    const { store, emit, helia, gate } = this.components
    const budget = this.init.budgetBytes
    const victims = store.totalBytes() > budget ? chooseEvictions(store.list(), keep, budget) : []
    const blocks: CID[] = []
    // Files first: a file present under its name is taken for complete (library-cache.ts), so none may outlive its
    // pin. The record goes last, so an eviction cut short (a kill) before the unpin is done again by a later pass.
    for (const r of victims) {
      for (const f of r.files) await rm(join(this.init.librariesDir, f.name), { force: true })
      blocks.push(...await this.unpin(CID.parse(r.cid)))
    }
    const raw = rawBlockstore(helia)
    if (blocks.length > 0 && raw !== undefined) {
      // Alone: a block being added or fetched right now may be one of these (same bytes) and not pinned yet. Not
      // abortable: a deletion cut short would leave unpinned blocks nothing deletes.
      await gate.exclusive(async () => {
        for (const cid of blocks) if (!await helia.pins.isPinned(cid)) await raw.delete(cid)
      })
    }
    for (const r of victims) {
      store.remove(r.cid)
      emit({ type: 'evicted', name: r.files.map((f) => f.name).join(','), cid: r.cid, bytes: recordBytes(r) })
    }
    const total = store.totalBytes()
    if (total > budget && !this.overBudget) emit({ type: 'over-budget', bytes: total, budgetBytes: budget, libraries: store.list().length })
    this.overBudget = total > budget
    return victims.flatMap((r) => r.files.map((f) => f.name))
  }

  /** Removes the library's pin; returns the blocks it held (none when it was not pinned as a library). */
  private async unpin (cid: CID): Promise<CID[]> {
    const { pins } = this.components.helia
    if (!await pins.isPinned(cid)) return []
    // isPinned is true too for a block inside another pinned DAG; only a pin of its own can be removed.
    try {
      await pins.get(cid)
    } catch {
      return []
    }
    const blocks: CID[] = []
    for await (const block of pins.rm(cid)) blocks.push(block)
    return blocks
  }

  /** Takes in listed libraries pinned here that the store does not know, as used at time 0 (evicted first). */
  private async adoptListed (options: { signal?: AbortSignal }): Promise<void> {
    const { store, helia } = this.components
    for (const lib of this.components.listed?.() ?? []) {
      const cid = canonicalCid(lib.cid.toString())
      if (this.seen.has(cid)) continue
      this.seen.add(cid)
      if (store.get(cid) !== undefined || !await helia.pins.isPinned(CID.parse(cid), options)) continue
      // A file of that name recorded for another library holds that one's bytes: this one then has blocks only.
      const taken = store.list().some((r) => r.files.some((f) => f.name === lib.name))
      store.put(cid, lib.name, await this.measure(cid, lib.name, !taken), 0)
    }
  }

  /** What a pinned library takes: its file (when `withFile` and present) and its blocks. */
  private async measure (cid: string, name: string, withFile: boolean): Promise<{ fileBytes: number, blockBytes: number }> {
    const fileBytes = withFile ? (await stat(join(this.init.librariesDir, name)).catch(() => undefined))?.size ?? 0 : 0
    // UnixFS with raw leaves: the blocks hold the file's bytes and a little more; an unreadable DAG counts as such.
    const blockBytes = await pinnedBytes(this.components.helia, CID.parse(cid)).catch(() => fileBytes)
    return { fileBytes, blockBytes }
  }
}
