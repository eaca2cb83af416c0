import type { Socket } from 'node:net'
import { ipPortToMultiaddr } from '@libp2p/utils'
import type { ComponentLogger, Connection, PeerId, Upgrader } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import { UpgradeFailedError } from './errors.js'
import { socketToConnection } from './socket-connection.js'

/** Which end of the exchange we are: the initiator upgrades as the outbound side (Noise initiator, multistream
 * dialer), the responder as the inbound side, whichever end's SYN opened the TCP connection. */
export type PunchRole = 'initiator' | 'responder'

/** What upgrading needs from libp2p. */
export interface UpgradeComponents {
  upgrader: Upgrader
  connectionManager: ConnectionManager
  logger: ComponentLogger
}

/**
 * Turns a punched socket into a libp2p Connection to `remotePeer`, through the node's own upgrader: Noise checks the
 * peer's key (the remote address carries its peer id), Yamux on top, and the upgrader announces the connection
 * (`connection:open`), so the connection manager tracks it, the registrar runs identify on it and every protocol
 * can use it like a dialled one. The responder's side goes through `upgradeInbound`, so the connection manager's
 * inbound limits apply to it as to any accepted connection.
 */
export async function upgradeSocket (components: UpgradeComponents, socket: Socket, role: PunchRole, remotePeer: PeerId, signal: AbortSignal): Promise<Connection> {
  if (socket.remoteAddress === undefined || socket.remotePort === undefined || socket.localAddress === undefined || socket.localPort === undefined) {
    socket.destroy()
    throw new UpgradeFailedError({ cause: new Error('socket closed before its upgrade') })
  }
  const remoteAddr = ipPortToMultiaddr(unmapped(socket.remoteAddress), socket.remotePort).encapsulate(`/p2p/${remotePeer.toString()}`)
  const maConn = socketToConnection({
    socket,
    direction: role === 'initiator' ? 'outbound' : 'inbound',
    remoteAddr,
    localAddr: ipPortToMultiaddr(unmapped(socket.localAddress), socket.localPort),
    log: components.logger.forComponent('pogs:hole-punch:connection')
  })
  try {
    if (role === 'initiator') return await components.upgrader.upgradeOutbound(maConn, { signal })
    await components.upgrader.upgradeInbound(maConn, { signal })
    // upgradeInbound returns nothing: the connection manager has it by now (it stores connections as the upgrader
    // announces them, synchronously).
    const connection = components.connectionManager.getConnections(remotePeer)
      .find((c) => c.status === 'open' && c.remoteAddr.equals(remoteAddr))
    if (connection === undefined) throw new Error('upgraded connection closed at once')
    return connection
  } catch (err) {
    maConn.abort(err instanceof Error ? err : new Error(String(err)))
    throw new UpgradeFailedError({ cause: err })
  }
}

/** `::ffff:a.b.c.d` (an IPv4 peer of a dual-stack socket) as `a.b.c.d`. */
function unmapped (ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice('::ffff:'.length) : ip
}
