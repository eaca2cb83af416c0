// WebSockets on Node peers: listened on (public roles accept browser volunteers on /ws), never dialled. Node peers
// reach each other over TCP; dialling WebSockets from Node would need a WebSocket implementation whose connection
// errors after the handshake (a peer killed mid-connection) arrive as EventEmitter 'error' events that
// @libp2p/websockets no longer listens for, and an unheard 'error' ends the process (seen in the chaos demo).
import type { Transport } from '@libp2p/interface'
import { webSockets } from '@libp2p/websockets'

/** The WebSocket transport with dialling switched off: no multiaddr is ever offered to it for a dial. */
export function webSocketListener (): (components: Parameters<ReturnType<typeof webSockets>>[0]) => Transport {
  const make = webSockets()
  return (components) => {
    const transport = make(components)
    transport.dialFilter = () => []
    return transport
  }
}
