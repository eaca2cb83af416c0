import { execFileSync, spawn } from 'node:child_process'

// Thin runners for `ip` and `nft`. The async ones build topologies; the sync ones serve teardown from signal and
// `exit` handlers, where no promise would ever settle.

/** Default bound on one `ip`/`nft` call (ms); each takes a few ms, so this only catches a hung tool. */
export const TOOL_TIMEOUT_MS = 10_000

/** A command of the harness exited non-zero (or could not start); `stderr` holds what it said. */
export class NetnsCommandError extends Error {
  override readonly name = 'NetnsCommandError'
  readonly code = 'ERR_NETNS_COMMAND'
  constructor (readonly command: string[], readonly exitCode: number | null, readonly stderr: string) {
    super(`${command.join(' ')} exited ${exitCode}: ${stderr.trim()}`)
  }
}

/** Runs `cmd args` to completion (stdin from `input`) and resolves with its stdout; rejects on a non-zero exit. */
export async function tool (cmd: string, args: string[], init: { input?: string, timeoutMs?: number } = {}): Promise<string> {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: init.timeoutMs ?? TOOL_TIMEOUT_MS })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
  // A tool that does not read its input (or fails early) closes the pipe: EPIPE then, which is no error of ours.
  child.stdin.on('error', () => {}).end(init.input ?? '')
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  }).catch((err: Error) => { throw new NetnsCommandError([cmd, ...args], null, err.message) })
  if (code !== 0) throw new NetnsCommandError([cmd, ...args], code, stderr)
  return stdout
}

/** Synchronous `tool` for teardown paths; returns stdout, or undefined when the command failed. */
export function toolSync (cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: TOOL_TIMEOUT_MS })
  } catch {
    return undefined
  }
}

/** Runs `ip` commands (one per line, without the leading `ip`) in one process, inside `netns` if given. */
export async function ipBatch (netns: string | undefined, lines: string[]): Promise<void> {
  const ns = netns === undefined ? [] : ['-n', netns]
  await tool('ip', [...ns, '-batch', '-'], { input: lines.join('\n') + '\n' })
}

/** Runs `cmd args` inside `netns` to completion (see `tool`). */
export async function inNetns (netns: string, cmd: string, args: string[], init: { input?: string } = {}): Promise<string> {
  return await tool('ip', ['netns', 'exec', netns, cmd, ...args], init)
}

/** Names of all named network namespaces (`ip netns list`). */
export function listNetns (): string[] {
  const out = toolSync('ip', ['netns', 'list']) ?? ''
  return out.split('\n').map((l) => l.trim().split(/\s+/)[0]).filter((n) => n !== undefined && n !== '')
}

/** Kills (SIGKILL) every process inside `netns`, then deletes the namespace; missing namespaces are ignored. */
export function destroyNetnsSync (netns: string): void {
  const pids = (toolSync('ip', ['netns', 'pids', netns]) ?? '').split(/\s+/).filter((p) => p !== '').map(Number)
  for (const pid of pids) {
    try { process.kill(pid, 'SIGKILL') } catch { /* already gone */ }
  }
  // The name goes at once; the kernel frees the namespace (and its veths and nft tables) once its last process
  // has exited.
  toolSync('ip', ['netns', 'delete', netns])
}
