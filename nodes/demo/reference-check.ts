import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fit from '../fit.js'
import { readFilters, readObservations } from '../../src/fit/index.js'

/**
 * Fits the real POGS pixels of UGC05479 (reference/z01: 17 pixels, z = 0.01) with the real POGS libraries and
 * compares every `.fit` file with MAGPHYS' own. Returns the number of identical files and the exit code of the fit.
 */
export async function referenceCheck (data: string, out: string, threads: string | undefined): Promise<{ identical: number, total: number, code: number }> {
  const ref = join(data, 'reference', 'z01')
  const args = ['--filters', join(ref, 'filters.dat'), '--observations', join(ref, 'observations.dat'), '--libraries', join(data, 'magphys'), '--out', out]
  if (threads !== undefined) args.push('--threads', threads)
  const started = Date.now()
  const code = await fit.run(args)
  const seconds = (Date.now() - started) / 1000
  const filters = readFilters(join(ref, 'filters.dat'))
  const obs = readObservations(join(ref, 'observations.dat'), filters.length)
  let identical = 0
  process.stdout.write(`\n${'pixel'.padEnd(16)} ${'log M*'.padStart(8)} ${'log SFR'.padStart(8)}  same as MAGPHYS\n`)
  obs.rows.forEach((row, r) => {
    const mine = join(out, `${row.name}.fit`)
    const theirs = join(ref, `row${r + 1}.fit`)
    if (!existsSync(mine)) return
    const text = readFileSync(mine, 'utf8')
    const same = existsSync(theirs) && text === readFileSync(theirs, 'utf8')
    if (same) identical++
    const lines = text.split('\n')
    const value = (block: string): string => {
      const at = lines.findIndex((l) => l.startsWith(block))
      const line = lines.slice(at).find((l, k) => k > 0 && lines[at + k - 1].startsWith('#....percentiles'))
      return line === undefined ? '?' : Number(line.trim().split(/\s+/)[2]).toFixed(3)
    }
    process.stdout.write(`${row.name.padEnd(16)} ${value('# ... M(stars)').padStart(8)} ${value('# ... SFR_0.1Gyr').padStart(8)}  ${same ? 'identical' : 'differs'}\n`)
  })
  process.stdout.write(`\n${identical}/${obs.rows.length} .fit files byte-identical to MAGPHYS' own output; ${seconds.toFixed(1)} s; results in ${out}\n`)
  return { identical, total: obs.rows.length, code }
}
