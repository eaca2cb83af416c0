// Typed errors of the volunteer (codes are stable; callers branch on them).
import { PogsError } from '../util/errors.js'

/** A VolunteerInit option out of range (cpus, queue size, name length...). */
export class VolunteerOptionError extends PogsError {
  constructor (option: string, why: string) {
    super('ERR_VOLUNTEER_OPTION', `${option} ${why}`)
  }
}
