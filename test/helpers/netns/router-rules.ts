/**
 * How a home router translates: `keep-ports` is plain masquerade (Linux keeps the source port unless that tuple is
 * taken); `random-ports` is masquerade `fully-random` (every mapping gets a random port, as symmetric NATs do).
 * Both filter inbound as Linux conntrack does: only replies to a mapping's own remote address and port get in, and
 * connections to a port forward (a DNAT rule, which a UPnP daemon in the router's namespace adds: upnp-router.ts).
 */
export type NatKind = 'keep-ports' | 'random-ports'

/** Interface names inside a router namespace. */
export const WAN_IF = 'wan'
export const LAN_IF = 'lan'

/**
 * The nftables ruleset of a home router, loaded inside the router's namespace (so nothing reaches the root
 * namespace's tables). Unsolicited inbound from the WAN is dropped, never answered with an RST or ICMP error: a
 * peer's early hole-punching SYN must vanish, not reset the attempt.
 */
export function routerRuleset (nat: NatKind): string {
  const masquerade = nat === 'random-ports' ? 'masquerade fully-random' : 'masquerade'
  return `
table ip pogs_nat {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "${WAN_IF}" ${masquerade}
  }
}
table inet pogs_filter {
  chain input {
    type filter hook input priority filter; policy drop;
    iif "lo" accept
    ct state invalid drop
    ct state established,related accept
    iifname "${LAN_IF}" accept
  }
  chain forward {
    type filter hook forward priority filter; policy drop;
    ct state invalid drop
    ct state established,related accept
    iifname "${LAN_IF}" oifname "${WAN_IF}" accept
    # What the router's own DNAT rules let in (the port forwards a UPnP daemon adds), as home routers do; the other
    # tests add none, so for them nothing unsolicited gets in.
    ct status dnat accept
    # Hosts on the home LAN talk to each other freely, as behind any home router (with br_netfilter loaded,
    # bridged LAN traffic passes this chain too).
    iifname "${LAN_IF}" oifname "${LAN_IF}" accept
  }
}
`
}
