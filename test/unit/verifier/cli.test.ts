import { spawn } from 'node:child_process'
import type { Readable } from 'node:stream'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { peerIdFromString } from '@libp2p/peer-id'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import command from '../../../nodes/verifier.js'
import { repoRoot } from '../../../src/util/repo-root.js'
import { pogsArgv } from '../../helpers/cli.js'
import { VerifierTestbed } from './testbed.js'

let bed: VerifierTestbed
let dir: string

beforeAll(async () => {
  bed = await VerifierTestbed.start(2)
  dir = await mkdtemp(join(tmpdir(), 'pogs-verifier-cli-'))
}, 60_000)
afterAll(async () => {
  await bed?.close()
  await rm(dir, { recursive: true, force: true })
})

/** JSON event lines of a child process, awaited one event name at a time. */
class Events {
  private readonly lines: Array<Record<string, unknown>> = []
  private readonly waiters: Array<() => void> = []

  constructor (child: { stdout: Readable }) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.lines.push(JSON.parse(line) as Record<string, unknown>)
      for (const w of this.waiters.splice(0)) w()
    })
  }

  async next (event: string, signal = AbortSignal.timeout(30_000)): Promise<Record<string, unknown>> {
    for (;;) {
      const found = this.lines.find((l) => l.event === event)
      if (found !== undefined) {
        this.lines.splice(this.lines.indexOf(found), 1)
        return found
      }
      signal.throwIfAborted()
      await new Promise<void>((resolve, reject) => {
        this.waiters.push(resolve)
        signal.addEventListener('abort', () => { reject(signal.reason) }, { once: true })
      })
    }
  }
}

describe('pogs verifier', () => {
  it('refuses bad flags with usage errors before starting anything', async () => {
    const project = bed.coordinator.node.peerId.toString()
    const boot = bed.coordinator.node.addrs()[0].toString()
    await expect(command.run(['--data', dir, '--bootstrap', boot])).rejects.toMatchObject({ code: 'ERR_USAGE' })
    await expect(command.run(['--data', dir, '--bootstrap', boot, '--project', 'nobody'])).rejects.toMatchObject({ code: 'ERR_USAGE' })
    await expect(command.run(['--data', dir, '--bootstrap', boot, '--project', project, '--recompute-rate', '1.5'])).rejects.toMatchObject({ code: 'ERR_USAGE' })
    await expect(command.run(['--data', dir, '--bootstrap', boot, '--project', project, '--recompute-rate', 'often'])).rejects.toMatchObject({ code: 'ERR_USAGE' })
    await expect(command.run(['--data', dir, '--bootstrap', '/ip4/127.0.0.1/tcp/1', '--project', project])).rejects.toMatchObject({ code: 'ERR_USAGE' })
  })

  it('runs as a process: ready, manifest, a verdict per request as JSON lines; SIGTERM stops it cleanly', async () => {
    const args = ['verifier', '--data', dir, '--bootstrap', bed.coordinator.node.addrs()[0].toString(), '--project',
      bed.coordinator.node.peerId.toString(), '--recompute-rate', '0', '--json']
    const child = spawn(process.execPath, pogsArgv(args), { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    try {
      const events = new Events(child)
      expect(await events.next('manifest')).toMatchObject({ sequence: 1, quorum: 2, listed: false })
      const ready = await events.next('ready')
      expect(ready).toMatchObject({ project: bed.coordinator.node.peerId.toString() })
      const ann = await bed.volunteer()
      const bob = await bed.volunteer()
      const replicas = [await bed.submit(ann, 'u0-i1', bed.honest), await bed.submit(bob, 'u0-i2', bed.honest)]
      const { body } = await bed.verify(peerIdFromString(ready.peerId as string), replicas)
      expect(body.outcome).toBe('agree')
      expect(await events.next('verdict')).toEqual({
        event: 'verdict', unitId: 'small-u0', outcome: 'agree', reason: 'DIGESTS_EQUAL', valid: ['u0-i1', 'u0-i2'], invalid: [], recomputed: 0, contradicted: [], reasons: []
      })
      child.kill('SIGTERM')
      expect(await events.next('stopped')).toMatchObject({ peerId: ready.peerId })
      expect(await exited).toBe(0)
    } finally {
      child.kill('SIGKILL')
      if (stderr !== '') console.error(stderr)
    }
  }, 60_000)
})
