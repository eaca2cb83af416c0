import { multiaddr } from '@multiformats/multiaddr'
import { describe, expect, it } from 'vitest'
import { NETWORK_FLAGS, parseNetworkFlags } from '../../../nodes/cli/network-flags.js'
import { addressesChanged } from '../../../src/net/coordinator-network.js'
import { PUBLIC_ROLE_MAX_CONNECTIONS, VOLUNTEER_MAX_CONNECTIONS } from '../../../src/net/constants.js'
import { parseCommandArgs } from '../../../src/util/args.js'

const SEED = '/ip4/10.77.0.2/tcp/4001/p2p/12D3KooWGC6TvWhfapngX6wvJHMYvKpDMXPb3ZnCZ6dMoaMtimQ5'
const LOCAL_SEED = '/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWGC6TvWhfapngX6wvJHMYvKpDMXPb3ZnCZ6dMoaMtimQ5'
const flags = async (argv: string[], kind: 'volunteer' | 'public-role' = 'volunteer'): ReturnType<typeof parseNetworkFlags> =>
  await parseNetworkFlags(parseCommandArgs(['--data', '/tmp/pogs-flags', ...argv], NETWORK_FLAGS).values, 'required', kind)

// The network flags every role takes (nodes/cli/network-flags.ts): defaults by role and network, typed refusals.
describe('network flags', () => {
  it('a volunteer on a public network: ephemeral port and a relay slot, DHT client, few connections', async () => {
    const f = await flags(['--bootstrap', SEED, '--reachable-cidr', '10.77.0.0/24'])
    expect(f.network).toBe('public')
    expect(f.listen.filter((a) => a !== '/ip6/::/tcp/0')).toEqual(['/ip4/0.0.0.0/tcp/0', '/p2p-circuit'])
    expect(f.dhtClient).toBe(true)
    expect(f.maxConnections).toBe(VOLUNTEER_MAX_CONNECTIONS)
    expect(f.reachableCidrs.map((c) => c.text)).toEqual(['10.77.0.0/24'])
  })

  it('a public role on a public network: port 4001, DHT server, many connections, its announce address', async () => {
    const f = await flags(['--bootstrap', SEED, '--announce', '/dns4/pogs.example.org/tcp/4001'], 'public-role')
    expect(f.listen[0]).toBe('/ip4/0.0.0.0/tcp/4001')
    expect(f.announce).toEqual(['/dns4/pogs.example.org/tcp/4001'])
    expect(f.dhtClient).toBe(false)
    expect(f.maxConnections).toBe(PUBLIC_ROLE_MAX_CONNECTIONS)
  })

  it('stays local on one machine, as the demo runs', async () => {
    const f = await flags(['--bootstrap', LOCAL_SEED])
    expect(f).toMatchObject({ network: 'local', listen: ['/ip4/127.0.0.1/tcp/0'], dhtClient: false, maxConnections: undefined })
    expect((await flags(['--bootstrap', SEED, '--network', 'local'])).network).toBe('local')
  })

  it('refuses bad addresses and modes as usage errors', async () => {
    for (const bad of [['--announce', '/ip4/0.0.0.0/tcp/4001'], ['--announce', 'garbage'], ['--network', 'internet'],
      ['--reachable-cidr', '10.0.0.0'], ['--listen', '/dns4/x.org/tcp/1'], ['--bootstrap', '/ip4/1.2.3.4/tcp/1']]) {
      await expect(flags(bad.includes('--bootstrap') ? bad : ['--bootstrap', SEED, ...bad]), bad.join(' ')).rejects.toMatchObject({ name: 'UsageError' })
    }
  })
})

describe('the coordinator republishes its manifest when its addresses change', () => {
  it('compares address sets, not lists', () => {
    const a = multiaddr('/ip4/10.77.0.3/tcp/4001')
    const b = multiaddr('/ip4/10.77.0.9/tcp/4001')
    expect(addressesChanged([a, b], [b, a, a])).toBe(false)
    expect(addressesChanged([a], [b])).toBe(true)
    expect(addressesChanged([a], [a, b])).toBe(true)
  })
})
