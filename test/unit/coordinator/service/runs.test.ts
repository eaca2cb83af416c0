// A coordinator's runs (docs/coordinator.md#runs): a galaxy's run is the one named, or else the one with every band
// of the galaxy and a library near its redshift, the tightest filter set first; each run's files are named in the
// manifest with its prefix, so units name the right files; bad run lists and names are typed errors.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkRunSpecs, defaultRunName, ProjectRuns, runPrefix, type RunSpec } from '../../../../src/coordinator/service/runs.js'
import type { LibraryEntry } from '../../../../src/net/messages/index.js'
import { PogsError } from '../../../../src/util/errors.js'

let root: string
let specs: RunSpec[]
let entries: LibraryEntry[]
const OPTICAL = ['SDSSu', 'SDSSg', 'SDSSr', 'SDSSi', 'SDSSz']
const WISE = ['WISEW1', 'WISEW2', 'WISEW3', 'WISEW4']

const filtersDat = (bands: string[]): string => bands.map((b, k) => `${b} ${0.35 + k * 0.5} ${k + 1} 1`).join('\n') + '\n'

/** A run directory: its filters.dat and a (tiny) library pair per redshift. */
async function runDir (name: string, bands: string[], redshifts: string[]): Promise<string> {
  const dir = join(root, name)
  await mkdir(dir)
  await writeFile(join(dir, 'filters.dat'), filtersDat(bands))
  for (const z of redshifts) {
    for (const kind of ['optical', 'infrared']) await writeFile(join(dir, `${kind}_z${z}.lbr`), `# ${name} ${kind} ${z}\n#\n1 2 3\n`)
  }
  return dir
}

async function entry (name: string, text: string): Promise<LibraryEntry> {
  return { name, cid: CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(text))), size: text.length }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pogs-runs-'))
  specs = [
    { name: 'run1', dir: await runDir('run1', OPTICAL, ['0.0100', '0.0200']) },
    { name: 'run3', dir: await runDir('run3', [...OPTICAL, ...WISE], ['0.0100', '0.0300']) }
  ]
  entries = []
  for (const [k, s] of specs.entries()) {
    for (const z of k === 0 ? ['0.0100', '0.0200'] : ['0.0100', '0.0300']) {
      for (const kind of ['optical', 'infrared']) entries.push(await entry(`${runPrefix(s.name, k)}${kind}_z${z}.lbr`, `${s.name} ${kind} ${z}`))
    }
  }
})
afterAll(async () => { await rm(root, { recursive: true, force: true }) })

describe('runs', () => {
  it('chooses the tightest run with every band and a library near the redshift', () => {
    const runs = ProjectRuns.fromSpecs(specs, entries)
    expect(runs.choose(OPTICAL, 0.01).run).toBe('run1')
    // Optical bands at z = 0.03: only the WISE run has a library there.
    expect(runs.choose(OPTICAL.slice(1), 0.03).run).toBe('run3')
    expect(runs.choose([...OPTICAL, 'WISEW1'], 0.01).run).toBe('run3')
    // A named run wins over the bands' choice.
    expect(runs.choose(OPTICAL, 0.01, 'run3').run).toBe('run3')
  })

  it('refuses with typed errors: bands no run has, a redshift no run with the bands covers, an unknown run', () => {
    const runs = ProjectRuns.fromSpecs(specs, entries)
    expect(() => runs.choose([...OPTICAL, 'SPIRE500'], 0.01)).toThrow(expect.objectContaining({ code: 'ERR_NO_RUN', message: expect.stringMatching(/run1 lacks SPIRE500/) }))
    expect(() => runs.choose(['WISEW1'], 0.02)).toThrow(expect.objectContaining({ code: 'ERR_REDSHIFT_OUT_OF_RANGE' }))
    expect(() => runs.choose(OPTICAL, 0.01, 'run9')).toThrow(expect.objectContaining({ code: 'ERR_UNKNOWN_RUN' }))
    expect(() => runs.of({ metadata: { run: 'gone' } })).toThrow(expect.objectContaining({ code: 'ERR_UNKNOWN_RUN' }))
  })

  it('names each run\'s files with its prefix, so a unit names its own run\'s pair', () => {
    const runs = ProjectRuns.fromSpecs(specs, entries)
    const byName = new Map(entries.map((e) => [e.name, e.cid.toString()]))
    const first = runs.get('run1').pairFor(0.01)
    expect(first.optical).toEqual({ name: 'optical_z0.0100.lbr', cid: byName.get('optical_z0.0100.lbr') })
    const wise = runs.get('run3').pairFor(0.01)
    expect(wise.optical).toEqual({ name: 'run3.optical_z0.0100.lbr', cid: byName.get('run3.optical_z0.0100.lbr') })
    expect(wise.infrared.cid).not.toBe(first.infrared.cid)
    // A galaxy registered before runs belongs to the default run.
    expect(runs.of({ metadata: {} }).run).toBe('run1')
    expect(runs.of({ metadata: { run: 'run3' } }).run).toBe('run3')
  })

  it('checks run lists: names well-formed and distinct, at least one', () => {
    expect(() => checkRunSpecs([])).toThrow(PogsError)
    expect(() => checkRunSpecs([{ name: 'a', dir: '/x' }, { name: 'a', dir: '/y' }])).toThrow(/given twice/)
    expect(() => checkRunSpecs([{ name: '../a', dir: '/x' }])).toThrow(expect.objectContaining({ code: 'ERR_RUNS' }))
    expect(defaultRunName('/data/pogs libraries (z 0.01)')).toBe('pogs-libraries--z-0.01-')
    expect(defaultRunName('/data/z01')).toBe('z01')
  })
})
