import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import type { PeerId } from '@libp2p/interface'
import { RENDEZVOUS_PREFIX } from './constants.js'

/** A project's rendezvous CID: CIDv1 raw of sha-256("pogs/project/" + peer id) (protocols/manifest.md). Its
 * coordinator provides it on the DHT, so finding its providers finds the coordinator. */
export async function rendezvousCid (project: PeerId | string): Promise<CID> {
  const digest = await sha256.digest(new TextEncoder().encode(RENDEZVOUS_PREFIX + project.toString()))
  return CID.createV1(raw.code, digest)
}
