import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/**
 * Where pogs keeps what it can rebuild but would rather not (model libraries a galaxy recipe builds), in order:
 * the `--cache-dir` flag, `POGS_CACHE_DIR`, `$XDG_CACHE_HOME/pogs`, then `~/.cache/pogs`. Deleting it is always
 * safe. Not created here: whoever writes into it creates what it needs.
 */
export function resolveCacheDir (flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== '') return resolve(flag)
  if (env.POGS_CACHE_DIR !== undefined && env.POGS_CACHE_DIR !== '') return resolve(env.POGS_CACHE_DIR)
  if (env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '') return join(resolve(env.XDG_CACHE_HOME), 'pogs')
  return join(homedir(), '.cache', 'pogs')
}
