import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { repoRoot } from '../../src/util/repo-root.js'

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Arguments that start the `pogs` CLI as `npx pogs` does: dist/, compiled from the sources under test before
 * every test run (test/build-dist.ts). */
export function pogsArgv (args: string[]): string[] {
  return [join(repoRoot(), 'dist', 'nodes', 'pogs.js'), ...args]
}

/** Runs `pogs ARGS` to completion in a child process and collects its output. */
export async function runPogs (args: string[], opts: { cwd?: string, env?: NodeJS.ProcessEnv, signal?: AbortSignal } = {}): Promise<CliResult> {
  const child = spawn(process.execPath, pogsArgv(args), {
    cwd: opts.cwd ?? repoRoot(),
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: opts.signal
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  })
  return { code, stdout, stderr }
}
