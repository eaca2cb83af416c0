// The project's verifiers and mirrors by peer id, with the raw ed25519 keys the store records them by.
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import type { PeerId } from '@libp2p/interface'
import { InvalidSettingsError } from '../lifecycle/index.js'

/** A named peer: its id and its raw 32-byte public key. */
export interface KeyedPeer {
  id: PeerId
  key: Uint8Array
}

/** Parses peer ids that embed an ed25519 key (pogs identities do); anything else is a settings error. */
export function keyedPeers (ids: readonly string[], what: string): KeyedPeer[] {
  return ids.map((text) => {
    let id: PeerId
    try {
      id = peerIdFromString(text)
    } catch {
      throw new InvalidSettingsError(`${what} ${JSON.stringify(text)} is not a peer id`)
    }
    const key = id.publicKey
    if (key === undefined || key.type !== 'Ed25519') throw new InvalidSettingsError(`${what} ${text} does not embed an ed25519 key`)
    return { id, key: key.raw }
  })
}

/** The peer id (base58btc) of a raw ed25519 public key. */
export function peerIdOfKey (key: Uint8Array): string {
  return peerIdFromPublicKey(publicKeyFromRaw(key)).toString()
}
