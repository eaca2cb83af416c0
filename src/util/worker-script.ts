import { fileURLToPath } from 'node:url'

/** How to start a worker thread whose module sits beside the caller. */
export interface WorkerScript {
  /** Absolute path of the worker module. */
  filename: string
  /** Extra Node flags for the worker: the TypeScript loader when running from sources. */
  execArgv: string[]
}

/**
 * Resolves a worker module named `name` (without extension) beside the module whose `import.meta.url` is
 * given. Compiled code (`dist/`) starts the `.js` file; the sources (tests, `tsx`) start the `.ts` file with
 * tsx's loader, so one code path serves both.
 */
export function workerScript (callerUrl: string, name: string): WorkerScript {
  const fromSources = callerUrl.endsWith('.ts')
  const filename = fileURLToPath(new URL(`./${name}${fromSources ? '.ts' : '.js'}`, callerUrl))
  return { filename, execArgv: fromSources ? ['--import', 'tsx'] : [] }
}
