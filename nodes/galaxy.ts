import type { Command } from './command.js'
import { UsageError } from '../src/util/errors.js'

// `pogs galaxy synth|fit|add|submit`: each verb lives in nodes/galaxy/ and loads only what it needs.
const VERBS: Record<string, () => Promise<{ default: Command }>> = {
  synth: async () => await import('./galaxy/synth.js'),
  fit: async () => await import('./galaxy/fit.js'),
  add: async () => await import('./galaxy/add.js'),
  submit: async () => await import('./galaxy/submit.js')
}

const command: Command = {
  summary: 'synthetic galaxies with known truth (synth); fit a galaxy FITS file into an HDF5 archive (fit); queue one on a coordinator (add), or send it over the network (submit)',
  usage: 'pogs galaxy synth|fit|add|submit ...   (pogs galaxy VERB --help)',
  verbHelp: true,
  async run (argv) {
    const [verb, ...rest] = argv
    const load = verb === undefined ? undefined : VERBS[verb]
    if (load === undefined) throw new UsageError(`pogs galaxy: expected a verb (${Object.keys(VERBS).join(', ')}), got ${JSON.stringify(verb ?? '')}`)
    const sub = (await load()).default
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${sub.usage}\n  ${sub.summary}\n`)
      return 0
    }
    return await sub.run(rest)
  }
}

export default command
