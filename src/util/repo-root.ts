import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

let cached: string | undefined

/**
 * The pogs repository (or installed package) root: the nearest folder above this module whose package.json
 * is named `pogs`. Works both from the TypeScript sources and from the compiled `dist/` tree.
 */
export function repoRoot (): string {
  if (cached !== undefined) return cached
  let dir = dirname(fileURLToPath(import.meta.url))
  while (true) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg)) {
      const name = (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name
      if (name === 'pogs') {
        cached = dir
        return dir
      }
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error('pogs package root not found above ' + fileURLToPath(import.meta.url))
    dir = parent
  }
}
