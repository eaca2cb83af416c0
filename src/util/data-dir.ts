import { existsSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { PogsError } from './errors.js'
import { repoRoot } from './repo-root.js'

/** The reference data directory was not found. */
export class DataDirNotFoundError extends PogsError {
  constructor (path: string, source: string) {
    super('ERR_DATA_DIR_NOT_FOUND', `reference data directory ${path} (from ${source}) does not exist; ` +
      'pass --data-dir DIR or set POGS_DATA_DIR (see README: "Reference data")')
  }
}

/**
 * Where the reference data (filter curves, SSPs, POGS libraries, reference outputs) lives, in order:
 * the `--data-dir` flag, `POGS_DATA_DIR`, then `../shared/data` beside the repository (docs/design.md#reference-data).
 */
export function resolveDataDir (flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  let path: string
  let source: string
  if (flag !== undefined && flag !== '') {
    path = resolve(flag)
    source = '--data-dir'
  } else if (env.POGS_DATA_DIR !== undefined && env.POGS_DATA_DIR !== '') {
    path = resolve(env.POGS_DATA_DIR)
    source = 'POGS_DATA_DIR'
  } else {
    path = join(repoRoot(), '..', 'shared', 'data')
    source = 'the default ../shared/data'
  }
  if (!isAbsolute(path) || !existsSync(path)) throw new DataDirNotFoundError(path, source)
  return path
}
