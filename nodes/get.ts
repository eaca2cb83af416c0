import '../src/util/polyfill.js'
import { resolve } from 'node:path'
import { CID } from 'multiformats/cid'
import type { Command } from './command.js'
import { EventPrinter } from './cli/event-printer.js'
import { withFetchNode } from './cli/fetch-node.js'
import { projectFlag } from './cli/peer-flags.js'
import { catalogueEntry, fetchArchive, findCatalogue } from '../src/net/catalogue/index.js'
import { writeToFile } from '../src/net/content-files.js'
import { parseCommandArgs, positiveInt, required } from '../src/util/args.js'
import { UsageError } from '../src/util/errors.js'
import { timeoutSignal } from '../src/util/timeout-signal.js'

const USAGE = [
  'pogs get CID --bootstrap MULTIADDR [--bootstrap MULTIADDR]... --out FILE [--data DIR] [--timeout SECONDS] [--json]',
  '       pogs get --galaxy NAME --project KEY --bootstrap MULTIADDR... --out FILE [--data DIR] [--timeout SECONDS] [--json]',
  '',
  '  CID              any content: written as fetched',
  '  --galaxy NAME    a galaxy\'s archive, looked up in the project\'s signed catalogue (pogs archive list) and checked',
  '                   against its size and SHA-256 there; an unknown name fails, listing close ones',
  '  --data DIR       keep the identity, manifest and newest catalogue seen there (default: a throwaway directory)',
  '  --timeout S      give up after S seconds (default 120)'
].join('\n')

function parseCid (text: string): CID {
  try {
    return CID.parse(text)
  } catch {
    throw new UsageError(`${JSON.stringify(text)} is not a CID`)
  }
}

const command: Command = {
  summary: 'fetch any content by CID, or a galaxy\'s archive by name, from the peers that hold it',
  usage: USAGE,
  async run (argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      bootstrap: { type: 'string', multiple: true },
      out: { type: 'string' },
      data: { type: 'string' },
      timeout: { type: 'string' },
      galaxy: { type: 'string' },
      project: { type: 'string' },
      json: { type: 'boolean', default: false }
    }, true)
    const byName = values.galaxy !== undefined
    if (byName && positionals.length > 0) throw new UsageError('give a CID or --galaxy NAME, not both')
    if (!byName && positionals.length !== 1) throw new UsageError('give exactly one CID (or --galaxy NAME --project KEY)')
    if (!byName && values.project !== undefined) throw new UsageError('--project goes with --galaxy')
    const target: { cid: CID } | { galaxy: string, project: string } = byName ? { galaxy: required(values.galaxy, 'galaxy'), project: projectFlag(values.project) } : { cid: parseCid(positionals[0]) }
    const outPath = resolve(required(values.out, 'out'))
    const timeoutS = positiveInt(values.timeout, 'timeout', 120)
    const out = new EventPrinter(values.json)
    await withFetchNode(values, async (node, dataDir) => {
      const signal = timeoutSignal(timeoutS * 1000)
      if ('cid' in target) {
        const bytes = await writeToFile(node.helia, target.cid, outPath, { signal })
        out.emit('fetched', { cid: target.cid.toString(), bytes, out: outPath })
        return
      }
      const { catalogue } = await findCatalogue(node, target.project, dataDir, { signal })
      const entry = catalogueEntry(catalogue, target.galaxy)
      const bytes = await fetchArchive(node.helia, entry, outPath, { signal })
      out.emit('fetched', { galaxy: entry.galaxy, cid: entry.cid.toString(), bytes, sha256: Buffer.from(entry.sha256).toString('hex'), out: outPath })
    })
    return 0
  }
}

export default command
