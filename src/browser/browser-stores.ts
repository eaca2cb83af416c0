// What the browser volunteer keeps across visits, in IndexedDB (a datastore-idb store, one database per page
// origin): its identity key (so credit stays with it), the project's accepted manifest (never an older one), and
// its running totals. Blocks have their own store (verified-blockstore.ts).
import { IDBDatastore } from 'datastore-idb'
import { Key } from 'interface-datastore'
import { ManifestStore } from '../net/manifest-store.js'

/** The IndexedDB database names, fixed so a reload finds them. */
export const STATE_DB = 'pogs-volunteer-state'
export const BLOCKS_DB = 'pogs-volunteer-blocks'
export const HELIA_DB = 'pogs-volunteer-helia'

const IDENTITY_KEY = new Key('/identity')
const TOTALS_KEY = new Key('/totals')

/** What the page shows as this browser's totals (also across reloads). */
export interface Totals {
  pixels: number
  units: number
  accepted: number
}

export class BrowserStores {
  private constructor (private readonly db: IDBDatastore) {}

  static async open (): Promise<BrowserStores> {
    const db = new IDBDatastore(STATE_DB)
    await db.open()
    return new BrowserStores(db)
  }

  async close (): Promise<void> {
    await this.db.close()
  }

  /** The identity key's protobuf bytes (@libp2p/crypto's encoding), if one was made or imported. */
  async identity (): Promise<Uint8Array | undefined> {
    return await this.read(IDENTITY_KEY)
  }

  async saveIdentity (bytes: Uint8Array): Promise<void> {
    await this.db.put(IDENTITY_KEY, bytes)
  }

  manifests (): ManifestStore {
    return new ManifestStore({
      read: async (project) => await this.read(new Key(`/manifests/${project}`)),
      write: async (project, record) => { await this.db.put(new Key(`/manifests/${project}`), record) }
    })
  }

  async totals (): Promise<Totals> {
    const bytes = await this.read(TOTALS_KEY)
    const zero: Totals = { pixels: 0, units: 0, accepted: 0 }
    if (bytes === undefined) return zero
    try {
      return { ...zero, ...(JSON.parse(new TextDecoder().decode(bytes)) as Partial<Totals>) }
    } catch {
      return zero
    }
  }

  async saveTotals (totals: Totals): Promise<void> {
    await this.db.put(TOTALS_KEY, new TextEncoder().encode(JSON.stringify(totals)))
  }

  private async read (key: Key): Promise<Uint8Array | undefined> {
    try {
      return await this.db.get(key)
    } catch (err) {
      if ((err as Error).name === 'NotFoundError') return undefined
      throw err
    }
  }
}
