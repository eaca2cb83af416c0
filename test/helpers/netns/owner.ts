import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { destroyNetnsSync, listNetns } from './tools.js'

// Every namespace of a run is named `pogs-<pid>-<4 hex>-<label>`: the pid of the process that owns the run and a
// random tag, so parallel runs never collide. An owner file (`<dir>/<runId>`) records that process's start time,
// so a later process that happens to get the same pid is not mistaken for the owner.

/** Prefix of every namespace the harness creates. */
export const NETNS_PREFIX = 'pogs-'

const NAME_RE = /^pogs-(\d+)-([0-9a-f]{4})-([a-z0-9]+)$/
const OWNER_DIR = existsSync('/run') ? '/run/pogs-netns' : join(tmpdir(), 'pogs-netns')

/** A fresh run id owned by this process: `<pid>-<4 hex>`. */
export function newRunId (): string {
  return `${process.pid}-${randomBytes(2).toString('hex')}`
}

/** The namespace name of `label` in run `runId`. */
export function netnsName (runId: string, label: string): string {
  return `${NETNS_PREFIX}${runId}-${label}`
}

/** The run id and owner pid encoded in a harness namespace name, or undefined for any other name. */
export function parseNetnsName (name: string): { runId: string, pid: number, label: string } | undefined {
  const m = NAME_RE.exec(name)
  if (m === null) return undefined
  return { runId: `${m[1]}-${m[2]}`, pid: Number(m[1]), label: m[3] }
}

/** The names of the live namespaces of run `runId`. */
export function runNamespaces (runId: string): string[] {
  return listNetns().filter((n) => parseNetnsName(n)?.runId === runId)
}

/** Records this process as the owner of `runId`; call before creating the run's first namespace. */
export function writeOwner (runId: string): void {
  mkdirSync(OWNER_DIR, { recursive: true })
  writeFileSync(join(OWNER_DIR, runId), JSON.stringify({ pid: process.pid, start: startTime(process.pid) }))
}

/** Forgets the owner file of `runId`. */
export function removeOwner (runId: string): void {
  rmSync(join(OWNER_DIR, runId), { force: true })
}

/**
 * Deletes the namespaces (and kills the processes inside them) of every `pogs-` run whose owning process is gone,
 * and their owner files. Namespaces of live runs, this process's included, are left alone. Returns the names
 * deleted.
 */
export function sweep (): string[] {
  const deleted: string[] = []
  for (const name of listNetns()) {
    const parsed = parseNetnsName(name)
    if (parsed === undefined || ownerAlive(parsed.runId, parsed.pid)) continue
    destroyNetnsSync(name)
    deleted.push(name)
  }
  for (const runId of existsSync(OWNER_DIR) ? readdirSync(OWNER_DIR) : []) {
    const pid = Number(runId.split('-')[0])
    if (!ownerAlive(runId, pid)) removeOwner(runId)
  }
  return deleted
}

function ownerAlive (runId: string, pid: number): boolean {
  const now = startTime(pid)
  if (now === undefined) return false
  let recorded: string | undefined
  try {
    recorded = (JSON.parse(readFileSync(join(OWNER_DIR, runId), 'utf8')) as { start?: string }).start
  } catch {
    // No owner file (yet, or another tmpdir): the pid alone decides, erring on the side of keeping.
    return true
  }
  return recorded === now
}

// Field 22 of /proc/PID/stat (start time in clock ticks since boot); the command name (field 2) may hold spaces
// and parentheses, so fields are counted from the last ')'.
function startTime (pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  } catch {
    return undefined
  }
}
