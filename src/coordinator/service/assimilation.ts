// The assimilation pass: each verified unit's valid result (inline in its envelope, or content pinned when it was
// submitted) is decoded and its fitted pixels stored (pixel-records.ts); pixels a volunteer could not fit are
// counted, not stored (the archive leaves them NaN, as `pogs galaxy fit` does). The galaxy's last unit makes it complete: time to archive.
// A blinded unit's result names its pixels by the payload's labels: its pixel map turns each position back into the
// real pixel, each fit is renamed as the real pixel (so the archive is what `pogs galaxy fit` writes), and ringers
// are dropped (docs/work-lifecycle.md#ringers).
import { CID } from 'multiformats/cid'
import { addBytes, type ContentHelia } from '../../net/content.js'
import { openEnvelope } from '../../net/envelope.js'
import { fetchBytes } from '../../net/fetch-content.js'
import { MESSAGE_CODECS } from '../../net/messages/index.js'
import { PogsError } from '../../util/errors.js'
import { BadResultError } from '../../work/errors.js'
import { MAX_RESULT_BYTES } from '../../work/limits.js'
import { pixelName } from '../../work/unit-payload.js'
import { decodeUnitResult, type UnitResult } from '../../work/unit-result.js'
import type { MappedPixel, PixelRecord, WorkStore } from '../lifecycle/index.js'
import { PASS_BATCH } from './constants.js'
import type { CoordinatorEmitter } from './events.js'
import { pixelRecord } from './pixel-records.js'

/** What assimilation needs. */
export interface AssimilationComponents {
  store: Pick<WorkStore, 'awaitingAssimilation' | 'assimilate' | 'unitInfo' | 'resultEnvelopes' | 'unitPixelMap'>
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

/** A result's records at the real pixels (`map` undefined: a unit cut before maps, named by real coordinates), with
 * how many real pixels were not fitted. Each record keeps its payload position (verifiers confirm positions). */
export function realPixelRecords (result: UnitResult, galaxy: string, map: readonly MappedPixel[] | undefined): { records: PixelRecord[], unfitted: number } {
  const records: PixelRecord[] = []
  let unfitted = 0
  result.pixels.forEach((p, position) => {
    const real = map?.[position]
    if (real?.ringer === true) return
    if (!('fit' in p)) { unfitted++; return }
    const [x, y] = real === undefined ? [p.x, p.y] : [real.x, real.y]
    const fit = real === undefined ? p.fit : { ...p.fit, name: pixelName(galaxy, x, y) }
    records.push({ ...pixelRecord(x, y, fit), position })
  })
  return { records, unfitted }
}

/** Assimilates every verified unit (one pass). */
export async function assimilationPass (c: AssimilationComponents): Promise<void> {
  for (const unit of c.store.awaitingAssimilation(PASS_BATCH)) {
    if (c.signal.aborted) return
    let records: PixelRecord[] | undefined
    let unfitted = 0
    let lastError: unknown
    // Valid results agree; the first that reads serves (all were decoded and checked when submitted).
    const galaxy = c.store.unitInfo(unit.unitId)?.galaxy.name ?? ''
    const map = c.store.unitPixelMap(unit.unitId)
    for (const r of unit.results.filter((x) => x.validity === 'valid')) {
      try {
        ({ records, unfitted } = realPixelRecords(decodeUnitResult(await validResultBytes(c, r)), galaxy, map))
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
      galaxy,
      pixels: records.length,
      unfitted,
      galaxyComplete: outcome.galaxyComplete
    })
    if (outcome.galaxyComplete) c.onGalaxyComplete()
  }
}
