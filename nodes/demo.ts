import '../src/util/polyfill.js'
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from './command.js'
import { referenceCheck } from './demo/reference-check.js'
import { sampleGalaxy } from './demo/sample-galaxy.js'
import { parseCommandArgs, positiveInt } from '../src/util/args.js'
import { resolveDataDir } from '../src/util/data-dir.js'

const USAGE = 'pogs demo [--out DIR] [--threads N] [--data-dir DIR]'

/**
 * The main job on its embedded default. Until the network computes (issue 6) it runs on this machine: the 17 real
 * UGC05479 pixels compared with MAGPHYS' own outputs, then the sample galaxy of seeds/galaxies/ fitted whole into
 * its HDF5 archive and scored against its truth.
 */
const command: Command = {
  summary: 'run the main job on the embedded default (reference pixels vs MAGPHYS, then the sample galaxy into an archive)',
  usage: USAGE,
  async run (argv) {
    const { values } = parseCommandArgs(argv, { out: { type: 'string' }, threads: { type: 'string' }, 'data-dir': { type: 'string' } })
    const data = resolveDataDir(values['data-dir'])
    const out = resolve(values.out ?? 'pogs-demo')
    mkdirSync(out, { recursive: true })
    const threads = values.threads === undefined ? undefined : positiveInt(values.threads, 'threads', 1)
    const check = await referenceCheck(data, out, values.threads)
    await sampleGalaxy(data, out, threads)
    return check.code !== 0 || check.identical !== check.total ? 1 : 0
  }
}

export default command
