// A [rows, ...row] dataset that grows at the end, a chunk at a time: rows are gathered in a buffer of one chunk
// and written (the dataset resized) when it is full and at close, so each chunk is compressed and written once
// and memory holds one chunk however many rows there are. A checkpoint writes what is gathered (a chunk then holds
// a part, and is written again as it fills: partial-archive.ts does so, to have every row in the file).
import type h5wasm from 'h5wasm/node'

type Group = InstanceType<typeof h5wasm.Group>
type Dataset = InstanceType<typeof h5wasm.Dataset>
type Values = Float32Array | Float64Array

/** How an appendable list is made. */
export interface AppendListInit<T extends Values> {
  name: string
  /** Shape of one row. */
  row: number[]
  dtype: '<f' | '<d'
  /** Rows per chunk (at least 1). */
  chunkRows: number
  gzip: number | undefined
  /** An empty buffer of n values. */
  make: (n: number) => T
  /** The dataset as an earlier writer left it (an archive resumed): rows are appended after its own. */
  existing?: Dataset
}

export class AppendList<T extends Values> {
  /** The dataset (attributes go on it). */
  readonly dataset: Dataset
  /** Rows appended so far. */
  rows = 0
  private readonly rowSize: number
  private readonly chunkRows: number
  private readonly buffer: T
  private buffered = 0

  constructor (group: Group, private readonly init: AppendListInit<T>) {
    this.rowSize = init.row.reduce((n, d) => n * d, 1)
    this.chunkRows = Math.max(1, init.chunkRows)
    this.buffer = init.make(this.chunkRows * this.rowSize)
    if (init.existing !== undefined) {
      this.dataset = init.existing
      this.rows = Number(init.existing.shape?.[0] ?? 0)
      return
    }
    this.dataset = group.create_dataset({
      name: init.name,
      data: init.make(0),
      shape: [0, ...init.row],
      // HDF5 refuses chunks of extent 0 (a galaxy without filters has rows of [0, 3] fluxes): such an axis is
      // chunked by 1 and left unlimited, so the chunk may exceed it.
      maxshape: [null, ...init.row.map((d) => d === 0 ? null : d)],
      chunks: [this.chunkRows, ...init.row.map((d) => Math.max(1, d))],
      dtype: init.dtype,
      ...(init.gzip === undefined ? {} : { compression: 'gzip' as const, compression_opts: init.gzip })
    })
  }

  /**
   * Appends whole rows (`values` holds a multiple of the row's size) and returns the first one's index. Rows of
   * size 0 hold nothing: each call appends one unless `rows` says otherwise.
   */
  append (values: ArrayLike<number>, rows = this.rowSize === 0 ? 1 : values.length / this.rowSize): number {
    const first = this.rows
    if (this.rowSize === 0) {
      this.rows += rows
      this.buffered += rows
      return first
    }
    let at = 0
    while (at < values.length) {
      // Up to the end of the current chunk: written when it is reached, so that after a checkpoint (which leaves a
      // chunk part written) the writes stay on chunk boundaries and each chunk is written at most once more.
      const room = (this.chunkRows - (this.rows % this.chunkRows)) * this.rowSize
      const n = Math.min(room, values.length - at)
      for (let k = 0; k < n; k++) this.buffer[this.buffered * this.rowSize + k] = values[at + k]
      at += n
      this.buffered += n / this.rowSize
      this.rows += n / this.rowSize
      if (this.rows % this.chunkRows === 0) this.flush()
    }
    return first
  }

  /** Writes what is buffered. */
  close (): void {
    this.flush()
  }

  /** Writes what is buffered, and goes on appending. */
  checkpoint (): void {
    this.flush()
  }

  private flush (): void {
    if (this.buffered === 0) return
    const start = this.rows - this.buffered
    this.dataset.resize([this.rows, ...this.init.row])
    if (this.rowSize > 0) this.dataset.write_slice([[start, this.rows], ...this.init.row.map((): [] => [])], this.buffer.subarray(0, this.buffered * this.rowSize))
    this.buffered = 0
  }
}
