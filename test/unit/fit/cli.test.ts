import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runPogs } from '../../helpers/cli.js'
import { MAGPHYS_LIBS, REFERENCE, tempDir, writeSmallLibraries } from '../../helpers/reference-data.js'

describe('pogs fit', () => {
  it('writes a .fit per fitted pixel, lists unfitted and malformed rows, and exits non-zero on malformed input', async () => {
    const dir = tempDir()
    const good = readFileSync(join(REFERENCE, 'z01', 'observations.dat'), 'utf8').split('\n').filter((l) => l.startsWith('pix')).slice(0, 2)
    const obs = join(dir, 'obs.dat')
    writeFileSync(obs, ['# header', good[0], 'thin 0.01 0 0 1e-6 1e-7 2e-6 2e-7 0 0 0 0 3e-6 3e-7', 'broken 0.01 1e-6 x', good[1]].join('\n') + '\n')
    const out = join(dir, 'out')
    const libs = writeSmallLibraries(MAGPHYS_LIBS, '0.0100', 20)
    const r = await runPogs(['fit', '--filters', join(REFERENCE, 'z01', 'filters.dat'), '--observations', obs, '--libraries', libs, '--out', out, '--threads', '2'])
    expect(r.code).toBe(1)
    expect(existsSync(join(out, 'pix109931946.fit'))).toBe(true)
    expect(readFileSync(join(out, 'pix109931947.fit'), 'utf8').split('\n')).toHaveLength(917)
    const unfitted = readFileSync(join(out, 'unfitted.txt'), 'utf8')
    expect(unfitted).toMatch(/thin\ttoo-few-bands/)
    expect(unfitted).toMatch(/obs\.dat:4\tmalformed/)
    expect(r.stderr).toContain('too-few-bands')
  })

  it('exits 0 when every row was fitted or reported, and 2 on a usage error', async () => {
    const dir = tempDir()
    const libs = writeSmallLibraries(MAGPHYS_LIBS, '0.0200', 20)
    const ok = await runPogs(['fit', '--filters', join(REFERENCE, 'z02', 'filters.dat'), '--observations', join(REFERENCE, 'z02', 'observations.dat'), '--libraries', libs, '--out', dir])
    expect(ok.code).toBe(0)
    expect(readFileSync(join(dir, 'unfitted.txt'), 'utf8')).toBe('')
    const usage = await runPogs(['fit', '--filters', 'x'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('--observations')
  })
})
