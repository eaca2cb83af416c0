// Port mapping on the home router (UPnP IGD) for peers started with --upnp (docs/network.md, "Port mapping").
import { UPnPPortMappingService, type PortMappingComponents, type PortMappingInit, type PortMappingService } from './service.js'

export type { PortMappingComponents, PortMappingEvent, PortMappingEvents, PortMappingInit, PortMappingService } from './service.js'

/**
 * The libp2p service: `services: { upnp: portMapping({ reachable }) }`. Finds the router on the LAN, asks it to
 * forward a port to each of our private TCP listen addresses, and advertises the router's external address and port
 * once `reachable` says others can dial it.
 */
export function portMapping (init: PortMappingInit): (components: PortMappingComponents) => PortMappingService {
  return (components) => new UPnPPortMappingService(components, init)
}
