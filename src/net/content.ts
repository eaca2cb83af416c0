import { createReadStream, createWriteStream } from 'node:fs'
import { rename, stat } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { unixfs } from '@helia/unixfs'
import type { Helia } from '@helia/interface'
import type { CID } from 'multiformats/cid'
import { ANNOUNCE_TIMEOUT_MS, REPROVIDE_INTERVAL_MS } from './constants.js'
import { ContentError } from './errors.js'

/** The parts of Helia content handling needs. */
export type ContentHelia = Pick<Helia, 'blockstore' | 'pins' | 'routing'>

/**
 * Adds a file as UnixFS (CIDv1, raw leaves: the bytes come back exactly as given), pins it and provides it.
 * Returns the root CID and the file's size.
 */
export async function addFile (helia: ContentHelia, path: string, options: { signal?: AbortSignal } = {}): Promise<{ cid: CID, size: number }> {
  const size = (await stat(path)).size
  const cid = await unixfs(helia as Helia).addByteStream(createReadStream(path), { signal: options.signal })
  await pin(helia, cid, options)
  provideInBackground(helia, cid)
  return { cid, size }
}

/** Adds bytes as UnixFS, pins and provides them. */
export async function addBytes (helia: ContentHelia, bytes: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<CID> {
  const cid = await unixfs(helia as Helia).addBytes(bytes, { signal: options.signal })
  await pin(helia, cid, options)
  provideInBackground(helia, cid)
  return cid
}

/**
 * Fetches every block of `cid` from whoever holds it (bitswap, providers found on the DHT), pins it, and provides
 * it so later peers fetch from us too. Idempotent: pinning content already pinned does nothing.
 */
export async function fetchAndPin (helia: ContentHelia, cid: CID, options: { signal?: AbortSignal } = {}): Promise<void> {
  await pin(helia, cid, options)
  provideInBackground(helia, cid)
}

/** Writes pinned (or fetchable) UnixFS content to a file, atomically (a partial file never appears under `out`). */
export async function writeToFile (helia: ContentHelia, cid: CID, out: string, options: { signal?: AbortSignal } = {}): Promise<number> {
  let bytes = 0
  const chunks = async function * (): AsyncGenerator<Uint8Array> {
    for await (const chunk of unixfs(helia as Helia).cat(cid, { signal: options.signal })) {
      bytes += chunk.length
      yield chunk
    }
  }
  const tmp = `${out}.partial`
  try {
    await pipeline(Readable.from(chunks()), createWriteStream(tmp))
  } catch (err) {
    throw new ContentError(`cannot fetch ${cid.toString()}`, { cause: err })
  }
  await rename(tmp, out)
  return bytes
}

/** Total bytes of a pinned DAG's blocks (UnixFS `dagSize`, read offline: only what we hold counts). */
export async function pinnedBytes (helia: ContentHelia, cid: CID): Promise<number> {
  const stats = await unixfs(helia as Helia).stat(cid, { extended: true, offline: true })
  return Number(stats.dagSize)
}

async function pin (helia: ContentHelia, cid: CID, options: { signal?: AbortSignal }): Promise<void> {
  if (await helia.pins.isPinned(cid, options)) return
  try {
    for await (const _ of helia.pins.add(cid, options)) { /* each yielded CID is one block now held */ }
  } catch (err) {
    throw new ContentError(`cannot pin ${cid.toString()}`, { cause: err })
  }
}

/** Announces `cid` without waiting: the content is usable before the DHT has heard of it, and with an empty
 * routing table the announcement would only finish at its timeout. */
export function provideInBackground (helia: ContentHelia, cid: CID): void {
  void provide(helia, cid, { signal: AbortSignal.timeout(ANNOUNCE_TIMEOUT_MS) })
}

/** Announces on the DHT that we hold `cid`; false when it did not complete. A DHT with no peers yet is not an
 * error: the next reprovide pass announces it again. */
export async function provide (helia: ContentHelia, cid: CID, options: { signal?: AbortSignal } = {}): Promise<boolean> {
  try {
    await helia.routing.provide(cid, options)
    return true
  } catch {
    return false
  }
}

/**
 * Provides every pinned root again now and then: Helia does not reprovide, provider records expire, and peers that
 * joined since the last announcement should find us (design section 6).
 */
export class Reprovider {
  private timer: NodeJS.Timeout | undefined
  private readonly controller = new AbortController()

  constructor (private readonly helia: ContentHelia, private readonly intervalMs = REPROVIDE_INTERVAL_MS) {}

  start (): void {
    this.timer = setInterval(() => { void this.runOnce() }, this.intervalMs)
    this.timer.unref()
  }

  stop (): void {
    clearInterval(this.timer)
    this.controller.abort()
  }

  /** One pass over the pins; returns how many roots were provided. */
  async runOnce (): Promise<number> {
    let n = 0
    try {
      for await (const p of this.helia.pins.ls({ signal: this.controller.signal })) {
        const signal = AbortSignal.any([this.controller.signal, AbortSignal.timeout(ANNOUNCE_TIMEOUT_MS)])
        if (await provide(this.helia, p.cid, { signal })) n++
      }
    } catch {
      // stopped mid-pass
    }
    return n
  }
}
