import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { compareArchives } from '../../src/archive/compare-archives.js'
import { openArchive } from '../../src/archive/read-archive.js'
import { writeArchive } from '../../src/archive/write-archive.js'
import { readFilters } from '../../src/fit/index.js'
import { readFits } from '../../src/galaxy/fits/index.js'
import { galaxyFromFits } from '../../src/galaxy/galaxy-input.js'
import { fitGalaxy } from '../../src/local-fit/fit-galaxy.js'
import { runPogs } from '../helpers/cli.js'
import { writeSmallLibrariesWithFilters } from '../helpers/reference-data.js'

// The main job end to end: `pogs demo` starts a whole network on loopback, each role its own process,
// on a small galaxy with small libraries (every 50th real POGS model), plain and with faults. Either way the
// archive must equal `pogs galaxy fit` of the same galaxy with the same libraries, pixel for pixel.

let libraries: string
const dirs: string[] = []
beforeAll(() => { libraries = writeSmallLibrariesWithFilters(50) })
afterAll(async () => { await Promise.all(dirs.map(async (d) => { await rm(d, { recursive: true, force: true }) })) })

interface Archived { event: 'archived', fits: string, archive: string, libraries: string, cid: string }

async function demo (size: number, flags: string[]): Promise<{ archived: Archived, stderr: string }> {
  const out = await mkdtemp(join(tmpdir(), 'pogs-e2e-demo-'))
  dirs.push(out)
  const r = await runPogs(['demo', '--libraries', libraries, '--size', String(size), '--out', out, '--json', '--timeout', '300', ...flags])
  if (r.code !== 0) throw new Error(`pogs demo exited ${r.code}:\n${r.stderr.slice(-4000)}`)
  const events = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { event: string })
  const archived = events.find((e): e is Archived => e.event === 'archived')
  if (archived === undefined) throw new Error(`no archived event:\n${r.stdout}`)
  return { archived, stderr: r.stderr }
}

/** The archive of `pogs galaxy fit` of the same galaxy with the same libraries, compared with the network's. */
async function expectEqualToLocalFit (a: Archived): Promise<number> {
  const filters = readFilters(join(a.libraries, 'filters.dat'))
  const local = await fitGalaxy(galaxyFromFits(readFits(a.fits), filters, {}, a.fits), { libraries: a.libraries, catalogue: filters, threads: 2 })
  const localPath = join(join(a.archive, '..'), 'local.h5')
  await writeArchive(localPath, local.archive)
  const [net, mine] = await Promise.all([openArchive(a.archive), openArchive(localPath)])
  try {
    const c = compareArchives(net, mine)
    expect(c.differences).toEqual([])
    expect(c.compared).toBe(local.archive.pixels.length)
    // Provenance: every area was computed by two volunteers (replication 2; equal results share one CID) and
    // verified by both verifiers.
    for (const p of net.facts.provenance) {
      expect(p.verifierKeys).toHaveLength(2)
      expect(p.volunteers.length).toBeGreaterThanOrEqual(2)
      expect(p.volunteers).not.toContain('local')
      expect(p.resultCids.length).toBeGreaterThanOrEqual(1)
    }
    return net.facts.volunteers.length
  } finally {
    net.close()
    mine.close()
  }
}

describe('pogs demo: a whole network on loopback', () => {
  test('processes a galaxy into a mirrored archive equal to pogs galaxy fit', async () => {
    const { archived, stderr } = await demo(12, [])
    expect(archived.cid).toMatch(/^b/)
    expect(stderr).toMatch(/pinned by mirror/)
    expect(stderr).toMatch(/credit/)
    expect(await expectEqualToLocalFit(archived)).toBeGreaterThanOrEqual(2)
  }, 300_000)

  // 20 x 20 (146 pixels, 9 units): enough units for every attacker key to be given one and caught.
  test('with faults and cheaters (--chaos): every attacker banned, nothing altered, forged or copied assimilated or credited, no pixel lost', async () => {
    const { archived, stderr } = await demo(20, ['--chaos', '--deadline', '15'])
    expect(stderr).toMatch(/ok +every forged, replayed or garbled message was refused/)
    expect(stderr).toMatch(/ok +the lazy key's random bytes were refused and its key banned/)
    expect(stderr).toMatch(/ok +the copy of a published result was refused \(ERR_RESULT_PUBLISHED\)/)
    expect(stderr).toMatch(/ok +every attacker key was banned \(5 of 5\)/)
    for (const who of ['dishonest volunteer', 'colluding key 1', 'colluding key 2', 'colluding key 3', 'lazy key']) {
      expect(stderr).toMatch(new RegExp(`${who} banned \\((recompute_mismatch|bad_result|wrong_ringer)\\)`))
    }
    expect(stderr).toMatch(/ok +no credit for an attacker key or the copier/)
    expect(stderr).toMatch(/ok +no result of an attacker key, the rogue peer or the copier is in the archive/)
    expect(stderr).toMatch(/ok +no pixel lost/)
    expect(stderr).toMatch(/ERR_INVALID_SIGNATURE/)
    await expectEqualToLocalFit(archived)
  }, 400_000)
})
