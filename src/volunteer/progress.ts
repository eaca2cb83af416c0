// The human view of a volunteer's work: units done and the fitting speed, from its events.
import type { VolunteerEvent } from './events.js'

/** Counts fitted units and pixels from events and says how it goes in one line. */
export class ProgressMeter {
  private units = 0
  private pixels = 0
  private accepted = 0
  private failed = 0
  private startedMs: number | undefined

  constructor (private readonly now: () => number = Date.now) {}

  /** Takes an event; returns a progress line when the event changed the counts. */
  update (event: VolunteerEvent): string | undefined {
    if (event.type === 'fitting') {
      this.startedMs ??= this.now()
      return undefined
    }
    if (event.type === 'fitted') {
      this.units++
      this.pixels += event.pixels
    } else if (event.type === 'submitted' && event.accepted && event.errorCode === 0) {
      this.accepted++
    } else if (event.type === 'failed') {
      this.failed++
    } else {
      return undefined
    }
    return this.line()
  }

  /** Units fitted and accepted, pixels, and pixels per second since the first fit started (units overlap, so
   * this is the volunteer's throughput, not one unit's speed). */
  line (): string {
    const seconds = this.startedMs === undefined ? 0 : (this.now() - this.startedMs) / 1000
    const rate = seconds > 0 ? this.pixels / seconds : 0
    const failed = this.failed > 0 ? `, ${this.failed} could not be computed` : ''
    return `progress: ${this.units} units fitted (${this.accepted} accepted${failed}), ${this.pixels} pixels, ${rate.toFixed(1)} pixels/s`
  }
}
