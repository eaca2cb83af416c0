// The library pairs a browser volunteer fits with: fetched by CID through Helia as a swarm member (from every holder
// at once, other pages included, over WebRTC), so kept in IndexedDB and read from there on the next visit, checked
// block by block (verified-blockstore.ts); then parsed once per page in a worker into shared memory that every fit
// worker uses.
import { CID } from 'multiformats/cid'
import type { ContentHelia } from '../net/content.js'
import { fetchBytesWithSwarm } from '../net/fetch-content.js'
import type { LibraryPair } from '../fit/library-text.js'
import type { MdustBlocks } from '../fit/mdust-blocks.js'
import { BadUnitError } from '../work/errors.js'
import type { LibraryRef } from '../work/unit-payload.js'
import type { LoadReply, LoadRequest } from './fit-worker.js'
import type { VerifiedBlockstore } from './verified-blockstore.js'

/** A pair ready for the fit workers. */
export interface LoadedPair {
  libs: LibraryPair
  mdust: MdustBlocks
}

/** The largest library file the page reads into memory (POGS' largest gzipped pair is well under this). */
export const MAX_LIBRARY_BYTES = 256 * 1024 * 1024

const REDSHIFT = /_z(\d+\.\d+)\.lbr(?:\.gz)?$/

export class LibraryLoader {
  /** Loaded pairs by their optical library's name (the key the fit pool asks for). */
  readonly pairs = new Map<string, LoadedPair>()
  /** Blocks the libraries loaded so far took from the network (0 when all came from the cache). */
  blocksFetched = 0
  private nextId = 0

  /** `announce` says whether other pages can dial this one now (it holds a relay slot): only then is a library
   * announced on the DHT as held here. */
  constructor (private readonly helia: ContentHelia, private readonly blockstore: VerifiedBlockstore, private readonly workerUrl: string, private readonly announce: () => boolean) {}

  /** Makes the unit's pair ready (fetched or read from the cache, then parsed); resolves with its key. */
  async ensure (optical: LibraryRef, infrared: LibraryRef, signal: AbortSignal): Promise<string> {
    if (this.pairs.has(optical.name)) return optical.name
    const z = REDSHIFT.exec(optical.name)
    if (z === null || REDSHIFT.exec(infrared.name)?.[1] !== z[1]) throw new BadUnitError(`${optical.name} and ${infrared.name} are not a library pair of one redshift`)
    const before = this.blockstore.written
    const [o, i] = await Promise.all([this.bytes(optical, signal), this.bytes(infrared, signal)])
    this.blocksFetched += this.blockstore.written - before
    const pair = await this.parse({ type: 'load', id: this.nextId++, redshift: Number(z[1]), optical: { name: optical.name, bytes: o }, infrared: { name: infrared.name, bytes: i } })
    this.pairs.set(optical.name, pair)
    return optical.name
  }

  private async bytes (ref: LibraryRef, signal: AbortSignal): Promise<Uint8Array> {
    let cid: CID
    try {
      cid = CID.parse(ref.cid)
    } catch (err) {
      throw new BadUnitError(`${JSON.stringify(ref.cid.slice(0, 100))} is not a CID`, { cause: err })
    }
    // Announced only where other pages can dial us; a tab holds content only while it is open, and its provider
    // records then point at a relay slot that is gone (a dial that fails at once, as for a volunteer gone offline).
    return await fetchBytesWithSwarm(this.helia, cid, MAX_LIBRARY_BYTES, { signal, provide: this.announce() })
  }

  /** Parses in a worker of its own, ended when done (fit kernels compile only off the main thread). */
  private async parse (request: LoadRequest): Promise<LoadedPair> {
    const worker = new Worker(this.workerUrl, { type: 'module' })
    try {
      return await new Promise<LoadedPair>((resolve, reject) => {
        worker.onmessage = (event: MessageEvent<LoadReply>) => {
          const reply = event.data
          if ('loaded' in reply) resolve(reply.loaded)
          else reject(new Error(`cannot load ${request.optical.name}: ${reply.failed}`))
        }
        worker.onerror = (event) => { reject(new Error(`library worker failed: ${event.message}`)) }
        worker.postMessage(request)
      })
    } finally {
      worker.terminate()
    }
  }
}
