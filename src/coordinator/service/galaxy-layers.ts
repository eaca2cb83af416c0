// A registered galaxy's layers file (galaxies/g<id>-<name>.layers): the galaxy as registration parsed it from its
// FITS file, so that cutting units, archiving and the dashboard's images never parse the FITS again. Layout, all
// little-endian:
//
//   8 bytes  magic 'POGSGLYR'
//   uint32   format version (1)
//   uint32   n, the length of the description
//   n bytes  the description, JSON: { facts: GalaxyFacts (name, redshift, size, bands, header cards...),
//            layers: [{ band, kind: 'flux' | 'sigma', type: 'f32' | 'f64', offset }] }
//   ...      zero padding, then each layer's width x height values, pixel (x, y) at x + width * y
//
// Every band has a flux layer; only bands with a sigma layer in the FITS have a sigma layer (the others' sigma is
// derived on reading, by the rule galaxyFromFits applies). A layer is float32 when every value survives the round
// trip (FITS images are mostly BITPIX -32), float64 otherwise, so what is read back is bit for bit what
// galaxyFromFits gave. Rows are read on demand: cutting a unit reads only the strips its areas lie in.
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs'
import { writeFileAtomicallyWith } from '../../util/atomic-write.js'
import { defaultSigma, type Galaxy, type GalaxyFacts } from '../../galaxy/galaxy-input.js'
import type { BandRows } from '../../galaxy/pixel-observation.js'
import { GalaxyFileError } from './errors.js'

const MAGIC = 'POGSGLYR'
const VERSION = 1
/** Magic, version and description length. */
const PREAMBLE_BYTES = 16
/** Largest description read back, in bytes: a FITS primary header of a few thousand cards fits easily. */
const MAX_DESCRIPTION_BYTES = 16 * 1024 * 1024
/** Bytes encoded per write: bounds the buffer a large layer needs while it is written. */
const WRITE_CHUNK_BYTES = 4 * 1024 * 1024

type ValueType = 'f32' | 'f64'

interface LayerEntry {
  band: string
  kind: 'flux' | 'sigma'
  type: ValueType
  /** Byte offset of the layer's first value in the file. */
  offset: number
}

interface Description {
  facts: GalaxyFacts
  layers: LayerEntry[]
}

const BYTES: Record<ValueType, number> = { f32: 4, f64: 8 }

/** float32 when every value (NaN included) reads back unchanged from it. */
function valueType (values: Float64Array): ValueType {
  for (const v of values) if (Math.fround(v) !== v && !Number.isNaN(v)) return 'f64'
  return 'f32'
}

// Header cards may hold numbers JSON cannot (an overflowing exponent reads as Infinity).
function replacer (_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? { nonFinite: String(v) } : v
}

function reviver (_key: string, v: unknown): unknown {
  if (typeof v === 'object' && v !== null && Object.keys(v).length === 1 && typeof (v as { nonFinite?: unknown }).nonFinite === 'string') {
    return Number((v as { nonFinite: string }).nonFinite)
  }
  return v
}

/** Writes the layers file of a galaxy under a temporary name and renames it into place. */
export function writeGalaxyLayers (path: string, g: Galaxy): void {
  const { flux: _flux, sigma: _sigma, ...facts } = g
  const images: Array<{ entry: Omit<LayerEntry, 'offset'>, values: Float64Array }> = []
  g.filters.forEach((f, b) => {
    images.push({ entry: { band: f.name, kind: 'flux', type: valueType(g.flux[b]) }, values: g.flux[b] })
    if (g.sigmaLayers.includes(f.name)) images.push({ entry: { band: f.name, kind: 'sigma', type: valueType(g.sigma[b]) }, values: g.sigma[b] })
  })
  // Offsets lengthen the description they are written in: the layers start after a description whose offsets
  // are placeholders at least as long as any real one (the real description then fits, padded with zeros).
  const layerBytes = images.map((i) => i.values.length * BYTES[i.entry.type])
  const draft = JSON.stringify({ facts, layers: images.map((i) => ({ ...i.entry, offset: Number.MAX_SAFE_INTEGER })) }, replacer)
  const dataStart = align8(PREAMBLE_BYTES + Buffer.byteLength(draft))
  let offset = dataStart
  const layers: LayerEntry[] = images.map((i, k) => {
    const entry = { ...i.entry, offset }
    offset += layerBytes[k]
    return entry
  })
  const description = Buffer.from(JSON.stringify({ facts, layers } satisfies Description, replacer))
  const head = Buffer.alloc(dataStart)
  head.write(MAGIC, 0, 'latin1')
  head.writeUInt32LE(VERSION, 8)
  head.writeUInt32LE(description.length, 12)
  description.copy(head, PREAMBLE_BYTES)
  writeFileAtomicallyWith(path, (fd) => {
    writeSync(fd, head)
    images.forEach((i, k) => { writeValues(fd, i.values, layers[k].type) })
  })
}

function align8 (n: number): number {
  return Math.ceil(n / 8) * 8
}

function writeValues (fd: number, values: Float64Array, type: ValueType): void {
  const size = BYTES[type]
  const perChunk = Math.max(1, Math.floor(WRITE_CHUNK_BYTES / size))
  for (let start = 0; start < values.length; start += perChunk) {
    const end = Math.min(values.length, start + perChunk)
    const buf = Buffer.alloc((end - start) * size)
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
    for (let n = start; n < end; n++) {
      if (type === 'f32') view.setFloat32((n - start) * 4, values[n], true)
      else view.setFloat64((n - start) * 8, values[n], true)
    }
    writeSync(fd, buf)
  }
}

/** An open layers file: the galaxy's facts, and its images read on demand. Close it after use. */
export class GalaxyLayers {
  private constructor (private readonly fd: number, readonly facts: GalaxyFacts, private readonly layers: LayerEntry[]) {}

  /**
   * Opens a layers file; undefined when there is none, or it is not one this version reads whole (an older
   * format, a truncated file): the caller then derives it again from the FITS file.
   */
  static open (path: string): GalaxyLayers | undefined {
    let fd: number
    try {
      fd = openSync(path, 'r')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
    try {
      const d = readDescription(fd)
      if (d !== undefined) return new GalaxyLayers(fd, d.facts, d.layers)
    } catch (err) {
      closeSync(fd)
      throw err
    }
    closeSync(fd)
    return undefined
  }

  /** Rows y0 <= y < y1 of every band's flux and sigma. */
  rows (y0: number, y1: number): BandRows {
    const { width, height, filters, sigmaLayers, signalToNoise } = this.facts
    const from = Math.max(0, Math.min(height, y0))
    const to = Math.max(from, Math.min(height, y1))
    const flux = filters.map((f) => this.read(this.layer(f.name, 'flux'), from, to))
    const sigma = filters.map((f, b) => sigmaLayers.includes(f.name) ? this.read(this.layer(f.name, 'sigma'), from, to) : defaultSigma(flux[b], signalToNoise))
    return { width, y0: from, filters, flux, sigma }
  }

  /** Every band's flux image, in band order. */
  flux (): Float64Array[] {
    return this.facts.filters.map((f) => this.read(this.layer(f.name, 'flux'), 0, this.facts.height))
  }

  close (): void {
    closeSync(this.fd)
  }

  private layer (band: string, kind: LayerEntry['kind']): LayerEntry {
    return this.layers.find((l) => l.band === band && l.kind === kind) as LayerEntry
  }

  private read (l: LayerEntry, y0: number, y1: number): Float64Array {
    const { width } = this.facts
    const size = BYTES[l.type]
    const count = width * (y1 - y0)
    const buf = new Uint8Array(count * size)
    readFully(this.fd, buf, l.offset + y0 * width * size)
    const view = new DataView(buf.buffer)
    const out = new Float64Array(count)
    if (l.type === 'f32') for (let n = 0; n < count; n++) out[n] = view.getFloat32(n * 4, true)
    else for (let n = 0; n < count; n++) out[n] = view.getFloat64(n * 8, true)
    return out
  }
}

function readFully (fd: number, buf: Uint8Array, position: number): void {
  let done = 0
  while (done < buf.length) {
    const n = readSync(fd, buf, done, buf.length - done, position + done)
    if (n === 0) throw new GalaxyFileError('a galaxy layers file ended early (changed while it was read)')
    done += n
  }
}

/** The description, or undefined when the file is not a complete layers file of this version. */
function readDescription (fd: number): Description | undefined {
  const size = fstatSync(fd).size
  if (size < PREAMBLE_BYTES) return undefined
  const pre = Buffer.alloc(PREAMBLE_BYTES)
  readFully(fd, pre, 0)
  if (pre.toString('latin1', 0, 8) !== MAGIC || pre.readUInt32LE(8) !== VERSION) return undefined
  const length = pre.readUInt32LE(12)
  if (length > MAX_DESCRIPTION_BYTES || PREAMBLE_BYTES + length > size) return undefined
  const text = Buffer.alloc(length)
  readFully(fd, text, PREAMBLE_BYTES)
  let d: Description
  try {
    d = JSON.parse(text.toString('utf8'), reviver) as Description
  } catch {
    return undefined
  }
  const { width, height, filters, sigmaLayers } = d.facts
  const pixels = width * height
  const complete = (band: string, kind: LayerEntry['kind']): boolean => d.layers.some((l) => l.band === band && l.kind === kind &&
    l.offset >= PREAMBLE_BYTES + length && l.offset + pixels * BYTES[l.type] <= size)
  if (!filters.every((f) => complete(f.name, 'flux')) || !sigmaLayers.every((b) => complete(b, 'sigma'))) return undefined
  return d
}
