// The libraries a volunteer or verifier fits with: fetched by CID (from whoever holds them), pinned (sticky, so
// this peer serves them to others too) and written under their manifest names into one directory the fit pool
// reads. A file is written only after its content is pinned, so a file present under its name is complete.
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { unixfs } from '@helia/unixfs'
import type { Helia } from '@helia/interface'
import { CID } from 'multiformats/cid'
import { fetchAndPin, provideInBackground, UNANNOUNCED, writeToFile, type ContentHelia } from '../net/content.js'
import { ContentError } from '../net/errors.js'
import type { LibraryRef } from './unit-payload.js'
import { BadUnitError } from './errors.js'

/** Makes every library of `refs` present in `dir`; returns the names fetched now (empty when all were there). */
export async function ensureLibraries (helia: ContentHelia, dir: string, refs: readonly LibraryRef[], options: { signal?: AbortSignal } = {}): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const fetched: string[] = []
  for (const ref of refs) {
    const out = join(dir, ref.name)
    const cid = parseCid(ref.cid)
    if (existsSync(out) && await helia.pins.isPinned(cid, options)) continue
    await fetchAndPin(helia, cid, options)
    await writeToFile(helia, cid, out, options)
    fetched.push(ref.name)
  }
  return fetched
}

/**
 * Fetches UnixFS content, refusing more than `maxBytes`, then pins it and returns its bytes. The content is read
 * (bounded) before it is pinned: pinning first would fetch the whole DAG, however large, before its size is known.
 * `provide: false` keeps it off the DHT and out of reprovide passes (unit payloads and results).
 */
export async function fetchBytes (helia: ContentHelia, cidText: string, maxBytes: number, options: { signal?: AbortSignal, provide?: boolean } = {}): Promise<Uint8Array> {
  const cid = parseCid(cidText)
  const parts: Uint8Array[] = []
  let total = 0
  try {
    for await (const chunk of unixfs(helia as Helia).cat(cid, { signal: options.signal })) {
      total += chunk.length
      if (total > maxBytes) throw new BadUnitError(`content ${cidText} is larger than ${maxBytes} bytes`)
      parts.push(chunk)
    }
  } catch (err) {
    if (err instanceof BadUnitError) throw err
    throw new ContentError(`cannot fetch ${cidText}`, { cause: err })
  }
  // Every block is held now: pin (sticky) and announce. Not fetchAndPin, which would look for a swarm to join.
  try {
    if (!await helia.pins.isPinned(cid, options)) {
      const add = { signal: options.signal, ...(options.provide === false ? { metadata: UNANNOUNCED } : {}) }
      for await (const _ of helia.pins.add(cid, add)) { /* local blocks */ }
    }
  } catch (err) {
    throw new ContentError(`cannot pin ${cidText}`, { cause: err })
  }
  // Unit results are not announced (see addBytes): only connected peers fetch them.
  if (options.provide !== false) provideInBackground(helia, cid)
  return Buffer.concat(parts)
}

function parseCid (text: string): CID {
  try {
    return CID.parse(text)
  } catch (err) {
    throw new BadUnitError(`${JSON.stringify(text)} is not a CID`, { cause: err })
  }
}
