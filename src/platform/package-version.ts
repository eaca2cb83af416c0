// The pogs version on Node: package.json at the package's root.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from '../util/repo-root.js'

/** The version in pogs' package.json. */
export function packageVersion (): string {
  return (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version
}
