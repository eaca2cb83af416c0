import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DashboardServer } from '../../../src/web/http-server.js'
import { Router } from '../../../src/web/router.js'
import { SseHub } from '../../../src/web/sse-hub.js'

// Server-sent events: clients get each broadcast as a named event with a JSON body, the number of clients is
// capped (503 beyond it), and a closed client is forgotten.

let hub: SseHub
let server: DashboardServer
let url: string
beforeAll(async () => {
  hub = new SseHub({ maxClients: 2, heartbeatMs: 60_000 })
  server = new DashboardServer(new Router().add('GET', '/api/events', hub.handler()))
  url = new URL('/api/events', await server.start({ host: '127.0.0.1', port: 0 })).toString()
})
afterAll(async () => {
  hub.close()
  await server.stop()
})

/** Reads the stream until `until` appears in it. */
async function readUntil (reader: ReadableStreamDefaultReader<Uint8Array>, until: string): Promise<string> {
  let text = ''
  const decoder = new TextDecoder()
  while (!text.includes(until)) {
    const { value, done } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
  }
  return text
}

describe('server-sent events', () => {
  test('broadcasts reach every client as named events; clients beyond the cap get 503', async () => {
    const a = await fetch(url)
    const b = await fetch(url)
    expect(a.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const ra = (a.body as ReadableStream<Uint8Array>).getReader()
    const rb = (b.body as ReadableStream<Uint8Array>).getReader()
    await readUntil(ra, ': connected')
    await readUntil(rb, ': connected')
    expect(hub.size).toBe(2)
    const third = await fetch(url)
    expect(third.status).toBe(503)
    expect(await third.json()).toMatchObject({ error: { code: 'ERR_TOO_MANY_CLIENTS' } })

    hub.broadcast('assimilated', { unitId: 'u1', galaxyId: 1, pixels: 20 })
    for (const r of [ra, rb]) {
      const text = await readUntil(r, '\n\n')
      expect(text).toMatch(/event: assimilated\ndata: \{"unitId":"u1","galaxyId":1,"pixels":20\}\n\n/)
    }
    await ra.cancel()
    await rb.cancel()
    // The server sees the sockets close; wait for the hub to forget them (it reacts to 'close' events).
    await expect.poll(() => hub.size, { timeout: 5_000 }).toBe(0)
  })
})
