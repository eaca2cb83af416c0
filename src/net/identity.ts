import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { IdentityError } from './errors.js'
import { identityFromBytes, identityToBytes, newIdentity, type Identity } from './identity-key.js'

/** File name of a peer's identity key inside its data directory (libp2p protobuf-encoded private key). */
export const IDENTITY_FILE = 'identity.key'

export type { Identity }

/**
 * Loads the peer's ed25519 identity from `dataDir/identity.key`, or creates it (mode 0600) on first start.
 * The key is @libp2p/crypto's node:crypto-backed implementation, so signing on hot paths is fast
 * (about 4x @noble/ed25519 here; docs/network.md#pitfalls).
 */
export async function loadOrCreateIdentity (dataDir: string): Promise<Identity> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const path = join(dataDir, IDENTITY_FILE)
  let bytes: Uint8Array | undefined
  try {
    bytes = await readFile(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new IdentityError(`cannot read ${path}`, { cause: err })
  }
  if (bytes === undefined) {
    const identity = await newIdentity()
    // 'wx': never overwrite a key another process created meanwhile (two commands started on one data dir).
    try {
      await writeFile(path, identityToBytes(identity), { mode: 0o600, flag: 'wx' })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return await loadOrCreateIdentity(dataDir)
      throw new IdentityError(`cannot write ${path}`, { cause: err })
    }
    return identity
  }
  // A key readable by others is no longer private to this peer: tighten it rather than refuse, since the usual
  // cause is a copy made with a permissive umask.
  const mode = (await stat(path)).mode & 0o777
  if ((mode & 0o077) !== 0) await chmod(path, 0o600)
  return identityFromBytes(bytes, path)
}
