import { readdir } from 'node:fs/promises'
import type { Multiaddr } from '@multiformats/multiaddr'
import { join } from 'node:path'
import { appVersion } from '../util/app-version.js'
import { ANNOUNCE_TIMEOUT_MS, REPROVIDE_INTERVAL_MS, REPUBLISH_INTERVAL_MS } from './constants.js'
import { Reprovider } from './content.js'
import { addFile } from './content-files.js'
import { provideRendezvous, publishManifest } from './discovery.js'
import { ContentError } from './errors.js'
import { sealManifest } from './manifest-record.js'
import type { ManifestStore } from './manifest-store.js'
import { manifestStoreIn } from './manifest-files.js'
import { DEFAULT_SETTINGS, type LibraryEntry, type ProjectManifest, type ProjectSettings, type RunEntry } from './messages/index.js'
import { startPogsNode, type PogsNode, type PogsNodeInit } from './node.js'
import { COORDINATOR_SEEDING } from './seeding.js'
import { timeoutSignal } from '../util/timeout-signal.js'

/** Options of a coordinator's network side. */
export interface CoordinatorNetworkInit extends PogsNodeInit {
  /** Directory whose regular files are the project's libraries (added as UnixFS, listed in the manifest). */
  librariesDir: string
  /** More directories of libraries (a coordinator's other runs), each file listed as `prefix + its name`. */
  moreLibraries?: Array<{ dir: string, prefix: string }>
  /** The project's runs as the manifest names them (docs/coordinator.md#runs). */
  runs?: RunEntry[]
  verifiers?: string[]
  mirrors?: string[]
  settings?: Partial<ProjectSettings>
  /** The lowest pogs version the project accepts, announced in the manifest (default ANY_VERSION). */
  minAppVersion?: string
  republishIntervalMs?: number
  reprovideIntervalMs?: number
}

/** What a coordinator may change in its manifest; the rest (addresses, version, time) is its own. */
export type ManifestChanges = Partial<Pick<ProjectManifest, 'verifiers' | 'mirrors' | 'libraries' | 'runs' | 'settings' | 'minAppVersion' | 'banListCid' | 'catalogueCid'>>

/** The lowest version there is: a manifest naming it accepts every pogs. */
export const ANY_VERSION = '0.0.0'

/**
 * The network side of a coordinator: its node, its libraries as content, and its signed, sequence-numbered
 * manifest on the DHT with the rendezvous CID provided. The coordinator service composes this with its database
 * and protocol handlers (`node.libp2p` serves them); `updateManifest` publishes a new sequence.
 */
export class CoordinatorNetwork {
  private timer: NodeJS.Timeout | undefined
  private readonly controller = new AbortController()
  private readonly reprovider: Reprovider
  private current: { manifest: ProjectManifest, record: Uint8Array } | undefined
  /** The update in progress: updates run one at a time, each taking the sequence after the previous one's. */
  private updating: Promise<unknown> = Promise.resolve()
  /** Aborts the DHT put of the record published last (a newer one replaces it). */
  private putting = new AbortController()

  private constructor (readonly node: PogsNode, private readonly store: ManifestStore, readonly libraries: LibraryEntry[],
    private readonly init: CoordinatorNetworkInit) {
    this.reprovider = new Reprovider(node.helia, init.reprovideIntervalMs ?? REPROVIDE_INTERVAL_MS)
  }

  /** Starts the node, adds the libraries and publishes the manifest. */
  static async start (init: CoordinatorNetworkInit): Promise<CoordinatorNetwork> {
    const node = await startPogsNode({ ...init, seeding: init.seeding ?? COORDINATOR_SEEDING })
    try {
      const libraries = await addLibraries(node, init.librariesDir)
      for (const more of init.moreLibraries ?? []) libraries.push(...await addLibraries(node, more.dir, more.prefix))
      const self = new CoordinatorNetwork(node, manifestStoreIn(init.dataDir), libraries, init)
      await self.updateManifest({})
      self.reprovider.start()
      self.timer = setInterval(() => { void self.republish() }, init.republishIntervalMs ?? REPUBLISH_INTERVAL_MS)
      self.timer.unref()
      node.libp2p.addEventListener('self:peer:update', self.onSelfUpdate)
      return self
    } catch (err) {
      await node.stop()
      throw err
    }
  }

  /** The manifest now published. */
  get manifest (): ProjectManifest {
    if (this.current === undefined) throw new Error('manifest not yet published')
    return this.current.manifest
  }

  /** The signed record now published. */
  get record (): Uint8Array {
    if (this.current === undefined) throw new Error('manifest not yet published')
    return this.current.record
  }

  /**
   * Publishes a manifest with the next sequence number (one above the last this data directory ever published,
   * so a restarted coordinator never goes backwards), merging `changes` into the current content. `changes` may be
   * a function of that sequence (content that names the manifest's sequence, such as the archive catalogue); updates
   * run one at a time, so the sequence it is given is the one published, unless it throws (nothing is published).
   */
  async updateManifest (changes: ManifestChanges | ((sequence: number) => Promise<ManifestChanges>)): Promise<ProjectManifest> {
    const next = this.updating.then(async () => await this.publishNext(changes))
    this.updating = next.catch(() => {})
    return await next
  }

  /**
   * Adds every file of `dir` as content, named `prefix + its name`, and publishes a manifest listing them too (a
   * run added while the coordinator runs). Returns the new entries.
   */
  async addLibraries (dir: string, prefix: string, run: Pick<RunEntry, 'name' | 'bands'>): Promise<LibraryEntry[]> {
    const added = await addLibraries(this.node, dir, prefix)
    const names = new Set(this.libraries.map((l) => l.name))
    const clash = added.find((l) => names.has(l.name))
    if (clash !== undefined) throw new ContentError(`a library named ${clash.name} is already in the manifest`)
    this.libraries.push(...added)
    const runs = [...(this.current?.manifest.runs ?? this.init.runs ?? []), { ...run, files: added.map((l) => l.name) }]
    await this.updateManifest({ libraries: [...this.libraries], runs })
    return added
  }

  private async publishNext (change: ManifestChanges | ((sequence: number) => Promise<ManifestChanges>)): Promise<ProjectManifest> {
    const project = this.node.peerId.toString()
    const previous = this.current?.manifest ?? (await this.store.get(project))?.manifest
    const sequence = (previous?.sequence ?? 0) + 1
    const changes = typeof change === 'function' ? await change(sequence) : change
    const manifest: ProjectManifest = {
      project,
      sequence,
      addrs: this.node.addrs(),
      verifiers: changes.verifiers ?? this.current?.manifest.verifiers ?? this.init.verifiers ?? [],
      mirrors: changes.mirrors ?? this.current?.manifest.mirrors ?? this.init.mirrors ?? [],
      libraries: changes.libraries ?? this.current?.manifest.libraries ?? this.libraries,
      ...runsOf(changes.runs ?? this.current?.manifest.runs ?? this.init.runs),
      appVersion: appVersion(),
      minAppVersion: changes.minAppVersion ?? this.current?.manifest.minAppVersion ?? this.init.minAppVersion ?? ANY_VERSION,
      settings: changes.settings ?? this.current?.manifest.settings ?? { ...DEFAULT_SETTINGS, ...this.init.settings },
      issuedMs: Date.now()
    }
    const banListCid = changes.banListCid ?? this.current?.manifest.banListCid ?? previous?.banListCid
    if (banListCid !== undefined) manifest.banListCid = banListCid
    const catalogueCid = changes.catalogueCid ?? this.current?.manifest.catalogueCid ?? previous?.catalogueCid
    if (catalogueCid !== undefined) manifest.catalogueCid = catalogueCid
    const record = await sealManifest(this.node.identity.privateKey, manifest)
    await this.store.accept(record, this.node.peerId)
    this.current = { manifest, record }
    // Not awaited: the record is stored locally at once (DHT queries reaching us find it); spreading it and the
    // rendezvous provide complete in the background, or time out while we are alone.
    void this.republish()
    return manifest
  }

  /** Puts the current record on the DHT again and provides the rendezvous CID (also run on a timer). */
  async republish (): Promise<void> {
    if (this.current === undefined) return
    // A put still in flight is superseded: kad-dht peers store whatever record they are sent, without selecting, so
    // an older record arriving after the newer one (puts wait for routing-table peers) would replace it there.
    this.putting.abort()
    this.putting = new AbortController()
    const signal = AbortSignal.any([this.controller.signal, this.putting.signal, timeoutSignal(ANNOUNCE_TIMEOUT_MS)])
    // An empty network (the coordinator is the first peer) accepts nothing yet: the record stays in our own
    // datastore, where DHT queries from peers that join later find it.
    await publishManifest(this.node, this.current.record, { signal }).catch(() => 0)
    await provideRendezvous(this.node, { signal }).catch(() => {})
  }

  /**
   * Our addresses changed (a new interface address, a UPnP mapping, AutoNAT confirming one): once they settle,
   * publish a manifest naming the new ones, so volunteers that look the project up find where we are now.
   */
  private readonly onSelfUpdate = (): void => {
    clearTimeout(this.addressCheck)
    this.addressCheck = setTimeout(() => {
      if (this.current === undefined || !addressesChanged(this.current.manifest.addrs, this.node.addrs())) return
      void this.updateManifest({}).catch(() => { /* retried at the next change or republish */ })
    }, ADDRESS_SETTLE_MS)
    this.addressCheck.unref()
  }

  private addressCheck: NodeJS.Timeout | undefined

  async stop (): Promise<void> {
    this.node.libp2p.removeEventListener('self:peer:update', this.onSelfUpdate)
    clearTimeout(this.addressCheck)
    clearInterval(this.timer)
    this.controller.abort()
    this.reprovider.stop()
    await this.node.stop()
  }
}

/** The manifest's runs field: absent when there are none. */
function runsOf (runs: RunEntry[] | undefined): { runs?: RunEntry[] } {
  return runs === undefined || runs.length === 0 ? {} : { runs }
}

/** The files of a libraries directory the manifest lists: its regular, not hidden files, sorted by name. */
export async function libraryFileNames (dir: string): Promise<string[]> {
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch (err) {
    throw new ContentError(`cannot read the libraries directory ${dir}`, { cause: err })
  }
  return entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name).sort()
}

/** Adds every file of `dir` the manifest lists (libraryFileNames) as UnixFS content, named `prefix + its name`. */
async function addLibraries (node: PogsNode, dir: string, prefix = ''): Promise<LibraryEntry[]> {
  const files = await libraryFileNames(dir)
  const out: LibraryEntry[] = []
  for (const name of files) {
    const { cid, size } = await addFile(node.helia, join(dir, name))
    out.push({ name: prefix + name, cid, size })
  }
  return out
}

/** How long our addresses must stay unchanged before a new manifest names them, in ms: addresses change in bursts
 * (every interface at start, a mapping and its confirmation), and each manifest is a DHT put. */
const ADDRESS_SETTLE_MS = 5_000

/** Whether two address lists differ as sets (order and duplicates aside). */
export function addressesChanged (before: readonly Multiaddr[], after: readonly Multiaddr[]): boolean {
  const a = new Set(before.map(String))
  const b = new Set(after.map(String))
  return a.size !== b.size || [...a].some((x) => !b.has(x))
}
