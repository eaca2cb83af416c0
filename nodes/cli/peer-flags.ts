// Flags that name peers: bootstrap addresses, peer ids, the project key. Bad values are usage errors.
import { join } from 'node:path'
import type { Multiaddr } from '@multiformats/multiaddr'
import { parseAddress, readBootstrapList } from '../../src/net/bootstrap.js'
import { parseProjectKey } from '../../src/net/discovery.js'
import { required } from '../../src/util/args.js'
import { PogsError, UsageError } from '../../src/util/errors.js'
import { repoRoot } from '../../src/util/repo-root.js'

/** The bootstrap peers: the --bootstrap flags, or seeds/bootstrap/default.json without them. */
export async function bootstrapPeers (flags: string[] | undefined): Promise<Multiaddr[]> {
  try {
    if (flags !== undefined && flags.length > 0) {
      return flags.map((f) => {
        const a = parseAddress(f)
        if (a.getComponents().find((c) => c.name === 'p2p') === undefined) throw new UsageError(`--bootstrap ${f} lacks /p2p/<peer id>`)
        return a
      })
    }
    return await readBootstrapList(join(repoRoot(), 'seeds', 'bootstrap', 'default.json'))
  } catch (err) {
    if (err instanceof UsageError) throw err
    throw new UsageError(`bad bootstrap address: ${(err as Error).message}`)
  }
}

/** Validates repeatable peer-id flags (--verifier, --mirror). */
export function peerIdFlags (values: string[] | undefined, flag: string): string[] {
  return (values ?? []).map((v) => {
    try {
      return parseProjectKey(v).toString()
    } catch (err) {
      if (err instanceof PogsError) throw new UsageError(`--${flag} ${JSON.stringify(v)} is not a peer id`)
      throw err
    }
  })
}

/** The required --project flag: the project key (its coordinator's peer id), as given. */
export function projectFlag (value: string | undefined): string {
  const project = required(value, 'project')
  try {
    parseProjectKey(project)
  } catch {
    throw new UsageError(`--project ${JSON.stringify(project)} is not a peer id`)
  }
  return project
}
