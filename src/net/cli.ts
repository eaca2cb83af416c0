import { join } from 'node:path'
import type { Multiaddr } from '@multiformats/multiaddr'
import { UsageError } from '../util/errors.js'
import { repoRoot } from '../util/repo-root.js'
import { parseAddress, readBootstrapList } from './bootstrap.js'
import { parseProjectKey } from './discovery.js'
import { PogsError } from '../util/errors.js'

// Helpers shared by the long-running network commands (coordinator, mirror, get).

/** Prints events: one JSON object per line with --json, else a short readable line. */
export class EventPrinter {
  constructor (private readonly json: boolean, private readonly out: NodeJS.WritableStream = process.stdout) {}

  emit (event: string, fields: Record<string, unknown>): void {
    if (this.json) {
      this.out.write(JSON.stringify({ event, ...fields }) + '\n')
    } else {
      const text = Object.entries(fields).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(' ')
      this.out.write(`${event} ${text}\n`)
    }
  }
}

/** Resolves with the signal's name at the first SIGINT or SIGTERM (Ctrl-C shuts down cleanly). */
export async function untilTerminated (): Promise<NodeJS.Signals> {
  return await new Promise((resolve) => {
    const on = (s: NodeJS.Signals): void => {
      process.off('SIGINT', on)
      process.off('SIGTERM', on)
      resolve(s)
    }
    process.on('SIGINT', on)
    process.on('SIGTERM', on)
  })
}

/** The bootstrap peers: the --bootstrap flags, or seeds/bootstrap/default.txt without them. */
export async function bootstrapPeers (flags: string[] | undefined): Promise<Multiaddr[]> {
  try {
    if (flags !== undefined && flags.length > 0) {
      return flags.map((f) => {
        const a = parseAddress(f)
        if (a.getComponents().find((c) => c.name === 'p2p') === undefined) throw new UsageError(`--bootstrap ${f} lacks /p2p/<peer id>`)
        return a
      })
    }
    return await readBootstrapList(join(repoRoot(), 'seeds', 'bootstrap', 'default.txt'))
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
