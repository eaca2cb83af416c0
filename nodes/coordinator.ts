import '../src/util/polyfill.js'
import { resolve } from 'node:path'
import type { Command } from './command.js'
import { parseCommandArgs, required } from '../src/util/args.js'
import { bootstrapPeers, EventPrinter, peerIdFlags, untilTerminated } from '../src/net/cli.js'
import { CoordinatorNetwork } from '../src/net/coordinator-network.js'

const USAGE = 'pogs coordinator --data DIR --libraries LIBDIR [--listen MULTIADDR]... [--verifier PEERID]... ' +
  '[--mirror PEERID]... [--bootstrap MULTIADDR]... [--json]'

const command: Command = {
  summary: 'run a project coordinator: publish its libraries and signed manifest on the DHT',
  usage: USAGE,
  async run (argv) {
    const { values } = parseCommandArgs(argv, {
      data: { type: 'string' },
      libraries: { type: 'string' },
      listen: { type: 'string', multiple: true },
      verifier: { type: 'string', multiple: true },
      mirror: { type: 'string', multiple: true },
      bootstrap: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false }
    })
    const dataDir = resolve(required(values.data, 'data'))
    const librariesDir = resolve(required(values.libraries, 'libraries'))
    const out = new EventPrinter(values.json)
    const terminated = untilTerminated()
    const net = await CoordinatorNetwork.start({
      dataDir,
      librariesDir,
      listen: values.listen,
      bootstrap: values.bootstrap === undefined ? [] : await bootstrapPeers(values.bootstrap),
      verifiers: peerIdFlags(values.verifier, 'verifier'),
      mirrors: peerIdFlags(values.mirror, 'mirror')
    })
    const project = net.node.peerId.toString()
    out.emit('ready', { peerId: project, addrs: net.node.addrs().map(String), project })
    for (const lib of net.libraries) out.emit('library', { name: lib.name, cid: lib.cid.toString(), size: lib.size })
    out.emit('published', { sequence: net.manifest.sequence, libraries: net.libraries.length })
    await terminated
    await net.stop()
    out.emit('stopped', { peerId: project })
    return 0
  }
}

export default command
