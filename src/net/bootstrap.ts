import { readFile } from 'node:fs/promises'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { AddressError } from './errors.js'

/** Parses one multiaddr, throwing AddressError (not the library's generic error) on garbage. */
export function parseAddress (text: string): Multiaddr {
  try {
    return multiaddr(text.trim())
  } catch {
    throw new AddressError(`not a multiaddr: ${JSON.stringify(text.slice(0, 120))}`)
  }
}

/**
 * Reads a bootstrap list (seeds/bootstrap/README.md): one multiaddr with /p2p/<peer id> per line; blank lines and
 * lines starting with # are ignored. A missing file is an empty list.
 */
export async function readBootstrapList (path: string): Promise<Multiaddr[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  return parseBootstrapList(text)
}

/** Parses the text of a bootstrap list; every entry must name its peer. */
export function parseBootstrapList (text: string): Multiaddr[] {
  const out: Multiaddr[] = []
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const a = parseAddress(line)
    if (a.getComponents().find((c) => c.name === 'p2p') === undefined) throw new AddressError(`line ${i + 1}: ${line} lacks /p2p/<peer id>`)
    out.push(a)
  }
  return out
}
