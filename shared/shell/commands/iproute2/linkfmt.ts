/**
 * How iproute2 (6.1) prints a link: the header line with flags, qdisc, master, state,
 * group and qlen; the `link/...` line with `link-netns`; `-d` details per kind (vxlan,
 * veth, bridge, bridge_slave, ipip, tun); `-s` counters; the `-br` form. Every field is
 * read from the namespace's state.
 */
import type { Engine } from '../../../sim/engine';
import type { NetNS } from '../../../kernel/netns';
import type { Link } from '../../../kernel/types';
import { hasCarrier } from '../../../kernel/links';

const resolver = (engine: Engine) => (id: string) => engine.netns.get(id);

/** A veth whose other end is in the same namespace (`ip link add a type veth peer name b`). */
function localPeer(ns: NetNS | undefined, link: Link): Link | undefined {
  return link.kind === 'veth' && ns && link.peer.netns === ns.id ? ns.linkByIndex(link.peer.ifindex) : undefined;
}

/** `eth0@if7` (peer elsewhere), `x@veth0` (peer here), `tunl0@NONE`, or the plain name. */
export function displayName(link: Link, ns?: NetNS): string {
  const local = localPeer(ns, link);
  if (local) return `${link.name}@${local.name}`;
  if (link.kind === 'veth') return `${link.name}@if${link.peer.ifindex}`;
  if (link.kind === 'ipip' && link.name === 'tunl0') return `${link.name}@NONE`;
  return link.name;
}

/** The `<...>` flags. */
export function linkFlags(engine: Engine, ns: NetNS, link: Link): string {
  const carrier = hasCarrier(ns, link, resolver(engine));
  const f: string[] = [];
  if (link.up && !carrier) f.push('NO-CARRIER');
  if (link.kind === 'loopback') f.push('LOOPBACK');
  else if (link.kind === 'ipip') f.push('NOARP');
  else if (link.kind === 'tun') f.push('POINTOPOINT', 'MULTICAST', 'NOARP');
  else if (link.kind === 'dummy') f.push('BROADCAST', 'NOARP');
  else f.push('BROADCAST', 'MULTICAST');
  if (link.up) f.push('UP');
  if (link.up && carrier) f.push('LOWER_UP');
  // iproute2 marks a link whose lower/peer device (in this namespace) is down.
  const local = localPeer(ns, link);
  if (local && !local.up) f.push('M-DOWN');
  return `<${f.join(',')}>`;
}

/** Operational state as `ip link` shows it. */
export function linkState(engine: Engine, ns: NetNS, link: Link): string {
  if (!link.up) return 'DOWN';
  if (!hasCarrier(ns, link, resolver(engine))) return 'DOWN';
  if (link.kind === 'loopback' || link.kind === 'vxlan' || link.kind === 'ipip' || link.kind === 'tun' || link.kind === 'dummy') return 'UNKNOWN';
  return 'UP';
}

function qdisc(link: Link): string {
  if (link.kind === 'ether') return 'fq_codel';
  if (link.kind === 'tun') return 'pfifo_fast';
  return link.up ? 'noqueue' : 'noop';
}

/** `2: eth0: <...> mtu 1500 qdisc fq_codel state UP [mode DEFAULT ]group default qlen 1000`. */
export function linkHeader(engine: Engine, ns: NetNS, link: Link, withMode: boolean): string {
  const master = link.master ? ` master ${link.master}` : '';
  const qlen = link.qlen !== undefined ? ` qlen ${link.qlen}` : '';
  return `${link.ifindex}: ${displayName(link, ns)}: ${linkFlags(engine, ns, link)} mtu ${link.mtu} qdisc ${qdisc(link)}${master} state ${linkState(engine, ns, link)}${withMode ? ' mode DEFAULT' : ''} group default${qlen}`;
}

/** ` link-netns cni-...` / ` link-netnsid 0` for a veth whose peer is elsewhere. */
export function netnsSuffix(engine: Engine, link: Link, ns?: NetNS): string {
  if (link.kind !== 'veth') return '';
  if (ns && link.peer.netns === ns.id) return '';
  const peerNs = engine.netns.get(link.peer.netns);
  if (!peerNs) return '';
  if (peerNs.runtimeName) return ` link-netns ${peerNs.runtimeName}`;
  return ' link-netnsid 0';
}

/** The `    link/ether ... brd ...` line, without a newline. */
export function linkAddressLine(engine: Engine, link: Link, ns?: NetNS): string {
  if (link.kind === 'loopback') return '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00';
  if (link.kind === 'ipip') return '    link/ipip 0.0.0.0 brd 0.0.0.0';
  if (link.kind === 'tun') return '    link/none ';
  return `    link/ether ${link.mac} brd ff:ff:ff:ff:ff:ff${netnsSuffix(engine, link, ns)}`;
}

const TAIL = 'gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 ';

/** The extra `-d` text that follows the link/ line (starting on that same line). */
export function linkDetails(engine: Engine, ns: NetNS, link: Link): string {
  const port = link.master ? ns.link(link.master) : undefined;
  const promisc = port ? 1 : 0;
  const [minmtu, maxmtu] = link.kind === 'loopback' ? [0, 0] : link.kind === 'ipip' ? [68, 65515] : [68, 65535];
  let s = ` promiscuity ${promisc}  allmulti ${promisc} minmtu ${minmtu} maxmtu ${maxmtu} `;
  const queues = link.kind === 'veth' ? 2 : 1;
  const addrgen = link.kind === 'tun' ? '' : 'addrgenmode eui64 ';
  let tail = `${addrgen}numtxqueues ${queues} numrxqueues ${queues} ${TAIL}`;
  // A bridge takes the smallest TSO limit of its ports; with none it keeps the legacy 64 KiB.
  if (link.kind === 'bridge' && !ns.links.some((l) => l.master === link.name)) tail = tail.replace('tso_max_size 524280', 'tso_max_size 65536');
  let kind = '';
  if (link.kind === 'vxlan') {
    kind = `vxlan id ${link.vni} local ${link.local} dev ${link.dev} srcport 0 0 dstport ${link.dstport} ${link.learning ? '' : 'nolearning '}ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx `;
  } else if (link.kind === 'veth') kind = 'veth ';
  else if (link.kind === 'bridge') kind = bridgeDetails(link);
  else if (link.kind === 'ipip') kind = `ipip ipip remote ${link.remote ?? 'any'} local ${link.local ?? 'any'} ttl inherit nopmtudisc `;
  else if (link.kind === 'tun') kind = 'tun type tun pi off vnet_hdr off persist off ';
  else if (link.kind === 'dummy') kind = 'dummy ';
  if (port) {
    if (kind) s += `\n    ${kind}`;
    s += `\n    ${slaveDetails(ns, link, port)}${tail}`;
  } else if (kind) s += `\n    ${kind}${tail}`;
  else s += tail;
  return s;
}

/** iproute2 prints the bridge id's MAC bytes with `%x`: no zero padding (`8000.4a:e:1c:...`). */
function bridgeId(mac: string): string {
  return `8000.${mac.split(':').map((b) => parseInt(b, 16).toString(16)).join(':')}`;
}

function bridgeDetails(br: Link): string {
  return `bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0 vlan_protocol 802.1Q bridge_id ${bridgeId(br.mac)} designated_root ${bridgeId(br.mac)} root_port 0 root_path_cost 0 topology_change 0 topology_change_detected 0 hello_timer    0.00 tcn_timer    0.00 topology_change_timer    0.00 gc_timer    0.00 vlan_default_pvid 1 vlan_stats_enabled 0 vlan_stats_per_port 0 group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1 no_linklocal_learn 0 mcast_vlan_snooping 0 mcast_router 1 mcast_query_use_ifaddr 0 mcast_querier 0 mcast_hash_elasticity 16 mcast_hash_max 4096 mcast_last_member_count 2 mcast_startup_query_count 2 mcast_last_member_interval 100 mcast_membership_interval 26000 mcast_querier_interval 25500 mcast_query_interval 12500 mcast_query_response_interval 1000 mcast_startup_query_interval 3124 mcast_stats_enabled 0 mcast_igmp_version 2 mcast_mld_version 1 nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0 `;
}

function slaveDetails(ns: NetNS, link: Link, br: Link): string {
  const ports = ns.links.filter((l) => l.master === br.name);
  const no = ports.indexOf(link) + 1;
  const hex = (n: number) => `0x${n.toString(16)}`;
  // The bridge CNI plugin turns hairpin mode on for pod ports (flannel's hairpinMode: true).
  const hairpin = link.owner === 'cni' ? 'on' : 'off';
  return `bridge_slave state ${link.up ? 'forwarding' : 'disabled'} priority 32 cost 2 hairpin ${hairpin} guard off root_block off fastleave off learning on flood on port_id ${hex(0x8000 + no)} port_no ${hex(no)} designated_port ${32768 + no} designated_cost 0 designated_bridge ${bridgeId(br.mac)} designated_root ${bridgeId(br.mac)} hold_timer    0.00 message_age_timer    0.00 forward_delay_timer    0.00 topology_change_ack 0 config_pending 0 proxy_arp off proxy_arp_wifi off mcast_router 1 mcast_fast_leave off mcast_flood on bcast_flood on mcast_to_unicast off neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0 vlan_tunnel off isolated off locked off `;
}

/** The `-s` counter block (4 lines, each ending in a newline). */
export function linkStats(link: Link): string {
  const s = link.stats ?? { rxBytes: 0, rxPackets: 0, rxDropped: 0, txBytes: 0, txPackets: 0, txDropped: 0 };
  const row = (a: number, b: number, c: number, d: number, e: number, f: number) =>
    `    ${String(a).padStart(10)} ${String(b).padStart(7)} ${String(c).padStart(6)} ${String(d).padStart(7)} ${String(e).padStart(7)} ${String(f).padStart(7)} \n`;
  return (
    '    RX:  bytes packets errors dropped  missed   mcast           \n' +
    row(s.rxBytes, s.rxPackets, 0, s.rxDropped, 0, 0) +
    '    TX:  bytes packets errors dropped carrier collsns           \n' +
    row(s.txBytes, s.txPackets, 0, s.txDropped, 0, 0)
  );
}

/** `-br` columns: the name padded to 16, the state to 14. */
export function briefPrefix(engine: Engine, ns: NetNS, link: Link): string {
  return `${displayName(link, ns).padEnd(16)} ${linkState(engine, ns, link).padEnd(14)} `;
}
