import type { ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

/** Default bound on waiting for one event (ms). */
export const EVENT_TIMEOUT_MS = 10_000

/** A JSON-lines event: one object per stdout line. */
export type JsonEvent = Record<string, unknown>

/** No matching event arrived within the timeout. */
export class EventTimeoutError extends Error {
  override readonly name = 'EventTimeoutError'
  readonly code = 'ERR_EVENT_TIMEOUT'
}

/** The child's stdout ended before a matching event. */
export class EventStreamEndedError extends Error {
  override readonly name = 'EventStreamEndedError'
  readonly code = 'ERR_EVENT_STREAM_ENDED'
}

/** The events a child prints, one JSON object per stdout line. */
export interface JsonLines {
  /** Every event parsed so far, in order (lines that are not JSON objects are skipped). */
  readonly events: readonly JsonEvent[]
  /**
   * Resolves with the earliest event that matches `predicate` and that no earlier `next` call returned (already
   * printed or still to come). Rejects with EventTimeoutError after `timeoutMs` (default EVENT_TIMEOUT_MS), with
   * EventStreamEndedError once stdout ended without a match, or with the signal's reason when it aborts.
   */
  next: (predicate: (e: JsonEvent) => boolean, opts?: { timeoutMs?: number, signal?: AbortSignal }) => Promise<JsonEvent>
  /** The last 4 kB of the child's stderr, for error messages. */
  stderr: () => string
  /** When an event was read (Date.now()), for the figures benchmarks report. */
  receivedAt: (e: JsonEvent) => number | undefined
}

/** Shorthand predicate: the event's `event` field equals `name`. */
export function named (name: string): (e: JsonEvent) => boolean {
  return (e) => e.event === name
}

const STDERR_TAIL = 4096

/**
 * Starts reading `child`'s stdout as JSON lines. Call once per child, before anything else reads its stdout (the
 * stream buffers until then, so no line is lost).
 */
export function jsonLines (child: ChildProcess): JsonLines {
  if (child.stdout === null) throw new TypeError('jsonLines needs a child spawned with a piped stdout')
  const events: JsonEvent[] = []
  const times = new Map<JsonEvent, number>()
  const taken = new Set<JsonEvent>()
  const waiters = new Set<() => void>()
  let ended = false
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (d: string) => { stderr = (stderr + d).slice(-STDERR_TAIL) })
  const lines = createInterface({ input: child.stdout })
  lines.on('line', (line) => {
    let e: unknown
    try { e = JSON.parse(line) } catch { return }
    if (typeof e !== 'object' || e === null || Array.isArray(e)) return
    events.push(e as JsonEvent)
    times.set(e as JsonEvent, Date.now())
    for (const w of [...waiters]) w()
  })
  lines.on('close', () => {
    ended = true
    for (const w of [...waiters]) w()
  })

  const next: JsonLines['next'] = async (predicate, opts = {}) => await new Promise<JsonEvent>((resolve, reject) => {
    const timeoutMs = opts.timeoutMs ?? EVENT_TIMEOUT_MS
    const done = (): void => {
      waiters.delete(check)
      clearTimeout(timer)
      opts.signal?.removeEventListener('abort', onAbort)
    }
    const check = (): void => {
      const e = events.find((e) => !taken.has(e) && predicate(e))
      if (e !== undefined) {
        taken.add(e)
        done()
        resolve(e)
      } else if (ended) {
        done()
        reject(new EventStreamEndedError(`stdout ended (exit ${child.exitCode ?? child.signalCode}) before a matching event; ${context()}`))
      }
    }
    const onAbort = (): void => { done(); reject(opts.signal?.reason) }
    const timer = setTimeout(() => {
      done()
      reject(new EventTimeoutError(`no matching event within ${timeoutMs} ms; ${context()}`))
    }, timeoutMs)
    if (opts.signal?.aborted === true) { onAbort(); return }
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    waiters.add(check)
    check()
  })

  const context = (): string => `events: ${JSON.stringify(events.slice(-5))}; stderr: ${stderr.trim().slice(-1000)}`
  return { events, next, stderr: () => stderr, receivedAt: (e) => times.get(e) }
}
