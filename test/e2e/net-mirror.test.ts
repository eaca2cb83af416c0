import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, expect, test } from 'vitest'
import { pogsArgv, runPogs } from '../helpers/cli.js'

// Real processes: a coordinator publishes a library, a mirror pins it, the coordinator is stopped (SIGINT), and a
// fetcher that knows only the mirror gets the file with equal bytes.

interface Running {
  child: ChildProcessWithoutNullStreams
  events: Array<Record<string, unknown>>
  /** Resolves with the first event of this name (already seen or still to come). */
  next: (name: string) => Promise<Record<string, unknown>>
  exited: Promise<number | null>
}

const running: Running[] = []

function start (args: string[]): Running {
  const child = spawn(process.execPath, pogsArgv(args), { stdio: ['pipe', 'pipe', 'pipe'] })
  const events: Array<Record<string, unknown>> = []
  const waiters: Array<{ name: string, resolve: (e: Record<string, unknown>) => void }> = []
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
  createInterface({ input: child.stdout }).on('line', (line) => {
    const e = JSON.parse(line) as Record<string, unknown>
    events.push(e)
    for (const w of waiters.filter((w) => w.name === e.event)) w.resolve(e)
  })
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  const r: Running = {
    child,
    events,
    exited,
    next: async (name) => await new Promise((resolve, reject) => {
      const seen = events.find((e) => e.event === name)
      if (seen !== undefined) { resolve(seen); return }
      waiters.push({ name, resolve })
      void exited.then((code) => { reject(new Error(`${args[0]} exited ${code} before "${name}": ${stderr}`)) })
    })
  }
  running.push(r)
  return r
}

let dir: string
afterAll(async () => {
  for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGKILL')
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

test('a library reaches a fetcher from the mirror after the coordinator stopped', async () => {
  dir = await mkdtemp(join(tmpdir(), 'pogs-e2e-net-'))
  const libs = join(dir, 'libraries')
  await mkdir(libs)
  const library = randomBytes(3_000_000)
  await writeFile(join(libs, 'optical_z0.0100.lbr'), library)

  const coordinator = start(['coordinator', '--data', join(dir, 'coordinator'), '--libraries', libs, '--json'])
  const ready = await coordinator.next('ready')
  const project = ready.project as string
  const lib = await coordinator.next('library')
  await coordinator.next('published')

  const mirror = start(['mirror', '--data', join(dir, 'mirror'), '--bootstrap', (ready.addrs as string[])[0], '--project', project, '--json'])
  const mirrorReady = await mirror.next('ready')
  const pinned = await mirror.next('pinned')
  expect(pinned.cid).toBe(lib.cid)

  coordinator.child.kill('SIGINT')
  expect(await coordinator.exited).toBe(0)
  expect(coordinator.events.at(-1)?.event).toBe('stopped')

  const out = join(dir, 'fetched.lbr')
  const got = await runPogs(['get', lib.cid as string, '--bootstrap', (mirrorReady.addrs as string[])[0], '--out', out, '--json', '--timeout', '60'])
  expect(got.stderr).toBe('')
  expect(got.code).toBe(0)
  expect(JSON.parse(got.stdout)).toMatchObject({ event: 'fetched', cid: lib.cid, bytes: library.length })
  expect((await readFile(out)).equals(library)).toBe(true)

  mirror.child.kill('SIGTERM')
  expect(await mirror.exited).toBe(0)
})

test('bad command lines are usage errors (exit 2)', async () => {
  expect((await runPogs(['get', 'not-a-cid', '--bootstrap', '/ip4/127.0.0.1/tcp/1/p2p/12D3KooWAnKRDbu2upqAEcczsbhxWU7mtM81HLr5yshrpduJDR2e', '--out', '/tmp/x'])).code).toBe(2)
  expect((await runPogs(['mirror', '--data', '/tmp/x', '--project', 'nope', '--bootstrap', '/ip4/127.0.0.1/tcp/1/p2p/12D3KooWAnKRDbu2upqAEcczsbhxWU7mtM81HLr5yshrpduJDR2e'])).code).toBe(2)
  expect((await runPogs(['coordinator', '--data', '/tmp/x', '--libraries', '/tmp/x', '--verifier', 'nope'])).code).toBe(2)
  expect((await runPogs(['coordinator', '--data', '/tmp/x', '--libraries', '/tmp/x', '--locality', 'maybe'])).code).toBe(2)
  expect((await runPogs(['mirror', '--data', '/tmp/x', '--project', '12D3KooWAnKRDbu2upqAEcczsbhxWU7mtM81HLr5yshrpduJDR2e', '--poll', '0',
    '--bootstrap', '/ip4/127.0.0.1/tcp/1/p2p/12D3KooWAnKRDbu2upqAEcczsbhxWU7mtM81HLr5yshrpduJDR2e'])).code).toBe(2)
})
