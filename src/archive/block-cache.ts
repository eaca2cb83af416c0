// Reads of an archive's large datasets a block at a time, the last few blocks kept: reading one pixel of a
// gzip-compressed cube or a few histogram rows makes HDF5 decompress a whole chunk (up to ~2 MB, more than its own
// chunk cache keeps), so reading pixels one after another (comparing archives, reading back dropped histograms) cost
// a decompression each. Blocks are aligned to the writers' chunks, so a block is one decompression.
import type h5wasm from 'h5wasm/node'

type Dataset = InstanceType<typeof h5wasm.Dataset>
type Values = Float32Array | Int32Array

/** Blocks kept per dataset: neighbouring pixels and consecutive histograms fall in the last few. */
const KEPT = 4

class Lru<T> {
  private readonly entries = new Map<number, T>()
  get (key: number, load: () => T): T {
    const hit = this.entries.get(key)
    if (hit !== undefined) {
      this.entries.delete(key)
      this.entries.set(key, hit)
      return hit
    }
    const value = load()
    if (this.entries.size >= KEPT) this.entries.delete(this.entries.keys().next().value as number)
    this.entries.set(key, value)
    return value
  }
}

/** One pixel's cells of an [X, Y, ...cell] cube, read `edge` x `edge` pixels at a time. */
export class CubeBlocks<T extends Values> {
  private readonly blocks = new Lru<{ data: T, h: number }>()
  private readonly cell: number
  private readonly cellAxes: Array<[]>
  private readonly across: number

  constructor (private readonly dataset: Dataset, private readonly width: number, private readonly height: number, private readonly edge: number) {
    const cellShape = (dataset.shape ?? []).slice(2)
    this.cell = cellShape.reduce((n, d) => n * d, 1)
    this.cellAxes = cellShape.map((): [] => [])
    this.across = Math.ceil(height / edge)
  }

  /** The cells of (x, y), a view into the cached block. */
  cells (x: number, y: number): T {
    const bx = Math.floor(x / this.edge)
    const by = Math.floor(y / this.edge)
    const x0 = bx * this.edge
    const y0 = by * this.edge
    const block = this.blocks.get(bx * this.across + by, () => {
      const x1 = Math.min(this.width, x0 + this.edge)
      const y1 = Math.min(this.height, y0 + this.edge)
      return { data: this.dataset.slice([[x0, x1], [y0, y1], ...this.cellAxes]) as T, h: y1 - y0 }
    })
    const at = ((x - x0) * block.h + (y - y0)) * this.cell
    return block.data.subarray(at, at + this.cell) as T
  }
}

/** Rows of a [rows, ...row] list, read `rows` rows at a time. */
export class ListBlocks {
  private readonly blocks = new Lru<Float32Array>()
  private readonly rowSize: number
  private readonly length: number
  private readonly rowAxes: Array<[]>

  constructor (private readonly dataset: Dataset, private readonly rows: number) {
    const shape = dataset.shape ?? [0]
    this.length = shape[0]
    this.rowSize = shape.slice(1).reduce((n, d) => n * d, 1)
    this.rowAxes = shape.slice(1).map((): [] => [])
  }

  /** Rows [start, start + n), copied out. */
  read (start: number, n: number): Float32Array {
    const out = new Float32Array(n * this.rowSize)
    let row = start
    while (row < start + n) {
      const b = Math.floor(row / this.rows)
      const b0 = b * this.rows
      const block = this.blocks.get(b, () => this.dataset.slice([[b0, Math.min(this.length, b0 + this.rows)], ...this.rowAxes]) as Float32Array)
      const upto = Math.min(start + n, b0 + this.rows)
      out.set(block.subarray((row - b0) * this.rowSize, (upto - b0) * this.rowSize), (row - start) * this.rowSize)
      row = upto
    }
    return out
  }
}
