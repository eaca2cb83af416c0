// The libraries a volunteer or verifier fits with: fetched by CID (from whoever holds them), pinned (sticky, so
// this peer serves them to others too) and written under their manifest names into one directory the fit pool
// reads. A file is written only after its content is pinned, so a file present under its name is complete. Nothing
// here removes them: a volunteer's cache evicts beyond its budget (src/volunteer/library-budget.ts, with the usage
// kept by library-store.ts); a verifier keeps them all.
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { fetchAndPin, type ContentHelia } from '../net/content.js'
import { writeToFile } from '../net/content-files.js'
import type { LibraryRef } from './unit-payload.js'
import { BadUnitError } from './errors.js'

/**
 * Makes every library of `refs` present in `dir`; returns the names fetched now (empty when all were there).
 * A ref whose CID does not parse is BadUnitError (the unit naming it is broken); fetch trouble is ContentError.
 */
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

function parseCid (text: string): CID {
  try {
    return CID.parse(text)
  } catch (err) {
    throw new BadUnitError(`${JSON.stringify(text.slice(0, 100))} is not a CID`, { cause: err })
  }
}
