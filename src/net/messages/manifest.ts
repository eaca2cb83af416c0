import type { CID } from 'multiformats/cid'
import type { Multiaddr } from '@multiformats/multiaddr'
import * as wire from '../../../protocols/manifest.js'
import { InvalidFieldError, MissingFieldError } from '../errors.js'
import { decodeWith, parseCid, parseMultiaddr, parsePeerId, positive, requiredString, requiredVersion } from './fields.js'

/** Work semantics a project announces (docs/design.md#work-lifecycle). */
export interface ProjectSettings {
  initialReplication: number
  minQuorum: number
  maxErrorResults: number
  maxTotalResults: number
  deadlineS: number
  verifierQuorum: number
  mirrorReceipts: number
}

/** BOINC/POGS defaults (docs/design.md#work-defaults): replication 2, quorum 2, 8 errors, 10 results, 7 days,
 * verifiers 2 of 3, 2 mirror receipts before histograms leave the database. */
export const DEFAULT_SETTINGS: ProjectSettings = {
  initialReplication: 2,
  minQuorum: 2,
  maxErrorResults: 8,
  maxTotalResults: 10,
  deadlineS: 7 * 24 * 3600,
  verifierQuorum: 2,
  mirrorReceipts: 2
}

/** A file every participant needs, named by CID. */
export interface LibraryEntry {
  name: string
  cid: CID
  size: number
}

/** A run name (docs/coordinator.md#runs): a plain word, since it prefixes file names and appears on command lines. */
export const RUN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/** One of the project's runs: a filter set (its bands) with its files among the manifest's libraries. */
export interface RunEntry {
  name: string
  /** filters.dat names in column order. */
  bands: string[]
  /** Names of its files in `libraries`. */
  files: string[]
}

/** What a coordinator announces about its project. */
export interface ProjectManifest {
  /** The project key: the coordinator's peer id. */
  project: string
  sequence: number
  addrs: Multiaddr[]
  verifiers: string[]
  mirrors: string[]
  libraries: LibraryEntry[]
  appVersion: string
  /** The lowest pogs version the project accepts (semver); older peers stop and ask to be upgraded. */
  minAppVersion: string
  settings: ProjectSettings
  issuedMs: number
  /** The project's ban list (protocols/ban-list.md), when anyone is banned. */
  banListCid?: CID
  /** The project's archive catalogue (protocols/catalogue.md), once a galaxy is archived. */
  catalogueCid?: CID
  /** The project's runs; absent in manifests from before runs. */
  runs?: RunEntry[]
}

export function encodeManifest (m: ProjectManifest): Uint8Array {
  return wire.Manifest.encode({
    ...m,
    addrs: m.addrs.map(String),
    libraries: m.libraries.map((l) => ({ name: l.name, cid: l.cid.toString(), size: l.size })),
    runs: (m.runs ?? []).map((r) => ({ name: r.name, bands: r.bands, files: r.files })),
    banListCid: m.banListCid?.toString() ?? '',
    catalogueCid: m.catalogueCid?.toString() ?? ''
  })
}

export function decodeManifest (bytes: Uint8Array): ProjectManifest {
  const k = 'Manifest'
  const w = decodeWith(k, wire.Manifest.decode, bytes)
  if (w.settings === undefined) throw new MissingFieldError(k, 'settings')
  const s = w.settings
  const settings: ProjectSettings = {
    initialReplication: positive(k, 'settings.initialReplication', s.initialReplication, 100),
    minQuorum: positive(k, 'settings.minQuorum', s.minQuorum, 100),
    maxErrorResults: positive(k, 'settings.maxErrorResults', s.maxErrorResults, 1000),
    maxTotalResults: positive(k, 'settings.maxTotalResults', s.maxTotalResults, 1000),
    deadlineS: positive(k, 'settings.deadlineS', s.deadlineS, 365 * 24 * 3600),
    verifierQuorum: s.verifierQuorum,
    mirrorReceipts: s.mirrorReceipts
  }
  if (settings.minQuorum > settings.maxTotalResults) throw new InvalidFieldError(k, 'settings.minQuorum', 'exceeds maxTotalResults')
  const names = new Set<string>()
  const libraries = w.libraries.map((l): LibraryEntry => {
    const name = requiredString(k, 'libraries.name', l.name)
    // Names become file names on mirrors and volunteers: no directories, no duplicates.
    if (name.includes('/') || name.includes('\\') || name === '.' || name === '..') throw new InvalidFieldError(k, 'libraries.name', 'must be a plain file name')
    if (names.has(name)) throw new InvalidFieldError(k, 'libraries.name', 'is listed twice')
    names.add(name)
    return { name, cid: parseCid(k, 'libraries.cid', l.cid), size: l.size }
  })
  const runNames = new Set<string>()
  const runs = w.runs.map((r): RunEntry => {
    if (!RUN_NAME.test(r.name)) throw new InvalidFieldError(k, 'runs.name', 'must be a run name (letters, digits, ".", "-", "_"; at most 64)')
    if (runNames.has(r.name)) throw new InvalidFieldError(k, 'runs.name', 'is listed twice')
    runNames.add(r.name)
    const missing = r.files.find((f) => !names.has(f))
    if (missing !== undefined) throw new InvalidFieldError(k, 'runs.files', `names ${JSON.stringify(missing.slice(0, 100))}, which is not in libraries`)
    return { name: r.name, bands: r.bands.map((b) => requiredString(k, 'runs.bands', b, 64)), files: r.files }
  })
  if (w.sequence === 0) throw new MissingFieldError(k, 'sequence')
  if (w.issuedMs === 0) throw new MissingFieldError(k, 'issuedMs')
  return {
    project: parsePeerId(k, 'project', w.project),
    sequence: w.sequence,
    addrs: w.addrs.map((a) => parseMultiaddr(k, 'addrs', a)),
    verifiers: w.verifiers.map((v) => parsePeerId(k, 'verifiers', v)),
    mirrors: w.mirrors.map((v) => parsePeerId(k, 'mirrors', v)),
    libraries,
    appVersion: requiredString(k, 'appVersion', w.appVersion, 64),
    minAppVersion: requiredVersion(k, 'minAppVersion', w.minAppVersion),
    settings,
    issuedMs: w.issuedMs,
    ...(runs.length > 0 ? { runs } : {}),
    ...(w.banListCid !== '' ? { banListCid: parseCid(k, 'banListCid', w.banListCid) } : {}),
    ...(w.catalogueCid !== '' ? { catalogueCid: parseCid(k, 'catalogueCid', w.catalogueCid) } : {})
  }
}
