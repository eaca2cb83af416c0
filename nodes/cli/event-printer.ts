/** Prints events: one JSON object per line with --json, else a short readable line. */
export class EventPrinter {
  constructor (private readonly json: boolean, private readonly out: NodeJS.WritableStream = process.stdout) {}

  emit (event: string, fields: Record<string, unknown>): void {
    if (this.json) {
      this.out.write(JSON.stringify({ event, ...fields }) + '\n')
    } else {
      const text = Object.entries(fields).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(' ')
      this.out.write(`${event} ${text}\n`)
    }
  }
}
