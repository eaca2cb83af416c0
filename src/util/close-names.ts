// Suggestions for a name that is not known: the known names nearest to it, for an error message ("close names:").

/** Edit distance (insertions, deletions, substitutions) between two strings, by code unit. */
export function editDistance (a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)))
    }
    previous = row
  }
  return previous[b.length]
}

/** A spelling with case, spaces, dashes and underscores set aside: `NGC_1316` and `ngc 1316` are the same. */
function folded (name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '')
}

/**
 * Up to `max` of `names` closest to `wanted`: those whose folded spelling contains the wanted one's (or the
 * reverse) first, then by edit distance; only names within half the wanted name's length (at least 2 edits).
 */
export function closeNames (wanted: string, names: Iterable<string>, max = 5): string[] {
  const w = folded(wanted.slice(0, 256))
  const limit = Math.max(2, Math.floor(w.length / 2))
  const scored: Array<{ name: string, score: number }> = []
  for (const name of names) {
    const n = folded(name)
    const contained = w.length > 0 && (n.includes(w) || w.includes(n))
    // Lengths differing by more than the limit cannot be within it: skip the quadratic distance.
    const distance = contained ? 0 : Math.abs(n.length - w.length) > limit ? limit + 1 : editDistance(w, n)
    if (contained || distance <= limit) scored.push({ name, score: contained ? -1 : distance })
  }
  return scored.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).slice(0, max).map((s) => s.name)
}
