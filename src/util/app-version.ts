import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './repo-root.js'

let cached: string | undefined

/** The running pogs version (package.json), announced in manifests and work requests. */
export function appVersion (): string {
  cached ??= (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version
  return cached
}
