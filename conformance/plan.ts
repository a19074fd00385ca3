/**
 * Turns a simulated cluster into the real commands that build the same data plane in
 * network namespaces: the same link names, ifindexes, MACs, MTUs, addresses, routes,
 * permanent neighbours and FDB entries, all taken from the simulated kernel state (not
 * recomputed), so any difference the comparison finds is the simulator's.
 * Pure: it returns argv lists and runs nothing.
 */
import type { Engine } from '../shared/sim/engine';
import type { NetNS } from '../shared/kernel/netns';
import type { Link } from '../shared/kernel/types';
import { realNetns, switchNetns } from './names';

export interface Plan {
  /** Every namespace to create, in order. */
  namespaces: string[];
  /** argv lists, run in order; each must succeed. */
  steps: string[][];
  /** Simulated namespace id → real netns name, for the namespaces we compare. */
  map: Map<string, string>;
  /** What the plan could not reproduce and why (each becomes a documented deviation). */
  skipped: string[];
  /** Link names this kernel cannot build; comparisons leave them out on both sides. */
  missingLinks: string[];
}

export interface PlanOptions {
  /** Whether this kernel can make ipip (tunl0) devices. */
  ipip: boolean;
}

export function buildPlan(engine: Engine, opts: PlanOptions = { ipip: true }): Plan {
  const plan: Plan = { namespaces: [], steps: [], map: new Map(), skipped: [], missingLinks: [] };
  const all = [...engine.netns.values()];
  for (const ns of all) {
    const real = realNetns(ns.id);
    plan.map.set(ns.id, real);
    plan.namespaces.push(real);
  }
  const segments = new Set<string>();
  for (const ns of all) for (const l of ns.links) if (l.kind === 'ether' && l.segment) segments.add(l.segment);
  for (const seg of [...segments].sort()) {
    const sw = switchNetns(seg);
    plan.namespaces.push(sw);
    plan.steps.push(['ip', '-n', sw, 'link', 'add', 'br0', 'type', 'bridge']);
    plan.steps.push(['ip', '-n', sw, 'link', 'set', 'br0', 'up']);
  }
  for (const ns of plan.namespaces) {
    plan.steps.push(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
    // The simulator does not rate-limit ICMP errors; a kernel does (1/s per peer), which
    // would turn a traceroute after a ping matrix into `* * *`.
    plan.steps.push(['ip', 'netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv4.icmp_ratelimit=0', 'net.ipv4.icmp_msgs_per_sec=1000000', 'net.ipv4.icmp_msgs_burst=1000000']);
  }

  let port = 0;
  const made = new Set<string>();
  for (const ns of all) {
    const real = plan.map.get(ns.id)!;
    for (const l of [...ns.links].sort((a, b) => a.ifindex - b.ifindex)) {
      const key = `${ns.id}#${l.ifindex}`;
      if (made.has(key) || l.kind === 'loopback') continue;
      made.add(key);
      const base = ['ip', '-n', real, 'link', 'add', l.name, 'index', String(l.ifindex), 'address', l.mac, 'mtu', String(l.mtu)];
      switch (l.kind) {
        case 'ether': {
          if (!l.segment) {
            plan.skipped.push(`${ns.id} ${l.name}: ether link without a segment`);
            break;
          }
          port++;
          plan.steps.push([...base, 'type', 'veth', 'peer', 'name', `p${port}`, 'netns', switchNetns(l.segment)]);
          plan.steps.push(['ip', '-n', switchNetns(l.segment), 'link', 'set', `p${port}`, 'master', 'br0', 'up']);
          break;
        }
        case 'veth': {
          const peerNs = engine.netns.get(l.peer.netns);
          const peer = peerNs?.linkByIndex(l.peer.ifindex);
          if (!peerNs || !peer) {
            plan.skipped.push(`${ns.id} ${l.name}: veth peer ${l.peer.netns}#${l.peer.ifindex} missing`);
            break;
          }
          made.add(`${peerNs.id}#${peer.ifindex}`);
          plan.steps.push([
            ...base, 'type', 'veth', 'peer', 'name', peer.name, 'index', String(peer.ifindex), 'address', peer.mac,
            'mtu', String(peer.mtu), 'netns', plan.map.get(peerNs.id)!,
          ]);
          break;
        }
        case 'bridge':
          plan.steps.push([...base, 'type', 'bridge']);
          break;
        case 'dummy':
          plan.steps.push([...base, 'type', 'dummy']);
          break;
        case 'vxlan':
          plan.steps.push([
            ...base, 'type', 'vxlan', 'id', String(l.vni), 'local', l.local, 'dev', l.dev, 'dstport', String(l.dstport),
            ...(l.learning ? [] : ['nolearning']),
          ]);
          break;
        case 'ipip':
          if (!opts.ipip) {
            if (!plan.missingLinks.includes(l.name)) plan.missingLinks.push(l.name);
            break;
          }
          // tunl0 is the ipip module's fallback device: it exists in every namespace once
          // the module is loaded, so it is configured, not added.
          plan.steps.push(['ip', '-n', real, 'link', 'set', l.name, 'mtu', String(l.mtu)]);
          break;
        case 'tun':
          plan.steps.push(['ip', '-n', real, 'tuntap', 'add', 'dev', l.name, 'mode', 'tun']);
          plan.steps.push(['ip', '-n', real, 'link', 'set', l.name, 'mtu', String(l.mtu)]);
          break;
      }
    }
  }
  for (const ns of all) addMastersAndState(plan, ns);
  for (const ns of all) addAddressesRoutesNeigh(plan, ns);
  // Whatever needs a link we could not build is a deviation, not a step that fails.
  plan.steps = plan.steps.filter((st) => {
    const dev = st.indexOf('dev') >= 0 ? st[st.indexOf('dev') + 1] : st[3] === 'link' && st[4] === 'set' ? st[5] : undefined;
    if (dev && plan.missingLinks.includes(dev)) {
      plan.skipped.push(`${st.join(' ')} (no ${dev} in this kernel)`);
      return false;
    }
    return true;
  });
  return plan;
}

function addMastersAndState(plan: Plan, ns: NetNS): void {
  const real = plan.map.get(ns.id)!;
  for (const l of ns.links) {
    if (l.master) plan.steps.push(['ip', '-n', real, 'link', 'set', l.name, 'master', l.master]);
    // The bridge CNI plugin (hairpinMode: true) turns hairpin on for the ports it makes.
    if (l.master && l.owner === 'cni') plan.steps.push(['ip', '-n', real, 'link', 'set', l.name, 'type', 'bridge_slave', 'hairpin', 'on']);
  }
  // Bridges first, so ports come up into a running bridge.
  const order = [...ns.links].sort((a, b) => Number(b.kind === 'bridge') - Number(a.kind === 'bridge'));
  for (const l of order) if (l.up && l.kind !== 'loopback') plan.steps.push(['ip', '-n', real, 'link', 'set', l.name, 'up']);
  if (ns.sysctl.ipForward) plan.steps.push(['ip', 'netns', 'exec', real, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  for (const dev of ns.sysctl.proxyArp) {
    plan.steps.push(['ip', 'netns', 'exec', real, 'sysctl', '-qw', `net.ipv4.conf.${dev}.proxy_arp=1`]);
  }
}

function addAddressesRoutesNeigh(plan: Plan, ns: NetNS): void {
  const real = plan.map.get(ns.id)!;
  for (const a of ns.addrs) {
    const link: Link | undefined = ns.linkByIndex(a.ifindex);
    if (!link || link.kind === 'loopback') continue;
    const argv = ['ip', '-n', real, 'addr', 'add', `${a.ip}/${a.prefixLen}`];
    if (a.broadcast) argv.push('brd', a.broadcast);
    argv.push('scope', a.scope, 'dev', link.name);
    plan.steps.push(argv);
  }
  // The kernel adds connected and local routes itself; we add only what a controller did.
  const routes = ns.routes.filter((r) => r.table === 'main' && r.proto !== 'kernel');
  // Routes through a gateway need their link route first: scope link before global.
  routes.sort((a, b) => Number(Boolean(a.via)) - Number(Boolean(b.via)));
  for (const r of routes) {
    const argv = ['ip', '-n', real, 'route', 'add'];
    if (r.type !== 'unicast') argv.push(r.type);
    argv.push(r.dst === '0.0.0.0/0' ? 'default' : r.dst);
    if (r.via) argv.push('via', r.via);
    if (r.dev) argv.push('dev', r.dev);
    if (r.proto && r.proto !== 'boot') argv.push('proto', r.proto);
    if (r.scope && r.type === 'unicast' && !(r.scope === 'global' && r.via)) argv.push('scope', r.scope);
    if (r.src) argv.push('src', r.src);
    if (r.metric !== undefined) argv.push('metric', String(r.metric));
    if (r.onlink) argv.push('onlink');
    plan.steps.push(argv);
  }
  for (const n of ns.neigh) {
    if (n.proxy) plan.steps.push(['ip', '-n', real, 'neigh', 'add', 'proxy', n.ip, 'dev', n.dev]);
    else if (n.state === 'PERMANENT' && n.lladdr) {
      plan.steps.push(['ip', '-n', real, 'neigh', 'replace', n.ip, 'lladdr', n.lladdr, 'dev', n.dev, 'nud', 'permanent']);
    }
  }
  for (const f of ns.fdb) {
    if (!f.permanent || !f.dst) continue;
    plan.steps.push(['bridge', '-n', real, 'fdb', 'append', f.mac, 'dev', f.dev, 'dst', f.dst, 'self', 'permanent']);
  }
}
