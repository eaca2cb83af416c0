// Assignment nonces (protocols/work.md): 16 bytes per instance that its result must echo. The store has no nonce
// column, so nonces are derived: HMAC-SHA256 under a secret kept in the data directory, over the instance id,
// truncated. A repeated work request gets the same nonce back, a restart keeps them, and nobody without the
// secret can compute the nonce of an instance it was not sent.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { NONCE_BYTES } from '../../net/messages/index.js'
import { NONCE_SECRET_BYTES } from './constants.js'
import { PogsError } from '../../util/errors.js'

/** The secret's file in the coordinator's data directory (mode 0600, like identity.key). */
export const NONCE_SECRET_FILE = 'nonce.key'

/** Derives and checks assignment nonces. */
export class Nonces {
  private constructor (private readonly secret: Uint8Array) {}

  /** Loads the secret from `dataDir`, creating it on first start. */
  static open (dataDir: string): Nonces {
    const path = join(dataDir, NONCE_SECRET_FILE)
    if (!existsSync(path)) {
      // Created 0600 under a temporary name, then renamed: never readable by others, never half written.
      const temp = `${path}.tmp-${process.pid}`
      writeFileSync(temp, randomBytes(NONCE_SECRET_BYTES), { mode: 0o600 })
      renameSync(temp, path)
    }
    const secret = readFileSync(path)
    if (secret.length !== NONCE_SECRET_BYTES) throw new PogsError('ERR_NONCE_SECRET', `${path} holds ${secret.length} bytes, not ${NONCE_SECRET_BYTES}`)
    return new Nonces(secret)
  }

  /** The nonce of an instance. */
  nonceFor (instanceId: string): Uint8Array {
    return new Uint8Array(createHmac('sha256', this.secret).update(instanceId, 'utf8').digest().subarray(0, NONCE_BYTES))
  }

  /** Whether `nonce` is the instance's (constant time). */
  matches (instanceId: string, nonce: Uint8Array): boolean {
    return nonce.length === NONCE_BYTES && timingSafeEqual(this.nonceFor(instanceId), nonce)
  }
}
