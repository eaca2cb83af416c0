import '../src/util/polyfill.js'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Command } from './command.js'
import { referenceCheck } from './demo/reference-check.js'
import { runNetworkDemo } from './demo/network-demo.js'
import { ensureSampleGalaxy, sampleRecipe } from './demo/sample-galaxy.js'
import { parseCommandArgs, positiveInt } from '../src/util/args.js'
import { resolveDataDir } from '../src/util/data-dir.js'
import { dashboardAddress } from './demo/dashboard-address.js'

const USAGE = 'pogs demo [--out DIR] [--json] [--chaos] [--size N] [--galaxy FITS] [--libraries DIR] [--volunteers N] ' +
  '[--verifiers N] [--mirrors N] [--cpus N] [--deadline S] [--timeout S] [--reference] [--data-dir DIR] [--http HOST:PORT] [--keep-serving]'

/**
 * The main job on its embedded default: a whole network on loopback, each role its own process (1
 * coordinator, 3 volunteers, 2 verifiers, 1 mirror), processes the sample galaxy of seeds/galaxies/ into a mirrored
 * HDF5 archive, prints its CID, path and the credit table, and checks it against the fitting core run here.
 */
const command: Command = {
  summary: 'run a whole network on loopback (coordinator, volunteers, verifiers, mirror) processing the sample galaxy',
  usage: USAGE,
  async run (argv) {
    const { values } = parseCommandArgs(argv, {
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      chaos: { type: 'boolean', default: false },
      // Implied by --chaos since the Sybil attacker joined it; still accepted, so scripts that name it keep working.
      sybil: { type: 'boolean', default: false },
      size: { type: 'string' },
      galaxy: { type: 'string' },
      libraries: { type: 'string' },
      volunteers: { type: 'string' },
      verifiers: { type: 'string' },
      mirrors: { type: 'string' },
      cpus: { type: 'string' },
      timeout: { type: 'string' },
      deadline: { type: 'string' },
      reference: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      http: { type: 'string' },
      'keep-serving': { type: 'boolean', default: false }
    })
    const data = resolveDataDir(values['data-dir'])
    // Human output goes to stderr with --json, so stdout carries only JSON lines.
    const say = (s: string): void => { (values.json ? process.stderr : process.stdout).write(s) }
    const keep = values.out !== undefined
    const out = keep ? resolve(values.out as string) : mkdtempSync(join(tmpdir(), 'pogs-demo-'))
    mkdirSync(out, { recursive: true })
    try {
      if (values.reference) {
        const check = await referenceCheck(data, out, undefined)
        if (check.code !== 0 || check.identical !== check.total) return 1
      }
      const sample = sampleRecipe(values.size === undefined ? undefined : positiveInt(values.size, 'size', 24))
      const libraries = resolve(values.libraries ?? join(data, sample.libraries))
      let fits: string
      let truth: string | undefined
      if (values.galaxy !== undefined) {
        fits = resolve(values.galaxy)
      } else {
        const g = ensureSampleGalaxy(sample.recipe, libraries, out)
        fits = g.fits
        truth = g.truth
        say(`sample galaxy "${sample.recipe.name}" (seeds/galaxies/sample.json): ${sample.recipe.size}x${sample.recipe.size} pixels, z = ${sample.recipe.redshift}, synthesized from the libraries in ${libraries} -> ${fits}\n`)
      }
      const result = await runNetworkDemo({
        dir: join(out, 'network'),
        fits,
        truth,
        libraries,
        volunteers: positiveInt(values.volunteers, 'volunteers', 3),
        verifiers: positiveInt(values.verifiers, 'verifiers', 2),
        mirrors: positiveInt(values.mirrors, 'mirrors', 1),
        cpusPerVolunteer: positiveInt(values.cpus, 'cpus', 1),
        chaos: values.chaos,
        // Short, so an instance lost with a killed volunteer is reissued within the run (POGS: 7 days).
        deadlineS: positiveInt(values.deadline, 'deadline', values.chaos ? 60 : 600),
        json: values.json,
        spotCheckPixels: 8,
        http: await dashboardAddress(values.http),
        keepServing: values['keep-serving'],
        timeoutMs: positiveInt(values.timeout, 'timeout', 1200) * 1000,
        say
      })
      say(keep ? `\nfiles kept in ${out}\n` : '\n(the run\'s files were temporary; --out DIR keeps them)\n')
      return result.ok ? 0 : 1
    } finally {
      if (!keep) rmSync(out, { recursive: true, force: true })
    }
  }
}

export default command
