// The coordinator service: import from here.
export { CoordinatorService } from './coordinator-service.js'
export { projectSettings, type CoordinatorServiceInit, type ReadyEvent, type ArchiveInfo, type Progress } from './options.js'
export type { CoordinatorEvents, CoordinatorEventName, CreditTable, VolunteerCreditLine, TeamCreditLine } from './events.js'
export { addToInbox, type InboxOptions } from './inbox/add-to-inbox.js'
export { NonceMismatchError, DigestMismatchError, ResultTooLargeError, InboxError, LibrariesError, GalaxyFileError } from './errors.js'
export { inboxDir, rejectedDir, galaxiesDir, archivesDir, storePath } from './paths.js'
