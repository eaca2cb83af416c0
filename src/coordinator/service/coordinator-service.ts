// The coordinator service: a project's network side (CoordinatorNetwork: node, libraries as content,
// signed manifest) composed with its work store (SQLite), the work and result protocol handlers, the galaxy inbox,
// and the background passes that carry each unit from verification to assimilation and each galaxy to its archive
// and mirrors. One object with start()/stop() and typed events; the CLI (nodes/coordinator.ts), the demo and the
// tests run it in-process. Flow and files: docs/coordinator.md.
import type { PeerId } from '@libp2p/interface'
import { mkdir } from 'node:fs/promises'
import { CoordinatorNetwork, libraryFileNames } from '../../net/coordinator-network.js'
import type { ProjectManifest } from '../../net/messages/index.js'
import { ReplayGuard } from '../../net/replay-guard.js'
import { SubmitServer } from '../../net/submit/index.js'
import type { Rejection } from '../../net/request-response.js'
import { PogsError } from '../../util/errors.js'
import { DEFAULT_VERIFIER_QUORUM, WorkStore, type BanOutcome, type BanReason } from '../lifecycle/index.js'
import { serviceReadModel, type ReadModel } from '../read-model/index.js'
import { StatsExporter, type StatsExportInfo } from '../stats/index.js'
import { ArchiveThread } from './archive-thread.js'
import { archivePass } from './archiver.js'
import { assimilationPass } from './assimilation.js'
import { Backoff } from './backoff.js'
import { CataloguePublisher } from './catalogue.js'
import {
  CATALOGUE_INTERVAL_MS, INBOX_SCAN_INTERVAL_MS, LIVE_KEY_MS, MAINTENANCE_INTERVAL_MS, RETRY_AFTER_S, RETRY_BASE_MS, RETRY_MAX_MS, TICK_INTERVAL_MS, VERIFY_CONCURRENCY
} from './constants.js'
import { creditTable } from './credit.js'
import { CoordinatorEmitter, type CoordinatorEventName, type CoordinatorEvents, type CreditTable } from './events.js'
import { GalaxyLoader } from './galaxy-loader.js'
import { addToInbox, type InboxOptions } from './inbox/add-to-inbox.js'
import { InboxWatcher } from './inbox/inbox-watcher.js'
import { ingestInboxFile } from './inbox/ingest.js'
import { ingestRunFile } from './run-ingest.js'
import { registeredRuns, RUN_FILE_NAME, runsDir } from './run-registry.js'
import { checkRunSpecs, defaultRunName, ProjectRuns, runEntries, runPrefix, type RunSpec } from './runs.js'
import { networkGrouping } from './request-network.js'
import { publishBanList } from './ban-list.js'
import { pinningPass } from './mirror-pinning.js'
import { Nonces } from './nonces.js'
import { maxSubmissionBytesOf, minAppVersionOf, projectSettings, type ArchiveInfo, type CoordinatorServiceInit, type Progress, type ReadyEvent } from './options.js'
import { inboxDir, storePath } from './paths.js'
import { keyedPeers, type KeyedPeer } from './peers.js'
import { CoordinatorServers } from './protocol-servers.js'
import { ResultCheckPool } from './result-check-pool.js'
import { createResultBatchHandler, createResultHandler } from './result-handler.js'
import { SerialTask } from './serial-task.js'
import { UnitCache } from './unit-cache.js'
import { createPixelCost, createUnitProducer } from './unit-producer.js'
import { verificationPass } from './verification.js'
import { createSubmissionHandler } from './submission-handler.js'
import { createWorkHandler } from './work-handler.js'

interface Running {
  store: WorkStore
  net: CoordinatorNetwork
  runs: ProjectRuns
  servers: CoordinatorServers
  submit: SubmitServer
  inbox: InboxWatcher
  /** Watches runs/ for runs added while we run (`pogs run add`). */
  runFiles: InboxWatcher
  tasks: { generation: SerialTask, verification: SerialTask, assimilation: SerialTask, archiving: SerialTask, pinning: SerialTask, banList: SerialTask, catalogue: SerialTask }
  timers: NodeJS.Timeout[]
  backoff: Backoff
  /** Undone at stop (event listeners). */
  cleanup: Array<() => void>
  checker: ResultCheckPool
  archiveThread: ArchiveThread
  readModel: ReadModel
  /** The statistics exporter, with `statsExport`. */
  stats: StatsExporter | undefined
  /** Units starved at the last check (reportStarved). */
  starved: Set<string>
}

/** A project coordinator. Subscribe to events, then start(); stop() ends everything it started. */
export class CoordinatorService {
  private readonly events = new CoordinatorEmitter()
  private readonly controller = new AbortController()
  private running: Running | undefined
  private readonly verifiers: KeyedPeer[]
  private readonly mirrors: KeyedPeer[]
  private readonly submitters: KeyedPeer[]
  private readonly maxSubmissionBytes: number
  private readonly minAppVersion: string

  constructor (private readonly init: CoordinatorServiceInit) {
    this.verifiers = keyedPeers(init.verifiers ?? [], 'verifier')
    this.mirrors = keyedPeers(init.mirrors ?? [], 'mirror')
    this.submitters = keyedPeers(init.submitters ?? [], 'submitter')
    this.maxSubmissionBytes = maxSubmissionBytesOf(init.maxSubmissionBytes)
    this.minAppVersion = minAppVersionOf(init.minAppVersion)
    // Checked now, before anything starts (the mode it depends on is known once the node runs).
    networkGrouping('public', init.replicaNetworks)
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends CoordinatorEventName> (name: K, listener: (event: CoordinatorEvents[K]) => void): () => void {
    return this.events.on(name, listener)
  }

  /** The next event of `name` that `match` accepts (tests and the demo wait on these). */
  async next<K extends CoordinatorEventName> (name: K, match?: (event: CoordinatorEvents[K]) => boolean, options?: { signal?: AbortSignal }): Promise<CoordinatorEvents[K]> {
    return await this.events.next(name, match, options)
  }

  /**
   * Opens the store, starts the node (/pogs/work, /pogs/result and /pogs/result-batch registered before it listens,
   * answering ERR_BUSY until their handlers are ready) and publishes the manifest, opens the protocols, then starts
   * the inbox, the timers and a first round of every pass (resuming whatever a previous run left). Resolves with
   * what `ready` reports once the node is listening; background work continues after.
   */
  async start (): Promise<ReadyEvent> {
    const { init } = this
    if (this.running !== undefined || this.controller.signal.aborted) throw new PogsError('ERR_ALREADY_STARTED', 'a coordinator service starts once')
    // The default run (--libraries) first, then the others (docs/coordinator.md#runs); checked before anything starts.
    // Runs registered by `pogs run add` follow those of the command line (which win on a name both give).
    const given: RunSpec[] = [{ name: init.runName ?? defaultRunName(init.librariesDir), dir: init.librariesDir }, ...(init.runs ?? [])]
    const runSpecs = [...given, ...registeredRuns(init.dataDir).filter((r) => !given.some((g) => g.name === r.name))]
    checkRunSpecs(runSpecs)
    await mkdir(init.dataDir, { recursive: true })
    const verifierQuorum = init.lifecycle?.verifierQuorum ?? Math.max(1, Math.min(DEFAULT_VERIFIER_QUORUM, this.verifiers.length))
    const store = new WorkStore({
      ...init.lifecycle,
      path: storePath(init.dataDir),
      verifiers: this.verifiers.map((v) => v.key),
      mirrors: this.mirrors.map((m) => m.key),
      verifierQuorum,
      ...(init.now !== undefined ? { now: init.now } : {})
    })
    const replayGuard = new ReplayGuard()
    const onRejected = (r: Rejection): void => {
      this.events.emit('rejected', { source: 'network', peer: r.peer, protocol: r.protocol, code: r.code })
    }
    // Registered before the node listens, answering ERR_BUSY until the handlers below exist (protocol-servers.ts).
    const servers = new CoordinatorServers({ replayGuard, onRejected, ...(init.rateLimits !== undefined ? { rateLimits: init.rateLimits } : {}) })
    // /pogs/submit (submission-handler.ts) likewise, for the --submitter keys only.
    const submit = new SubmitServer({
      replayGuard,
      isSubmitter: (peer) => this.submitters.some((s) => s.id.equals(peer)),
      onRejected: (r) => { this.events.emit('rejected', { source: 'network', peer: r.peer, protocol: 'submit', code: r.code }) }
    })
    let net: CoordinatorNetwork
    let nonces: Nonces
    try {
      nonces = Nonces.open(init.dataDir)
      net = await CoordinatorNetwork.start({
        dataDir: init.dataDir,
        librariesDir: init.librariesDir,
        moreLibraries: runSpecs.slice(1).map((r, k) => ({ dir: r.dir, prefix: runPrefix(r.name, k + 1) })),
        runs: await runEntries(runSpecs, libraryFileNames),
        protocols: async (host, key) => { await servers.register(host, key); await submit.register(host, key) },
        listen: init.listen,
        bootstrap: init.bootstrap,
        verifiers: this.verifiers.map((v) => v.id.toString()),
        mirrors: this.mirrors.map((m) => m.id.toString()),
        settings: projectSettings(store.settings),
        minAppVersion: this.minAppVersion,
        dht: init.dht,
        network: init.network,
        reachableCidrs: init.reachableCidrs,
        announce: init.announce,
        maxConnections: init.maxConnections,
        republishIntervalMs: init.republishIntervalMs,
        reprovideIntervalMs: init.reprovideIntervalMs
      })
    } catch (err) {
      store.close()
      throw err
    }
    const signal = this.controller.signal
    const node = net.node
    const helia = node.helia
    const privateKey = node.identity.privateKey
    const runs = ProjectRuns.fromSpecs(runSpecs, net.libraries)
    const galaxies = new GalaxyLoader(init.dataDir, (g) => runs.of(g).catalogue)
    const backoff = new Backoff(Date.now, init.retryBaseMs ?? RETRY_BASE_MS, init.retryMaxMs ?? RETRY_MAX_MS)
    const onError = (task: string, err: unknown): void => {
      this.events.emit('error', { task, code: err instanceof PogsError ? err.code : 'ERR_INTERNAL', message: (err as Error).message })
    }
    const catalogue = new CataloguePublisher({
      store, helia, net, privateKey, events: this.events, signal, intervalMs: init.catalogueIntervalMs ?? CATALOGUE_INTERVAL_MS, run: runs.default.run
    })
    const produce = createUnitProducer({ helia, runs, galaxies })
    const pixelCost = createPixelCost(runs)
    // A result, error report or verdict can abandon a unit at its limits (tick reports its own): say so, and archive
    // the galaxy if that was its last open unit.
    const reported = new Set<string>()
    const reportAbandoned = (unitId: string): void => {
      const u = store.unitInfo(unitId)
      if (u?.state !== 'abandoned' || u.abandonReason === null || reported.has(unitId)) return
      reported.add(unitId)
      this.events.emit('abandoned', { unitId, reason: u.abandonReason })
      void tasks.archiving.trigger()
    }
    const archiveThread = new ArchiveThread()
    const tasks: Running['tasks'] = {
      generation: new SerialTask('generation', async () => {
        const units = await store.fillQueue(produce, pixelCost)
        if (units.length > 0) this.events.emit('unit-created', { count: units.length, units })
      }, onError),
      verification: new SerialTask('verification', async () => {
        await verificationPass({
          store, libp2p: node.libp2p, privateKey, runs, verifiers: this.verifiers, events: this.events, backoff,
          concurrency: VERIFY_CONCURRENCY, signal, onVerified: () => { void tasks.assimilation.trigger() },
          // A disagreement may abandon the unit, or start its next round at once (a late replica was waiting).
          onSettled: (unitId) => { reportAbandoned(unitId); void tasks.verification.trigger() },
          onBanned: reportBan
        })
      }, onError),
      assimilation: new SerialTask('assimilation', async () => {
        await assimilationPass({ store, helia, events: this.events, signal, onGalaxyComplete: () => { void tasks.archiving.trigger() } })
        // Archives are written as units are assimilated, not all at the end (docs/coordinator.md#archive-step).
        void tasks.archiving.trigger()
      }, onError),
      archiving: new SerialTask('archiving', async () => {
        await archivePass({
          store, runs, galaxies, now: Date.now, dataDir: init.dataDir, helia, thread: archiveThread, privateKey, project: node.peerId.toString(),
          events: this.events, signal, onArchived: () => { void tasks.pinning.trigger(); void tasks.catalogue.trigger() }
        })
      }, onError),
      banList: new SerialTask('ban-list', async () => { await publishBanList({ store, helia, net }) }, onError),
      catalogue: new SerialTask('catalogue', async () => { await catalogue.publish() }, onError),
      pinning: new SerialTask('pinning', async () => {
        await pinningPass({ store, libp2p: node.libp2p, privateKey, mirrors: this.mirrors, events: this.events, backoff, signal })
      }, onError)
    }
    // A ban reopens units (generation and assignment see them at once) and may reopen galaxies (archived anew once
    // they complete again).
    const reportBan = (peer: string, reason: BanReason, outcome: BanOutcome): void => {
      this.events.emit('banned', { peer, reason, units: outcome.units.length, pixels: outcome.pixels, galaxies: outcome.galaxies.length })
      void tasks.verification.trigger()
      void tasks.banList.trigger()
    }
    const checker = new ResultCheckPool(init.resultCheckThreads)
    const results = {
      store, helia, nonces, units: new UnitCache(helia), events: this.events, minAppVersion: this.minAppVersion, onBanned: reportBan,
      // Only a unit in a round has anything to verify: a pass per result would re-read the waiting rounds at the
      // result rate.
      onRecorded: (unitId: string, unitState: string) => {
        reportAbandoned(unitId)
        if (unitState === 'returned') void tasks.verification.trigger()
      }
    }
    const handlers = {
      work: createWorkHandler({
        store, nonces, runs, events: this.events, retryAfterS: init.retryAfterS ?? RETRY_AFTER_S, minAppVersion: this.minAppVersion,
        grouping: networkGrouping(node.policy.mode, init.replicaNetworks),
        generate: async () => { await tasks.generation.trigger() }
      }),
      result: createResultHandler(results),
      'result-batch': createResultBatchHandler({ ...results, replayGuard, checker })
    }
    const inbox = new InboxWatcher({
      dir: inboxDir(init.dataDir),
      scanIntervalMs: init.inboxScanIntervalMs ?? INBOX_SCAN_INTERVAL_MS,
      ingest: async (path) => {
        await ingestInboxFile({ dataDir: init.dataDir, store, runs, events: this.events, onRegistered: () => { void tasks.generation.trigger() } }, path)
      },
      onError: (err) => { onError('inbox', err) }
    })
    const runFiles = new InboxWatcher({
      dir: runsDir(init.dataDir),
      names: RUN_FILE_NAME,
      scanIntervalMs: init.inboxScanIntervalMs ?? INBOX_SCAN_INTERVAL_MS,
      ingest: async (path) => { await ingestRunFile({ dataDir: init.dataDir, runs, net, events: this.events }, path) },
      onError: (err) => { onError('runs', err) }
    })
    const readModel = serviceReadModel(store, net, () => this.starvedUnits(), init.now)
    const stats = init.statsExport === undefined
      ? undefined
      : new StatsExporter({
        db: store.db, helia, privateKey, project: node.peerId.toString(), creditHalfLifeMs: store.settings.creditHalfLifeMs, dataDir: init.dataDir
      }, {
        ...init.statsExport,
        onExported: (e) => { this.events.emit('stats-exported', { cid: e.cid, created: e.created, users: e.users, teams: e.teams, dir: e.dir }) },
        onError: (err) => { onError('stats-export', err) }
      })
    this.running = { store, net, runs, servers, submit, inbox, runFiles, tasks, timers: [], backoff, cleanup: [], checker, archiveThread, readModel, stats, starved: new Set() }
    servers.open(handlers)
    submit.open(createSubmissionHandler({
      dataDir: init.dataDir, store, runs, events: this.events, onRegistered: () => { void tasks.generation.trigger() },
      maxBytes: this.maxSubmissionBytes
    }))
    try {
      // The last export on disk is linked from the start; the first new one is made with the background work.
      await stats?.load()
    } catch (err) {
      await this.stop()
      throw err
    }
    const ready: ReadyEvent = {
      peerId: node.peerId.toString(),
      addrs: node.addrs().map(String),
      project: node.peerId.toString(),
      sequence: net.manifest.sequence,
      libraries: net.libraries
    }
    this.events.emit('ready', ready)
    // Background work begins after the caller has seen `ready` (its continuation runs before this callback).
    const running = this.running
    setImmediate(() => { if (this.running === running) this.startBackground(running) })
    return ready
  }

  private startBackground (r: Running): void {
    const { init } = this
    if (this.verifiers.length === 0) {
      this.events.emit('warning', { code: 'ERR_NO_VERIFIERS', message: 'no verifier named: results are collected, but nothing is verified until the coordinator restarts with verifiers' })
    }
    if (this.mirrors.length < r.store.settings.mirrorReceipts) {
      this.events.emit('warning', { code: 'ERR_FEW_MIRRORS', message: `${this.mirrors.length} mirror(s) named, ${r.store.settings.mirrorReceipts} receipts needed: histograms stay in the database` })
    }
    const every = (ms: number, fn: () => void): void => {
      const t = setInterval(fn, ms)
      t.unref()
      r.timers.push(t)
    }
    // A verifier or mirror that comes back (reconnects) is asked at once, not after its backoff.
    const onConnect = (evt: CustomEvent<PeerId>): void => {
      const id = evt.detail.toString()
      const verifier = this.verifiers.some((v) => v.id.toString() === id)
      const mirror = this.mirrors.some((m) => m.id.toString() === id)
      if (!verifier && !mirror) return
      r.backoff.forgetSuffix(id)
      void (verifier ? r.tasks.verification.trigger() : r.tasks.pinning.trigger())
    }
    r.net.node.libp2p.addEventListener('peer:connect', onConnect)
    r.cleanup.push(() => { r.net.node.libp2p.removeEventListener('peer:connect', onConnect) })
    every(init.tickIntervalMs ?? TICK_INTERVAL_MS, () => { this.tick() })
    every(init.maintenanceIntervalMs ?? MAINTENANCE_INTERVAL_MS, () => { void this.runPasses() })
    // Resume what a previous run left (units to cut, rounds to verify, galaxies to archive), then watch the inbox.
    void this.runPasses()
    // Bans recorded before a restart are named by the manifest (a no-op when it names them already).
    void r.tasks.banList.trigger()
    // Archives recorded before a restart are listed in the catalogue (a no-op when the manifest names them already).
    void r.tasks.catalogue.trigger()
    r.stats?.start()
    void r.inbox.start().catch((err: unknown) => { this.events.emit('error', { task: 'inbox', code: 'ERR_INTERNAL', message: (err as Error).message }) })
    void r.runFiles.start().catch((err: unknown) => { this.events.emit('error', { task: 'runs', code: 'ERR_INTERNAL', message: (err as Error).message }) })
  }

  /** Times out instances past their deadline now (also run on a timer); reports timeouts and abandoned units. */
  tick (now?: number): void {
    const r = this.running
    if (r === undefined) return
    const report = r.store.tick(now)
    if (report.timedOut.length > 0) this.events.emit('timed-out', { instances: report.timedOut })
    for (const a of report.abandoned) this.events.emit('abandoned', a)
    if (report.abandoned.length > 0) void r.tasks.archiving.trigger()
    // Rounds that waited only for a lapsed verdict hold: verified ones go to assimilation, others to their next round.
    if (report.decided.some((d) => d.effect === 'verified')) void r.tasks.assimilation.trigger()
    if (report.decided.some((d) => d.effect === 'disagreement')) void r.tasks.verification.trigger()
    this.reportStarved(r)
  }

  /** Emits `starved` for units that became starved since the last check (docs/work-lifecycle.md#starved). */
  private reportStarved (r: Running): void {
    const now = new Set(r.store.starvedUnits(LIVE_KEY_MS).map((u) => u.unitId))
    const fresh = [...now].filter((u) => !r.starved.has(u))
    r.starved = now
    if (fresh.length > 0) this.events.emit('starved', { units: fresh })
  }

  /** Units no live key may replicate now (as of the last deadline check). */
  starvedUnits (): string[] {
    return [...(this.running?.starved ?? [])]
  }

  /** Runs every background pass once (generation, verification, assimilation, archiving, pinning). */
  async runPasses (): Promise<void> {
    const t = this.running?.tasks
    if (t === undefined) return
    await t.generation.trigger()
    await t.verification.trigger()
    await t.assimilation.trigger()
    await t.archiving.trigger()
    await t.pinning.trigger()
  }

  /** Drops a galaxy FITS file into the inbox (as `pogs galaxy add` does) and scans at once; returns its inbox path. */
  async addGalaxy (file: string, options: InboxOptions = {}): Promise<string> {
    const path = addToInbox(this.init.dataDir, file, options)
    void this.running?.inbox.scan()
    return path
  }

  /** Stops the inbox, timers and passes, the protocol handlers and the node, and closes the store. Safe twice. */
  async stop (): Promise<void> {
    const r = this.running
    if (r === undefined) return
    this.running = undefined
    for (const t of r.timers) clearInterval(t)
    for (const undo of r.cleanup) undo()
    this.controller.abort()
    await r.inbox.stop()
    await r.runFiles.stop()
    await Promise.all(Object.values(r.tasks).map(async (t) => { await t.stop() }))
    await r.stats?.stop()
    await r.submit.stop()
    await r.servers.stop()
    await r.checker.close()
    // After the passes: open partial archives are checkpointed and closed, to be resumed on the next start.
    await r.archiveThread.close()
    await r.net.stop()
    r.store.close()
  }

  private get live (): Running {
    if (this.running === undefined) throw new PogsError('ERR_NOT_RUNNING', 'the coordinator is not running')
    return this.running
  }

  /** The work store (for inspection: progress displays, tests). */
  get store (): WorkStore { return this.live.store }
  /** The project key (the coordinator's peer id). */
  get project (): string { return this.live.net.node.peerId.toString() }
  /** Listen addresses with /p2p/. */
  addrs (): string[] { return this.live.net.node.addrs().map(String) }
  /** The manifest now published. */
  get manifest (): ProjectManifest { return this.live.net.manifest }
  /** The network side (node, libraries, manifest updates). */
  get network (): CoordinatorNetwork { return this.live.net }
  /** The coordinator's state as plain views (galaxies, maps, credit, content, peers): what the dashboard reads. */
  get readModel (): ReadModel { return this.live.readModel }

  /** The latest statistics export (this run's, or the last on disk); undefined without `statsExport` or before any. */
  latestStatsExport (): StatsExportInfo | undefined { return this.live.stats?.latest() }

  /** Makes a statistics export now (the timer makes one at start and every interval); undefined without
   * `statsExport` or when it failed (an `error` event says why). */
  async exportStats (): Promise<StatsExportInfo | undefined> { return await this.live.stats?.exportNow() }

  /** Credit by volunteer (peer id, claimed name and team) and by team. */
  credit (): CreditTable { return creditTable(this.live.store) }

  /** Every recorded archive, with the number of mirror receipts. */
  archives (): ArchiveInfo[] {
    return this.live.store.archives().map((a) => ({ galaxy: a.galaxy, galaxyId: a.galaxyId, path: a.path, cid: a.cid, receipts: a.mirrors.length, created: a.created }))
  }

  /** Galaxies and units by state. */
  progress (): Progress {
    const s = this.live.store
    return { galaxies: s.galaxies().map((g) => ({ name: g.name, status: g.status })), units: s.unitStateCounts(), unsent: s.unsentCount() }
  }
}
