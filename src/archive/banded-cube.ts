// An [X, Y, ...cell] cube dataset written one band of chunk rows at a time: a band is every x for CHUNK_XY rows of
// y, so it covers whole chunks and each chunk is compressed and written once. Pixels arrive in any order; a band
// is held until a pixel of one more band than may be held arrives (areas are strips of a few rows, so in scan
// order two bands suffice), and one written before is read back when a pixel returns to it, which costs a
// decompression and a compression of the band and leaves its old chunks' space unused in the file: random orders
// want every band held. Memory: the bands held, X * CHUNK_XY cells each, whatever the image's height.
import type h5wasm from 'h5wasm/node'
import { CHUNK_XY } from './layout.js'

type Dataset = InstanceType<typeof h5wasm.Dataset>
type Cells = Float32Array | Int32Array

export class BandedCube<T extends Cells> {
  private readonly open = new Map<number, T>()
  private readonly written = new Set<number>()
  /** A full band's buffer written out, kept for the next band (a band is megabytes: not left to the collector). */
  private spare: T | undefined
  /** Every cell axis, whole (slice and write_slice want one range per axis). */
  private readonly cellAxes: Array<[]>
  /** Values per pixel. */
  private readonly cell: number

  /**
   * `blank(n)` makes n values holding what an unwritten pixel holds (NaN, or (-1, 0) pairs); at most `held` bands
   * are kept in memory. The dataset is created with shape [0, 0, ...cell] (no data to copy) and resized here to
   * the image.
   */
  constructor (
    private readonly dataset: Dataset,
    private readonly width: number,
    private readonly height: number,
    private readonly blank: (n: number) => T,
    private readonly held: number
  ) {
    const cellShape = (dataset.shape ?? []).slice(2)
    this.cellAxes = cellShape.map((): [] => [])
    this.cell = cellShape.reduce((n, d) => n * d, 1)
    dataset.resize([width, height, ...cellShape])
  }

  /** Sets the cells of pixel (x, y). */
  set (x: number, y: number, values: ArrayLike<number>): void {
    const band = Math.floor(y / CHUNK_XY)
    const buffer = this.band(band)
    buffer.set(values, (x * this.rows(band) + (y - band * CHUNK_XY)) * this.cell)
  }

  /** Writes every band: those held, and blank ones where no pixel ever came. */
  close (): void {
    for (const band of [...this.open.keys()]) this.flush(band)
    for (let band = 0; band * CHUNK_XY < this.height; band++) {
      if (!this.written.has(band)) this.write(band, this.blank(this.width * this.rows(band) * this.cell))
    }
  }

  private rows (band: number): number {
    return Math.min(CHUNK_XY, this.height - band * CHUNK_XY)
  }

  private yRange (band: number): [number, number] {
    return [band * CHUNK_XY, band * CHUNK_XY + this.rows(band)]
  }

  private band (band: number): T {
    const held = this.open.get(band)
    if (held !== undefined) return held
    if (this.open.size >= Math.max(1, this.held)) this.flush(this.open.keys().next().value as number)
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
    this.write(band, buffer)
    this.open.delete(band)
    this.spare = buffer
  }

  private write (band: number, buffer: T): void {
    this.dataset.write_slice([[0, this.width], this.yRange(band), ...this.cellAxes], buffer)
    this.written.add(band)
  }
}
