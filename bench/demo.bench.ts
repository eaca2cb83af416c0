// The network's overhead (goal: the demo fits at least 80% as many pixels per second, replicas counted,
// as `pogs galaxy fit` of the same galaxy with the same libraries on the same cores). Runs `pogs demo --out DIR
// --json` (the default network: 1 coordinator, 3 volunteers, 2 verifiers, 1 mirror, each its own process; the
// sample galaxy), reads every volunteer's `fitted` events from its events.jsonl, then `pogs galaxy fit` of the
// archived FITS with the demo's libraries. Network rate: pixel fits of every volunteer (each replica counted) over
// the time from the first fit started to the last fit done; also shown over the whole run. Local rate: pixels fitted
// over the wall time of `pogs galaxy fit` (library load included, as the volunteers' is).
import '../src/util/polyfill.js'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { openArchive } from '../src/archive/read-archive.js'
import { EVENTS_FILE } from '../src/localnet/local-network.js'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..')
const pogs = join(repo, 'nodes', 'pogs.ts')
const out = mkdtempSync(join(tmpdir(), 'pogs-bench-demo-'))

/** Runs `pogs ARGS` (TypeScript entry, as the bench runner does); resolves with its stdout lines and wall time. */
async function run (args: string[]): Promise<{ lines: string[], seconds: number }> {
  const t = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', pogs, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines: string[] = []
  for await (const line of createInterface({ input: child.stdout })) lines.push(line)
  const code = await new Promise<number | null>((resolve) => { child.on('exit', resolve) })
  if (code !== 0) throw new Error(`pogs ${args.join(' ')} exited with ${String(code)}`)
  return { lines, seconds: (performance.now() - t) / 1000 }
}

interface Fitted { at: number, pixels: number, seconds: number }

/** Every volunteer's `fitted` events (arrival time, pixels, fit seconds). */
function fittedEvents (networkDir: string): Fitted[] {
  const events: Fitted[] = []
  for (const dir of readdirSync(networkDir).filter((d) => d.startsWith('volunteer'))) {
    const file = join(networkDir, dir, EVENTS_FILE)
    if (!existsSync(file)) continue
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line === '') continue
      const e = JSON.parse(line) as { at: number, event: string, pixels?: number, seconds?: number }
      if (e.event === 'fitted') events.push({ at: e.at, pixels: e.pixels ?? 0, seconds: e.seconds ?? 0 })
    }
  }
  return events
}

try {
  const load = loadavg()[0]
  const demo = await run(['demo', '--out', out, '--json'])
  const archived = demo.lines.map((l) => { try { return JSON.parse(l) } catch { return undefined } }).find((e) => e?.event === 'archived') as
    { fits: string, archive: string, libraries: string } | undefined
  if (archived === undefined) throw new Error('the demo archived nothing')
  const fitted = fittedEvents(join(out, 'network'))
  const pixelFits = fitted.reduce((n, e) => n + e.pixels, 0)
  // The compute window: from the start of the first fit (its end minus its duration) to the end of the last.
  const start = Math.min(...fitted.map((e) => e.at - e.seconds * 1000))
  const end = Math.max(...fitted.map((e) => e.at))
  const windowS = (end - start) / 1000
  const local = await run(['galaxy', 'fit', archived.fits, '--libraries', archived.libraries, '--out', join(out, 'local.h5')])
  const archive = await openArchive(join(out, 'local.h5'))
  const localPixels = archive.facts.pixelsProcessed
  archive.close()
  const networkRate = pixelFits / windowS
  const localRate = localPixels / local.seconds
  console.log(JSON.stringify({
    loadAverageBefore: +load.toFixed(2),
    demo: { seconds: +demo.seconds.toFixed(1), units: fitted.length, pixelFits, computeWindowSeconds: +windowS.toFixed(1) },
    networkPixelFitsPerSecond: +networkRate.toFixed(3),
    networkPixelFitsPerSecondWholeRun: +(pixelFits / demo.seconds).toFixed(3),
    local: { seconds: +local.seconds.toFixed(1), pixels: localPixels },
    localPixelsPerSecond: +localRate.toFixed(3),
    networkOverLocal: +(networkRate / localRate).toFixed(3),
    goal: 0.8,
    loadAverageAfter: +loadavg()[0].toFixed(2)
  }, null, 2))
} finally {
  rmSync(out, { recursive: true, force: true })
}
