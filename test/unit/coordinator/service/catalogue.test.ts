// The archive catalogue through a loopback network, in one process: an archived galaxy recorded in a coordinator's
// store (its archive added to the coordinator's Helia and its record signed, as the archive pass does) is listed
// by the catalogue the coordinator publishes when it starts again; the manifest names it; a mirror pins it and,
// asked by the coordinator, the archive; then, with the coordinator stopped, a fresh peer running the CLI's code
// knows only the project key and the mirror: it lists the catalogue and fetches the archive by galaxy name, byte
// for byte.
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import archiveList from '../../../../nodes/archive/list.js'
import get from '../../../../nodes/get.js'
import { runCommand } from '../../../../nodes/cli/run-command.js'
import { CataloguePublisher } from '../../../../src/coordinator/service/catalogue.js'
import { CoordinatorEmitter } from '../../../../src/coordinator/service/events.js'
import { CoordinatorService, type CoordinatorEvents } from '../../../../src/coordinator/service/index.js'
import { MirrorService } from '../../../../src/mirror/mirror-service.js'
import { addFile } from '../../../../src/net/content-files.js'
import { sealEnvelope } from '../../../../src/net/envelope.js'
import { MESSAGE_CODECS } from '../../../../src/net/messages/index.js'
import { startPogsNode, type PogsNode } from '../../../../src/net/node.js'
import { Dirs, FAST_DHT } from './helpers.js'

const GALAXY = 'NGC 1316'
const dirs = new Dirs()
let librariesDir: string
let coordinatorDir: string
let archiveBytes: Buffer
let mirrorNode: PogsNode
let mirror: MirrorService | undefined
let service: CoordinatorService | undefined
const pinned: string[] = []
/** The archive's CID and SHA-256 (hex) as recorded. */
let archived: { cid: string, sha256: string }

function coordinator (): CoordinatorService {
  return new CoordinatorService({
    dataDir: coordinatorDir,
    librariesDir,
    mirrors: [mirrorNode.peerId.toString()],
    lifecycle: { mirrorReceipts: 1 },
    dht: FAST_DHT,
    catalogueIntervalMs: 0,
    retryBaseMs: 200,
    resultCheckThreads: 0
  })
}

/** Runs a `pogs` command in-process as the CLI does; returns its exit code and what it printed. */
async function pogs (name: string, cmd: typeof get, argv: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  let stdout = ''
  let stderr = ''
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { stdout += String(chunk); return true })
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => { stderr += String(chunk); return true })
  try {
    return { code: await runCommand(name, cmd, argv), stdout, stderr }
  } finally {
    out.mockRestore()
    err.mockRestore()
  }
}

/** An archive of `bytes` as the archive pass makes one: written, added to the coordinator's Helia, its record signed. */
async function archive (s: CoordinatorService, bytes: Buffer, createdMs: number): Promise<{ cid: string, path: string, record: Uint8Array }> {
  const path = join(coordinatorDir, 'archives', `ngc-1316-${createdMs}.h5`)
  await writeFile(path, bytes)
  const { cid, size, sha256 } = await addFile(s.network.node.helia, path)
  archived = { cid: cid.toString(), sha256: Buffer.from(sha256).toString('hex') }
  const record = await sealEnvelope(s.network.node.identity.privateKey, {
    kind: 'archive-record',
    payload: MESSAGE_CODECS['archive-record'].encode({ project: s.project, galaxy: GALAXY, cid, sha256, size, createdMs, pixels: 3, areas: 1 })
  })
  return { cid: cid.toString(), path, record }
}

beforeAll(async () => {
  librariesDir = await dirs.make('pogs-libs-')
  await writeFile(join(librariesDir, 'optical_z0.0100.lbr'), randomBytes(10_000))
  coordinatorDir = await dirs.make('pogs-coordinator-')
  await mkdir(join(coordinatorDir, 'archives'), { recursive: true })
  mirrorNode = await startPogsNode({ dataDir: await dirs.make('pogs-mir-'), dht: FAST_DHT })
}, 60_000)

afterAll(async () => {
  await service?.stop()
  await mirror?.stop()
  await mirrorNode?.stop()
  await dirs.remove()
})

describe('the archive catalogue', () => {
  let project: string
  let published: CoordinatorEvents['catalogue']

  it('lists nothing before an archive, then an archived galaxy once the coordinator starts with it in its store; a new archive replaces its entry', async () => {
    // First run: the galaxy is registered and its archive recorded in one turn (no pass sees it half-way).
    service = coordinator()
    project = (await service.start()).project
    // Nothing archived yet: the manifest names no catalogue.
    const none = await pogs('pogs archive list', archiveList, ['--project', project, '--bootstrap', service.addrs()[0], '--timeout', '30'])
    expect(none.code).toBe(1)
    expect(none.stderr).toContain('ERR_NO_CATALOGUE')
    const first = await archive(service, randomBytes(200_000), 1_780_000_000_000)
    const { galaxyId } = service.store.addGalaxy({
      name: GALAXY,
      bands: ['SDSSu', 'PS1g', 'PS1r', 'PS1i'],
      redshift: 0.006,
      metadata: { ra: 50.67, dec: -37.21, width: 8, height: 4, signalToNoise: 10, sha256: '00' },
      areas: [{ index: 0, x0: 0, x1: 8, y0: 0, y1: 4, pixels: [[0, 0], [1, 0], [2, 0]] }]
    })
    service.store.recordArchive(galaxyId, first)
    await service.stop()

    // Second run: the catalogue is built from the store and named by the manifest whose sequence it carries.
    service = coordinator()
    const next = service.next('catalogue')
    await service.start()
    const before = await next
    expect(before.galaxies).toBe(1)
    expect(service.manifest.catalogueCid?.toString()).toBe(before.cid)
    expect(service.manifest.sequence).toBe(before.sequence)

    // The galaxy archived anew (as after a ban reopened it): the next catalogue lists the new archive instead.
    // More than one UnixFS leaf (1 MiB): the fetch walks a DAG.
    archiveBytes = randomBytes(1_500_000)
    const second = await archive(service, archiveBytes, 1_790_000_000_000)
    service.store.recordArchive(galaxyId, second)
    const publisher = (): CataloguePublisher => new CataloguePublisher({
      store: (service as CoordinatorService).store,
      helia: (service as CoordinatorService).network.node.helia,
      net: (service as CoordinatorService).network,
      privateKey: (service as CoordinatorService).network.node.identity.privateKey,
      events: new CoordinatorEmitter(),
      signal: AbortSignal.timeout(10_000),
      intervalMs: 0,
      run: basename(librariesDir)
    })
    const cid = await publisher().publish()
    expect(cid?.toString()).toBe(service.manifest.catalogueCid?.toString())
    expect(cid?.toString()).not.toBe(before.cid)
    published = { cid: String(cid), sequence: service.manifest.sequence, galaxies: 1 }
    expect(published.sequence).toBeGreaterThan(before.sequence)

    // A publisher starting afresh (a restart) finds the catalogue the manifest names up to date: nothing new.
    expect(await publisher().publish()).toBeUndefined()
    expect(service.manifest.sequence).toBe(published.sequence)
  })

  it('is pinned by a mirror with the archive, and read from the mirror alone once the coordinator stopped', async () => {
    const live = service as CoordinatorService
    // The new archive's receipt (a pass that began before the galaxy was archived anew may still pin the first one).
    const receipt = live.next('receipt', (r) => r.cid === archived.cid)
    mirror = new MirrorService(mirrorNode, await dirs.make('pogs-mirror-data-'), {
      project,
      events: { pinned: (p) => { pinned.push(p.cid.toString()) } }
    })
    await mirrorNode.libp2p.dial(multiaddr(live.addrs()[0]))
    await mirror.start({ signal: AbortSignal.timeout(30_000) })
    expect(pinned).toContain(published.cid)
    expect((await receipt).galaxy).toBe(GALAXY)
    await live.stop()
    service = undefined

    const bootstrap = mirrorNode.addrs()[0].toString()
    const list = await pogs('pogs archive list', archiveList, ['--project', project, '--bootstrap', bootstrap, '--json', '--timeout', '30'])
    expect(list.stderr).toBe('')
    expect(list.code).toBe(0)
    const listed = JSON.parse(list.stdout) as { project: string, sequence: number, cid: string, galaxies: Array<Record<string, unknown>> }
    expect(listed).toMatchObject({ project, sequence: published.sequence, cid: published.cid })
    expect(listed.galaxies).toEqual([{
      galaxy: GALAXY, run: basename(librariesDir), bands: ['SDSSu', 'PS1g', 'PS1r', 'PS1i'], ra: 50.67, dec: -37.21, redshift: 0.006, width: 8, height: 4, pixels: 3, areas: 1,
      cid: archived.cid, sha256: archived.sha256, size: archiveBytes.length, created: '2026-09-21T14:13:20Z'
    }])

    const out = join(await dirs.make('pogs-fetched-'), 'ngc-1316.h5')
    const fetched = await pogs('pogs get', get, ['--galaxy', GALAXY, '--project', project, '--bootstrap', bootstrap, '--out', out, '--json', '--timeout', '30'])
    expect(fetched.stderr).toBe('')
    expect(fetched.code).toBe(0)
    expect(JSON.parse(fetched.stdout)).toMatchObject({ event: 'fetched', galaxy: GALAXY, cid: archived.cid, sha256: archived.sha256, bytes: archiveBytes.length })
    expect((await readFile(out)).equals(archiveBytes)).toBe(true)

    const unknown = await pogs('pogs get', get, ['--galaxy', 'NGC 1317', '--project', project, '--bootstrap', bootstrap, '--out', out, '--timeout', '30'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('ERR_NOT_IN_CATALOGUE')
    expect(unknown.stderr).toContain(JSON.stringify(GALAXY))
  })
})
