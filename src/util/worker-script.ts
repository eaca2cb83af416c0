import { Worker, type WorkerOptions } from 'node:worker_threads'
import { fileURLToPath } from 'node:url'

/**
 * Starts a worker thread whose module `name` (without extension) sits beside the module whose
 * `import.meta.url` is given. Compiled code (`dist/`) starts the `.js` file directly. From the TypeScript sources
 * (tests, `tsx`) a one-line bootstrap registers tsx's loader inside the new thread first and then imports the
 * `.ts` module: a `--import tsx` flag alone does not reach threads started from vitest's processes. `preload`
 * names packages the thread imports first, from the sources only.
 */
export function startWorker (callerUrl: string, name: string, options: WorkerOptions & { preload?: string[] } = {}): Worker {
  const { preload = [], ...workerOptions } = options
  // Compiled code starts the thread with no Node flags of the parent: a preload or a TypeScript loader given to the
  // parent process (benchmarks run under tsx) has no business in a compiled thread, and would cost it memory.
  if (!callerUrl.endsWith('.ts')) return new Worker(fileURLToPath(new URL(`./${name}.js`, callerUrl)), { execArgv: [], ...workerOptions })
  const entry = new URL(`./${name}.ts`, callerUrl).href
  // `preload`: packages imported before tsx's loader, so that it never transforms them (h5wasm through tsx costs a
  // thread ~600 MiB and seconds).
  const first = preload.map((p) => `await import(${JSON.stringify(p)});`).join(' ')
  const bootstrap = `(async () => { ${first} const tsx = await import('tsx/esm/api'); tsx.register(); await import(${JSON.stringify(entry)}) })()`
  return new Worker(bootstrap, { ...workerOptions, eval: true })
}
