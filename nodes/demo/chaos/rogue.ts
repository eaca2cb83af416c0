// The rogue peer of `pogs demo --chaos`, an entry script of its own (not a `pogs` command):
//   node rogue.js --bootstrap COORDINATOR_MULTIADDR [--target MULTIADDR]... [--json]
// It sends garbage to every protocol of the coordinator and each --target, and forged and replayed results to the
// coordinator, reporting each target's answer (`attempt` events, then `done`). Exits 1 if any target accepted
// something it should have refused.
import '../../../src/util/polyfill.js'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Command } from '../../command.js'
import { EventPrinter } from '../../cli/event-printer.js'
import { bootstrapPeers } from '../../cli/peer-flags.js'
import { exitWith, runCommand } from '../../cli/run-command.js'
import { startPogsNode } from '../../../src/net/node.js'
import { PROTOCOLS, type ProtocolName } from '../../../src/net/protocols.js'
import { parseCommandArgs } from '../../../src/util/args.js'
import { UsageError } from '../../../src/util/errors.js'
import { forgeResults, sendGarbage, type RogueAttempt } from './rogue-attacks.js'

const command: Command = {
  summary: 'chaos tool: send garbage, forged signatures and replays to a network\'s peers and report their answers',
  usage: 'rogue --bootstrap COORDINATOR_MULTIADDR [--target MULTIADDR]... [--json]',
  async run (argv) {
    const { values } = parseCommandArgs(argv, { bootstrap: { type: 'string', multiple: true }, target: { type: 'string', multiple: true }, json: { type: 'boolean', default: false } })
    if (values.bootstrap === undefined) throw new UsageError('--bootstrap COORDINATOR_MULTIADDR is required')
    const [coordinator] = await bootstrapPeers(values.bootstrap)
    const targets = [coordinator, ...await bootstrapPeers(values.target ?? [])]
    const out = new EventPrinter(values.json)
    const dataDir = await mkdtemp(join(tmpdir(), 'pogs-rogue-'))
    const node = await startPogsNode({ dataDir, bootstrap: [coordinator] })
    const attempts: RogueAttempt[] = []
    try {
      out.emit('ready', { peerId: node.peerId.toString(), addrs: node.addrs().map(String) })
      const report = (a: RogueAttempt[]): void => { for (const x of a) { attempts.push(x); out.emit('attempt', { ...x }) } }
      for (const t of targets) for (const name of Object.keys(PROTOCOLS) as ProtocolName[]) report(await sendGarbage(node, t, name))
      report(await forgeResults(node, coordinator))
    } finally {
      await node.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
    const accepted = attempts.filter((a) => a.outcome === 'ACCEPTED').length
    out.emit('done', { peerId: node.peerId.toString(), attempts: attempts.length, accepted })
    return accepted === 0 ? 0 : 1
  }
}

exitWith('rogue', runCommand('rogue', command, process.argv.slice(2)))
