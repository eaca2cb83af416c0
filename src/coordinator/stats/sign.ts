// The signature of a statistics export: a pogs envelope (protocols/envelope.md, protocols/stats-export.md) in the
// domain `pogs/stats-export/v1` over the export's manifest (export.json: project, time, and each file's size and
// SHA-256), signed by the project key. Anyone holding the files can check them against the manifest and the
// manifest against the project key they already know (the project is named by its key).
import type { PrivateKey } from '@libp2p/interface'
import { domainOf, openEnvelope, sealEnvelope } from '../../net/envelope.js'
import { PogsError } from '../../util/errors.js'

/** The signing domain of statistics exports (`pogs/<kind>/v1`, protocols/envelope.md). */
export const STATS_EXPORT_DOMAIN = domainOf('stats-export')

type StatsExportCode = 'ERR_MALFORMED_EXPORT' | 'ERR_WRONG_DOMAIN' | 'ERR_INVALID_SIGNATURE' | 'ERR_WRONG_SIGNER' | 'ERR_FILE_MISMATCH'

/** An export that does not verify: malformed, another domain, a bad signature, another signer, a file changed. */
export class StatsExportError extends PogsError {
  constructor (code: StatsExportCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
  }
}

/** Signs the manifest bytes with the project key; returns the encoded envelope (export.sig). */
export async function sealStatsManifest (key: PrivateKey, manifest: Uint8Array, timestampMs = Date.now()): Promise<Uint8Array> {
  return await sealEnvelope(key, { kind: 'stats-export', payload: manifest, timestampMs })
}

/**
 * Opens export.sig with the envelope opener every signed pogs message goes through; returns the signer and the
 * manifest bytes. Its typed errors become StatsExportError with the same code where one exists (the cause kept).
 */
export async function openStatsManifest (bytes: Uint8Array): Promise<{ signer: string, manifest: Uint8Array }> {
  try {
    const env = await openEnvelope(bytes, 'stats-export')
    return { signer: env.signer.toString(), manifest: env.payload }
  } catch (err) {
    if (!(err instanceof PogsError)) throw err
    const code: StatsExportCode = err.code === 'ERR_WRONG_DOMAIN' || err.code === 'ERR_INVALID_SIGNATURE' ? err.code : 'ERR_MALFORMED_EXPORT'
    throw new StatsExportError(code, `export.sig: ${err.message}`, { cause: err })
  }
}
