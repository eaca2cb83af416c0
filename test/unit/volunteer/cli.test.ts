import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { runCommand } from '../../../nodes/cli/run-command.js'
import { LIBRARY_CACHE_BYTES } from '../../../src/volunteer/constants.js'
import { pogsArgv } from '../../helpers/cli.js'
import { removeTempDirs, tempDir, TestCoordinator } from './helpers.js'

afterAll(removeTempDirs)

describe('pogs volunteer', () => {
  it('refuses a command line without a project, with a bad key, a bad --cpus or no bootstrap peer', async () => {
    // In-process: flags are checked before anything starts, and a process start costs seconds on a loaded machine.
    const command = (await import('../../../nodes/volunteer.js')).default
    const data = await tempDir()
    const peer = '12D3KooWAnKRDbu2upqAEcczsbhxWU7mtM81HLr5yshrpduJDR2e'
    const bootstrap = ['--bootstrap', `/ip4/127.0.0.1/tcp/1/p2p/${peer}`]
    for (const argv of [
      ['--data', data, ...bootstrap],
      ['--data', data, '--project', 'not-a-key', ...bootstrap],
      ['--data', data, '--project', peer, '--cpus', '0', ...bootstrap],
      ['--data', data, '--project', peer, '--name', 'x'.repeat(65), ...bootstrap],
      ['--data', data, '--project', peer, '--bootstrap', '/ip4/127.0.0.1/tcp/1'],
      ['--data', data, '--project', peer, ...bootstrap, '--frobnicate']
    ]) {
      await expect(command.run(argv), argv.join(' ')).rejects.toMatchObject({ code: 'ERR_USAGE' })
    }
  })

  it('takes --cache-gb in GiB (decimals allowed, 20 GiB without it) and refuses anything but a positive number with exit 2', async () => {
    const { volunteerRole, default: command } = await import('../../../nodes/volunteer.js')
    const role = volunteerRole()
    expect(role.settings({ 'cache-gb': '1.5' }).libraryCacheBytes).toBe(1.5 * 2 ** 30)
    expect(role.settings({ 'cache-gb': '0.001' }).libraryCacheBytes).toBe(Math.ceil(0.001 * 2 ** 30))
    expect(role.settings({}).libraryCacheBytes).toBe(LIBRARY_CACHE_BYTES)
    expect(LIBRARY_CACHE_BYTES).toBe(20 * 2 ** 30)
    const data = await tempDir()
    const peer = '12D3KooWAnKRDbu2upqAEcczsbhxWU7mtM81HLr5yshrpduJDR2e'
    for (const bad of ['0', '-1', 'abc', '', ' ', 'Infinity', 'NaN', '1e400', '-0']) {
      expect(() => role.settings({ 'cache-gb': bad }), bad).toThrow(expect.objectContaining({ code: 'ERR_USAGE' }))
      const argv = ['--data', data, '--project', peer, '--bootstrap', `/ip4/127.0.0.1/tcp/1/p2p/${peer}`, `--cache-gb=${bad}`]
      const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
      try {
        expect(await runCommand('pogs volunteer', command, argv), bad).toBe(2)
        expect(String(stderr.mock.calls[0]?.[0])).toContain('--cache-gb')
      } finally {
        stderr.mockRestore()
      }
    }
  })

  it('runs as a process: prints JSON events, returns a result, and stops cleanly on SIGINT', async () => {
    const coordinator = await TestCoordinator.start()
    try {
      await coordinator.assign('cli-u0', coordinator.unit('cli-u0', 2))
      const child = spawn(process.execPath, pogsArgv(['volunteer', '--data', await tempDir(), '--bootstrap', coordinator.addr,
        '--project', coordinator.project, '--cpus', '1', '--name', 'cli', '--team', 'tests', '--json']), { stdio: ['ignore', 'pipe', 'pipe'] })
      let stderr = ''
      child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
      const events: Array<Record<string, unknown>> = []
      const lines = createInterface({ input: child.stdout })
      const submitted = new Promise<void>((resolve) => {
        lines.on('line', (line) => {
          const e = JSON.parse(line) as Record<string, unknown>
          events.push(e)
          if (e.event === 'submitted') resolve()
        })
      })
      await Promise.race([submitted, exited.then(() => { throw new Error(`volunteer exited early: ${stderr}`) })])
      child.kill('SIGINT')
      expect(await exited).toBe(0)
      expect(stderr).toBe('')
      expect(events[0]).toMatchObject({ event: 'ready', project: coordinator.project, cpus: 1 })
      expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['manifest', 'assigned', 'libraries', 'prepared', 'fitting', 'fitted', 'submitted']))
      expect(events.find((e) => e.event === 'submitted')).toMatchObject({ unitId: 'cli-u0', accepted: true })
      expect(events.at(-1)).toMatchObject({ event: 'stopped', assigned: 0, unsubmitted: 0, done: 1 })
      const [r] = await coordinator.submissions(1)
      expect([r.submission.volunteerName, r.submission.team]).toEqual(['cli', 'tests'])
    } finally {
      await coordinator.stop()
    }
  })
})
