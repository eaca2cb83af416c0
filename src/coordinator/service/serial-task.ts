// A background pass that runs one at a time: triggering it while it runs makes it run once more afterwards (what
// changed meanwhile is seen), and failures are reported, never thrown at the trigger's caller.
export class SerialTask {
  private running: Promise<void> | undefined
  private again = false
  private stopped = false

  constructor (readonly name: string, private readonly task: () => Promise<void>, private readonly onError: (task: string, err: unknown) => void) {}

  /** Runs the pass now, or once more after the one running; resolves when the pass that sees this call is done. */
  async trigger (): Promise<void> {
    if (this.stopped) return
    if (this.running !== undefined) {
      this.again = true
      return await this.running
    }
    this.running = this.loop().finally(() => { this.running = undefined })
    return await this.running
  }

  /** No further runs; resolves when the current one ends. */
  async stop (): Promise<void> {
    this.stopped = true
    await this.running
  }

  private async loop (): Promise<void> {
    do {
      this.again = false
      try {
        await this.task()
      } catch (err) {
        if (!this.stopped) this.onError(this.name, err)
      }
    } while (this.again && !this.stopped)
  }
}
