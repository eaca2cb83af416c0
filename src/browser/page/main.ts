// The volunteer page's program (docs/volunteer.md#in-a-browser-tab): refuses to start where results could not
// match other volunteers' or the bundle is not the published one, then runs a BrowserVolunteer with the page's
// controls (name, team, CPU share, pause), identity export and import, and what is being computed.
// `window.pogsVolunteer` holds the page's state for the curious (and the end-to-end test).
import { BrowserStores, type Totals } from '../browser-stores.js'
import { isWebRtcAddress, startBrowserNode } from '../browser-node.js'
import { BrowserVolunteer } from '../browser-volunteer.js'
import { mathFingerprint } from '../math-fingerprint.js'
import { exportIdentity, importIdentity, loadOrCreateIdentity } from './identity.js'
import { verifiedWorkerUrl } from './integrity.js'
import { coreChoices, defaultCores } from './cores.js'
import { galaxyPreview, volunteerCredit } from './dashboard-links.js'

declare const POGS_MATH_FINGERPRINT: string

/** What the page was told by the role serving it (/volunteer/config.json). */
interface PageConfig {
  project: string
  bootstrap: string[]
  /** Relays (among `bootstrap`) that give the page a slot, so other pages can reach it over WebRTC. */
  relays: string[]
  /** STUN servers for WebRTC between pages. */
  iceServers: string[]
  /** Whether the dashboard's API is on this origin (a coordinator serves the page; a seed does not). */
  dashboard: boolean
}

/** The page's state, readable from the console and by tests. */
const state = {
  phase: 'starting' as string,
  refused: undefined as string | undefined,
  peerId: '',
  /** Peers the page is connected to (the serving role, the coordinator, volunteers sharing libraries). */
  peers: 0,
  /** Whether other pages can dial this one (it holds a relay slot), and the pages connected over WebRTC. */
  reachable: false,
  webrtcPeers: 0,
  /** Library blocks this visit received from other pages (over WebRTC) and from everyone else. */
  blocksFromPages: 0,
  blocksFromOthers: 0,
  threads: 0,
  paused: false,
  galaxy: '',
  pixelsThisVisit: 0,
  unitsThisVisit: 0,
  totals: { pixels: 0, units: 0, accepted: 0 } as Totals,
  /** Each fitted unit's result digest (hex), in order. */
  digests: [] as Array<{ unitId: string, digest: string, pixels: number, seconds: number }>,
  /** Blocks written to IndexedDB this visit (fetched, or results added), library blocks fetched from the network
   * this visit (0 when the cache had them all), and blocks found damaged there. */
  blocksWritten: 0,
  libraryBlocksFetched: 0,
  corruptBlocks: 0,
  /** When the first pixel of this visit was fitted (ms since the page started). */
  firstPixelMs: undefined as number | undefined,
  errors: [] as string[]
}
;(globalThis as unknown as { pogsVolunteer: typeof state }).pogsVolunteer = state

function el<T extends HTMLElement> (id: string): T {
  const e = document.getElementById(id)
  if (e === null) throw new Error(`volunteer page lacks #${id}`)
  return e as T
}

function say (text: string): void {
  el('boot-message').textContent = text
}

function refuse (why: string): void {
  state.phase = 'refused'
  state.refused = why
  const box = el('boot-message')
  box.textContent = why
  box.className = 'refused'
}

function log (text: string): void {
  const list = el('log')
  const item = document.createElement('li')
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`
  list.prepend(item)
  while (list.children.length > 50) list.lastElementChild?.remove()
}

function showTotals (): void {
  el('pixels').textContent = `${state.pixelsThisVisit} this visit, ${state.totals.pixels} in all`
  el('units').textContent = `${state.totals.units} units, ${state.totals.accepted} results accepted`
}

async function main (): Promise<void> {
  if (!crossOriginIsolated) {
    refuse('This page was served without cross-origin isolation (the Cross-Origin-Opener-Policy and ' +
      'Cross-Origin-Embedder-Policy headers), so its workers cannot share the model libraries. Nothing was computed; ' +
      'the server or a proxy in between must send the headers pogs sets.')
    return
  }
  if (mathFingerprint() !== POGS_MATH_FINGERPRINT) {
    refuse('This browser\'s arithmetic does not reproduce the fit\'s reference values (its exp, log and pow self-test ' +
      'failed), so its results would not match other volunteers\' bit for bit. Nothing was computed. Please try ' +
      'another browser, or run the Node volunteer: npx pogs volunteer.')
    return
  }
  let workerUrl: string
  try {
    workerUrl = await verifiedWorkerUrl('/volunteer/fit-worker.js')
  } catch (err) {
    refuse(`The fit worker failed its integrity check: ${(err as Error).message}. Nothing was computed.`)
    return
  }
  const config = await (await fetch('/volunteer/config.json', { cache: 'no-store' })).json() as PageConfig
  const stores = await BrowserStores.open()
  const identity = await loadOrCreateIdentity(stores)
  state.peerId = identity.peerId.toString()
  el('peer-id').textContent = state.peerId

  const saved = (key: string): string => localStorage.getItem(`pogs.${key}`) ?? ''
  const cores = navigator.hardwareConcurrency ?? 2
  const cpuSelect = el<HTMLSelectElement>('cpus')
  for (const n of coreChoices(cores)) cpuSelect.add(new Option(`${n} of ${cores}`, String(n)))
  cpuSelect.value = String(Number(saved('cpus')) > 0 && Number(saved('cpus')) < cores ? Number(saved('cpus')) : defaultCores(cores))
  state.threads = Number(cpuSelect.value)
  el<HTMLInputElement>('name').value = saved('name')
  el<HTMLInputElement>('team').value = saved('team')

  say('Connecting to the project...')
  const node = await startBrowserNode(identity, { bootstrap: config.bootstrap, relays: config.relays.length > 0, iceServers: config.iceServers })
  const showPeers = (): void => {
    const connections = node.libp2p.getConnections()
    state.peers = new Set(connections.map((c) => c.remotePeer.toString())).size
    state.webrtcPeers = new Set(connections.filter((c) => isWebRtcAddress(c.remoteAddr)).map((c) => c.remotePeer.toString())).size
    state.reachable = node.reachable()
    el('peers').textContent = state.webrtcPeers > 0 ? `${state.peers} (${state.webrtcPeers} of them browsers)` : String(state.peers)
  }
  node.libp2p.addEventListener('connection:open', showPeers)
  node.libp2p.addEventListener('connection:close', showPeers)
  node.libp2p.addEventListener('self:peer:update', showPeers)
  showPeers()
  const countSources = (): void => {
    state.blocksFromPages = 0
    state.blocksFromOthers = 0
    for (const source of node.wants.sources.all()) {
      if (isWebRtcAddress(source.remoteAddr)) state.blocksFromPages += source.blocks
      else state.blocksFromOthers += source.blocks
    }
  }
  const init = {
    project: config.project,
    threads: state.threads,
    name: saved('name'),
    team: saved('team'),
    workerUrl,
    onEvent: (e: Parameters<ConstructorParameters<typeof BrowserVolunteer>[2]['onEvent']>[0]): void => {
      state.blocksWritten = node.blockstore.written
      state.corruptBlocks = node.blockstore.corrupt
      switch (e.type) {
        case 'state':
          if (!state.paused) { state.phase = e.state; el('state').textContent = e.state.replace('-', ' ') }
          break
        case 'libraries-ready':
          state.libraryBlocksFetched = e.blocksFetched
          countSources()
          log(e.blocksFetched === 0 ? 'libraries read from this browser\'s cache' : `libraries: ${e.blocksFetched} blocks fetched${e.corruptBlocks > 0 ? ` (${e.corruptBlocks} damaged in the cache, fetched again)` : ''}`)
          break
        case 'manifest':
          log(`project found: ${e.libraries} libraries`)
          break
        case 'unit-started':
          state.galaxy = e.galaxy
          el('galaxy').textContent = e.galaxy
          el<HTMLProgressElement>('progress').max = e.pixels
          el<HTMLProgressElement>('progress').value = 0
          if (config.dashboard) void galaxyPreview(e.galaxy, el<HTMLImageElement>('galaxy-map'), el<HTMLAnchorElement>('galaxy-link'))
          break
        case 'pixel':
          state.pixelsThisVisit++
          state.firstPixelMs ??= performance.now()
          el<HTMLProgressElement>('progress').value = e.done
          showTotals()
          break
        case 'unit-fitted':
          state.unitsThisVisit++
          state.digests.push({ unitId: e.unitId, digest: e.digest, pixels: e.pixels, seconds: e.seconds })
          log(`fitted ${e.unitId}: ${e.pixels} pixels in ${e.seconds.toFixed(1)} s`)
          break
        case 'submitted':
          log(`${e.unitId}: ${e.accepted ? 'accepted' : `refused (${e.reason})`}`)
          if (config.dashboard) void volunteerCredit(state.peerId).then((c) => { if (c !== undefined) el('credit').textContent = c.toFixed(1) })
          break
        case 'totals':
          state.totals = e.totals
          showTotals()
          break
        case 'error':
          state.errors.push(`${e.stage}: ${e.code} ${e.message}`)
          log(`error (${e.stage}): ${e.message}`)
          break
        case 'retrying':
          log(`${e.stage}: ${e.code}, trying again in ${e.inS} s`)
          break
        default:
          break
      }
    }
  }
  const volunteer = new BrowserVolunteer(node, stores, init)

  el<HTMLInputElement>('name').addEventListener('change', (ev) => { init.name = (ev.target as HTMLInputElement).value.slice(0, 64); localStorage.setItem('pogs.name', init.name) })
  el<HTMLInputElement>('team').addEventListener('change', (ev) => { init.team = (ev.target as HTMLInputElement).value.slice(0, 64); localStorage.setItem('pogs.team', init.team) })
  cpuSelect.addEventListener('change', () => {
    state.threads = Number(cpuSelect.value)
    localStorage.setItem('pogs.cpus', cpuSelect.value)
    volunteer.setThreads(state.threads)
  })
  const pauseButton = el<HTMLButtonElement>('pause')
  pauseButton.addEventListener('click', () => {
    state.paused = !state.paused
    if (state.paused) { volunteer.pause(); state.phase = 'paused'; el('state').textContent = 'paused' } else volunteer.resume()
    pauseButton.textContent = state.paused ? 'Resume' : 'Pause'
  })
  el<HTMLButtonElement>('export').addEventListener('click', () => {
    const link = document.createElement('a')
    link.href = URL.createObjectURL(new Blob([exportIdentity(identity) as BlobPart], { type: 'application/octet-stream' }))
    link.download = 'identity.key'
    link.click()
  })
  el<HTMLInputElement>('import').addEventListener('change', (ev) => {
    const file = (ev.target as HTMLInputElement).files?.[0]
    if (file === undefined) return
    void file.arrayBuffer().then(async (buf) => {
      await importIdentity(stores, new Uint8Array(buf), file.name)
      location.reload()
    }).catch((err: unknown) => {
      el('import-message').textContent = (err as Error).message
      state.errors.push(`import: ${(err as Error).message}`)
    })
  })

  say('')
  el('controls').hidden = false
  el('status').hidden = false
  await volunteer.run()
}

main().catch((err: unknown) => {
  state.errors.push((err as Error).message)
  refuse(`The volunteer stopped: ${(err as Error).message}`)
})
