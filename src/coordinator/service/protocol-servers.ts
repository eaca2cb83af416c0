// The coordinator's protocol servers (/pogs/work, /pogs/result, /pogs/result-batch). They are registered while the
// node starts, before it listens (PogsNodeInit.protocols): a volunteer that reconnects the moment a restarted
// coordinator listens must not be told the protocols are unsupported (it would submit its results one by one until
// it reconnected again). The handlers need what is ready only later (the libraries are added once the node runs), so
// until the service opens the servers every request is answered ERR_BUSY, which every pogs retries.
import type { PrivateKey } from '@libp2p/interface'
import type { RateLimit } from '../../net/rate-limiter.js'
import type { ReplayGuard } from '../../net/replay-guard.js'
import { ProtocolServer, type ProtocolHost, type Rejection, type RequestHandler } from '../../net/request-response.js'
import { PogsError } from '../../util/errors.js'

/** The protocols a coordinator serves. */
export type CoordinatorProtocol = 'work' | 'result' | 'result-batch'

/** The handler of each protocol a coordinator serves. */
export type CoordinatorHandlers = { [P in CoordinatorProtocol]: RequestHandler<P> }

/** Options shared by the three servers. */
export interface CoordinatorServersInit {
  /** One guard for all three, so a message id is accepted once per node. */
  replayGuard: ReplayGuard
  onRejected: (rejection: Rejection) => void
  rateLimits?: Partial<Record<CoordinatorProtocol, RateLimit>>
}

const PROTOCOLS: readonly CoordinatorProtocol[] = ['work', 'result', 'result-batch']

/** The three servers: registered by `register` as the node starts, answering ERR_BUSY until `open`. */
export class CoordinatorServers {
  private handlers: CoordinatorHandlers | undefined
  private readonly servers: Array<ProtocolServer<CoordinatorProtocol>> = []

  constructor (private readonly init: CoordinatorServersInit) {}

  /** Registers the servers on a starting node: pass as `PogsNodeInit.protocols`. */
  readonly register = async (host: ProtocolHost, privateKey: PrivateKey): Promise<void> => {
    const { replayGuard, onRejected, rateLimits } = this.init
    for (const name of PROTOCOLS) {
      const rateLimit = rateLimits?.[name]
      const server = new ProtocolServer(host, name, this.gate(name), { privateKey, replayGuard, onRejected, ...(rateLimit !== undefined ? { rateLimit } : {}) })
      await server.start()
      this.servers.push(server)
    }
  }

  /** From now on requests reach `handlers`. */
  open (handlers: CoordinatorHandlers): void {
    this.handlers = handlers
  }

  /** Unregisters the servers and aborts the requests they are answering. Safe twice. */
  async stop (): Promise<void> {
    this.handlers = undefined
    for (const s of this.servers.splice(0)) await s.stop().catch(() => {})
  }

  private gate<P extends CoordinatorProtocol> (name: P): RequestHandler<P> {
    return async (request, ctx) => {
      const handler = this.handlers?.[name] as RequestHandler<P> | undefined
      if (handler === undefined) throw new PogsError('ERR_BUSY', 'the coordinator is starting')
      return await handler(request, ctx)
    }
  }
}
