// An identity key file's bytes: libp2p's protobuf encoding of an Ed25519 private key. The same bytes are a Node
// peer's `identity.key` and what the browser volunteer exports and imports (docs/volunteer.md#in-a-browser-tab),
// so a volunteer can carry one identity (and its credit) between browsers and machines.
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { Ed25519PrivateKey, PeerId } from '@libp2p/interface'
import { IdentityError } from './errors.js'

/** A peer's long-lived identity: the ed25519 key that signs its messages and from which its peer id derives. */
export interface Identity {
  privateKey: Ed25519PrivateKey
  peerId: PeerId
}

/** Decodes identity key bytes; IdentityError (naming `source`) when they are not an Ed25519 libp2p key. */
export function identityFromBytes (bytes: Uint8Array, source: string): Identity {
  let privateKey
  try {
    privateKey = privateKeyFromProtobuf(bytes)
  } catch (err) {
    throw new IdentityError(`${source} does not hold a libp2p private key`, { cause: err })
  }
  if (privateKey.type !== 'Ed25519') throw new IdentityError(`${source} holds a ${privateKey.type} key; pogs needs Ed25519`)
  return { privateKey, peerId: peerIdFromPrivateKey(privateKey) }
}

/** A new identity. */
export async function newIdentity (): Promise<Identity> {
  const privateKey = await generateKeyPair('Ed25519')
  return { privateKey, peerId: peerIdFromPrivateKey(privateKey) }
}

/** The identity's key file bytes. */
export function identityToBytes (identity: Identity): Uint8Array {
  return privateKeyToProtobuf(identity.privateKey)
}
