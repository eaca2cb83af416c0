// Compiles dist/ before a test run. Tests that start `pogs` as a process run dist/nodes/pogs.js, what `npx pogs`
// runs after `npm ci`: starting one from the TypeScript sources through tsx costs seconds of compilation per
// process (a minute and more per CLI test file on 2 cores). The build is incremental (dist/.tsbuildinfo), so it
// takes seconds when nothing changed, and the processes always run the code under test. POGS_TEST_SKIP_BUILD=1 keeps
// dist/ as it is: for running in-process tests while another part of the tree does not compile yet.
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { repoRoot } from '../src/util/repo-root.js'

export default function buildDist (): void {
  // The fit's WebAssembly kernel, which in-process tests import from the sources too, when its source changed.
  execFileSync(process.execPath, ['src/fit/kernel/build-kernel.mjs', '--if-stale'], { cwd: repoRoot(), stdio: 'inherit' })
  if (process.env.POGS_TEST_SKIP_BUILD === '1') return
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repoRoot(), stdio: 'inherit' })
  // The browser volunteer's bundle (esbuild, well under a second): the page tests serve it.
  execFileSync(process.execPath, ['src/browser/build-bundle.mjs'], { cwd: repoRoot(), stdio: 'inherit' })
}
