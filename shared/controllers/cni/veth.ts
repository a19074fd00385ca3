/**
 * What the reference `bridge` CNI plugin does for flannel and the Docker-era bridge: a
 * bridge per node holding the gateway address, a veth per pod enslaved to it, the pod's
 * address and routes, and the bridge's permanent FDB entries for its ports.
 */
import { addAddress } from '../../kernel/addrs';
import { addVethPair, delLink, mustAddLink } from '../../kernel/links';
import { setFdb } from '../../kernel/neigh';
import { addRoute } from '../../kernel/routes';
import { broadcastOf, formatIPv4, nthAddress, parsePrefix } from '../../kernel/ip';
import type { NetNS } from '../../kernel/netns';
import type { Origin } from '../../kernel/types';
import type { Pod } from '../../model/objects';
import { allocate, release } from './ipam';
import { CNI_OWNER, type CniContext, type PodSandbox } from './types';

/** Options for the bridge plugin as its conflist would set them. */
export interface BridgeOptions {
  bridge: string;
  mtu: number;
  /** Extra routes in the pod (flannel adds the whole cluster network via the gateway). */
  podRoutes: string[];
}

/** Makes the bridge on first use, like the plugin's ensureBridge + ensureAddr. */
export function ensureBridge(ctx: CniContext, nodeNs: NetNS, subnet: string, o: BridgeOptions): void {
  if (nodeNs.link(o.bridge)) return;
  const p = parsePrefix(subnet)!;
  mustAddLink(nodeNs, { kind: 'bridge', name: o.bridge, mac: ctx.mac(), mtu: o.mtu, up: true, qlen: 1000, owner: CNI_OWNER });
  addAddress(nodeNs, o.bridge, `${nthAddress(p, 1)}/${p.len}`, { broadcast: formatIPv4(broadcastOf(p)) });
  const mac = nodeNs.link(o.bridge)!.mac;
  setFdb(nodeNs, { mac, dev: o.bridge, master: o.bridge, permanent: true, owner: CNI_OWNER });
}

/** CNI ADD through the bridge plugin with host-local IPAM. */
export function addBridgedPod(
  ctx: CniContext,
  pod: Pod,
  podNs: NetNS,
  nodeNs: NetNS,
  subnet: string,
  o: BridgeOptions,
): { ip: string; hostIf: string } | { error: string } {
  const node = pod.spec.nodeName!;
  const key = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
  const p = parsePrefix(subnet)!;
  const size = 2 ** (32 - p.len);
  const ip = allocate(ctx.state, node, subnet, key, 2, size - 2);
  if (!ip) return { error: `failed to allocate for range 0: no IP addresses available in range set: ${nthAddress(p, 1)}-${nthAddress(p, size - 2)}` };
  ensureBridge(ctx, nodeNs, subnet, o);
  let hostIf = `veth${ctx.hex(8)}`;
  while (nodeNs.link(hostIf)) hostIf = `veth${ctx.hex(8)}`;
  const { host } = addVethPair(nodeNs, hostIf, ctx.mac(), podNs, 'eth0', ctx.mac(), o.mtu, CNI_OWNER);
  host.master = o.bridge;
  // The veth, its FDB entry and the pod's routes all exist for this Pod.
  const origin: Origin = { controller: 'bridge CNI plugin', object: { kind: 'Pod', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name } };
  host.origin = origin;
  setFdb(nodeNs, { mac: host.mac, dev: hostIf, master: o.bridge, permanent: true, owner: CNI_OWNER, origin });
  const gw = nthAddress(p, 1);
  addAddress(podNs, 'eth0', `${ip}/${p.len}`, { broadcast: formatIPv4(broadcastOf(p)) });
  addRoute(podNs, { table: 'main', type: 'unicast', dst: '0.0.0.0/0', via: gw, dev: 'eth0', owner: CNI_OWNER, origin });
  for (const dst of o.podRoutes) addRoute(podNs, { table: 'main', type: 'unicast', dst, via: gw, dev: 'eth0', owner: CNI_OWNER, origin });
  return { ip, hostIf };
}

/** CNI DEL: the host veth goes (and with it the pod end) and the address is freed. */
export function delBridgedPod(ctx: CniContext, sb: PodSandbox, nodeNs: NetNS): void {
  delLink(nodeNs, sb.hostIf, (id) => ctx.engine.netns.get(id));
  release(ctx.state, sb.node, sb.ip);
}
