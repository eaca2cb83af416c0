// The assimilation pass: each verified unit's valid result (inline in its envelope, or content pinned when it was
// submitted) is decoded and its fitted pixels stored (pixel-records.ts); pixels a volunteer could not fit are
// counted, not stored (the archive leaves them NaN, as `pogs galaxy fit` does). The galaxy's last unit makes it complete: time to archive.
import { CID } from 'multiformats/cid'
import { addBytes, type ContentHelia } from '../../net/content.js'
import { openEnvelope } from '../../net/envelope.js'
import { fetchBytes } from '../../net/fetch-content.js'
import { MESSAGE_CODECS } from '../../net/messages/index.js'
import { PogsError } from '../../util/errors.js'
import { BadResultError } from '../../work/errors.js'
import { MAX_RESULT_BYTES } from '../../work/limits.js'
import { decodeUnitResult } from '../../work/unit-result.js'
import type { PixelRecord, WorkStore } from '../lifecycle/index.js'
import { PASS_BATCH } from './constants.js'
import type { CoordinatorEmitter } from './events.js'
import { pixelRecord } from './pixel-records.js'

/** What assimilation needs. */
export interface AssimilationComponents {
  store: Pick<WorkStore, 'awaitingAssimilation' | 'assimilate' | 'unitInfo' | 'resultEnvelopes'>
  helia: ContentHelia
  events: CoordinatorEmitter
  signal: AbortSignal
  /** A galaxy became complete (its archive is due). */
  onGalaxyComplete: () => void
}

/**
 * A valid result's bytes. An inline result is read from its signed envelope and added to Helia now (pinned, not
 * announced), so that the result CIDs an archive's provenance lists can be fetched from the coordinator; content
 * submitted by CID was pinned when it was fetched.
 */
async function validResultBytes (c: AssimilationComponents, r: { instanceId: string, resultCid: string }): Promise<Uint8Array> {
  const envelope = await openEnvelope(c.store.resultEnvelopes([r.instanceId])[0], 'result')
  const inline = MESSAGE_CODECS.result.decode(envelope.payload).result
  if (inline === undefined) return await fetchBytes(c.helia, CID.parse(r.resultCid), MAX_RESULT_BYTES, { signal: c.signal, provide: false })
  const cid = await addBytes(c.helia, inline, { signal: c.signal, provide: false })
  if (cid.toString() !== r.resultCid) throw new BadResultError(`inline result of ${r.instanceId} adds as ${cid.toString()}, not its recorded ${r.resultCid}`)
  return inline
}

/** Assimilates every verified unit (one pass). */
export async function assimilationPass (c: AssimilationComponents): Promise<void> {
  for (const unit of c.store.awaitingAssimilation(PASS_BATCH)) {
    if (c.signal.aborted) return
    let records: PixelRecord[] | undefined
    let unfitted = 0
    let lastError: unknown
    // Valid results agree; the first that reads serves (all were decoded and checked when submitted).
    for (const r of unit.results.filter((x) => x.validity === 'valid')) {
      try {
        const result = decodeUnitResult(await validResultBytes(c, r))
        records = []
        unfitted = 0
        for (const p of result.pixels) {
          if ('fit' in p) records.push(pixelRecord(p.x, p.y, p.fit))
          else unfitted++
        }
        break
      } catch (err) {
        lastError = err
      }
    }
    if (records === undefined) {
      const code = lastError instanceof PogsError ? lastError.code : 'ERR_INTERNAL'
      c.events.emit('error', { task: 'assimilation', code, message: `unit ${unit.unitId}: no valid result could be read` })
      continue
    }
    const outcome = c.store.assimilate(unit.unitId, records)
    c.events.emit('assimilated', {
      unitId: unit.unitId,
      galaxy: c.store.unitInfo(unit.unitId)?.galaxy.name ?? '',
      pixels: records.length,
      unfitted,
      galaxyComplete: outcome.galaxyComplete
    })
    if (outcome.galaxyComplete) c.onGalaxyComplete()
  }
}
