// `pogs run add` (docs/coordinator.md#runs): registers a run with a coordinator's data directory after checking it as
// the coordinator will (a run name, a filters.dat, at least one library pair), or builds the libraries first
// (--build); bad command lines are usage errors (exit 2), a name registered with another directory a pogs error (1).
import { copyFile, mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { runCommand } from '../../../../nodes/cli/run-command.js'
import { listLibraries } from '../../../../src/fit/index.js'
import { readRunFile, registeredRuns } from '../../../../src/coordinator/service/run-registry.js'
import { DATA, writeSmallLibrariesWithFilters } from '../../../helpers/reference-data.js'
import { Dirs } from './helpers.js'

const dirs = new Dirs()
afterAll(async () => { await dirs.remove() })

async function pogsRun (argv: string[]): Promise<number> {
  const command = (await import('../../../../nodes/run.js')).default
  return await runCommand('pogs run', command, argv)
}

describe('pogs run add', () => {
  it('registers a checked run, and refuses bad ones', async () => {
    const quiet = [vi.spyOn(process.stdout, 'write').mockReturnValue(true), vi.spyOn(process.stderr, 'write').mockReturnValue(true)]
    try {
      const data = await dirs.make('pogs-coord-')
      const libs = writeSmallLibrariesWithFilters(100)
      expect(await pogsRun(['add', '--data', data, '--name', 'wise run', '--libraries', libs])).toBe(2)
      expect(await pogsRun(['add', '--data', data, '--name', 'w', '--libraries', join(libs, 'nope')])).toBe(2)
      const noFilters = await dirs.make('pogs-nofilters-')
      await copyFile(join(libs, 'optical_z0.0100.lbr'), join(noFilters, 'optical_z0.0100.lbr'))
      expect(await pogsRun(['add', '--data', data, '--name', 'w', '--libraries', noFilters])).toBe(2)
      const noPairs = await dirs.make('pogs-nopairs-')
      await copyFile(join(libs, 'filters.dat'), join(noPairs, 'filters.dat'))
      expect(await pogsRun(['add', '--data', data, '--name', 'w', '--libraries', noPairs])).toBe(2)
      expect(registeredRuns(data)).toEqual([])

      expect(await pogsRun(['add', '--data', data, '--name', 'wise', '--libraries', libs])).toBe(0)
      expect(registeredRuns(data)).toEqual([{ name: 'wise', dir: libs }])
      // Again with the same directory: nothing changes; with another: refused.
      expect(await pogsRun(['add', '--data', data, '--name', 'wise', '--libraries', libs])).toBe(0)
      expect(await pogsRun(['add', '--data', data, '--name', 'wise', '--libraries', writeSmallLibrariesWithFilters(100)])).toBe(1)
      expect(readRunFile(join(data, 'runs', 'wise.json'))).toEqual({ name: 'wise', dir: libs })
    } finally {
      for (const s of quiet) s.mockRestore()
    }
  })

  it('builds the libraries of a filter set for a redshift grid with --build, then registers them', async () => {
    const quiet = [vi.spyOn(process.stdout, 'write').mockReturnValue(true), vi.spyOn(process.stderr, 'write').mockReturnValue(true)]
    try {
      const data = await dirs.make('pogs-coord-')
      const out = join(await dirs.make('pogs-build-'), 'run3')
      await mkdir(out)
      const filters = join(DATA, 'pogs-runs', 'run0003_filters.dat')
      expect(await pogsRun(['add', '--data', data, '--name', 'run3', '--libraries', out, '--build', '--filters', filters,
        '--redshifts', '0.01:0.02:0.01', '--optical', '40', '--infrared', '40', '--threads', '1'])).toBe(0)
      expect(listLibraries(out).map((p) => p.redshift)).toEqual([0.01, 0.02])
      expect(await readFile(join(out, 'filters.dat'), 'utf8')).toContain('WISE')
      expect(registeredRuns(data)).toEqual([{ name: 'run3', dir: out }])
    } finally {
      for (const s of quiet) s.mockRestore()
    }
  }, 120_000)
})

