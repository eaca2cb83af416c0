import { SingleBar, Presets } from 'cli-progress'

/** A progress display that only draws when stderr is a terminal, so logs and pipes stay clean. */
export interface Progress {
  increment: (n?: number) => void
  stop: () => void
}

/** Starts a progress bar over `total` items labelled `label` on stderr (a no-op when stderr is not a TTY). */
export function startProgress (label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY !== true || total <= 0) return { increment: () => {}, stop: () => {} }
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}`,
    stream,
    hideCursor: true,
    clearOnComplete: false
  }, Presets.shades_classic)
  bar.start(total, 0)
  return {
    increment: (n = 1) => { bar.increment(n) },
    stop: () => { bar.stop() }
  }
}
