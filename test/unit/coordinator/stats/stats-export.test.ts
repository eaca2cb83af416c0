import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { unixfs } from '@helia/unixfs'
import type { Helia } from '@helia/interface'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { teamXml, userXml, xmlEscape } from '../../../../src/coordinator/stats/boinc-xml.js'
import { crossProjectId } from '../../../../src/coordinator/stats/export-rows.js'
import { sealStatsManifest } from '../../../../src/coordinator/stats/sign.js'
import { EXPORT_FILES, latestStatsExport, pruneStatsExports, verifyStatsExport, writeStatsExport, type StatsExportInfo } from '../../../../src/coordinator/stats/stats-export.js'
import type { PogsNode } from '../../../../src/net/node.js'
import { debianPython } from '../../../helpers/debian-python.js'
import { TestNetwork } from '../../net/helpers.js'
import { HOSTILE, get, startFixture, type Fixture } from '../../web/fixture.js'

// The statistics export: user.xml and team.xml in BOINC's db_dump layout (read back with Python's XML parser),
// credit and recent average as the store has them, signed in the pogs/stats-export/v1 domain by the project key,
// added to Helia as one directory; tampering with any file, or another signer, fails verification.

let f: Fixture
let net: TestNetwork
let node: PogsNode
let dataDir: string
let info: StatsExportInfo
beforeAll(async () => {
  f = await startFixture()
  await f.assimilateNext()
  await f.assimilateNext()
  net = new TestNetwork()
  node = await net.add()
  dataDir = await net.tempDir()
  info = await writeStatsExport({
    db: f.store.db, helia: node.helia, privateKey: node.identity.privateKey, project: node.peerId.toString(),
    creditHalfLifeMs: f.store.settings.creditHalfLifeMs, dataDir
  }, f.clock.t)
  f.setExport(info)
})
afterAll(async () => {
  await f.close()
  await net.close()
})

const PARSE = `
import gzip, json, sys, xml.etree.ElementTree as ET
out = {}
for name in ('user', 'team'):
    root = ET.fromstring(gzip.open(sys.argv[1] + '/' + name + '.xml.gz').read())
    out[name] = {'root': root.tag, 'rows': [{c.tag: (c.text or '') for c in row} for row in root], 'tags': [[c.tag for c in row] for row in root], 'row': [row.tag for row in root]}
print(json.dumps(out))
`

describe('statistics export', () => {
  test('user.xml and team.xml parse as BOINC\'s db_dump layout with the store\'s credit', async () => {
    const parsed = debianPython<Record<'user' | 'team', { root: string, row: string[], rows: Array<Record<string, string>>, tags: string[][] }>>(PARSE, [info.dir])
    expect(parsed.user.root).toBe('users')
    expect(parsed.user.row).toEqual(['user', 'user'])
    expect(parsed.user.tags[0]).toEqual(['id', 'name', 'country', 'create_time', 'total_credit', 'expavg_credit', 'expavg_time', 'cpid', 'teamid', 'has_profile'])
    expect(parsed.team.root).toBe('teams')
    expect(parsed.team.tags[0]).toEqual(['id', 'type', 'name', 'userid', 'total_credit', 'expavg_credit', 'expavg_time', 'create_time', 'url', 'name_html', 'description', 'country', 'nusers'])
    const credit = f.store.volunteerCredit()
    const hostile = parsed.user.rows.find((u) => u.name === HOSTILE)
    expect(hostile).toBeDefined()
    const mine = credit.find((c) => c.name === HOSTILE)
    expect(Number(hostile?.total_credit)).toBeCloseTo(mine?.total ?? NaN, 5)
    expect(Number(hostile?.expavg_credit)).toBeCloseTo(mine?.recentAverage ?? NaN, 5)
    expect(Number(hostile?.expavg_credit)).toBeGreaterThan(0)
    expect(Number(hostile?.expavg_time)).toBeCloseTo(f.clock.t / 1000, 0)
    expect(hostile?.cpid).toBe(crossProjectId(f.volunteers[0].key.publicKey.raw))
    expect(hostile?.cpid).toMatch(/^[0-9a-f]{32}$/)
    const team = parsed.team.rows[0]
    expect(team).toMatchObject({ name: `<b>${HOSTILE}</b>`, nusers: '1', userid: hostile?.id, type: '1' })
    expect(hostile?.teamid).toBe(team.id)
    expect(parsed.user.rows.find((u) => u.name === 'Ada & "Bob"')?.teamid).toBeUndefined()
    expect(info).toMatchObject({ users: 2, teams: 1, project: node.peerId.toString() })
  })

  test('the signature verifies with the project key; any change to any file, or another signer, does not', async () => {
    const files = new Map<string, Uint8Array>()
    for (const name of EXPORT_FILES) files.set(name, await readFile(join(info.dir, name)))
    expect((await verifyStatsExport(files, node.peerId.toString())).files.map((x) => x.name)).toEqual(['user.xml.gz', 'team.xml.gz'])
    await expect(verifyStatsExport(files, f.volunteers[0].peerId)).rejects.toMatchObject({ code: 'ERR_WRONG_SIGNER' })
    for (const name of ['user.xml.gz', 'team.xml.gz', 'export.json', 'export.sig']) {
      const bad = new Map(files)
      const b = Uint8Array.from(files.get(name) as Uint8Array)
      b[b.length - 3] ^= 1
      bad.set(name, b)
      await expect(verifyStatsExport(bad, node.peerId.toString()), name).rejects.toMatchObject({ name: 'StatsExportError' })
    }
    // A manifest signed by someone else, naming the project, is refused.
    const forged = new Map(files)
    forged.set('export.sig', await sealStatsManifest(f.volunteers[0].key, files.get('export.json') as Uint8Array))
    await expect(verifyStatsExport(forged)).rejects.toMatchObject({ code: 'ERR_WRONG_SIGNER' })
  })

  test('the export is one UnixFS directory in Helia, fetchable by CID, byte for byte the files on disk', async () => {
    const fs = unixfs(node.helia as unknown as Helia)
    const cid = CID.parse(info.cid)
    const names: string[] = []
    for await (const entry of fs.ls(cid)) names.push(entry.name)
    expect(names.sort()).toEqual([...EXPORT_FILES].sort())
    const chunks: Uint8Array[] = []
    for await (const c of fs.cat(cid, { path: 'user.xml.gz' })) chunks.push(c)
    expect(Buffer.concat(chunks).equals(await readFile(join(info.dir, 'user.xml.gz')))).toBe(true)
    expect(await node.helia.pins.isPinned(cid)).toBe(true)
    expect((await latestStatsExport(dataDir))?.cid).toBe(info.cid)
  })

  test('the dashboard links the latest export and serves its files', async () => {
    const stats = await (await get(f, '/api/stats')).json() as { export: { cid: string, files: Array<{ url: string }> } }
    expect(stats.export.cid).toBe(info.cid)
    const r = await get(f, '/stats/latest/user.xml.gz')
    expect(r.headers.get('content-type')).toBe('application/gzip')
    expect(gunzipSync(Buffer.from(await r.arrayBuffer())).toString()).toContain('<users>')
    expect(await (await get(f, '/')).text()).toContain(info.cid)
    expect((await get(f, '/stats/latest/other.txt')).status).toBe(404)
    expect((await get(f, '/stats/latest/..%2Fcoordinator.sqlite')).status).toBe(404)
  })

  test('older exports are pruned (files and pins)', async () => {
    const second = await writeStatsExport({
      db: f.store.db, helia: node.helia, privateKey: node.identity.privateKey, project: node.peerId.toString(),
      creditHalfLifeMs: f.store.settings.creditHalfLifeMs, dataDir
    }, f.clock.t + 1000)
    await pruneStatsExports(dataDir, node.helia, 1)
    expect((await latestStatsExport(dataDir))?.cid).toBe(second.cid)
    await expect(readFile(join(info.dir, 'export.json'))).rejects.toThrow()
    if (second.cid !== info.cid) expect(await node.helia.pins.isPinned(CID.parse(info.cid))).toBe(false)
    await writeFile(join(dataDir, 'stats', 'junk'), 'x')
    expect((await latestStatsExport(dataDir))?.cid).toBe(second.cid)
  })

  test('XML text is escaped and stripped of characters XML forbids', () => {
    expect(xmlEscape(`a<b>&"c'\u0001\u0000d\uD800`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;d')
    const xml = userXml([{ id: 1, name: '</name><x>', createTime: 1, totalCredit: 1.5, expavgCredit: 0.25, expavgTime: 2, cpid: 'ab', teamId: 0 }])
    expect(xml).toContain('<name>&lt;/name&gt;&lt;x&gt;</name>')
    expect(xml).toContain('<total_credit>1.500000</total_credit>')
    expect(xml).not.toContain('<teamid>')
    expect(teamXml([])).toBe('<teams>\n</teams>\n')
  })
})
