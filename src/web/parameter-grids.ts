// Parameter values of assimilated pixels as width x height grids, kept per galaxy and summary value and extended
// incrementally: each request decodes only the pixels assimilated since the last one. Rows are only added, except
// when a key is banned: its revocation deletes the pixels it helped validate (docs/work-lifecycle.md#revocation), and
// their rowids may be reused when they are assimilated again, so a new ban discards every grid kept.
import { decodePixelFit, N_PARAMETERS, N_VALUES, PARAMETER_NAMES, VALUE_NAMES, type ParameterName, type ValueName } from '../fit/index.js'
import type { ReadModel } from '../coordinator/read-model/index.js'
import { MAP_CACHE_SIZE } from './constants.js'

interface Entry {
  width: number
  height: number
  /** N_PARAMETERS grids of width x height, NaN where no pixel is assimilated. */
  grids: Float32Array[]
  lastRowid: number
  count: number
  /** Bans recorded when the grid was started. */
  bans: number
}

/** The values of one parameter over a galaxy. */
export interface ParameterGrid {
  width: number
  height: number
  values: Float32Array
  /** Pixels with a value. */
  count: number
}

/** Decoded grids for the most recently asked galaxies. */
export class ParameterGrids {
  private readonly cache = new Map<string, Entry>()

  constructor (private readonly source: Pick<ReadModel, 'pixelSummariesSince' | 'bans'>, private readonly size = MAP_CACHE_SIZE) {}

  /** The grid of `parameter` (its `value`, e.g. median) over a width x height galaxy, up to date. */
  grid (galaxyId: number, width: number, height: number, parameter: ParameterName, value: ValueName): ParameterGrid {
    const key = `${galaxyId}/${value}`
    let e = this.cache.get(key)
    const bans = this.source.bans({ limit: 0, offset: 0 }).total
    if (e === undefined || e.width !== width || e.height !== height || e.bans !== bans) {
      e = { width, height, grids: Array.from({ length: N_PARAMETERS }, () => new Float32Array(width * height).fill(NaN)), lastRowid: 0, count: 0, bans }
    }
    this.cache.delete(key)
    this.cache.set(key, e)
    while (this.cache.size > this.size) this.cache.delete(this.cache.keys().next().value as string)
    const v = VALUE_NAMES.indexOf(value)
    for (const p of this.source.pixelSummariesSince(galaxyId, e.lastRowid)) {
      e.lastRowid = p.rowid
      if (p.x >= width || p.y >= height) continue
      const summary = decodePixelFit(p.summary).summary
      for (let k = 0; k < N_PARAMETERS; k++) e.grids[k][p.x + width * p.y] = summary[k * N_VALUES + v]
      e.count++
    }
    return { width, height, values: e.grids[PARAMETER_NAMES.indexOf(parameter)], count: e.count }
  }
}
