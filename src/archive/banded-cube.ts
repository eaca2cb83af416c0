// An [X, Y, ...cell] cube dataset written one band of rows at a time: a band is every x for `bandRows` rows of y
// (the chunks' height), so it covers whole chunks and each chunk is compressed and written once when pixels come
// band by band. Pixels arrive in any order; a band is held until it is released (its last pixel came) or a pixel
// of one more band than may be held arrives, and one written before is read back when a pixel returns to it,
// which costs a decompression and a compression of the band and leaves its old chunks' space unused in the file
// once it is closed. A checkpoint writes the bands changed since the last one and keeps them held, so that the
// file holds every pixel set so far (an archive written while results arrive, partial-archive.ts). Memory: the
// bands held, X * bandRows cells each, whatever the image's height.
import type h5wasm from 'h5wasm/node'
import { CHUNK_XY } from './layout.js'

type Dataset = InstanceType<typeof h5wasm.Dataset>
type Cells = Float32Array | Int32Array

/** How a cube is banded. */
export interface CubeBanding {
  /** Bands held in memory at most. */
  held: number
  /** Rows per band: the chunks' height (default CHUNK_XY). */
  bandRows?: number
  /** Bands the file holds already (an archive resumed): a pixel of one reads the band back. */
  written?: Iterable<number>
}

export class BandedCube<T extends Cells> {
  private readonly open = new Map<number, T>()
  private readonly dirty = new Set<number>()
  private readonly written: Set<number>
  /** A full band's buffer written out, kept for the next band (a band is megabytes: not left to the collector). */
  private spare: T | undefined
  /** Every cell axis, whole (slice and write_slice want one range per axis). */
  private readonly cellAxes: Array<[]>
  /** Values per pixel. */
  private readonly cell: number
  private readonly held: number
  readonly bandRows: number

  /**
   * `blank(n)` makes n values holding what an unwritten pixel holds (NaN, or (-1, 0) pairs). A new dataset is
   * created with shape [0, 0, ...cell] (no data to copy) and resized here to the image; a resumed one has it.
   */
  constructor (
    private readonly dataset: Dataset,
    private readonly width: number,
    private readonly height: number,
    private readonly blank: (n: number) => T,
    banding: CubeBanding
  ) {
    const cellShape = (dataset.shape ?? []).slice(2)
    this.cellAxes = cellShape.map((): [] => [])
    this.cell = cellShape.reduce((n, d) => n * d, 1)
    this.held = Math.max(1, banding.held)
    this.bandRows = banding.bandRows ?? CHUNK_XY
    this.written = new Set(banding.written ?? [])
    if (dataset.shape?.[0] !== width || dataset.shape?.[1] !== height) dataset.resize([width, height, ...cellShape])
  }

  /** The band that holds row y. */
  bandOf (y: number): number {
    return Math.floor(y / this.bandRows)
  }

  /** Sets the cells of pixel (x, y). */
  set (x: number, y: number, values: ArrayLike<number>): void {
    const band = this.bandOf(y)
    const buffer = this.band(band)
    buffer.set(values, (x * this.rows(band) + (y - band * this.bandRows)) * this.cell)
    this.dirty.add(band)
  }

  /** Writes a band now and lets it go: no more pixels will come to it. */
  release (band: number): void {
    this.flush(band)
  }

  /** Writes every band changed since the last checkpoint, keeping them held. */
  checkpoint (): void {
    for (const band of this.dirty) {
      const buffer = this.open.get(band)
      if (buffer !== undefined) this.write(band, buffer)
    }
    this.dirty.clear()
  }

  /** Writes every band: those held, and blank ones where no pixel ever came. */
  close (): void {
    for (const band of [...this.open.keys()]) this.flush(band)
    for (let band = 0; band * this.bandRows < this.height; band++) {
      if (!this.written.has(band)) this.write(band, this.blank(this.width * this.rows(band) * this.cell))
    }
  }

  private rows (band: number): number {
    return Math.min(this.bandRows, this.height - band * this.bandRows)
  }

  private yRange (band: number): [number, number] {
    return [band * this.bandRows, band * this.bandRows + this.rows(band)]
  }

  private band (band: number): T {
    const held = this.open.get(band)
    if (held !== undefined) return held
    if (this.open.size >= this.held) this.flush(this.open.keys().next().value as number)
    const buffer = this.written.has(band)
      ? this.dataset.slice([[], this.yRange(band), ...this.cellAxes]) as T
      : this.blankBand(band)
    this.open.set(band, buffer)
    return buffer
  }

  private blankBand (band: number): T {
    const n = this.width * this.rows(band) * this.cell
    const spare = this.spare
    this.spare = undefined
    if (spare === undefined || spare.length !== n) return this.blank(n)
    spare.set(this.blank(this.width * this.cell))
    for (let at = this.width * this.cell; at < n; at *= 2) spare.copyWithin(at, 0, Math.min(at, n - at))
    return spare
  }

  private flush (band: number): void {
    const buffer = this.open.get(band)
    if (buffer === undefined) return
    // A band unchanged since it was written (at a checkpoint) needs no second write.
    if (this.dirty.has(band) || !this.written.has(band)) this.write(band, buffer)
    this.dirty.delete(band)
    this.open.delete(band)
    this.spare = buffer
  }

  private write (band: number, buffer: T): void {
    this.dataset.write_slice([[0, this.width], this.yRange(band), ...this.cellAxes], buffer)
    this.written.add(band)
  }
}
