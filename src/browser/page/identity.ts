// The page's identity: made on the first visit and kept in IndexedDB, exported as (and imported from) the same
// file a Node peer keeps as `identity.key`, so credit follows the volunteer between browsers and machines.
import { identityFromBytes, identityToBytes, newIdentity, type Identity } from '../../net/identity-key.js'
import type { BrowserStores } from '../browser-stores.js'

/** The stored identity, or a new one (stored). */
export async function loadOrCreateIdentity (stores: BrowserStores): Promise<Identity> {
  const stored = await stores.identity()
  if (stored !== undefined) return identityFromBytes(stored, 'the stored identity')
  const identity = await newIdentity()
  await stores.saveIdentity(identityToBytes(identity))
  return identity
}

/** Checks an imported key file and stores it (IdentityError when it is not an Ed25519 libp2p key). */
export async function importIdentity (stores: BrowserStores, bytes: Uint8Array, fileName: string): Promise<Identity> {
  const identity = identityFromBytes(bytes, fileName)
  await stores.saveIdentity(bytes)
  return identity
}

/** The key file's bytes, for a download. */
export function exportIdentity (identity: Identity): Uint8Array {
  return identityToBytes(identity)
}
