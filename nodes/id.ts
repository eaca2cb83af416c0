import { resolve } from 'node:path'
import type { Command } from './command.js'
import { loadOrCreateIdentity } from '../src/net/identity.js'
import { parseCommandArgs, required } from '../src/util/args.js'

/** `pogs id --data DIR`: the peer id of the key in DIR, created (mode 0600) if there is none yet. Operators run it
 * before a verifier or mirror first starts, since the coordinator's --verifier and --mirror flags name these ids. */
const command: Command = {
  summary: 'id: print the peer id of the key in --data DIR (creating the key if needed)',
  usage: 'pogs id --data DIR [--json]',
  async run (argv) {
    const { values } = parseCommandArgs(argv, { data: { type: 'string' }, json: { type: 'boolean', default: false } })
    const dataDir = resolve(required(values.data, 'data'))
    const identity = await loadOrCreateIdentity(dataDir)
    const peerId = identity.peerId.toString()
    process.stdout.write(values.json ? JSON.stringify({ event: 'id', peerId, dataDir }) + '\n' : peerId + '\n')
    return 0
  }
}

export default command
