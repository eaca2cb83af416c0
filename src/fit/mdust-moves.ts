// When each core partner of an Mdust block moves up a bin (docs/fitting.md#only-stellar-bands): a core partner of
// cell m with value v lands in bin m for a member of frac f while floor(v + f) = m, and in m + 1 from the least
// double f* with v + f* >= m + 1 in double arithmetic on (that test is monotone in f). f* depends on the library
// alone, so it is found once per library pair, and each block's partners are listed by increasing f*: for a pixel,
// the members of a block (sorted by frac) then take their moves in one merge, each member applying the moves of
// every partner with f* <= its frac, the same counts as the search per partner of mdust-blocks.ts' addCore.

/** Per block, its core partners that move for some frac below 1, by increasing f*. */
export interface CoreMoves {
  /** Block b's moves are [moveFrom[b], moveFrom[b + 1]). */
  moveFrom: Int32Array
  /** f* of each move. */
  moveAt: Float64Array
  /** The cell a move leaves (m minus the block's first cell m) for the next one. */
  moveCell: Uint16Array
}

// The neighbouring doubles of a non-negative double, from its bits (little-endian words, as every engine that runs
// the fit lays them out; checked once below).
const bits = new Float64Array(1)
const words = new Uint32Array(bits.buffer)
bits[0] = 1
if (words[1] !== 0x3ff00000) throw new Error('mdust moves: doubles are not laid out little-endian')

function nextUp (x: number): number {
  bits[0] = x
  if (words[0] === 0xffffffff) { words[0] = 0; words[1]++ } else words[0]++
  return bits[0]
}

function nextDown (x: number): number {
  bits[0] = x
  if (words[0] === 0) { words[0] = 0xffffffff; words[1]-- } else words[0]--
  return bits[0]
}

/** Half the spacing of the doubles just below the integer top (1 <= top < 2^31): 2^(e - 53), 2^e <= top - 0.5. */
export function halfSpacingBelow (top: number): number {
  return 2 ** (Math.floor(Math.log2(top - 0.5)) - 53)
}

/**
 * The least double f >= 0 with v + f >= top in double arithmetic (top = m + 1 > v >= 0, m an integer below 2^31),
 * or Infinity if that f is 1 or more. v + f rounds up to top from top - half the spacing of the doubles below top (a
 * tie goes to top, whose last bit is 0), so f* lies within an ulp or two of (top - v) - half that spacing; the
 * exact test, monotone in f, then walks to the least f that passes.
 */
export function firstMovingFrac (v: number, top: number, halfSpacing = halfSpacingBelow(top)): number {
  let f = Math.max(0, (top - v) - halfSpacing)
  while (f > 0 && v + nextDown(f) >= top) f = nextDown(f)
  while (!(v + f >= top)) f = nextUp(f)
  return f < 1 ? f : Number.POSITIVE_INFINITY
}

/** Buckets of [0, 1) for sorting a block's moves. */
const BUCKETS = 4096

/**
 * Sorts order[0..n) to list keys[0..n) (each in [0, 1)) by increasing value: a counting sort into BUCKETS equal
 * buckets, then insertion within them (a block's ~10,000 moves leave a few per bucket). The order of equal keys
 * does not matter: their moves are taken before the same member.
 */
function sortByFrac (order: Int32Array, buckets: Int32Array, keys: Float64Array, n: number): void {
  buckets.fill(0)
  for (let t = 0; t < n; t++) buckets[((keys[t] * BUCKETS) | 0) + 1]++
  for (let k = 0; k < BUCKETS; k++) buckets[k + 1] += buckets[k]
  for (let t = 0; t < n; t++) order[buckets[(keys[t] * BUCKETS) | 0]++] = t
  for (let t = 1; t < n; t++) {
    const o = order[t]
    const key = keys[o]
    let u = t - 1
    while (u >= 0 && keys[order[u]] > key) {
      order[u + 1] = order[u]
      u--
    }
    order[u + 1] = o
  }
}

/**
 * The moves of every block, from the blocks' cores: `sorted` holds each core's values (cores one after another),
 * `cellAt`/`cellValue`/`cellFrom`/`cellTo` their cells, as mdust-blocks.ts builds them.
 */
export function coreMoves (sorted: Float64Array, cellAt: Int32Array, cellValue: Int32Array, cellFrom: Int32Array, cellTo: Int32Array): CoreMoves {
  const nBlocks = cellAt.length - 1
  const moveFrom = new Int32Array(new SharedArrayBuffer((nBlocks + 1) * 4))
  // Every core partner at most; trimmed at the end.
  const at = new Float64Array(sorted.length)
  const cell = new Uint16Array(sorted.length)
  let blockAt = new Float64Array(0)
  let blockCell = new Uint16Array(0)
  let order = new Int32Array(0)
  const buckets = new Int32Array(BUCKETS + 1)
  let moves = 0
  for (let b = 0; b < nBlocks; b++) {
    moveFrom[b] = moves
    const firstCell = cellAt[b]
    const lastCell = cellAt[b + 1] - 1
    if (lastCell < firstCell) continue
    const m0 = cellValue[firstCell]
    if (cellValue[lastCell] - m0 + 1 > 0xffff) throw new Error('mdust moves: a block spans more bins than a Uint16 holds')
    const size = cellTo[lastCell] - cellFrom[firstCell]
    if (blockAt.length < size) {
      blockAt = new Float64Array(size)
      blockCell = new Uint16Array(size)
      order = new Int32Array(size)
    }
    let n = 0
    for (let c = firstCell; c <= lastCell; c++) {
      const m = cellValue[c]
      const half = halfSpacingBelow(m + 1)
      for (let q = cellFrom[c]; q < cellTo[c]; q++) {
        const f = firstMovingFrac(sorted[q], m + 1, half)
        if (f === Number.POSITIVE_INFINITY) continue
        blockAt[n] = f
        blockCell[n] = m - m0
        n++
      }
    }
    sortByFrac(order, buckets, blockAt, n)
    for (let t = 0; t < n; t++) {
      at[moves] = blockAt[order[t]]
      cell[moves] = blockCell[order[t]]
      moves++
    }
  }
  moveFrom[nBlocks] = moves
  const moveAt = new Float64Array(new SharedArrayBuffer(moves * 8))
  moveAt.set(at.subarray(0, moves))
  // Rounded up to whole words, so that the array can sit in a kernel's memory at any 4-byte offset.
  const moveCell = new Uint16Array(new SharedArrayBuffer(Math.ceil(moves / 2) * 4), 0, moves)
  moveCell.set(cell.subarray(0, moves))
  return { moveFrom, moveAt, moveCell }
}
