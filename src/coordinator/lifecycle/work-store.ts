// The coordinator's state behind one object: a thin facade over the lifecycle's free functions, holding the
// connection, the validated settings and the injected clock. No timers: the owner calls tick() and fillQueue().
import { openDatabase, type Db } from '../store/open-database.js'
import { openEnvelopeLog, type EnvelopeLog } from '../store/envelope-log.js'
import { lifecycleSettings, type LifecycleInit, type LifecycleSettings } from './settings.js'
import { addGalaxy, type GalaxyInput } from './galaxies.js'
import { fillQueue, unsentCount, type PixelCost, type ProduceUnit } from './generate.js'
import { assignUnit, assignWork, type Assignment, type WorkRequest } from './assign.js'
import { submitError, submitMany, submitResult, type ErrorReport, type ResultSubmission, type Submission, type SubmitOutcome } from './submit.js'
import type { PogsError } from '../../util/errors.js'
import { recordVerdict, releaseHold, type Verdict, type VerdictOutcome } from './verdict.js'
import { holdRound, type RoundHold } from './holds.js'
import { banKey, bans, isBanned, type BanInput, type BanOutcome, type BanView } from './bans.js'
import { starvedUnits, type StarvedUnit } from './starved.js'
import { tick, type TickReport } from './tick.js'
import { assimilate, type AssimilateOutcome, type PixelRecord } from './assimilate.js'
import { archiveOf, dropDetail, droppableDetail, recordArchive, recordReceipt } from './mirrors.js'
import {
  galaxiesWithUnitsToArchive, partialArchive, partialArchiveAreas, partialArchiveComplete, recordPartialArchive, resetPartialArchive, unitsToArchive,
  type PartialArchiveRecord
} from './partial-archives.js'
import { abandonedUnits, awaitingAssimilation, awaitingVerification, resultEnvelopes, unitStateCounts, votedVerifiers } from './queries.js'
import {
  archives, archivesShortOfReceipts, areaPixels, droppedPixels, findInstance, galaxies, galaxiesToArchive, galaxyAreaRects, galaxyAreas,
  galaxyById, galaxyPixels, galaxyProvenance, unitInfo, unitOutline
} from './views.js'
import { knownPixels, unitPixelMap } from './ringers.js'
import type { MappedPixel } from './pixel-map.js'
import { claimIdentity, teamCredit, volunteerCredit } from '../credit/volunteers.js'
import type { LifecycleContext } from './context.js'

/** Options of a work store: the database file and the lifecycle settings. */
export interface WorkStoreInit extends LifecycleInit {
  /** SQLite file (':memory:' for a throwaway store). */
  path: string
  /** The clock, ms since the epoch (default Date.now); tests pass their own. */
  now?: () => number
}

/** The coordinator's state and work lifecycle. */
export class WorkStore {
  readonly db: Db
  readonly settings: LifecycleSettings
  private readonly envelopes: EnvelopeLog
  private readonly ctx: LifecycleContext
  private readonly now: () => number

  constructor (init: WorkStoreInit) {
    this.settings = lifecycleSettings(init)
    this.now = init.now ?? Date.now
    this.db = openDatabase(init.path)
    try {
      this.envelopes = openEnvelopeLog(init.path)
    } catch (err) {
      this.db.close()
      throw err
    }
    this.ctx = { db: this.db, envelopes: this.envelopes, settings: this.settings }
  }

  /** Registers a galaxy and its areas (idempotent by name). */
  addGalaxy (g: GalaxyInput): { galaxyId: number, created: boolean } { return addGalaxy(this.ctx, g, this.now()) }
  /** Tops the queue of unsent instances up, units sized by `pixelCost` (see generate.ts). */
  fillQueue (produce: ProduceUnit, pixelCost?: PixelCost): Promise<string[]> { return fillQueue(this.ctx, produce, this.now, pixelCost) }
  /** Instances waiting to be sent. */
  unsentCount (): number { return unsentCount(this.ctx) }
  /** Answers a work request (idempotent per request id). */
  assignWork (req: WorkRequest): Assignment[] { return assignWork(this.ctx, req, this.now()) }
  /** Gives one named unit to a volunteer (of fitting core `coreVersion`, when known). */
  assignUnit (unitId: string, volunteer: Uint8Array, requestId: string, coreVersion?: number): Assignment | undefined {
    return assignUnit(this.ctx, unitId, volunteer, requestId, this.now(), coreVersion)
  }

  /**
   * Moves the results' envelopes into the envelope log (durably, off the main thread), so that submitMany records
   * where they are instead of their bytes. Bytes no recorded row names are only wasted space.
   */
  async logEnvelopes (items: readonly Submission[]): Promise<Submission[]> {
    const bytesOf = (i: Submission): Uint8Array | undefined => 'result' in i && i.result.signature instanceof Uint8Array ? i.result.signature : undefined
    const refs = await this.envelopes.append(items.map(bytesOf).filter((b) => b !== undefined))
    let next = 0
    return items.map((i) => 'result' in i && bytesOf(i) !== undefined ? { result: { ...i.result, signature: refs[next++] } } : i)
  }

  /** Records a signed result. */
  submitResult (r: ResultSubmission): SubmitOutcome { return submitResult(this.ctx, r, this.now()) }
  /** Records a client error. */
  submitError (e: ErrorReport): SubmitOutcome { return submitError(this.ctx, e, this.now()) }
  /** Records several results and error reports in one transaction; a refused item holds its error. */
  submitMany (items: readonly Submission[]): Array<SubmitOutcome | PogsError> { return submitMany(this.ctx, items, this.now()) }
  /** Records a signed verdict. */
  recordVerdict (v: Verdict): VerdictOutcome { return recordVerdict(this.ctx, v, this.now()) }
  /** Holds a round open for a verifier for `forMs`: asked, or recomputing (docs/work-lifecycle.md#holds). */
  holdRound (h: RoundHold, forMs: number): boolean { return holdRound(this.ctx, h, this.now() + forMs) }
  /** Releases a verifier's hold on a round (its request failed) and decides the round if it waited for it alone. */
  releaseHold (h: RoundHold): VerdictOutcome['effect'] | undefined { return releaseHold(this.ctx, h, this.now()) }
  /** Bans a key and revokes its work (docs/work-lifecycle.md#revocation); a repeat is a no-op. */
  banKey (b: BanInput): BanOutcome { return banKey(this.ctx, b, this.now()) }
  /** Every ban, oldest first. */
  bans (): BanView[] { return bans(this.ctx) }
  /** Whether a key is banned. */
  isBanned (key: Uint8Array): boolean { return isBanned(this.ctx, key) }
  /** Units no key that asked for work within `liveMs` may replicate (docs/work-lifecycle.md#starved). */
  starvedUnits (liveMs: number): StarvedUnit[] { return starvedUnits(this.ctx, this.now() - liveMs) }
  /** Times out instances past their deadline (at `now`, default the clock). */
  tick (now = this.now()): TickReport { return tick(this.ctx, now) }
  /** Assimilates a verified unit's pixels. */
  assimilate (unitId: string, pixels: PixelRecord[]): AssimilateOutcome { return assimilate(this.ctx, unitId, pixels, this.now()) }

  /** Galaxies with assimilated units not yet in their partial archive. */
  galaxiesWithUnitsToArchive (): number[] { return galaxiesWithUnitsToArchive(this.ctx) }
  /** A galaxy's assimilated units not in its partial archive, with their pixels: at most `limit`, and no more once
   * they hold `maxPixels` pixels. */
  unitsToArchive (galaxyId: number, limit: number, maxPixels?: number): ReturnType<typeof unitsToArchive> { return unitsToArchive(this.ctx, galaxyId, limit, maxPixels) }
  /** What a galaxy's partial archive held at its last checkpoint. */
  partialArchive (galaxyId: number): PartialArchiveRecord | undefined { return partialArchive(this.ctx, galaxyId) }
  /** The areas a galaxy's partial archive holds. */
  partialArchiveAreas (galaxyId: number): number[] { return partialArchiveAreas(this.ctx, galaxyId) }
  /** Records a checkpoint of a partial archive, if its record is still `before`; returns whether it was recorded. */
  recordPartialArchive (galaxyId: number, before: PartialArchiveRecord | undefined, units: readonly string[], after: PartialArchiveRecord): boolean {
    return recordPartialArchive(this.ctx, galaxyId, before, units, after, this.now())
  }
  /** Forgets a galaxy's partial archive (it is rebuilt from the database). */
  resetPartialArchive (galaxyId: number): void { resetPartialArchive(this.ctx, galaxyId) }
  /** Whether every assimilated unit of a galaxy is in its partial archive. */
  partialArchiveComplete (galaxyId: number): boolean { return partialArchiveComplete(this.ctx, galaxyId) }

  /** Records a complete galaxy's archive. */
  recordArchive (galaxyId: number, a: { cid: string, path: string, record: Uint8Array }): 'accepted' | 'duplicate' {
    return recordArchive(this.ctx, galaxyId, a, this.now())
  }

  /** Records a mirror's pin receipt. */
  recordReceipt (r: { cid: string, mirror: Uint8Array, signature: Uint8Array }): 'accepted' | 'duplicate' {
    return recordReceipt(this.ctx, r, this.now())
  }

  /** The CID and path of the archive recorded for a galaxy, if any. */
  archiveOf (galaxyId: number): { cid: string, path: string } | undefined { return archiveOf(this.ctx, galaxyId) }

  /** Galaxies whose histograms may leave the database. */
  droppableDetail (): number[] { return droppableDetail(this.ctx) }
  /** Drops them; returns the galaxy ids. */
  dropDetail (): number[] { return dropDetail(this.ctx) }

  /** Records a volunteer's claimed name and team. */
  claimIdentity (key: Uint8Array, claim: { name: string | null, team: string | null }): void {
    this.db.transaction(() => claimIdentity(this.db, key, claim, this.now()))()
  }

  /** Volunteers' credit, recent averages decayed to now. */
  volunteerCredit (): ReturnType<typeof volunteerCredit> { return volunteerCredit(this.db, this.now(), this.settings.creditHalfLifeMs) }
  /** Teams' credit. */
  teamCredit (): ReturnType<typeof teamCredit> { return teamCredit(this.db, this.now(), this.settings.creditHalfLifeMs) }
  /** Units in a verification round. */
  awaitingVerification (limit?: number): ReturnType<typeof awaitingVerification> { return awaitingVerification(this.ctx, limit) }
  /** The signed result envelopes of these instances, in order. */
  resultEnvelopes (instanceIds: readonly string[]): Buffer[] { return resultEnvelopes(this.ctx, instanceIds) }
  /** Verified units to assimilate. */
  awaitingAssimilation (limit?: number): ReturnType<typeof awaitingAssimilation> { return awaitingAssimilation(this.ctx, limit) }
  /** Abandoned units and why. */
  abandonedUnits (): ReturnType<typeof abandonedUnits> { return abandonedUnits(this.ctx) }
  /** Units per state. */
  unitStateCounts (): Record<string, number> { return unitStateCounts(this.ctx) }

  /** Keys of the verifiers whose verdict on a unit's round is recorded. */
  votedVerifiers (unitId: string, round: number): Buffer[] { return votedVerifiers(this.ctx, unitId, round) }
  /** An instance by id (undefined when unknown). */
  findInstance (id: string): ReturnType<typeof findInstance> { return findInstance(this.ctx, id) }
  /** A unit's galaxy, size, payload and state (undefined when unknown). */
  unitInfo (unitId: string): ReturnType<typeof unitInfo> { return unitInfo(this.ctx, unitId) }
  /** What a unit's results are checked against (undefined when unknown or cut before schema 3: read its payload). */
  unitOutline (unitId: string): ReturnType<typeof unitOutline> { return unitOutline(this.ctx, unitId) }
  /** A unit's pixel map: per payload position its label, real pixel, area and whether it is a ringer (undefined: cut
   * before maps, or unknown; its payload carries real coordinates). */
  unitPixelMap (unitId: string): MappedPixel[] | undefined { return unitPixelMap(this.db, unitId) }
  /** A galaxy's known pixels (docs/work-lifecycle.md#ringers). */
  knownPixels (galaxyId: number): ReturnType<typeof knownPixels> { return knownPixels(this.ctx, galaxyId) }
  /** A galaxy by id. */
  galaxy (id: number): ReturnType<typeof galaxyById> { return galaxyById(this.ctx, id) }
  /** Every galaxy, in arrival order. */
  galaxies (): ReturnType<typeof galaxies> { return galaxies(this.ctx) }
  /** Complete galaxies whose archive is not recorded yet. */
  galaxiesToArchive (): number[] { return galaxiesToArchive(this.ctx) }
  /** A galaxy's areas with their units. */
  galaxyAreas (galaxyId: number): ReturnType<typeof galaxyAreas> { return galaxyAreas(this.ctx, galaxyId) }
  /** A galaxy's assimilated pixels. */
  galaxyPixels (galaxyId: number): ReturnType<typeof galaxyPixels> { return galaxyPixels(this.ctx, galaxyId) }
  /** A galaxy's areas without their pixel lists. */
  galaxyAreaRects (galaxyId: number): ReturnType<typeof galaxyAreaRects> { return galaxyAreaRects(this.ctx, galaxyId) }
  /** The assimilated pixels of a page of a galaxy's areas, area by area in scan order (an archive's order). */
  areaPixels (galaxyId: number, fromIndex: number, limit: number): ReturnType<typeof areaPixels> { return areaPixels(this.ctx, galaxyId, fromIndex, limit) }
  /** A galaxy's assimilated pixels whose histograms were dropped. */
  droppedPixels (galaxyId: number): ReturnType<typeof droppedPixels> { return droppedPixels(this.ctx, galaxyId) }
  /** Per unit of a galaxy: valid results, the verifiers that signed agreement, assimilation time. */
  galaxyProvenance (galaxyId: number): ReturnType<typeof galaxyProvenance> { return galaxyProvenance(this.ctx, galaxyId) }
  /** Recorded archives and their receipts. */
  archives (): ReturnType<typeof archives> { return archives(this.ctx) }
  /** Archives fewer than `mirrors` mirrors have confirmed. */
  archivesShortOfReceipts (mirrors: number): ReturnType<typeof archivesShortOfReceipts> { return archivesShortOfReceipts(this.ctx, mirrors) }

  /** Closes the connection (checkpointing the WAL) and the envelope log. */
  close (): void {
    this.db.close()
    this.envelopes.close()
  }
}
