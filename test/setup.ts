import '../src/util/polyfill.js'
import { afterAll } from 'vitest'
import { removeTempDirs } from './helpers/temp-dirs.js'

// Temporary directories the helpers made (libraries cut for a test, fixtures) go once the file's tests are done:
// vitest runs this hook after the file's own, so nothing still uses them.
afterAll(() => { removeTempDirs() })
