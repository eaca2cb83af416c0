/** The volunteer peer: public API for the CLI, the demo and tests. */
export { VolunteerService, type VolunteerInit, type VolunteerQueueCounts } from './volunteer-service.js'
export type { VolunteerEvent, VolunteerEventListener, VolunteerEventType, Stage, UnitRef } from './events.js'
export type { ResultHook } from './unit-fitter.js'
export { UNIT_ERROR_CODES, UNITS_PER_CORE } from './constants.js'
export { ProgressMeter } from './progress.js'
export { VolunteerOptionError } from './errors.js'
