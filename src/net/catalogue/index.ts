// A project's public catalogue of archives (protocols/catalogue.md): signing and opening it, the newest seen per
// project, and finding it (and its archives) from the project key.
export * from './errors.js'
export * from './find.js'
export * from './record.js'
export * from './seen.js'
