import '../src/util/polyfill.js'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { CID } from 'multiformats/cid'
import type { Command } from './command.js'
import { EventPrinter } from './cli/event-printer.js'
import { bootstrapPeers } from './cli/peer-flags.js'
import { parseCommandArgs, positiveInt, required } from '../src/util/args.js'
import { UsageError } from '../src/util/errors.js'
import { writeToFile } from '../src/net/content.js'
import { ContentError } from '../src/net/errors.js'
import { startPogsNode } from '../src/net/node.js'

const USAGE = 'pogs get CID --bootstrap MULTIADDR [--bootstrap MULTIADDR]... --out FILE [--data DIR] [--timeout SECONDS] [--json]'

const command: Command = {
  summary: 'fetch any content by CID from the peers that hold it and write it to a file',
  usage: USAGE,
  async run (argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      bootstrap: { type: 'string', multiple: true },
      out: { type: 'string' },
      data: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean', default: false }
    }, true)
    if (positionals.length !== 1) throw new UsageError('give exactly one CID')
    let cid: CID
    try {
      cid = CID.parse(positionals[0])
    } catch {
      throw new UsageError(`${JSON.stringify(positionals[0])} is not a CID`)
    }
    const outPath = resolve(required(values.out, 'out'))
    const timeoutS = positiveInt(values.timeout, 'timeout', 120)
    const bootstrap = await bootstrapPeers(values.bootstrap)
    if (bootstrap.length === 0) throw new UsageError('no bootstrap peers: pass --bootstrap MULTIADDR')
    // Without --data the fetcher is ephemeral: a throwaway identity and store, removed afterwards.
    const dataDir = values.data !== undefined ? resolve(values.data) : await mkdtemp(join(tmpdir(), 'pogs-get-'))
    const node = await startPogsNode({ dataDir, bootstrap })
    try {
      if (node.unreachable.length === bootstrap.length) throw new ContentError('no bootstrap peer reachable')
      const bytes = await writeToFile(node.helia, cid, outPath, { signal: AbortSignal.timeout(timeoutS * 1000) })
      new EventPrinter(values.json).emit('fetched', { cid: cid.toString(), bytes, out: outPath })
    } finally {
      await node.stop()
      if (values.data === undefined) await rm(dataDir, { recursive: true, force: true })
    }
    return 0
  }
}

export default command
