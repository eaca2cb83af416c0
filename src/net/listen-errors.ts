import { AddressError } from './errors.js'

/**
 * Runs a node's start and turns libp2p's listen failure (an `UnsupportedListenAddressesError` whose message lists
 * each address with the system error, e.g. EADDRINUSE) into an AddressError that names the address and the flag to
 * change: a second coordinator on the same server must say "port 4001 is taken, pass --listen", not print a stack.
 */
export async function startListening (start: () => Promise<void>, listen: string[] | undefined): Promise<void> {
  try {
    await start()
  } catch (err) {
    if (!(err instanceof Error) || err.name !== 'UnsupportedListenAddressesError') throw err
    const taken = /(\/ip[46]\/[^\s:]+\/tcp\/\d+): Error: listen EADDRINUSE/.exec(err.message)?.[1]
    if (taken !== undefined) {
      throw new AddressError(`cannot listen on ${taken}: the port is taken by another program; choose another with --listen`, { cause: err })
    }
    const failed = /(\/ip[46]\/[^\s:]+\/tcp\/\d+): Error: (.*)/.exec(err.message)
    throw new AddressError(`cannot listen on ${failed?.[1] ?? (listen ?? []).join(', ')}${failed?.[2] !== undefined ? ` (${failed[2]})` : ''}; check --listen`, { cause: err })
  }
}
