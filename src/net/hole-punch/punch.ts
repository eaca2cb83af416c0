import { createServer, connect, isIP, type Server, type Socket } from 'node:net'
import { REFUSED_RETRY_MIN_MS, REFUSED_RETRY_SPREAD_MS } from './constants.js'
import { PunchTimeoutError } from './errors.js'

/** A punched socket, and whether it came in on our listener (the other side's SYN after ours was refused) rather
 * than from our own connect (the simultaneous open, or the other side's listener accepting us). */
export interface Punched {
  socket: Socket
  accepted: boolean
}

/** One side of one attempt: from our punch port to the other side's address and punch port. */
export interface PunchInit {
  localPort: number
  remoteIp: string
  remotePort: number
  /** Ends the attempt (with the signal's reason); a timeout signal makes it a PunchTimeoutError. */
  signal: AbortSignal
  /** How long the caller's signal allows, for the error message. */
  timeoutMs: number
}

/**
 * A free local TCP port for one attempt: the OS picks one for a throw-away IPv4 listener, which we close at once.
 * Another program could take it in between (or hold it on IPv6, for an IPv6 attempt); the attempt then fails and
 * the next one picks again.
 */
export async function pickPunchPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port: 0, host: '0.0.0.0' }, resolve)
  })
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => { resolve() }))
  if (address === null || typeof address === 'string') throw new Error('listener has no TCP address')
  return address.port
}

/**
 * Opens a TCP connection between `localPort` and `remoteIp:remotePort` while the other side does the same towards
 * us. We send a SYN from our port (through a NAT that keeps ports this opens the mapping the other side's SYN comes
 * in by: a TCP simultaneous open), and once it is sent we also listen on our port, because where no NAT drops the
 * first SYN (same host, same LAN) it is refused with an RST, and the other side's later SYN must then find a
 * listener. Linux lets a listener share the port of an earlier connecting socket (both SO_REUSEADDR, which libuv
 * sets) but not the reverse, so after a refusal we close the listener, wait a random moment and send the next SYN.
 * Resolves with the first socket connected to the remote address; everything else is closed.
 */
export async function punch (init: PunchInit): Promise<Punched> {
  const { localPort, remoteIp, remotePort, signal } = init
  const wildcard = isIP(remoteIp) === 6 ? '::' : '0.0.0.0'
  signal.throwIfAborted()
  return await new Promise<Punched>((resolve, reject) => {
    let settled = false
    let dialing: Socket | undefined
    let listener: Server | undefined
    let retry: NodeJS.Timeout | undefined

    const closeListener = async (): Promise<void> => {
      const l = listener
      listener = undefined
      if (l !== undefined) await new Promise<void>((resolve) => l.close(() => { resolve() }))
    }
    const settle = (socket: Socket | undefined, err?: Error): void => {
      if (settled) { socket?.destroy(); return }
      settled = true
      clearTimeout(retry)
      signal.removeEventListener('abort', onAbort)
      void closeListener()
      if (dialing !== undefined && dialing !== socket) dialing.destroy()
      if (socket === undefined) { reject(err); return }
      // The caller wraps the socket at once and installs its own handlers.
      socket.removeListener('error', onDialError)
      resolve({ socket, accepted: socket !== dialing })
    }
    const onAbort = (): void => {
      const reason: unknown = signal.reason
      settle(undefined, reason instanceof DOMException && reason.name === 'TimeoutError'
        ? new PunchTimeoutError(init.timeoutMs)
        : reason instanceof Error ? reason : new Error(String(reason)))
    }
    const listen = (): void => {
      if (settled || listener !== undefined) return
      const server = createServer((socket) => {
        // Only the other side's address: anyone else who happens to reach our port is hung up on. Noise then
        // checks the peer id on the socket we keep.
        if (sameIp(socket.remoteAddress, remoteIp)) settle(socket)
        else socket.destroy()
      })
      // Cannot listen (another socket took the port): the SYNs we send can still meet the other side's.
      server.on('error', () => { if (listener === server) listener = undefined })
      server.listen({ port: localPort, host: wildcard })
      listener = server
    }
    function onDialError (this: Socket, err: NodeJS.ErrnoException): void {
      this.destroy()
      if (settled || err.code !== 'ECONNREFUSED') return
      const wait = REFUSED_RETRY_MIN_MS + Math.random() * REFUSED_RETRY_SPREAD_MS
      retry = setTimeout(() => { void closeListener().then(dial) }, wait)
    }
    const dial = (): void => {
      if (settled) return
      const socket = connect({ host: remoteIp, port: remotePort, localPort, localAddress: wildcard })
      dialing = socket
      socket.once('connect', () => { settle(socket) })
      socket.once('error', onDialError)
      // net.connect binds and sends the SYN on the next tick (the host is an IP, no lookup): listen after that.
      setImmediate(listen)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    dial()
  })
}

/** Node reports IPv4 peers of a dual-stack listener as `::ffff:a.b.c.d`. */
function sameIp (seen: string | undefined, expected: string): boolean {
  return seen === expected || seen === `::ffff:${expected}`
}
