// A coordinator's data directory for archiving without fitting (the archive-scale benchmark, the archive step's
// tests): the project's libraries (the real filters.dat; library files that only need a name, a digest and a
// manifest CID, since nothing is fitted), the store, a synthetic galaxy registered and cut with every unit taken
// through two agreeing results and two verifiers' agreement, and the components the archive step takes.
import { createHash, generateKeyPairSync } from 'node:crypto'
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { create as createDigest } from 'multiformats/hashes/digest'
import { sha256 } from 'multiformats/hashes/sha2'
import { WorkStore } from '../../src/coordinator/lifecycle/index.js'
import { storeGalaxyLayers, type GalaxyMetadata } from '../../src/coordinator/service/galaxy-loader.js'
import type { FilterSpec } from '../../src/fit/index.js'
import { cutAreas, type Area } from '../../src/galaxy/areas.js'
import type { Galaxy } from '../../src/galaxy/galaxy-input.js'
import type { ArchiveInputComponents } from '../../src/coordinator/service/archive-input.js'
import { GalaxyLoader } from '../../src/coordinator/service/galaxy-loader.js'
import { ProjectLibraries } from '../../src/coordinator/service/libraries.js'
import { ProjectRuns } from '../../src/coordinator/service/runs.js'
import { galaxiesDir, storePath } from '../../src/coordinator/service/paths.js'
import { resolveDataDir } from '../../src/util/data-dir.js'

/** The verifiers' keys (any 32 bytes: the store only compares them). */
export const VERIFIERS = [new Uint8Array(32).fill(201), new Uint8Array(32).fill(202), new Uint8Array(32).fill(203)]
/** Every unit cut to this many pixels (the cost-based size needs a real library's model counts). */
export const PIXELS_PER_UNIT = 200
/** The galaxy's registered redshift: the library pair's. */
export const REDSHIFT = 0.01

const LIBRARY_FILES = ['optical_z0.0100.lbr', 'infrared_z0.0100.lbr']

function libraryDir (dataDir: string): string { return join(dataDir, 'libraries') }

/** Writes the project's libraries directory under `dataDir`: the real filters.dat and two stand-in library files. */
export function writeLibraries (dataDir: string): void {
  const dir = libraryDir(dataDir)
  mkdirSync(dir, { recursive: true })
  copyFileSync(join(resolveDataDir(), 'magphys', 'filters.dat'), join(dir, 'filters.dat'))
  for (const name of LIBRARY_FILES) writeFileSync(join(dir, name), `# header 1\n# header 2\n${name} 1 2 3\n`)
}

/** The libraries as the coordinator serves them, each named by a CID of its bytes. */
export function projectLibraries (dataDir: string): ProjectLibraries {
  const dir = libraryDir(dataDir)
  return new ProjectLibraries(dir, LIBRARY_FILES.map((name) => {
    const digest = createHash('sha256').update(name).digest()
    return { name, cid: CID.createV1(raw.code, createDigest(sha256.code, digest)), size: 100 }
  }))
}

/** The coordinator's store in `dataDir`, with every unit generated at once (no queue limit). */
export function openStore (dataDir: string, pixelsPerUnit = PIXELS_PER_UNIT): WorkStore {
  return new WorkStore({
    path: storePath(dataDir),
    verifiers: VERIFIERS,
    pixelsPerUnit,
    queueTarget: 10_000_000,
    queueLowWater: 10_000_000
  })
}

/** What the archive step needs (storedArchiveHead, archivePixels), from the data directory and an open store. */
export function archiveInputComponents (dataDir: string, store: WorkStore): ArchiveInputComponents {
  const libraries = projectLibraries(dataDir)
  return {
    store,
    runs: new ProjectRuns([libraries]),
    galaxies: new GalaxyLoader(dataDir, () => libraries.catalogue),
    now: Date.now
  }
}

const ASSIGN_BATCH = 1000

/** A size x size galaxy, every pixel viable in every band. */
export function syntheticGalaxy (name: string, filters: FilterSpec[], size: number): Galaxy {
  const n = size * size
  const flux = filters.map((_, b) => Float64Array.from({ length: n }, (_, k) => 1e-5 * (1 + 0.3 * b) * (1 + (k % size) / size)))
  return {
    name,
    ra: 150,
    dec: 20,
    redshift: REDSHIFT,
    width: size,
    height: size,
    filters,
    flux,
    sigma: flux.map((f) => f.map((v) => 0.1 * v)),
    sigmaLayers: filters.map((f) => f.name),
    signalToNoise: 10,
    header: [
      { keyword: 'SIMPLE', value: true, comment: 'conforms to FITS' },
      { keyword: 'OBJECT', value: name, comment: 'synthetic galaxy of the archive-scale benchmark' },
      { keyword: 'REDSHIFT', value: REDSHIFT, comment: '' }
    ],
    wcs: []
  }
}

/** A fresh Ed25519 public key's raw bytes. */
function rawKey (): Uint8Array {
  const { publicKey } = generateKeyPairSync('ed25519')
  return Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url')
}

/** Every unit handed to two volunteers, both results returned (equal digests), two verifiers agreeing. */
export function verifyAll (store: WorkStore): void {
  const volunteers = [rawKey(), rawKey()]
  let requests = 0
  for (;;) {
    let handed = 0
    for (const volunteer of volunteers) {
      for (const a of store.assignWork({ volunteer, requestId: `r${requests++}`, maxUnits: ASSIGN_BATCH })) {
        handed++
        const digest = new Uint8Array(32).fill(a.unitId.length)
        store.submitResult({ instanceId: a.instanceId, volunteer, digest, resultCid: `bafkreibench${a.unitId}`, size: 1000, signature: new Uint8Array(64).fill(7) })
      }
    }
    if (handed === 0) break
  }
  for (;;) {
    const units = store.awaitingVerification(ASSIGN_BATCH)
    if (units.length === 0) break
    for (const u of units) {
      const results = u.results.map((r) => r.instanceId)
      for (const verifier of VERIFIERS.slice(0, 2)) {
        if (store.recordVerdict({ unitId: u.unitId, round: u.round, verifier, agree: true, results, signature: new Uint8Array(64).fill(1) }).effect === 'verified') break
      }
    }
  }
}

/** Writes the project into `dataDir` and registers a size x size synthetic galaxy, cut into units and queued. */
export async function registerGalaxy (dataDir: string, size: number, name = `bench ${size}x${size}`, pixelsPerUnit = PIXELS_PER_UNIT): Promise<{ store: WorkStore, galaxyId: number, galaxy: Galaxy, catalogue: FilterSpec[], areas: Area[] }> {
  mkdirSync(dataDir, { recursive: true })
  writeLibraries(dataDir)
  const catalogue = projectLibraries(dataDir).catalogue ?? []
  const galaxy = syntheticGalaxy(name, catalogue, size)
  const areas = cutAreas(galaxy)
  const store = openStore(dataDir, pixelsPerUnit)
  const metadata: GalaxyMetadata = { ra: 150, dec: 20, signalToNoise: 10, sha256: '0'.repeat(64), width: size, height: size }
  const { galaxyId } = store.addGalaxy({ name: galaxy.name, bands: catalogue.map((f) => f.name), redshift: REDSHIFT, metadata: { ...metadata }, areas })
  mkdirSync(galaxiesDir(dataDir), { recursive: true })
  storeGalaxyLayers(dataDir, { id: galaxyId, name: galaxy.name }, galaxy)
  await store.fillQueue((plan) => ({ payloadCid: `bafybench${plan.unitId}`, filters: catalogue.length }))
  return { store, galaxyId, galaxy, catalogue, areas }
}
