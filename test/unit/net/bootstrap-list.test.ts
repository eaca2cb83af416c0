import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { parseBootstrapList } from '../../../src/net/bootstrap.js'
import { startPogsNode } from '../../../src/net/node.js'
import { repoRoot } from '../../../src/util/repo-root.js'

const PEER = '12D3KooWGC6TvWhfapngX6wvJHMYvKpDMXPb3ZnCZ6dMoaMtimQ5'

it('reads a network\'s JSON bootstrap list; the shipped default parses', () => {
  const list = parseBootstrapList(JSON.stringify({ network: 'example', peers: [`/dns4/seed1.example.org/tcp/4001/p2p/${PEER}`] }))
  expect(list.map(String)).toEqual([`/dns4/seed1.example.org/tcp/4001/p2p/${PEER}`])
  expect(parseBootstrapList(readFileSync(join(repoRoot(), 'seeds', 'bootstrap', 'default.json'), 'utf8'))).toEqual([])
})

it('refuses malformed lists with ERR_ADDRESS', () => {
  for (const bad of ['# a text list\n/ip4/1.2.3.4/tcp/1', '[]', '{"peers": []}', '{"network": "x", "peers": "no"}',
    '{"network": "x", "peers": [7]}', '{"network": "x", "peers": ["/ip4/1.2.3.4/tcp/1"]}', '{"network": "x", "peers": ["garbage"]}']) {
    expect(() => parseBootstrapList(bad), bad).toThrow(expect.objectContaining({ code: 'ERR_ADDRESS' }))
  }
})

it('a listen port in use is an ERR_ADDRESS naming the address and --listen', async () => {
  const taken = createServer()
  await new Promise<void>((resolve) => { taken.listen(0, '127.0.0.1', () => { resolve() }) })
  const port = (taken.address() as { port: number }).port
  const dataDir = await mkdtemp(join(tmpdir(), 'pogs-taken-'))
  try {
    const start = startPogsNode({ dataDir, listen: [`/ip4/127.0.0.1/tcp/${port}`] })
    await expect(start).rejects.toMatchObject({ code: 'ERR_ADDRESS', message: expect.stringContaining(`/ip4/127.0.0.1/tcp/${port}`) })
    await expect(start).rejects.toMatchObject({ message: expect.stringContaining('--listen') })
  } finally {
    taken.close()
    await rm(dataDir, { recursive: true, force: true })
  }
})
