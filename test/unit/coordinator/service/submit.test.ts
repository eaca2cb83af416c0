// Galaxies submitted over /pogs/submit by research groups' keys (protocols/submit.md): an authorised key's galaxy is
// registered exactly as the same file through the inbox is, with the key as its source; everything else is refused
// with its code, leaving no temporary file and no registration: a key no --submitter names, a digest mismatch, an
// announcement above the maximum, bytes running past or ending short of their announcement, a stream cut short,
// bytes that are not FITS, an unknown run, a replayed header. One `pogs galaxy submit` through dist/.
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { lpStream } from '@libp2p/utils'
import { peerIdFromString } from '@libp2p/peer-id'
import type { PeerId } from '@libp2p/interface'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFilters } from '../../../../src/fit/index.js'
import { CoordinatorService } from '../../../../src/coordinator/service/index.js'
import { GalaxyLoader } from '../../../../src/coordinator/service/galaxy-loader.js'
import { submissionsDir } from '../../../../src/coordinator/service/paths.js'
import { openEnvelope, sealEnvelope } from '../../../../src/net/envelope.js'
import { RemoteError } from '../../../../src/net/errors.js'
import { loadOrCreateIdentity } from '../../../../src/net/identity.js'
import { MESSAGE_CODECS, type SubmitProgress, type SubmitRequest } from '../../../../src/net/messages/index.js'
import { startPogsNode, type PogsNode } from '../../../../src/net/node.js'
import { SUBMIT_PROTOCOL, SUBMIT_WINDOW_BYTES, submitFile, submitGalaxy } from '../../../../src/net/submit/index.js'
import { runPogs } from '../../../helpers/cli.js'
import { Dirs, FAST_DHT, smallGalaxy } from './helpers.js'

const MAX_BYTES = 8 * 1024 * 1024

const dirs = new Dirs()
let galaxy: { libraries: string, fits: string }
let fitsBytes: Buffer
let dataDir: string
let service: CoordinatorService
let project: PeerId
let submitter: PogsNode
let stranger: PogsNode
let submitterDir: string
let cliDir: string
let cliKey: string
const rejected: Array<{ protocol?: string, code: string }> = []

function sha256 (b: Uint8Array): Buffer { return createHash('sha256').update(b).digest() }

function galaxyCount (): number { return service.store.galaxies().length }

/** Temporary files of submissions under way or left behind. */
function tempFiles (): string[] {
  const dir = submissionsDir(dataDir)
  return existsSync(dir) ? readdirSync(dir) : []
}

async function * chunksOf (bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size)
}

/** Submits `bytes` with `request` as the submitter (or another node); the refusal's code, or the receipt. */
async function submit (bytes: Uint8Array, request: Partial<SubmitRequest>, node = submitter, onProgress?: (p: SubmitProgress) => void) {
  return await submitGalaxy(node.libp2p, project, {
    privateKey: node.identity.privateKey,
    request: { fileName: 'galaxy.fits', size: bytes.length, sha256: sha256(bytes), ...request },
    data: chunksOf(bytes),
    ...(onProgress !== undefined ? { onProgress } : {})
  })
}

async function refusal (p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(RemoteError)
  return (err as RemoteError).remoteCode
}

/** Opens a raw submit stream and sends a sealed header; returns its frames and a reader of the next reply. */
async function rawStream (header: Uint8Array) {
  const stream = await (await submitter.libp2p.dial(project)).newStream(SUBMIT_PROTOCOL)
  const frames = lpStream(stream, { maxDataLength: 64 * 1024 })
  await frames.write(header)
  const next = async (): Promise<{ kind: string, code?: string }> => {
    const env = await openEnvelope((await frames.read()).subarray(), ['submit-progress', 'submit-receipt', 'error'])
    return env.kind === 'error' ? { kind: 'error', code: MESSAGE_CODECS.error.decode(env.payload).code } : { kind: env.kind }
  }
  return { stream, frames, next }
}

beforeAll(async () => {
  galaxy = await smallGalaxy(dirs, { size: 10, seed: 11, stride: 50, name: 'submitted spiral' })
  fitsBytes = readFileSync(galaxy.fits)
  dataDir = await dirs.make('pogs-coordinator-')
  submitterDir = await dirs.make('pogs-submitter-')
  cliDir = await dirs.make('pogs-submit-cli-')
  // Keys made before the coordinator starts, as an operator learns them with `pogs id`.
  const keys = await Promise.all([submitterDir, cliDir].map(async (d) => (await loadOrCreateIdentity(d)).peerId.toString()))
  cliKey = keys[1]
  service = new CoordinatorService({ dataDir, librariesDir: galaxy.libraries, dht: FAST_DHT, submitters: keys, maxSubmissionBytes: MAX_BYTES, inboxScanIntervalMs: 200 })
  service.on('rejected', (r) => { rejected.push(r) })
  const ready = await service.start()
  project = peerIdFromString(ready.project)
  submitter = await startPogsNode({ dataDir: submitterDir, bootstrap: [ready.addrs[0]], dht: FAST_DHT })
  stranger = await startPogsNode({ dataDir: await dirs.make('pogs-stranger-'), bootstrap: [ready.addrs[0]], dht: FAST_DHT })
}, 60_000)

afterAll(async () => {
  await submitter?.stop()
  await stranger?.stop()
  await service?.stop()
  await dirs.remove()
})

describe('galaxy submission', () => {
  it('an authorised key\'s galaxy is registered as the same file through the inbox is, with the key as its source', async () => {
    const progress: SubmitProgress[] = []
    const added = service.next('galaxy-added', (e) => e.galaxy === 'via network')
    const receipt = await submitFile(submitter, {
      project: project.toString(),
      dataDir: submitterDir,
      file: galaxy.fits,
      options: { name: 'via network', run: basename(galaxy.libraries) },
      onProgress: (p) => { progress.push(p) }
    })
    expect(receipt).toMatchObject({ name: 'via network', created: true })
    expect(Buffer.from(receipt.sha256)).toEqual(sha256(fitsBytes))
    expect(progress[0]).toEqual({ stage: 'receiving', receivedBytes: 0 })
    expect(progress.slice(-2)).toEqual([{ stage: 'received', receivedBytes: fitsBytes.length }, { stage: 'checked', receivedBytes: fitsBytes.length }])
    expect(await added).toMatchObject({ galaxyId: receipt.galaxyId, submitter: submitter.peerId.toString(), duplicate: false })
    expect(readFileSync((await added).file)).toEqual(fitsBytes)

    const inboxed = service.next('galaxy-added', (e) => e.galaxy === 'via inbox')
    await service.addGalaxy(galaxy.fits, { name: 'via inbox' })
    const viaInbox = await inboxed
    const [a, b] = [receipt.galaxyId, viaInbox.galaxyId].map((id) => service.store.galaxy(id))
    if (a === undefined || b === undefined) throw new Error('not registered')
    const { submitter: source, ...metadata } = a.metadata
    expect(source).toBe(submitter.peerId.toString())
    expect(metadata).toEqual(b.metadata)
    expect([a.bands, a.redshift, a.priority]).toEqual([b.bands, b.redshift, b.priority])
    expect(receipt).toMatchObject({ areas: viaInbox.areas, pixels: viaInbox.pixels })
    const areas = (id: number): unknown[] => service.store.db.prepare('SELECT area_index, x0, x1, y0, y1, pixels FROM areas WHERE galaxy_id = ? ORDER BY area_index').all(id)
    expect(areas(a.id)).toEqual(areas(b.id))
    // The pixels units are cut from: the same layers, values and units.
    const loader = new GalaxyLoader(dataDir, () => readFilters(join(galaxy.libraries, 'filters.dat')))
    const [la, lb] = [a, b].map((g) => loader.rows(g, 0, 10))
    expect({ ...la.facts, name: '' }).toEqual({ ...lb.facts, name: '' })
    expect(la.rows).toEqual(lb.rows)
    expect(service.readModel.galaxy(a.id)?.submitter).toBe(submitter.peerId.toString())
    expect(service.readModel.galaxy(b.id)?.submitter).toBeNull()
    expect(tempFiles()).toEqual([])
  })

  it('a key no --submitter names: ERR_NOT_AUTHORIZED before a byte is sent', async () => {
    const before = galaxyCount()
    const pulled: number[] = []
    const refused = submitGalaxy(stranger.libp2p, project, {
      privateKey: stranger.identity.privateKey,
      request: { fileName: 'galaxy.fits', size: fitsBytes.length, sha256: sha256(fitsBytes) },
      data: (async function * () { pulled.push(1); yield fitsBytes })()
    })
    expect(await refusal(refused)).toBe('ERR_NOT_AUTHORIZED')
    expect(pulled).toEqual([])
    expect(rejected).toContainEqual(expect.objectContaining({ protocol: 'submit', code: 'ERR_NOT_AUTHORIZED' }))
    expect(galaxyCount()).toBe(before)
  })

  it('refusals while the bytes flow leave no temporary file and register nothing', async () => {
    const before = galaxyCount()
    // Announced above the maximum: refused from the header alone.
    expect(await refusal(submit(fitsBytes, { size: MAX_BYTES + 1 }))).toBe('ERR_SUBMISSION_TOO_LARGE')
    expect(await refusal(submit(fitsBytes, { sha256: randomBytes(32), name: 'digest' }))).toBe('ERR_DIGEST_MISMATCH')
    // More bytes than announced (refused at the frame that runs past), and fewer (at the end marker).
    const short = fitsBytes.subarray(0, fitsBytes.length - 100)
    expect(await refusal(submit(fitsBytes, { size: short.length, sha256: sha256(short), name: 'past' }))).toBe('ERR_SIZE_MISMATCH')
    expect(await refusal(submit(short, { size: fitsBytes.length, sha256: sha256(fitsBytes), name: 'short' }))).toBe('ERR_SIZE_MISMATCH')
    expect(await refusal(submit(fitsBytes, { run: 'another run', name: 'run' }))).toBe('ERR_UNKNOWN_RUN')
    // Several windows of bytes that are not FITS: received in full (acknowledged as they were written), then refused
    // with the FITS reader's code.
    const progress: SubmitProgress[] = []
    const noise = randomBytes(3 * SUBMIT_WINDOW_BYTES)
    expect(await refusal(submit(noise, { name: 'noise' }, submitter, (p) => { progress.push(p) }))).toBe('ERR_NOT_FITS')
    expect(progress.filter((p) => p.stage === 'receiving').length).toBeGreaterThan(3)
    expect(progress.at(-1)).toEqual({ stage: 'received', receivedBytes: noise.length })
    expect(tempFiles()).toEqual([])
    expect(galaxyCount()).toBe(before)
  })

  it('a stream cut short: ERR_SUBMISSION_TRUNCATED; its header replayed: ERR_REPLAY', async () => {
    const before = galaxyCount()
    const body: SubmitRequest = { fileName: 'galaxy.fits', name: 'cut short', size: fitsBytes.length, sha256: sha256(fitsBytes) }
    const header = await sealEnvelope(submitter.identity.privateKey, { kind: 'submit-request', payload: MESSAGE_CODECS['submit-request'].encode(body) })
    const first = await rawStream(header)
    expect(await first.next()).toEqual({ kind: 'submit-progress' })
    await first.frames.write(fitsBytes.subarray(0, 1000))
    // Closing our side without the end marker: the coordinator reads the end of the stream.
    await first.stream.close()
    let reply = await first.next()
    while (reply.kind === 'submit-progress') reply = await first.next()
    expect(reply).toEqual({ kind: 'error', code: 'ERR_SUBMISSION_TRUNCATED' })
    expect(tempFiles()).toEqual([])

    const again = await rawStream(header)
    expect(await again.next()).toEqual({ kind: 'error', code: 'ERR_REPLAY' })
    await again.stream.close()
    expect(galaxyCount()).toBe(before)
  })

  it('pogs galaxy submit (dist/): exit 0 and the receipt; a usage error exits 2', async () => {
    const addr = service.addrs()[0]
    const ok = await runPogs(['galaxy', 'submit', galaxy.fits, '--project', project.toString(), '--data', cliDir, '--bootstrap', addr, '--name', 'via cli', '--json'])
    expect(ok.code, ok.stderr).toBe(0)
    const events = ok.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(events[0]).toMatchObject({ event: 'submitting', submitter: cliKey, size: fitsBytes.length })
    expect(events.at(-1)).toMatchObject({ event: 'accepted', galaxy: 'via cli', created: true })
    expect(service.store.galaxies().find((g) => g.name === 'via cli')?.metadata.submitter).toBe(cliKey)
    const usage = await runPogs(['galaxy', 'submit', galaxy.fits, '--data', cliDir])
    expect(usage.code).toBe(2)
  })
})
