// Signing and opening a project's archive catalogue (protocols/catalogue.md): an envelope of kind `catalogue`
// signed by the project key, whose bytes are the UnixFS content the manifest names. Opening checks the signature,
// that the signer is the project the catalogue and the manifest name, and that the catalogue is not newer than the
// manifest naming it (its sequence is that of the manifest that first named it).
import type { PrivateKey } from '@libp2p/interface'
import { openEnvelope, sealEnvelope } from '../envelope.js'
import { InvalidFieldError, SignerMismatchError } from '../errors.js'
import { decodeCatalogue, encodeCatalogue, MAX_CATALOGUE_BYTES, type Catalogue, type ProjectManifest } from '../messages/index.js'
import { CatalogueTooLargeError } from './errors.js'

/** Signs a catalogue as its project's coordinator; the result is the content the manifest names. */
export async function sealCatalogue (key: PrivateKey, catalogue: Catalogue): Promise<Uint8Array> {
  const bytes = await sealEnvelope(key, { kind: 'catalogue', payload: encodeCatalogue(catalogue), timestampMs: catalogue.issuedMs })
  if (bytes.length > MAX_CATALOGUE_BYTES) throw new CatalogueTooLargeError(`${bytes.length} bytes, at most ${MAX_CATALOGUE_BYTES}`)
  return bytes
}

/**
 * Opens a signed catalogue: the envelope verifies (ERR_INVALID_SIGNATURE otherwise), its signer is the project the
 * payload names and, `manifest` given, the manifest's project (ERR_SIGNER_MISMATCH), and its sequence is not above
 * the manifest's (ERR_INVALID_FIELD: a catalogue cannot be newer than a manifest naming it).
 */
export async function openCatalogue (bytes: Uint8Array, manifest?: Pick<ProjectManifest, 'project' | 'sequence'>): Promise<Catalogue> {
  const envelope = await openEnvelope(bytes, 'catalogue')
  const catalogue = decodeCatalogue(envelope.payload)
  if (catalogue.project !== envelope.signer.toString()) throw new SignerMismatchError('catalogue not signed by its project key')
  if (manifest !== undefined) {
    if (catalogue.project !== manifest.project) throw new SignerMismatchError('catalogue of another project than its manifest')
    if (catalogue.sequence > manifest.sequence) {
      throw new InvalidFieldError('Catalogue', 'sequence', `${catalogue.sequence} is above the sequence ${manifest.sequence} of the manifest naming it`)
    }
  }
  return catalogue
}
