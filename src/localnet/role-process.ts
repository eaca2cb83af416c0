// One peer role running as its own `pogs` process (or another entry script) with `--json`: its events as they
// arrive, a way to wait for one, and clean or brutal stops. The demo, the end-to-end tests and the benchmarks build
// local networks from it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createWriteStream, type WriteStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { PogsError } from '../util/errors.js'

/** An event a role printed: `{"event": name, ...fields}`. */
export type RoleEvent = Record<string, unknown> & { event: string }

/** A role process ended (or printed something that is not an event) before what we waited for. */
export class RoleProcessError extends PogsError {
  constructor (message: string) {
    super('ERR_ROLE_PROCESS', message)
  }
}

/** A program and its first arguments; a role's own arguments follow. */
export interface RoleCommand {
  execPath: string
  args: string[]
}

/** The command that starts the `pogs` CLI this process runs from (compiled, or TypeScript through tsx). */
export function pogsCommand (): RoleCommand {
  const entry = process.argv[1]
  if (entry === undefined) throw new RoleProcessError('cannot tell which pogs entry point to start')
  return scriptCommand(entry)
}

/** The command that runs the entry script `path` with this process's Node and flags (tsx included). */
export function scriptCommand (path: string): RoleCommand {
  return { execPath: process.execPath, args: [...process.execArgv, path] }
}

interface Waiter { match: (e: RoleEvent) => boolean, resolve: (e: RoleEvent) => void, reject: (err: Error) => void }

export class RoleProcess {
  readonly child: ChildProcessWithoutNullStreams
  readonly events: RoleEvent[] = []
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>
  private readonly waiters = new Set<Waiter>()
  private readonly listeners = new Set<(e: RoleEvent) => void>()
  private stderr = ''
  private readonly log: WriteStream | undefined

  /**
   * Starts `pogs <args> --json` (`command` instead of `pogs`: another entry script); `label` names it in messages
   * (e.g. "volunteer 2"). `logFile`: every event line is appended there with the time it arrived (ms since the
   * epoch, `at`).
   */
  constructor (readonly label: string, args: string[], opts: { cwd?: string, env?: NodeJS.ProcessEnv, command?: RoleCommand, logFile?: string } = {}) {
    this.log = opts.logFile === undefined ? undefined : createWriteStream(opts.logFile, { flags: 'a' })
    const cmd = opts.command ?? pogsCommand()
    this.child = spawn(cmd.execPath, [...cmd.args, ...args, '--json'], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] })
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => { this.stderr = (this.stderr + d).slice(-8_000) })
    createInterface({ input: this.child.stdout }).on('line', (line) => { this.onLine(line) })
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        const how = code ?? signal ?? 'unknown'
        this.log?.end()
        for (const w of this.waiters) w.reject(new RoleProcessError(`${this.label} exited (${how}) while waiting: ${this.stderr.trim().split('\n').slice(-5).join(' | ')}`))
        this.waiters.clear()
        resolve(how)
      })
    })
  }

  private onLine (line: string): void {
    let e: RoleEvent
    try {
      e = JSON.parse(line) as RoleEvent
    } catch {
      return // a stray line (a library printing to stdout): not an event
    }
    if (typeof e !== 'object' || e === null || typeof e.event !== 'string') return
    this.events.push(e)
    this.log?.write(JSON.stringify({ at: Date.now(), ...e }) + '\n')
    for (const l of this.listeners) l(e)
    for (const w of [...this.waiters]) {
      if (w.match(e)) { this.waiters.delete(w); w.resolve(e) }
    }
  }

  /** Calls `fn` for every later event. */
  on (fn: (e: RoleEvent) => void): void { this.listeners.add(fn) }

  /** The first event (already seen or still to come) named `name` and matching `where`. */
  async next (name: string, where: (e: RoleEvent) => boolean = () => true, opts: { after?: number, signal?: AbortSignal } = {}): Promise<RoleEvent> {
    const match = (e: RoleEvent): boolean => e.event === name && where(e)
    const seen = this.events.slice(opts.after ?? 0).find(match)
    if (seen !== undefined) return seen
    if (this.child.exitCode !== null || this.child.signalCode !== null) throw new RoleProcessError(`${this.label} has exited; no "${name}" event came`)
    return await new Promise((resolve, reject) => {
      const w: Waiter = { match, resolve, reject }
      this.waiters.add(w)
      opts.signal?.addEventListener('abort', () => { this.waiters.delete(w); reject(opts.signal?.reason as Error) }, { once: true })
    })
  }

  /** The last lines the process wrote to stderr. */
  errorOutput (): string { return this.stderr }

  /** Writes one line to the process's standard input (tools that wait for an instruction, e.g. the chaos run's
   * copier). */
  send (line: string): void {
    this.child.stdin.write(line.endsWith('\n') ? line : `${line}\n`)
  }

  /** SIGINT, then waits for the exit (SIGKILL after `graceMs`). */
  async stop (graceMs = 10_000): Promise<number | string> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return await this.exited
    this.child.kill('SIGINT')
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs)
    try {
      return await this.exited
    } finally {
      clearTimeout(timer)
    }
  }

  /** SIGKILL: a crash, as the chaos run does it. */
  async kill (): Promise<number | string> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
    return await this.exited
  }
}
