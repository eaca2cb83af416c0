import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { COMMANDS } from '../../../nodes/commands.js'

// The systemd units of deploy/ (docs/deploy.md): each passes `systemd-analyze verify`, and each flag its ExecStart
// passes is one its pogs command takes (a renamed flag would otherwise only fail on a server at 3 a.m.).
const DEPLOY = join(import.meta.dirname, '..', '..', '..', 'deploy')
const INSTALLED = '/usr/local/bin/pogs'
const units = readdirSync(DEPLOY).filter((f) => f.endsWith('.service')).sort()
const scratch = mkdtempSync(join(tmpdir(), 'pogs-units-'))

afterAll(() => { rmSync(scratch, { recursive: true, force: true }) })

/** The ExecStart words of a unit, with systemd's double quotes honoured. */
function execStart (text: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith('ExecStart='))
  if (line === undefined) throw new Error('no ExecStart')
  return [...line.slice('ExecStart='.length).matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2])
}

describe('deploy/ systemd units', () => {
  it('ships one unit per public role and one for a volunteer', () => {
    expect(units).toEqual(['pogs-coordinator.service', 'pogs-mirror.service', 'pogs-seed.service', 'pogs-verifier.service', 'pogs-volunteer.service'])
  })

  it.each(units)('%s passes systemd-analyze verify', (unit) => {
    // verify checks that ExecStart's program exists: point it at a stand-in for the installed `pogs`.
    const program = join(scratch, 'pogs')
    writeFileSync(program, '#!/bin/sh\nexit 0\n')
    chmodSync(program, 0o755)
    const path = join(scratch, unit)
    writeFileSync(path, readFileSync(join(DEPLOY, unit), 'utf8').replaceAll(INSTALLED, program))
    // systemd-analyze comes with Debian's systemd package (test/tools/debian-packages.txt).
    const run = spawnSync('systemd-analyze', ['verify', path], { encoding: 'utf8' })
    expect(run.error).toBeUndefined()
    expect(run.stderr.trim()).toBe('')
    expect(run.status).toBe(0)
  })

  it.each(units)('%s passes only flags its command takes', async (unit) => {
    const [program, role, ...args] = execStart(readFileSync(join(DEPLOY, unit), 'utf8'))
    expect(program).toBe(INSTALLED)
    const load = COMMANDS[role]
    expect(load, `pogs ${role}`).toBeDefined()
    const usage = (await load()).default.usage
    for (const flag of args.filter((a) => a.startsWith('--'))) expect(usage, `${role} ${flag}`).toContain(flag)
  })
})
