// A volunteer whose key the project banned (or that is new on a network whose key was banned lately) is refused
// work with ERR_BANNED: asking again cannot help, so it stops asking, reports the error and `pogs volunteer` exits
// with it instead of polling for ever (docs/work-lifecycle.md#trust).
import { afterAll, afterEach, describe, expect, test } from 'vitest'
import { PogsError } from '../../../src/util/errors.js'
import { VolunteerBannedError } from '../../../src/volunteer/errors.js'
import { removeTempDirs, startVolunteer, stopTracked, tempDir, TestCoordinator, track } from './helpers.js'

afterEach(stopTracked)
afterAll(removeTempDirs)

const BANNED = new PogsError('ERR_BANNED', 'this key was banned (recompute_mismatch) at 2026-12-02T21:00:00.000Z')

describe('a banned volunteer', () => {
  test('stops after its first refused work request and says why', async () => {
    const coordinator = track(await TestCoordinator.start())
    coordinator.refuseWork = BANNED
    const v = track(await startVolunteer(coordinator))
    const err = await v.service.failed
    expect(err).toBeInstanceOf(VolunteerBannedError)
    expect(err.code).toBe('ERR_BANNED')
    expect(err.message).toContain('recompute_mismatch')
    expect(v.log.of('error')).toEqual([expect.objectContaining({ stage: 'work', code: 'ERR_BANNED' })])
    expect(v.log.of('retrying')).toEqual([])
    expect(coordinator.requests).toHaveLength(1)
  })

  test('pogs volunteer exits with ERR_BANNED', async () => {
    const coordinator = track(await TestCoordinator.start())
    coordinator.refuseWork = BANNED
    const command = (await import('../../../nodes/volunteer.js')).default
    const argv = ['--data', await tempDir(), '--bootstrap', coordinator.addr, '--project', coordinator.project, '--cpus', '1', '--json']
    await expect(command.run(argv)).rejects.toMatchObject({ code: 'ERR_BANNED', message: expect.stringContaining('refuses this volunteer work') })
  }, 60_000)
})
