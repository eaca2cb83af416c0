// Builds the browser volunteer (docs/volunteer.md#in-a-browser-tab) with esbuild into dist/browser/: the fit worker,
// the page's program (with the worker's SHA-256, the pogs version and V8's Math fingerprint built in), and the boot
// script. A module `x.js` resolves to its `x.browser.ts` twin where one exists (src/platform/README.md).
// Writes dist/browser/bundle.json: each file's size and Subresource Integrity digest (the roles serve the page with
// them) and the largest inputs, and prints the sizes. Run by `npm run build` after the TypeScript is compiled.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import process from 'node:process'
import { gzipSync } from 'node:zlib'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { tsImport } from 'tsx/esm/api'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
const out = join(root, 'dist/browser')
mkdirSync(out, { recursive: true })

/** `./x.js` -> `./x.browser.ts` when that file exists. */
const browserTwins = {
  name: 'browser-twins',
  setup (b) {
    b.onResolve({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith('.')) return undefined
      const twin = resolve(args.resolveDir, args.path.replace(/\.js$/, '.browser.ts'))
      return existsSync(twin) ? { path: twin } : undefined
    })
  }
}

const common = {
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: process.env.POGS_BUNDLE_DEBUG !== '1',
  sourcemap: false,
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [browserTwins],
  // Our shared modules use Buffer in places (content, requests); the `buffer` package is the browser's Buffer.
  inject: [join(here, 'buffer-global.ts')]
}

const sha256Hex = (bytes) => createHash('sha256').update(bytes).digest('hex')
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64')

const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version
// The digest the page compares its engine's Math with: computed here, by Node's V8.
const { mathFingerprint } = await tsImport(join(here, 'math-fingerprint.ts'), import.meta.url)

const worker = await build({ ...common, entryPoints: [join(here, 'fit-worker.ts')], outfile: join(out, 'fit-worker.js') })
const workerBytes = readFileSync(join(out, 'fit-worker.js'))
const main = await build({
  ...common,
  entryPoints: [join(here, 'page/main.ts')],
  outfile: join(out, 'volunteer.js'),
  define: {
    POGS_VERSION: JSON.stringify(version),
    POGS_WORKER_SHA256: JSON.stringify(sha256Hex(workerBytes)),
    POGS_MATH_FINGERPRINT: JSON.stringify(mathFingerprint())
  }
})
await build({ ...common, inject: [], entryPoints: [join(here, 'page/boot.ts')], outfile: join(out, 'boot.js'), format: 'iife' })
writeFileSync(join(out, 'volunteer.css'), readFileSync(join(here, 'page/volunteer.css')))

const files = {}
for (const name of ['boot.js', 'volunteer.js', 'fit-worker.js', 'volunteer.css']) {
  const bytes = readFileSync(join(out, name))
  files[name] = { bytes: bytes.length, gzipBytes: gzipSync(bytes).length, integrity: sri(bytes) }
}
/** The inputs that take most of a bundle, by package (or our own source). */
function largest (meta) {
  const byPackage = new Map()
  for (const [path, info] of Object.entries(meta.outputs)[0][1].inputs ? Object.entries(Object.values(meta.outputs)[0].inputs) : []) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)
    const key = m === null ? 'pogs (src/)' : m[1]
    byPackage.set(key, (byPackage.get(key) ?? 0) + info.bytesInOutput)
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, bytes]) => ({ name, bytes }))
}
const manifest = { version, files, contents: { 'volunteer.js': largest(main.metafile), 'fit-worker.js': largest(worker.metafile) } }
writeFileSync(join(out, 'bundle.json'), JSON.stringify(manifest, null, 2) + '\n')
const kb = (n) => `${(n / 1024).toFixed(0)} KiB`
process.stdout.write(`browser volunteer bundle (dist/browser): ${Object.entries(files).map(([n, f]) => `${n} ${kb(f.bytes)} (${kb(f.gzipBytes)} gzipped)`).join(', ')}\n`)
