import { describe, expect, it } from 'vitest'
import { runPogs } from '../helpers/cli.js'
import { resolveDataDir, DataDirNotFoundError } from '../../src/util/data-dir.js'

describe('pogs CLI', () => {
  it('rejects an unknown command with exit code 2', async () => {
    const r = await runPogs(['no-such-command'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('unknown command')
  })

  it("shows a verb's own help for pogs galaxy VERB --help, and the group's for pogs galaxy --help", async () => {
    for (const verb of ['synth', 'fit', 'add', 'submit']) {
      const r = await runPogs(['galaxy', verb, '--help'])
      expect(r.code, verb).toBe(0)
      expect(r.stdout, verb).toMatch(new RegExp(`^pogs galaxy ${verb} `))
    }
    const group = await runPogs(['galaxy', '--help'])
    expect(group.code).toBe(0)
    expect(group.stdout).toContain('usage: pogs galaxy synth|fit|add|submit')
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
