// A galaxy file submitted to a project named by its key alone, as `pogs galaxy submit` does it: the file's size and
// SHA-256 from one read, the coordinator's addresses from the project's signed manifest (found on the DHT like a
// volunteer finds it), then /pogs/submit with the file read again as it is sent.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { requireVersion } from '../../util/app-version.js'
import { UsageError } from '../../util/errors.js'
import { discoverProject, parseProjectKey } from '../discovery.js'
import { manifestStoreIn } from '../manifest-files.js'
import type { SubmitProgress, SubmitReceipt, SubmitRequest } from '../messages/index.js'
import type { PogsNode } from '../node.js'
import { submitGalaxy } from './client.js'
import { DEFAULT_SUBMIT_TIMEOUT_MS, MAX_SUBMIT_CHUNK_BYTES, SUBMIT_DISCOVERY_TIMEOUT_MS } from './constants.js'
import { timeoutSignal } from '../../util/timeout-signal.js'

/** The multiaddr protocol code of /p2p/. */
const P2P_CODE = 421

/** What to submit where. */
export interface SubmitFileInit {
  /** The project key (its coordinator's peer id). */
  project: string
  /** The node's data directory, where the project's manifest is kept between submissions. */
  dataDir: string
  /** The galaxy FITS file (plain or gzipped). */
  file: string
  /** Header fields besides the file's name, size and digest. */
  options?: Omit<SubmitRequest, 'fileName' | 'size' | 'sha256'>
  /** Once the file is hashed and the coordinator found: what is about to be sent, and to whom. */
  onStart?: (start: { size: number, sha256: string, coordinator: string, addrs: string[] }) => void
  onProgress?: (progress: SubmitProgress) => void
  signal?: AbortSignal
  /** The whole submission's bound, discovery included (default DEFAULT_SUBMIT_TIMEOUT_MS). */
  timeoutMs?: number
}

/** Submits a galaxy file with the node's key (which the coordinator must name with --submitter). */
export async function submitFile (node: PogsNode, init: SubmitFileInit): Promise<SubmitReceipt> {
  const project = parseProjectKey(init.project)
  const timeoutMs = init.timeoutMs ?? DEFAULT_SUBMIT_TIMEOUT_MS
  const deadline = Date.now() + timeoutMs
  const timeout = timeoutSignal(timeoutMs)
  const signal = init.signal === undefined ? timeout : AbortSignal.any([init.signal, timeout])
  const { size, sha256 } = await digestFile(init.file)
  // Without a newer manifest on the DHT in time, the stored one (a previous submission's) serves.
  const { manifest } = await discoverProject(node, project.toString(), manifestStoreIn(init.dataDir), {
    signal: AbortSignal.any([signal, timeoutSignal(Math.min(timeoutMs, SUBMIT_DISCOVERY_TIMEOUT_MS))])
  })
  requireVersion(manifest.minAppVersion)
  const addrs = manifest.addrs.map((a) => a.decapsulateCode(P2P_CODE))
  await node.libp2p.peerStore.merge(project, { multiaddrs: addrs })
  init.onStart?.({ size, sha256: sha256.toString('hex'), coordinator: project.toString(), addrs: addrs.map(String) })
  return await submitGalaxy(node.libp2p, project, {
    privateKey: node.identity.privateKey,
    request: { ...init.options, fileName: basename(init.file), size, sha256 },
    // Read in frame-sized chunks: one frame (and one acknowledgement) per read.
    data: createReadStream(init.file, { highWaterMark: MAX_SUBMIT_CHUNK_BYTES }),
    ...(init.onProgress !== undefined ? { onProgress: init.onProgress } : {}),
    signal,
    timeoutMs: Math.max(1, deadline - Date.now())
  })
}

/** A regular, non-empty file's size and SHA-256 (a usage error otherwise). */
async function digestFile (file: string): Promise<{ size: number, sha256: Buffer }> {
  try {
    const st = await stat(file)
    if (!st.isFile()) throw new Error('not a regular file')
    if (st.size === 0) throw new Error('empty')
    const hash = createHash('sha256')
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
    return { size: st.size, sha256: hash.digest() }
  } catch (err) {
    throw new UsageError(`cannot submit ${file}: ${(err as Error).message}`)
  }
}
