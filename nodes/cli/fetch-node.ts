// The node a one-shot fetching command runs on (`pogs get`, `pogs archive list`): bootstrapped from --bootstrap (or
// the default list), on --data or, without it, a throwaway identity and store removed afterwards.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ContentError } from '../../src/net/errors.js'
import { startPogsNode, type PogsNode } from '../../src/net/node.js'
import { UsageError } from '../../src/util/errors.js'
import { bootstrapPeers } from './peer-flags.js'

/** Runs `run` on a started node and stops it (and removes its throwaway directory) afterwards. */
export async function withFetchNode<T> (flags: { bootstrap?: string[], data?: string }, run: (node: PogsNode, dataDir: string) => Promise<T>): Promise<T> {
  const bootstrap = await bootstrapPeers(flags.bootstrap)
  if (bootstrap.length === 0) throw new UsageError('no bootstrap peers: pass --bootstrap MULTIADDR')
  const dataDir = flags.data !== undefined ? resolve(flags.data) : await mkdtemp(join(tmpdir(), 'pogs-get-'))
  try {
    const node = await startPogsNode({ dataDir, bootstrap })
    try {
      if (node.unreachable.length === bootstrap.length) throw new ContentError('no bootstrap peer reachable')
      return await run(node, dataDir)
    } finally {
      await node.stop()
    }
  } finally {
    if (flags.data === undefined) await rm(dataDir, { recursive: true, force: true })
  }
}
