import '../src/util/polyfill.js'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Command } from './command.js'
import { createFitPool, readFilters, readObservations, type PixelOutcome } from '../src/fit/index.js'
import { parseCommandArgs, positiveInt, required } from '../src/util/args.js'
import { startProgress } from '../src/util/progress.js'
import { writeFileAtomically } from '../src/util/atomic-write.js'

const USAGE = 'pogs fit --filters FILE --observations FILE --libraries DIR [--out DIR] [--threads N]'

function safeName (name: string): string {
  return name.replace(/[^A-Za-z0-9._+-]/g, '_')
}

const command: Command = {
  summary: 'fit observations.dat pixels with MAGPHYS-equivalent SED fitting; writes one .fit per pixel',
  usage: USAGE,
  async run (argv) {
    const { values } = parseCommandArgs(argv, {
      filters: { type: 'string' },
      observations: { type: 'string' },
      libraries: { type: 'string' },
      out: { type: 'string' },
      threads: { type: 'string' }
    })
    const filtersPath = required(values.filters, 'filters')
    const observationsPath = required(values.observations, 'observations')
    const librariesDir = required(values.libraries, 'libraries')
    const out = resolve(values.out ?? 'pogs-fit')
    const filters = readFilters(filtersPath)
    const obs = readObservations(observationsPath, filters.length)
    mkdirSync(out, { recursive: true })
    const pool = createFitPool({ libraries: librariesDir, threads: values.threads === undefined ? undefined : positiveInt(values.threads, 'threads', 1) })
    const unfitted: string[] = []
    const report = (line: string): void => {
      unfitted.push(line)
      process.stderr.write(line + '\n')
    }
    for (const err of obs.errors) report(`${err.file}:${err.line}\tmalformed\t${err.message}`)
    const progress = startProgress('fitting', obs.rows.length)
    let outcomes: PixelOutcome[]
    try {
      outcomes = await pool.fit(filters, obs.rows, {
        withText: true,
        onPixel: (index, outcome) => {
          progress.increment()
          const name = obs.rows[index].name
          if (outcome.ok) writeFileAtomically(join(out, `${safeName(name)}.fit`), outcome.text ?? '')
          else if ('unfitted' in outcome) report(`${name}\t${outcome.unfitted.reason}\t${outcome.unfitted.message}`)
          else report(`${name}\t${outcome.error.code}\t${outcome.error.message}`)
        }
      })
    } finally {
      progress.stop()
      await pool.close()
    }
    writeFileAtomically(join(out, 'unfitted.txt'), unfitted.map((l) => l + '\n').join(''))
    const fitted = outcomes.filter((o) => o.ok).length
    process.stderr.write(`pogs fit: ${fitted} fitted, ${outcomes.length - fitted + obs.errors.length} not fitted (listed in ${join(out, 'unfitted.txt')})\n`)
    const malformed = obs.errors.length > 0 || outcomes.some((o) => !o.ok && 'error' in o)
    return malformed ? 1 : 0
  }
}

export default command
