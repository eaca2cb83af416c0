// The fit worker's script is checked before it runs: workers cannot carry a Subresource Integrity digest, so the
// page fetches the script, compares its SHA-256 with the digest built into this program, and starts workers from
// the checked bytes (a blob: URL), never from the server's URL again.
import { sha256 } from '../../platform/sha256.js'

declare const POGS_WORKER_SHA256: string

/** Thrown when a bundle file is not the one the build produced. */
export class TamperedBundleError extends Error {
  readonly code = 'ERR_BUNDLE_INTEGRITY'
}

/** The worker script's checked bytes as a blob: URL. */
export async function verifiedWorkerUrl (path: string): Promise<string> {
  const res = await fetch(path, { cache: 'no-store' })
  if (!res.ok) throw new TamperedBundleError(`${path}: HTTP ${res.status}`)
  const bytes = new Uint8Array(await res.arrayBuffer())
  const digest = Array.from(sha256(bytes), (b) => b.toString(16).padStart(2, '0')).join('')
  if (digest !== POGS_WORKER_SHA256) throw new TamperedBundleError(`${path} is not the fit worker this program was built with (SHA-256 ${digest.slice(0, 16)}..., expected ${POGS_WORKER_SHA256.slice(0, 16)}...)`)
  return URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' }))
}
