// Keeps the local queue filled: asks the coordinator for work when at least a core's worth of slots is free
// (so requests come once per few units, well inside the work protocol's rate limit), honours the coordinator's
// retry_after_s when it has none, and backs off while it is unreachable. A key the project has banned stops asking.
import type { Helia } from '@helia/interface'
import type { Assignment, WorkAssignment } from '../net/messages/index.js'
import { FIT_CORE_VERSION } from '../fit/core-version.js'
import { appVersion } from '../util/app-version.js'
import type { ErrorCode } from '../util/error-codes.js'
import { DEFAULT_RETRY_AFTER_S, MAX_RETRY_AFTER_S, MIN_RETRY_AFTER_S, RETRY_MAX_MS, RETRY_MIN_MS } from './constants.js'
import { codeOf, type CoordinatorLink } from './coordinator-link.js'
import type { VolunteerEventListener } from './events.js'
import { itemFromAssignment } from './queue-item.js'
import type { QueueStore } from './queue-store.js'
import { backoffMs, Waker } from './waker.js'

export interface WorkRequesterComponents {
  link: Pick<CoordinatorLink, 'manifest' | 'requestWork'>
  helia: Pick<Helia, 'pins'>
  queue: QueueStore
  emit: VolunteerEventListener
  now: () => number
  /** Called after new assignments were queued. */
  onAssigned: () => void
  /** The coordinator refused work with ERR_BANNED: the loop has ended (asking again cannot help). */
  onBanned: (why: string) => void
}

export interface WorkRequesterInit {
  cpus: number
  /** Most units in the queue waiting to be fitted (including the ones being fitted). */
  capacity: number
  retry?: { minMs: number, maxMs: number }
}

export class WorkRequester {
  /** Wakes the loop: the queue has more room, or a manifest arrived. */
  readonly waker = new Waker()
  private failures = 0
  private nextMs = 0

  constructor (private readonly components: WorkRequesterComponents, private readonly init: WorkRequesterInit) {}

  /** The coordinator is reachable again: ask now rather than at the end of a backoff. */
  reconnected (): void {
    if (this.failures > 0) this.nextMs = 0
    this.waker.wake()
  }

  async run (signal: AbortSignal): Promise<void> {
    const { queue, now } = this.components
    while (!signal.aborted) {
      const manifest = this.components.link.manifest
      const room = this.init.capacity - queue.list('assigned').length
      const ready = manifest !== undefined && room >= Math.min(this.init.cpus, this.init.capacity)
      if (!ready || now() < this.nextMs) {
        await this.waker.wait(ready ? this.nextMs - now() : undefined, signal)
        continue
      }
      let reply: WorkAssignment
      try {
        const libraries = []
        for (const lib of manifest.libraries) if (await this.components.helia.pins.isPinned(lib.cid, { signal })) libraries.push(lib.cid)
        reply = await this.components.link.requestWork({ cores: this.init.cpus, maxUnits: room, appVersion: appVersion(), libraries, coreVersion: FIT_CORE_VERSION }, signal)
      } catch (err) {
        if (signal.aborted) return
        if (codeOf(err) === ('ERR_BANNED' satisfies ErrorCode)) {
          this.components.onBanned(err instanceof Error ? err.message : String(err))
          return
        }
        const retry = this.init.retry ?? { minMs: RETRY_MIN_MS, maxMs: RETRY_MAX_MS }
        const wait = backoffMs(++this.failures, retry.minMs, retry.maxMs)
        this.nextMs = now() + wait
        this.components.emit({ type: 'retrying', stage: 'work', code: codeOf(err), inS: wait / 1000 })
        continue
      }
      this.failures = 0
      const added = this.accept(reply.units)
      if (added > 0) {
        this.components.onAssigned()
      } else {
        const s = reply.retryAfterS > 0 ? Math.min(MAX_RETRY_AFTER_S, Math.max(MIN_RETRY_AFTER_S, reply.retryAfterS)) : DEFAULT_RETRY_AFTER_S
        this.nextMs = now() + s * 1000
        this.components.emit({ type: 'waiting', retryAfterS: s })
      }
    }
  }

  /** Queues new assignments (a repeat of one already queued is ignored); returns how many were added. */
  private accept (units: Assignment[]): number {
    const { queue, emit, now } = this.components
    let added = 0
    for (const a of units) {
      if (queue.get(a.instanceId) !== undefined) continue
      if (a.deadlineMs <= now()) {
        emit({ type: 'dropped', reason: 'ERR_DEADLINE_PASSED' satisfies ErrorCode, unitId: a.unitId, instanceId: a.instanceId })
        continue
      }
      queue.put(itemFromAssignment(a, now()))
      emit({ type: 'assigned', unitId: a.unitId, instanceId: a.instanceId, deadlineMs: a.deadlineMs, estimatedCpuS: a.estimatedCpuS })
      added++
    }
    return added
  }
}
