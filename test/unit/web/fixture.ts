// A dashboard over a real in-memory work store: one galaxy whose name and volunteers' claims are hostile markup,
// driven through the lifecycle (assignment, results, verdicts, assimilation) one unit at a time, and served on a
// free port of 127.0.0.1.
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { WorkStore, type AreaInput } from '../../../src/coordinator/lifecycle/index.js'
import { CoordinatorReadModel } from '../../../src/coordinator/read-model/index.js'
import type { StatsExportInfo } from '../../../src/coordinator/stats/index.js'
import { encodePixelFit, N_PARAMETERS, N_VALUES, type PixelFit } from '../../../src/fit/index.js'
import type { DashboardComponents, GalaxyImages } from '../../../src/web/components.js'
import { DashboardServer } from '../../../src/web/http-server.js'
import { dashboardRoutes } from '../../../src/web/routes.js'
import { SseHub } from '../../../src/web/sse-hub.js'
import { Clock, VERIFIERS, producer, verdict } from '../coordinator/helpers.js'

export const HOSTILE = '<script>alert(1)</script>'
export const WIDTH = 12
export const HEIGHT = 14
export const BANDS = ['SDSSu', 'PS1g', 'PS1r', 'PS1i', 'PS1z']

/** Two 7-row strips, each cut into two areas of 6 columns; every pixel viable. */
export function fixtureAreas (): AreaInput[] {
  const out: AreaInput[] = []
  for (let strip = 0; strip < 2; strip++) {
    for (let half = 0; half < 2; half++) {
      const x0 = 6 * half
      const y0 = 7 * strip
      const pixels: Array<[number, number]> = []
      for (let y = y0; y < y0 + 7; y++) for (let x = x0; x < x0 + 6; x++) pixels.push([x, y])
      out.push({ index: 2 * strip + half, x0, x1: x0 + 6, y0, y1: y0 + 7, pixels })
    }
  }
  return out
}

/** A pixel's fit whose every summary value is `value` (log M* = value, and so on). */
export function fakeFit (value: number): PixelFit {
  return {
    name: 'p',
    redshift: 0.01,
    libraryRedshift: 0.01,
    bestOptical: 0,
    bestOpticalIndex: 0,
    bestInfrared: 0,
    chi2: 1,
    scale: 1,
    observedFlux: new Float64Array(BANDS.length).fill(1e-3),
    observedSigma: new Float64Array(BANDS.length).fill(1e-4),
    bestFitFlux: new Float64Array(BANDS.length).fill(1e-3),
    usedBands: BANDS.length,
    summary: new Float64Array(N_PARAMETERS * N_VALUES).fill(value),
    histograms: Array.from({ length: N_PARAMETERS }, () => ({ first: 0, values: new Float64Array(0) })) as unknown as PixelFit['histograms']
  }
}

/** Band images: a smooth blob, brighter in redder bands. */
export function fixtureImages (): GalaxyImages {
  const flux = BANDS.map((_, b) => {
    const a = new Float64Array(WIDTH * HEIGHT)
    for (let y = 0; y < HEIGHT; y++) for (let x = 0; x < WIDTH; x++) a[x + WIDTH * y] = (1 + b) * 1e-4 * Math.exp(-((x - 6) ** 2 + (y - 7) ** 2) / 20)
    return a
  })
  return { width: WIDTH, height: HEIGHT, bands: BANDS, flux }
}

export interface Fixture {
  clock: Clock
  store: WorkStore
  galaxyId: number
  volunteers: Array<{ key: PrivateKey, peerId: string }>
  components: DashboardComponents
  hub: SseHub
  server: DashboardServer
  url: string
  /** Drives one more unit to assimilation; returns its id, or undefined when none is left. */
  assimilateNext: () => Promise<string | undefined>
  /** Sets what latestExport() answers. */
  setExport: (info: StatsExportInfo | undefined) => void
  /** Sets the unit ids the read model reports starved (the running service's last deadline check). */
  setStarved: (units: string[]) => void
  close: () => Promise<void>
}

/** Starts the fixture's store and server. */
export async function startFixture (): Promise<Fixture> {
  const clock = new Clock()
  const store = new WorkStore({ path: ':memory:', verifiers: VERIFIERS.slice(0, 2), verifierQuorum: 2, pixelsPerUnit: 42, now: clock.now })
  const { galaxyId } = store.addGalaxy({ name: HOSTILE, bands: BANDS, redshift: 0.01, metadata: { width: WIDTH, height: HEIGHT, ra: 150.25, dec: 20.5 }, areas: fixtureAreas() })
  const volunteers = await Promise.all([1, 2].map(async () => {
    const key = await generateKeyPair('Ed25519')
    return { key, peerId: peerIdFromPrivateKey(key).toString() }
  }))
  store.claimIdentity(volunteers[0].key.publicKey.raw, { name: HOSTILE, team: `<b>${HOSTILE}</b>` })
  store.claimIdentity(volunteers[1].key.publicKey.raw, { name: 'Ada & "Bob"', team: null })
  const project = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
  let exported: StatsExportInfo | undefined
  let starved: string[] = []
  const readModel = new CoordinatorReadModel({
    db: store.db,
    creditHalfLifeMs: store.settings.creditHalfLifeMs,
    now: clock.now,
    manifest: () => ({ sequence: 3, issuedMs: clock.t, verifiers: [], mirrors: [], libraries: [{ name: 'optical_z0.0100.lbr', cid: 'bafkreilibrary', size: 1234 }] }),
    peers: () => volunteers.map((v, k) => ({ peerId: v.peerId, direction: 'inbound' as const, opened: clock.t - k })),
    starved: () => starved
  })
  const components: DashboardComponents = {
    readModel,
    project,
    images: (id) => id === galaxyId ? fixtureImages() : undefined,
    archive: (id) => store.archiveOf(id),
    latestExport: () => exported
  }
  const hub = new SseHub({ heartbeatMs: 60_000 })
  const server = new DashboardServer(dashboardRoutes(components, hub))
  const url = await server.start({ host: '127.0.0.1', port: 0 })
  let round = 0
  const assimilateNext = async (): Promise<string | undefined> => {
    await store.fillQueue(producer().produce)
    const keys = volunteers.map((v) => v.key.publicKey.raw)
    const assigned = keys.map((k, i) => store.assignWork({ volunteer: k, requestId: `r${round}-${i}`, maxUnits: 1 }))
    round++
    const unitId = assigned[0][0]?.unitId
    if (unitId === undefined) return undefined
    for (const [i, list] of assigned.entries()) {
      for (const a of list) {
        if (a.unitId !== unitId) continue
        store.submitResult({ instanceId: a.instanceId, volunteer: keys[i], digest: new Uint8Array(32).fill(7), resultCid: `res-${a.instanceId}`, size: 1000, signature: new Uint8Array(64).fill(7) })
      }
    }
    const pending = store.awaitingVerification(100).find((u) => u.unitId === unitId)
    if (pending === undefined) throw new Error(`unit ${unitId} is not awaiting verification`)
    for (const v of VERIFIERS.slice(0, 2)) store.recordVerdict(verdict(unitId, pending.round, v, true, pending.results.map((r) => r.instanceId)))
    const info = store.unitInfo(unitId)
    if (info === undefined) throw new Error('no unit')
    const areas = store.galaxyAreas(galaxyId).filter((a) => a.unitId === unitId)
    const pixels = areas.flatMap((a) => a.pixels).map(([x, y]) => {
      const bytes = encodePixelFit(fakeFit(8 + (x + y) / 10))
      return { x, y, summary: bytes, histograms: bytes }
    })
    clock.advance(60_000)
    store.assimilate(unitId, pixels)
    return unitId
  }
  return {
    clock,
    store,
    galaxyId,
    volunteers,
    components,
    hub,
    server,
    url,
    assimilateNext,
    setExport: (info) => { exported = info },
    setStarved: (units) => { starved = units },
    close: async () => { hub.close(); await server.stop(); store.close() }
  }
}

/** GET a path of the fixture's server. */
export async function get (f: Pick<Fixture, 'url'>, path: string, init: RequestInit = {}): Promise<Response> {
  return await fetch(new URL(path, f.url), init)
}
