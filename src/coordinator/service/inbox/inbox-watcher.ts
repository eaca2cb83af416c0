// Watches the inbox: fs.watch for promptness plus a periodic scan, since fs.watch misses events on some file
// systems. Files are handed to `ingest` one at a time in name order (names start with the time they were added),
// so the same file is never ingested twice at once.
import { watch, type FSWatcher } from 'node:fs'
import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { INBOX_FITS_NAME } from './add-to-inbox.js'

/** Options of an inbox watcher. */
export interface InboxWatcherInit {
  dir: string
  scanIntervalMs: number
  /** Takes one inbox file away (registers or rejects it); must not throw for bad files. */
  ingest: (path: string) => Promise<void>
  /** Which file names are taken (default: FITS files, INBOX_FITS_NAME). */
  names?: RegExp
  /** A failure of the scan itself (the directory vanished...). */
  onError: (err: unknown) => void
}

/** Picks up inbox files until stopped. */
export class InboxWatcher {
  private watcher: FSWatcher | undefined
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private again = false
  private stopped = false

  constructor (private readonly init: InboxWatcherInit) {}

  async start (): Promise<void> {
    await mkdir(this.init.dir, { recursive: true })
    if (this.stopped) return
    try {
      // Not persistent: the watcher alone never keeps the process running.
      this.watcher = watch(this.init.dir, { persistent: false }, () => { void this.scan() })
      this.watcher.on('error', () => { /* the periodic scan carries on */ })
    } catch {
      // fs.watch unsupported here: the periodic scan alone serves
    }
    this.timer = setInterval(() => { void this.scan() }, this.init.scanIntervalMs)
    this.timer.unref()
    await this.scan()
  }

  /** Stops watching and waits for the file being ingested. */
  async stop (): Promise<void> {
    this.stopped = true
    this.watcher?.close()
    clearInterval(this.timer)
    await this.running
  }

  /** Ingests every file now in the inbox; a scan asked for while one runs runs once more afterwards. */
  async scan (): Promise<void> {
    if (this.stopped) return
    if (this.running !== undefined) {
      this.again = true
      return await this.running
    }
    this.running = this.loop().finally(() => { this.running = undefined })
    return await this.running
  }

  private async loop (): Promise<void> {
    do {
      this.again = false
      let names: string[]
      try {
        names = (await readdir(this.init.dir, { withFileTypes: true }))
          .filter((e) => e.isFile() && (this.init.names ?? INBOX_FITS_NAME).test(e.name)).map((e) => e.name).sort()
      } catch (err) {
        this.init.onError(err)
        return
      }
      for (const name of names) {
        if (this.stopped) return
        await this.init.ingest(join(this.init.dir, name))
      }
    } while (this.again && !this.stopped)
  }
}
