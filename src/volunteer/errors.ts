// Typed errors of the volunteer (codes are stable; callers branch on them).
import { PogsError } from '../util/errors.js'

/** A VolunteerInit option out of range (cpus, queue size, name length...). */
export class VolunteerOptionError extends PogsError {
  constructor (option: string, why: string) {
    super('ERR_VOLUNTEER_OPTION', `${option} ${why}`)
  }
}

/** The coordinator refuses this key work (ERR_BANNED: the key was banned, or it is new on a network whose key was
 * banned lately): asking again cannot help, so the volunteer stops and says why (docs/work-lifecycle.md#trust). */
export class VolunteerBannedError extends PogsError {
  constructor (why: string) {
    super('ERR_BANNED', `the project refuses this volunteer work: ${why}`)
  }
}
