// One statistics export: every volunteer and team with total and recent average credit as gzipped
// user.xml and team.xml in BOINC's db_dump layout, a manifest (export.json) naming each file's size and SHA-256,
// and its signature by the project key (export.sig, sign.ts). Written to DATA/stats/<ms>/ (under a temporary name,
// then renamed), added to Helia as one UnixFS directory (pinned, provided), so anyone can fetch it by CID and verify.
import { createHash } from 'node:crypto'
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { unixfs } from '@helia/unixfs'
import type { Helia } from '@helia/interface'
import type { PrivateKey } from '@libp2p/interface'
import { CID } from 'multiformats/cid'
import type { Db } from '../store/open-database.js'
import { provideInBackground, type ContentHelia } from '../../net/content.js'
import { decodeStatsManifest, encodeStatsManifest, type StatsManifest } from '../../net/messages/index.js'
import { teamXml, userXml } from './boinc-xml.js'
import { exportRows } from './export-rows.js'
import { openStatsManifest, sealStatsManifest, StatsExportError } from './sign.js'

export type { StatsManifest }

/** An export as the coordinator reports it and the dashboard links it. */
export interface StatsExportInfo extends StatsManifest {
  /** The UnixFS directory's CID (user.xml.gz, team.xml.gz, export.json, export.sig). */
  cid: string
  /** Where its files are on disk. */
  dir: string
}

/** What an export needs. */
export interface StatsExportComponents {
  db: Db
  helia: ContentHelia
  privateKey: PrivateKey
  project: string
  creditHalfLifeMs: number
  dataDir: string
}

/** The files of an export, in the directory's order. */
export const EXPORT_FILES = ['user.xml.gz', 'team.xml.gz', 'export.json', 'export.sig'] as const
const INFO_FILE = 'info.json'

/** The exports' directory under the coordinator's data directory. */
export function statsDir (dataDir: string): string { return join(dataDir, 'stats') }

function sha256 (b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex')
}

/** Writes, signs and adds one export; returns where it is and its CID. */
export async function writeStatsExport (c: StatsExportComponents, now = Date.now(), options: { signal?: AbortSignal } = {}): Promise<StatsExportInfo> {
  const { users, teams } = exportRows(c.db, now, c.creditHalfLifeMs)
  // mtime 0 in the gzip header: equal tables give equal bytes.
  const gz = { 'user.xml.gz': gzipSync(userXml(users)), 'team.xml.gz': gzipSync(teamXml(teams)) }
  const manifest: StatsManifest = {
    project: c.project,
    created: now,
    users: users.length,
    teams: teams.length,
    files: Object.entries(gz).map(([name, bytes]) => ({ name, size: bytes.length, sha256: sha256(bytes) }))
  }
  const manifestBytes = encodeStatsManifest(manifest)
  const sig = await sealStatsManifest(c.privateKey, manifestBytes, now)
  const files: Record<typeof EXPORT_FILES[number], Uint8Array> = { ...gz, 'export.json': manifestBytes, 'export.sig': sig }
  const root = statsDir(c.dataDir)
  const dir = join(root, String(now))
  const tmp = join(root, `.${now}.tmp`)
  await mkdir(tmp, { recursive: true })
  for (const name of EXPORT_FILES) await writeFile(join(tmp, name), files[name])
  const fs = unixfs(c.helia as Helia)
  let cid: CID | undefined
  for await (const entry of fs.addAll(EXPORT_FILES.map((name) => ({ path: name, content: files[name] })), { wrapWithDirectory: true, signal: options.signal })) {
    cid = entry.cid
  }
  if (cid === undefined) throw new StatsExportError('ERR_MALFORMED_EXPORT', 'adding the export gave no directory')
  for await (const _ of c.helia.pins.add(cid, options)) { /* each yielded CID is one block now held */ }
  provideInBackground(c.helia, cid)
  const info: StatsExportInfo = { ...manifest, cid: cid.toString(), dir }
  await writeFile(join(tmp, INFO_FILE), JSON.stringify(info) + '\n')
  await rename(tmp, dir)
  return info
}

/** The newest export on disk (after a restart the dashboard links it again), or undefined. */
export async function latestStatsExport (dataDir: string): Promise<StatsExportInfo | undefined> {
  const all = await listStatsExports(dataDir)
  return all[all.length - 1]
}

/** Every complete export on disk, oldest first. */
export async function listStatsExports (dataDir: string): Promise<StatsExportInfo[]> {
  let names: string[]
  try {
    names = await readdir(statsDir(dataDir))
  } catch {
    return []
  }
  const out: StatsExportInfo[] = []
  for (const name of names.filter((n) => /^[0-9]+$/.test(n)).sort((a, b) => Number(a) - Number(b))) {
    try {
      out.push(JSON.parse(await readFile(join(statsDir(dataDir), name, INFO_FILE), 'utf8')) as StatsExportInfo)
    } catch {
      // an export without its info file is not complete; skip it
    }
  }
  return out
}

/** Removes exports beyond the newest `keep` (files and pins). */
export async function pruneStatsExports (dataDir: string, helia: Pick<ContentHelia, 'pins'>, keep: number): Promise<void> {
  const all = await listStatsExports(dataDir)
  for (const old of all.slice(0, Math.max(0, all.length - keep))) {
    try {
      for await (const _ of helia.pins.rm(CID.parse(old.cid))) { /* unpinned */ }
    } catch {
      // not pinned (any more): nothing to undo
    }
    await rm(old.dir, { recursive: true, force: true })
  }
}

/**
 * Verifies an export's files: export.sig opens in the stats-export domain, is signed by `project` (when given),
 * and every file export.json names has its size and SHA-256. Returns the manifest; throws StatsExportError.
 */
export async function verifyStatsExport (files: Map<string, Uint8Array>, project?: string): Promise<StatsManifest> {
  const sig = files.get('export.sig')
  const json = files.get('export.json')
  if (sig === undefined || json === undefined) throw new StatsExportError('ERR_MALFORMED_EXPORT', 'export.sig and export.json are needed')
  const opened = await openStatsManifest(sig)
  if (Buffer.compare(Buffer.from(opened.manifest), Buffer.from(json)) !== 0) throw new StatsExportError('ERR_FILE_MISMATCH', 'export.json is not what was signed')
  let manifest: StatsManifest
  try {
    manifest = decodeStatsManifest(json)
  } catch (err) {
    throw new StatsExportError('ERR_MALFORMED_EXPORT', `export.json: ${(err as Error).message}`, { cause: err })
  }
  if (manifest.project !== opened.signer) throw new StatsExportError('ERR_WRONG_SIGNER', 'export.json names a project other than its signer')
  if (project !== undefined && opened.signer !== project) throw new StatsExportError('ERR_WRONG_SIGNER', `signed by ${opened.signer}, not the project ${project}`)
  for (const f of manifest.files) {
    const bytes = files.get(f.name)
    if (bytes === undefined || bytes.length !== f.size || sha256(bytes) !== f.sha256) throw new StatsExportError('ERR_FILE_MISMATCH', `${f.name} is missing or changed`)
  }
  return manifest
}
