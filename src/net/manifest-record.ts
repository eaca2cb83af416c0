import { peerIdFromMultihash } from '@libp2p/peer-id'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import * as Digest from 'multiformats/hashes/digest'
import { MANIFEST_KEY_NAMESPACE } from './constants.js'
import { openEnvelope, sealEnvelope } from './envelope.js'
import { InvalidFieldError, SignerMismatchError } from './errors.js'
import { decodeManifest, encodeManifest, type ProjectManifest } from './messages/index.js'

const KEY_PREFIX = new TextEncoder().encode(`/${MANIFEST_KEY_NAMESPACE}/`)

/** The DHT key of a project's manifest record: `/pogs-manifest/` + the project peer id's multihash bytes. */
export function manifestKey (project: PeerId): Uint8Array {
  const id = project.toMultihash().bytes
  const key = new Uint8Array(KEY_PREFIX.length + id.length)
  key.set(KEY_PREFIX)
  key.set(id, KEY_PREFIX.length)
  return key
}

function projectOfKey (key: Uint8Array): PeerId {
  if (key.length <= KEY_PREFIX.length || !KEY_PREFIX.every((b, i) => key[i] === b)) throw new InvalidFieldError('manifest record', 'key', 'lacks the /pogs-manifest/ prefix')
  try {
    return peerIdFromMultihash(Digest.decode(key.subarray(KEY_PREFIX.length)))
  } catch {
    throw new InvalidFieldError('manifest record', 'key', 'does not end in a peer id')
  }
}

/** Signs a manifest as the project's coordinator; the result is the DHT record value. */
export async function sealManifest (key: PrivateKey, manifest: ProjectManifest): Promise<Uint8Array> {
  return await sealEnvelope(key, { kind: 'manifest', payload: encodeManifest(manifest), timestampMs: manifest.issuedMs })
}

/**
 * Opens a manifest record: a valid envelope of kind manifest, signed by the project's own key, naming that project.
 * `project` given, the record must belong to it.
 */
export async function openManifest (value: Uint8Array, project?: PeerId): Promise<ProjectManifest> {
  const envelope = await openEnvelope(value, 'manifest')
  const manifest = decodeManifest(envelope.payload)
  if (manifest.project !== envelope.signer.toString()) throw new SignerMismatchError('manifest not signed by its project key')
  if (project !== undefined && !project.equals(envelope.signer)) throw new SignerMismatchError('manifest of another project')
  return manifest
}

/** kad-dht validator for /pogs-manifest/ records: every DHT peer rejects forged or malformed manifests. */
export async function validateManifestRecord (key: Uint8Array, value: Uint8Array): Promise<void> {
  await openManifest(value, projectOfKey(key))
}

/** kad-dht selector: the record with the highest sequence (records reaching it were validated already). */
export async function selectManifestRecord (_key: Uint8Array, records: Uint8Array[]): Promise<number> {
  let best = 0
  let bestSeq = -1
  for (const [i, r] of records.entries()) {
    try {
      const seq = (await openManifest(r)).sequence
      if (seq > bestSeq) { best = i; bestSeq = seq }
    } catch {
      // an invalid record never wins
    }
  }
  return best
}
