// A volunteer older than its project accepts (the manifest's min_app_version) refuses to work on it: it asks for no
// work, reports ERR_VERSION_TOO_OLD and stops, and `pogs volunteer` exits with that error. A current one names its
// pogs and fitting-core versions in its work requests and results.
import { afterAll, afterEach, describe, expect, test } from 'vitest'
import { FIT_CORE_VERSION } from '../../../src/fit/core-version.js'
import { appVersion } from '../../../src/util/app-version.js'
import { VersionTooOldError } from '../../../src/util/errors.js'
import { removeTempDirs, startVolunteer, stopTracked, tempDir, TestCoordinator, track } from './helpers.js'

afterEach(stopTracked)
afterAll(removeTempDirs)

describe('version gating at a volunteer', () => {
  test('a manifest that accepts only newer versions stops it before it asks for work', async () => {
    const coordinator = track(await TestCoordinator.start({ minAppVersion: '99.0.0' }))
    await coordinator.assign('old-u0', coordinator.unit('old-u0', 1))
    const v = track(await startVolunteer(coordinator))
    const err = await v.service.failed
    expect(err).toBeInstanceOf(VersionTooOldError)
    expect(err).toMatchObject({ code: 'ERR_VERSION_TOO_OLD', version: appVersion(), minimum: '99.0.0' })
    expect(err.message).toContain('upgrade pogs')
    expect(v.log.of('error')).toEqual([expect.objectContaining({ stage: 'discovery', code: 'ERR_VERSION_TOO_OLD' })])
    expect(v.log.of('manifest')).toEqual([])
    expect(coordinator.requests).toEqual([])
    expect(v.service.manifest).toBeUndefined()
  })

  test('a current volunteer names its pogs and fitting-core versions in work requests and results', async () => {
    const coordinator = track(await TestCoordinator.start({ minAppVersion: appVersion() }))
    await coordinator.assign('new-u0', coordinator.unit('new-u0', 1))
    const v = track(await startVolunteer(coordinator))
    const [r] = await coordinator.submissions(1)
    expect(coordinator.requests[0]).toMatchObject({ appVersion: appVersion(), coreVersion: FIT_CORE_VERSION })
    expect(r.submission).toMatchObject({ appVersion: appVersion(), coreVersion: FIT_CORE_VERSION })
    expect(v.log.of('error')).toEqual([])
  })

  test('pogs volunteer fails with ERR_VERSION_TOO_OLD (exit 1) against a project that needs a newer pogs', async () => {
    const coordinator = track(await TestCoordinator.start({ minAppVersion: '99.0.0' }))
    const command = (await import('../../../nodes/volunteer.js')).default
    const argv = ['--data', await tempDir(), '--bootstrap', coordinator.addr, '--project', coordinator.project, '--cpus', '1', '--json']
    await expect(command.run(argv)).rejects.toMatchObject({ code: 'ERR_VERSION_TOO_OLD', message: expect.stringContaining('99.0.0') })
  }, 60_000)
})
