// Decoded work units by id, read back from their (locally pinned) payloads, for units cut before the database
// recorded their outlines (schema 3): results are checked against the unit they answer, and a unit's replicas
// arrive close together, so the last few are kept.
import { CID } from 'multiformats/cid'
import type { ContentHelia } from '../../net/content.js'
import { fetchBytes } from '../../net/fetch-content.js'
import { MAX_UNIT_PAYLOAD_BYTES } from '../../work/limits.js'
import { decodeWorkUnit, type WorkUnit } from '../../work/unit-payload.js'
import { UNIT_CACHE_SIZE } from './constants.js'

/** A small LRU of decoded units. */
export class UnitCache {
  private readonly units = new Map<string, WorkUnit>()

  constructor (private readonly helia: ContentHelia, private readonly size = UNIT_CACHE_SIZE) {}

  /** The unit whose payload is `payloadCid`. */
  async get (unitId: string, payloadCid: string, options: { signal?: AbortSignal } = {}): Promise<WorkUnit> {
    const hit = this.units.get(unitId)
    if (hit !== undefined) {
      this.units.delete(unitId)
      this.units.set(unitId, hit)
      return hit
    }
    // Payloads are ours and within the bound every peer applies; it only guards memory against a damaged blockstore.
    const unit = decodeWorkUnit(await fetchBytes(this.helia, CID.parse(payloadCid), MAX_UNIT_PAYLOAD_BYTES, { ...options, provide: false }))
    this.units.set(unitId, unit)
    while (this.units.size > this.size) this.units.delete(this.units.keys().next().value as string)
    return unit
  }
}
