// What a coordinator reports while it runs: one typed event per thing that happened. The CLI prints them as JSON
// lines, the demo and the tests wait on them. Peer-supplied text never appears here, only codes and ids.
import { EventEmitter } from 'node:events'
import type { LibraryEntry } from '../../net/messages/index.js'
import type { ErrorCode } from '../../util/error-codes.js'
import type { AbandonReason, BanReason } from '../lifecycle/index.js'

/** A credit table line: a volunteer by peer id, with its self-asserted name and team. */
export interface VolunteerCreditLine {
  peerId: string
  name: string | null
  team: string | null
  total: number
  recentAverage: number
}

/** A team's credit. */
export interface TeamCreditLine {
  name: string
  total: number
  recentAverage: number
}

/** The credit table (highest total first). */
export interface CreditTable {
  volunteers: VolunteerCreditLine[]
  teams: TeamCreditLine[]
}

/** Every event and its fields. */
export interface CoordinatorEvents {
  /** The node listens and the manifest is published; background work starts right after. */
  ready: { peerId: string, addrs: string[], project: string, sequence: number, libraries: LibraryEntry[] }
  /** A condition the operator should know about (no verifiers, fewer mirrors than receipts needed). */
  warning: { code: ErrorCode, message: string }
  /** An inbox file or a submission became a registered galaxy (`duplicate`: it was registered already, e.g. before a
   * crash; `submitter`: the peer id that submitted it over /pogs/submit). */
  'galaxy-added': { galaxy: string, galaxyId: number, file: string, areas: number, pixels: number, duplicate: boolean, submitter?: string }
  /** Something refused: an inbox file (moved to inbox/rejected/ with a .reason.txt), or a peer's request (a
   * submission's: protocol `submit`). */
  rejected:
  | { source: 'inbox' | 'runs', file: string, code: ErrorCode, reason: string }
  | { source: 'network', peer: string, protocol: string, code: ErrorCode }
  /** A run added while the coordinator runs (`pogs run add`, docs/coordinator.md#runs): its files are in the
   * manifest now. */
  'run-added': { run: string, dir: string, libraries: number, pairs: number }
  /** Work units cut from the galaxies (the queue was topped up). */
  'unit-created': { count: number, units: string[] }
  /** Instances handed to a volunteer. */
  assigned: { peer: string, units: string[] }
  /** A result (or a volunteer's error report) was recorded. */
  result: { peer: string, unitId: string, instanceId: string, status: 'accepted' | 'duplicate', error: boolean, unitState: string }
  /** A verifier's verdict was recorded. */
  verdict: { verifier: string, unitId: string, round: number, agree: boolean, reason: string, effect: 'pending' | 'verified' | 'disagreement' }
  /** A verifier is recomputing pixels of the unit (a PENDING answer): it is asked again after `retryAfterS`
   * (the coordinator waits at least 1 s and at most 10 min). */
  'verify-pending': { verifier: string, unitId: string, retryAfterS: number }
  /** A verifier could not be asked or gave an unusable answer; the unit is asked again later. `code` may be the
   * verifier's own refusal code. */
  'verify-failed': { verifier: string, unitId: string, code: string }
  /** A verified unit's pixels are in the database. */
  assimilated: { unitId: string, galaxy: string, pixels: number, unfitted: number, galaxyComplete: boolean }
  /** Assimilated units' areas were added to their galaxy's partial archive, which now holds `areas` areas and
   * `pixels` fitted pixels (docs/coordinator.md#archive-step); `rebuilt` when the file was started again. */
  'archive-progress': { galaxy: string, galaxyId: number, areas: number, pixels: number, rebuilt: boolean }
  /** A complete galaxy's archive is written, added and signed. */
  archived: { galaxy: string, galaxyId: number, path: string, cid: string, sha256: string, size: number, pixels: number }
  /** A new archive catalogue (protocols/catalogue.md) is published: `sequence` is the manifest's that names it. */
  catalogue: { cid: string, sequence: number, galaxies: number }
  /** A mirror signed a pin receipt for an archive. */
  receipt: { galaxy: string, cid: string, mirror: string }
  /** A mirror could not be asked; it is asked again later. `code` may be the mirror's own refusal code. */
  'pin-failed': { galaxy: string, cid: string, mirror: string, code: string }
  /** A galaxy's histograms left the database (enough mirrors hold its archive). */
  'detail-dropped': { galaxy: string, galaxyId: number }
  /** Instances past their deadline were timed out (their units are reissued). */
  'timed-out': { instances: string[] }
  /** A unit cannot reach quorum within its limits: its pixels are lost. */
  abandoned: { unitId: string, reason: AbandonReason }
  /** A key was banned (docs/work-lifecycle.md#revocation): its results invalid, its credit gone, `units` reopened,
   * `pixels` assimilated pixels sent back to work, `galaxies` to be archived anew. */
  banned: { peer: string, reason: BanReason, units: number, pixels: number, galaxies: number }
  /** Units no live key may replicate (docs/work-lifecycle.md#starved): reported when a unit becomes starved. */
  starved: { units: string[] }
  /** The credit table, after a galaxy was archived. */
  credit: CreditTable
  /** A statistics export was written, signed, added to Helia and pinned (`dir`: its files on disk). */
  'stats-exported': { cid: string, created: number, users: number, teams: number, dir: string }
  /** A background step failed (it is retried); `code` is a PogsError code or ERR_INTERNAL. */
  error: { task: string, code: ErrorCode, message: string }
}

/** An event name. */
export type CoordinatorEventName = keyof CoordinatorEvents

/** A typed emitter over node:events. */
export class CoordinatorEmitter {
  private readonly emitter = new EventEmitter()

  constructor () {
    // Tests and the CLI each add a few listeners; many waiters on one event are legitimate.
    this.emitter.setMaxListeners(100)
  }

  on<K extends CoordinatorEventName> (name: K, listener: (event: CoordinatorEvents[K]) => void): () => void {
    this.emitter.on(name, listener)
    return () => { this.emitter.off(name, listener) }
  }

  emit<K extends CoordinatorEventName> (name: K, event: CoordinatorEvents[K]): void {
    this.emitter.emit(name, event)
  }

  /** Resolves with the next event of `name` that `match` accepts; rejects when `signal` aborts. */
  async next<K extends CoordinatorEventName> (name: K, match: (event: CoordinatorEvents[K]) => boolean = () => true,
    options: { signal?: AbortSignal } = {}): Promise<CoordinatorEvents[K]> {
    return await new Promise((resolve, reject) => {
      const signal = options.signal
      if (signal?.aborted === true) { reject(signal.reason as Error); return }
      const onAbort = (): void => { off(); reject(signal?.reason as Error) }
      const off = this.on(name, (event) => {
        if (!match(event)) return
        off()
        signal?.removeEventListener('abort', onAbort)
        resolve(event)
      })
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }
}
