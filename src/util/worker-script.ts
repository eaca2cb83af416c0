import { Worker, type WorkerOptions } from 'node:worker_threads'
import { fileURLToPath } from 'node:url'

/**
 * Starts a worker thread whose module `name` (without extension) sits beside the module whose
 * `import.meta.url` is given. Compiled code (`dist/`) starts the `.js` file directly. From the TypeScript sources
 * (tests, `tsx`) a one-line bootstrap registers tsx's loader inside the new thread first and then imports the
 * `.ts` module: a `--import tsx` flag alone does not reach threads started from vitest's processes.
 */
export function startWorker (callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(fileURLToPath(new URL(`./${name}.js`, callerUrl)), options)
  const entry = new URL(`./${name}.ts`, callerUrl).href
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}) })`
  return new Worker(bootstrap, { ...options, eval: true })
}
