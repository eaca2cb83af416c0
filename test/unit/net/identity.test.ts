import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { IdentityError } from '../../../src/net/errors.js'
import { IDENTITY_FILE, loadOrCreateIdentity } from '../../../src/net/identity.js'

let dir: string
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'pogs-id-')) })
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

test('the key is created once, mode 0600, and the peer id survives a reload', async () => {
  const a = await loadOrCreateIdentity(dir)
  expect((await stat(join(dir, IDENTITY_FILE))).mode & 0o777).toBe(0o600)
  const b = await loadOrCreateIdentity(dir)
  expect(b.peerId.toString()).toBe(a.peerId.toString())
  expect(a.privateKey.type).toBe('Ed25519')
  expect(a.peerId.publicKey?.raw).toEqual(a.privateKey.publicKey.raw)
})

test('a key readable by others is tightened to 0600', async () => {
  await loadOrCreateIdentity(dir)
  await chmod(join(dir, IDENTITY_FILE), 0o644)
  await loadOrCreateIdentity(dir)
  expect((await stat(join(dir, IDENTITY_FILE))).mode & 0o777).toBe(0o600)
})

test('a corrupt key file is IdentityError, not overwritten', async () => {
  await writeFile(join(dir, IDENTITY_FILE), 'not a key', { mode: 0o600 })
  await expect(loadOrCreateIdentity(dir)).rejects.toBeInstanceOf(IdentityError)
})
