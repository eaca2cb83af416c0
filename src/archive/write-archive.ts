// Writes a galaxy's HDF5 archive (docs/archive.md) from a whole input with the streaming writer
// (archive-writer.ts), in a format HDF5 1.10 reads, under a temporary name renamed into place when complete: a
// reader never sees half an archive, and a failed write leaves any earlier archive untouched.
import { archiveHead, type GalaxyArchiveInput } from './archive-input.js'
import { openArchiveWriter, type WriteArchiveInit } from './archive-writer.js'
import { checkArchiveInput } from './check-input.js'

export type { WriteArchiveInit } from './archive-writer.js'

/**
 * Writes `input` as the HDF5 archive `path`, its pixels in input order. Throws ArchiveError ERR_ARCHIVE_INPUT for
 * input it cannot represent and ERR_ARCHIVE_WRITE when the directory cannot take the file, both before anything
 * is written.
 */
export async function writeArchive (path: string, input: GalaxyArchiveInput, init: WriteArchiveInit = {}): Promise<void> {
  checkArchiveInput(input)
  let rows = 0
  for (const p of input.pixels) for (const h of p.fit.histograms) rows += h.values.length
  // The input is in memory already, its pixels in any order: every band of the cubes is held and written once.
  const writer = await openArchiveWriter(path, archiveHead(input), { expectedPixels: input.pixels.length, expectedHistogramRows: rows, cubeBands: Infinity, ...init })
  try {
    for (const p of input.pixels) writer.add(p)
  } catch (err) {
    writer.abort()
    throw err
  }
  writer.close()
}
