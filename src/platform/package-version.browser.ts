// The pogs version in the browser bundle: written in by the bundler from package.json (src/browser/build-bundle.mjs).
declare const POGS_VERSION: string

/** The version in pogs' package.json when the bundle was built. */
export function packageVersion (): string {
  return POGS_VERSION
}
