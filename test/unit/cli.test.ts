import { describe, expect, it } from 'vitest'
import { runPogs } from '../helpers/cli.js'
import { resolveDataDir, DataDirNotFoundError } from '../../src/util/data-dir.js'

describe('pogs CLI', () => {
  it('rejects an unknown command with exit code 2', async () => {
    const r = await runPogs(['no-such-command'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('unknown command')
  })
})

describe('resolveDataDir', () => {
  it('prefers the flag, then POGS_DATA_DIR, then ../shared/data', () => {
    const def = resolveDataDir(undefined, {})
    expect(def.endsWith('/shared/data')).toBe(true)
    expect(resolveDataDir(undefined, { POGS_DATA_DIR: def })).toBe(def)
  })

  it('throws a typed error for a missing directory', () => {
    expect(() => resolveDataDir('/nonexistent/pogs-data', {})).toThrow(DataDirNotFoundError)
  })
})
