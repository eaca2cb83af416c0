// Publishing the archive catalogue (protocols/catalogue.md, docs/archive.md#finding-archives): every archived
// galaxy's latest archive record, with what registration knew of the galaxy (bands, position, redshift, size), is
// signed as a Catalogue, added to Helia (pinned, provided) and named by the next manifest, whose sequence the
// catalogue carries. Built from the store each time, so a restart (or a galaxy archived anew after a ban) needs
// nothing else; published only when the entries differ from those of the catalogue the manifest names, and at most
// once per interval, so a burst of archives makes one catalogue.
import { setTimeout as delay } from 'node:timers/promises'
import type { PrivateKey } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'
import { Envelope } from '../../../protocols/envelope.js'
import { openCatalogue, sealCatalogue } from '../../net/catalogue/index.js'
import { addBytes, readLocalContent, type ContentHelia } from '../../net/content.js'
import type { CoordinatorNetwork } from '../../net/coordinator-network.js'
import { decodeArchiveRecord, MAX_CATALOGUE_BYTES, type Catalogue, type CatalogueEntry } from '../../net/messages/index.js'
import type { WorkStore } from '../lifecycle/index.js'
import type { CoordinatorEmitter } from './events.js'
import type { GalaxyMetadata } from './galaxy-loader.js'

/** What publishing the catalogue needs. */
export interface CatalogueComponents {
  store: Pick<WorkStore, 'archives' | 'galaxies'>
  helia: ContentHelia
  net: Pick<CoordinatorNetwork, 'manifest' | 'updateManifest'>
  privateKey: PrivateKey
  events: CoordinatorEmitter
  signal: AbortSignal
  /** Least time between two catalogues, ms (CATALOGUE_INTERVAL_MS). */
  intervalMs: number
  /** The coordinator's default run: the run of galaxies whose metadata names none (registered before runs). */
  run: string
}

/** The catalogue the manifest names. */
interface Held {
  cid: CID
  catalogue: Catalogue
}

/** Every archived galaxy's entry from the store, ordered by name (galaxy names are unique). */
export function catalogueEntries (store: CatalogueComponents['store'], run: string): CatalogueEntry[] {
  const galaxies = new Map(store.galaxies().map((g) => [g.id, g]))
  const entries: CatalogueEntry[] = []
  for (const a of store.archives()) {
    const g = galaxies.get(a.galaxyId)
    if (g === undefined) continue
    // Our own records, verified when they were signed: decoding is enough (a signature check per archive would
    // cost ~50 us each, every time the catalogue is built).
    const r = decodeArchiveRecord(Envelope.decode(a.record).payload)
    const m = g.metadata as Partial<GalaxyMetadata>
    entries.push({
      galaxy: g.name,
      run: typeof m.run === 'string' ? m.run : run,
      bands: g.bands,
      ...(typeof m.ra === 'number' && m.ra >= 0 && m.ra < 360 ? { ra: m.ra } : {}),
      ...(typeof m.dec === 'number' && m.dec >= -90 && m.dec <= 90 ? { dec: m.dec } : {}),
      redshift: g.redshift,
      width: typeof m.width === 'number' ? m.width : 0,
      height: typeof m.height === 'number' ? m.height : 0,
      pixels: r.pixels,
      areas: r.areas,
      cid: r.cid,
      sha256: r.sha256,
      size: r.size,
      createdMs: r.createdMs
    })
  }
  return entries.sort((x, y) => x.galaxy < y.galaxy ? -1 : x.galaxy > y.galaxy ? 1 : 0)
}

/** Whether two entries say the same (field by field: encoding 10,000 entries to compare them takes ~0.2 s). */
function sameEntry (a: CatalogueEntry, b: CatalogueEntry): boolean {
  return a.galaxy === b.galaxy && a.run === b.run && a.bands.join('\n') === b.bands.join('\n') && Object.is(a.ra, b.ra) && Object.is(a.dec, b.dec) &&
    Object.is(a.redshift, b.redshift) && a.width === b.width && a.height === b.height && a.pixels === b.pixels && a.areas === b.areas &&
    a.cid.equals(b.cid) && Buffer.from(a.sha256).equals(b.sha256) && a.size === b.size && a.createdMs === b.createdMs
}

/** Keeps the manifest's catalogue in step with the store's archives. */
export class CataloguePublisher {
  private held: Held | undefined
  private loaded = false
  private lastPublishedMs = Number.NEGATIVE_INFINITY

  constructor (private readonly c: CatalogueComponents) {}

  /** Publishes a new catalogue when the archives differ from the held one's entries (one pass); returns its CID. */
  async publish (): Promise<CID | undefined> {
    const { signal } = this.c
    if (!this.loaded) {
      this.held = await this.load()
      this.loaded = true
    }
    let entries = catalogueEntries(this.c.store, this.c.run)
    if (!this.differs(entries)) return undefined
    const wait = this.lastPublishedMs + this.c.intervalMs - Date.now()
    if (wait > 0) {
      // More archives may come meanwhile: they join this catalogue.
      await delay(wait, undefined, { signal }).catch(() => {})
      if (signal.aborted) return undefined
      entries = catalogueEntries(this.c.store, this.c.run)
    }
    let made: Held | undefined
    try {
      await this.c.net.updateManifest(async (sequence) => {
        const catalogue: Catalogue = { project: this.c.net.manifest.project, sequence, issuedMs: Date.now(), entries }
        const record = await sealCatalogue(this.c.privateKey, catalogue)
        // Announced: readers knowing only the project key find the coordinator and the mirrors that hold it.
        const cid = await addBytes(this.c.helia, record, { signal })
        made = { cid, catalogue }
        return { catalogueCid: cid }
      })
    } catch (err) {
      // Stopping: the next start publishes it.
      if (signal.aborted) return undefined
      throw err
    }
    if (made === undefined) return undefined
    this.lastPublishedMs = Date.now()
    const previous = this.held
    this.held = made
    if (previous !== undefined && !previous.cid.equals(made.cid)) await this.unpin(previous.cid)
    this.c.events.emit('catalogue', { cid: made.cid.toString(), sequence: made.catalogue.sequence, galaxies: entries.length })
    return made.cid
  }

  /** Whether `entries` differ from the held catalogue's (no catalogue held: whether there is anything to list). */
  private differs (entries: CatalogueEntry[]): boolean {
    const held = this.held?.catalogue.entries
    if (held === undefined) return entries.length > 0
    return held.length !== entries.length || entries.some((e, k) => !sameEntry(e, held[k]))
  }

  /** The catalogue the manifest names, read from our own blockstore (a previous run's); undefined when absent. */
  private async load (): Promise<Held | undefined> {
    const cid = this.c.net.manifest.catalogueCid
    if (cid === undefined) return undefined
    const record = await readLocalContent(this.c.helia, cid.toString(), MAX_CATALOGUE_BYTES)
    if (record === undefined) return undefined
    try {
      const catalogue = await openCatalogue(record, this.c.net.manifest)
      return { cid, catalogue }
    } catch {
      // Unreadable (another pogs wrote it): the next catalogue replaces it.
      return undefined
    }
  }

  /** A superseded catalogue leaves our pins (a mirror fetching it now still gets the newer one from the manifest). */
  private async unpin (cid: CID): Promise<void> {
    try {
      for await (const _ of this.c.helia.pins.rm(cid)) { /* each yielded CID is one block unpinned */ }
    } catch {
      // already unpinned
    }
  }
}
