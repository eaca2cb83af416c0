// Galaxy submission over /pogs/submit/1.0.0 (protocols/submit.md): import from here.
export * from './constants.js'
export { submitGalaxy, type SubmitGalaxyInit } from './client.js'
export { SubmitServer, type SubmitContext, type SubmitHandler, type SubmitServerInit } from './server.js'
export { SizeMismatchError, SubmissionDigestError, SubmissionTooLargeError, SubmissionTruncatedError } from './errors.js'
export { submitFile, type SubmitFileInit } from './submit-file.js'
