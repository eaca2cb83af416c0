// The signature of a statistics export: a pogs envelope (protocols/envelope.md) in the domain
// `pogs/stats-export/v1` over the export's manifest (export.json: project, time, and each file's size and SHA-256),
// signed by the project key. Anyone holding the files can check them against the manifest and the manifest
// against the project key they already know (the project is named by its key).
import { randomBytes } from 'node:crypto'
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { Envelope } from '../../../protocols/envelope.js'
import { ENVELOPE_ID_BYTES, signingBytes } from '../../net/envelope.js'
import { wireBytes } from '../../net/messages/fields.js'
import { PogsError } from '../../util/errors.js'

/** The signing domain of statistics exports (design section 6: `pogs/<kind>/v1`). */
export const STATS_EXPORT_DOMAIN = 'pogs/stats-export/v1'

/** An export that does not verify: malformed, another domain, a bad signature, another signer, a file changed. */
export class StatsExportError extends PogsError {
  constructor (code: 'ERR_MALFORMED_EXPORT' | 'ERR_WRONG_DOMAIN' | 'ERR_INVALID_SIGNATURE' | 'ERR_WRONG_SIGNER' | 'ERR_FILE_MISMATCH', message: string) {
    super(code, message)
  }
}

/** Signs the manifest bytes with the project key; returns the encoded envelope (export.sig). */
export async function sealStatsManifest (key: PrivateKey, manifest: Uint8Array, timestampMs = Date.now()): Promise<Uint8Array> {
  if (key.type !== 'Ed25519') throw new StatsExportError('ERR_MALFORMED_EXPORT', `pogs signs with Ed25519 keys, not ${key.type}`)
  const id = randomBytes(ENVELOPE_ID_BYTES)
  const empty = new Uint8Array(0)
  const signature = await key.sign(signingBytes(STATS_EXPORT_DOMAIN, id, timestampMs, empty, manifest))
  return Envelope.encode({
    domain: STATS_EXPORT_DOMAIN,
    publicKey: wireBytes(key.publicKey.raw),
    id: wireBytes(id),
    timestampMs,
    inReplyTo: wireBytes(empty),
    payload: wireBytes(manifest),
    signature: wireBytes(signature)
  })
}

/** Opens export.sig: checks the domain, the key and signature lengths and the signature; returns the signer and the manifest bytes. */
export async function openStatsManifest (bytes: Uint8Array): Promise<{ signer: string, manifest: Uint8Array }> {
  let env: Envelope
  try {
    env = Envelope.decode(bytes)
  } catch {
    throw new StatsExportError('ERR_MALFORMED_EXPORT', 'the signature file does not decode as an envelope')
  }
  if (env.domain !== STATS_EXPORT_DOMAIN) throw new StatsExportError('ERR_WRONG_DOMAIN', `domain ${JSON.stringify(env.domain)}, not ${STATS_EXPORT_DOMAIN}`)
  if (env.publicKey.length !== 32 || env.signature.length !== 64 || env.id.length !== ENVELOPE_ID_BYTES) {
    throw new StatsExportError('ERR_MALFORMED_EXPORT', 'key, signature or id of the wrong length')
  }
  let valid = false
  let signer = ''
  try {
    const key = publicKeyFromRaw(env.publicKey)
    signer = peerIdFromPublicKey(key).toString()
    valid = await key.verify(signingBytes(env.domain, env.id, env.timestampMs, env.inReplyTo, env.payload), env.signature)
  } catch {
    // a malformed point is a signature that does not verify
  }
  if (!valid) throw new StatsExportError('ERR_INVALID_SIGNATURE', 'the export signature does not verify')
  return { signer, manifest: env.payload }
}
