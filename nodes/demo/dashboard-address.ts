// Where the demo's coordinator serves its dashboard: `--http HOST:PORT` as given, else 127.0.0.1:8080 when that
// port is free and any free port of 127.0.0.1 when it is not (a second demo, or another server on 8080, must not
// stop the run). The port is fixed before the coordinator starts, so a coordinator restarted by --chaos serves at
// the same URL.
import { createServer } from 'node:net'
import { DEFAULT_HTTP_ADDRESS, parseHttpAddress } from '../../src/web/index.js'

/** The HOST:PORT to pass to `pogs coordinator --http`. */
export async function dashboardAddress (flag: string | undefined): Promise<string> {
  if (flag !== undefined) {
    const a = parseHttpAddress(flag)
    if (a.port !== 0) return flag
    return `${a.host.includes(':') ? `[${a.host}]` : a.host}:${await listenablePort(a.host, 0)}`
  }
  const d = parseHttpAddress(DEFAULT_HTTP_ADDRESS)
  const port = await listenablePort(d.host, d.port).catch(async () => await listenablePort(d.host, 0))
  return `${d.host}:${port}`
}

/** Listens on host:port briefly and returns the port it got (rejects when it is taken). */
async function listenablePort (host: string, port: number): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(port, host, () => {
      const address = server.address()
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port)
        else reject(new Error('no port'))
      })
    })
  })
}
