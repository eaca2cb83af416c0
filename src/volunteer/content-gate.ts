// Garbage collection must not run while content is being added or fetched: Helia writes a DAG's blocks before it
// pins them, and a gc in between would delete them (a result's blocks exist nowhere else). Operations that add
// content share the gate; gc takes it alone.

/** A readers-writer gate: many `shared` operations at once, or one `exclusive` one. */
export class ContentGate {
  private active = 0
  private exclusiveRun: Promise<void> | undefined
  private drained: (() => void) | undefined

  /** Runs `fn` alongside other shared operations, after any exclusive one in progress or waiting. */
  async shared<T> (fn: () => Promise<T>): Promise<T> {
    while (this.exclusiveRun !== undefined) await this.exclusiveRun
    this.active++
    try {
      return await fn()
    } finally {
      this.active--
      if (this.active === 0) this.drained?.()
    }
  }

  /** Runs `fn` alone: waits for shared operations to end and holds new ones back until it is done. */
  async exclusive<T> (fn: () => Promise<T>): Promise<T> {
    while (this.exclusiveRun !== undefined) await this.exclusiveRun
    let release!: () => void
    this.exclusiveRun = new Promise<void>((resolve) => { release = resolve })
    try {
      if (this.active > 0) await new Promise<void>((resolve) => { this.drained = resolve })
      this.drained = undefined
      return await fn()
    } finally {
      this.exclusiveRun = undefined
      release()
    }
  }
}
