// Loaded with `node --import` before tsx: h5wasm (4 MB of JavaScript around its WebAssembly) imported through tsx's
// loader costs the process ~600 MiB of RSS that plain node (how `pogs` runs, from dist/) does not pay, which would
// swamp the archiving step's own peak. Imported first, it is cached and tsx never sees it.
import h5wasm from 'h5wasm/node'

await h5wasm.ready
