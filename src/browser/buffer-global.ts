// Injected by the bundler (build-bundle.mjs) wherever a module names the global Buffer: the `buffer` package, the
// browser implementation of Node's Buffer that libp2p's own browser builds rely on.
export { Buffer } from 'buffer'
