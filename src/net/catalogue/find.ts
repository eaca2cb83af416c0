// A reader of a project's archive catalogue, knowing only the project key (docs/archive.md#finding-archives): the
// manifest is found as volunteers and mirrors find it (discovery.ts), the catalogue it names is fetched (from the
// coordinator or any mirror holding it) and opened, and its sequence checked against the newest seen; an archive
// is then fetched by galaxy name and checked against its entry.
import { createReadStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import type { CID } from 'multiformats/cid'
import { closeNames } from '../../util/close-names.js'
import type { ContentHelia } from '../content.js'
import { writeToFile } from '../content-files.js'
import { discoverProject } from '../discovery.js'
import { fetchBytes } from '../fetch-content.js'
import { manifestStoreIn } from '../manifest-files.js'
import { MAX_CATALOGUE_BYTES, type Catalogue, type CatalogueEntry, type ProjectManifest } from '../messages/index.js'
import type { PogsNode } from '../node.js'
import { ArchiveMismatchError, NoCatalogueError, NotInCatalogueError } from './errors.js'
import { openCatalogue } from './record.js'
import { SeenCatalogues } from './seen.js'

/** A project's catalogue as found, with the manifest that named it. */
export interface FoundCatalogue {
  manifest: ProjectManifest
  catalogue: Catalogue
  cid: CID
}

/**
 * Finds a project's newest catalogue: its manifest from the DHT (refused when older than the one accepted in
 * `dataDir`: ERR_STALE_MANIFEST), the catalogue it names (ERR_NO_CATALOGUE when none), fetched without being kept
 * and opened (ERR_INVALID_SIGNATURE, ERR_SIGNER_MISMATCH), and its sequence accepted into `dataDir`
 * (ERR_STALE_SEQUENCE when an older one than already seen).
 */
export async function findCatalogue (node: PogsNode, project: string, dataDir: string, options: { signal: AbortSignal }): Promise<FoundCatalogue> {
  const { manifest } = await discoverProject(node, project, manifestStoreIn(dataDir), options)
  const cid = manifest.catalogueCid
  if (cid === undefined) throw new NoCatalogueError(manifest.project)
  const bytes = await fetchBytes(node.helia, cid, MAX_CATALOGUE_BYTES, { signal: options.signal, pin: false })
  const catalogue = await openCatalogue(bytes, manifest)
  await new SeenCatalogues(dataDir).accept(manifest.project, catalogue.sequence, cid)
  return { manifest, catalogue, cid }
}

/** The entry of galaxy `name`; NotInCatalogueError (listing close names) when the catalogue has none. */
export function catalogueEntry (catalogue: Catalogue, name: string): CatalogueEntry {
  const entry = catalogue.entries.find((e) => e.galaxy === name)
  if (entry === undefined) throw new NotInCatalogueError(name, closeNames(name, catalogue.entries.map((e) => e.galaxy)))
  return entry
}

/**
 * Fetches a catalogued archive into `out` (atomically, as `pogs get CID` does) and checks its size and SHA-256
 * against the entry: a file that differs is removed (ArchiveMismatchError). Returns the bytes written.
 */
export async function fetchArchive (helia: ContentHelia, entry: CatalogueEntry, out: string, options: { signal?: AbortSignal } = {}): Promise<number> {
  const bytes = await writeToFile(helia, entry.cid, out, options)
  const why = bytes !== entry.size ? `${bytes} bytes, not ${entry.size}` : !Buffer.from(await sha256OfFile(out)).equals(entry.sha256) ? 'its SHA-256 differs' : undefined
  if (why !== undefined) {
    await rm(out, { force: true })
    throw new ArchiveMismatchError(entry.galaxy, why)
  }
  return bytes
}

async function sha256OfFile (path: string): Promise<Uint8Array> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest()
}
