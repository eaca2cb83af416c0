// The file a partial archive (partial-archive.ts) is written in, beside the archive it becomes. Its own module, so
// that naming the file does not load HDF5.

/** The file a partial archive of `path` is written in. */
export function partialPath (path: string): string {
  return `${path}.partial`
}
