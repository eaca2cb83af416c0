import type { FilterSpec } from './filters-file.js'
import type { LibraryPair } from './library.js'
import type { MdustBlocks } from './mdust-blocks.js'
import type { Observation } from './observations-file.js'
import type { PixelFit } from './result.js'
import type { Unfitted } from './fit-pixel.js'

/** Main thread -> fit worker. Library arrays and Mdust blocks are SharedArrayBuffer-backed: posting them shares,
 * not copies. */
export type ToWorker =
  | { type: 'library', key: string, libs: LibraryPair, mdust: MdustBlocks }
  | { type: 'fit', id: number, key: string, filters: FilterSpec[], obs: Observation, withText: boolean }

/** The outcome of one pixel. */
export type PixelOutcome =
  | { ok: true, fit: PixelFit, text?: string }
  | { ok: false, unfitted: Unfitted }
  | { ok: false, error: { name: string, code: string, message: string } }

/** Fit worker -> main thread. */
export interface FromWorker {
  id: number
  outcome: PixelOutcome
}
