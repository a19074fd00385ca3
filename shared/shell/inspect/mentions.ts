/**
 * "Rules that mention it": for an element of the topology (a pod, node, Service or
 * interface), the routes, neighbours, FDB entries, iptables rules (nat and filter, as
 * `iptables -S` lines) and IPVS entries (`ipvsadm -Sn` lines) that name its address, MAC,
 * device, NodePort or Service — found in kernel state on demand and printed by the real
 * commands' own formatters. Machines whose lines are alike (a Service's rules are the
 * same on every node) are listed once, and every list is capped, so a 100-node cluster
 * answers in a few kilobytes.
 */
import type { Engine } from '../../sim/engine';
import type { NetNS } from '../../kernel/netns';
import type { Route } from '../../kernel/types';
import type { Chain, Table, TableName } from '../../kernel/netfilter/state';
import type { VirtualService } from '../../kernel/ipvs/state';
import type { Mention, MentionSection, Mentions } from '../../api/inspect';
import type { Pod, Service } from '../../model/objects';
import { cidrContains, parseIPv4 } from '../../kernel/ip';
import { routesInOrder } from '../../kernel/routes';
import { formatRulesS } from '../../kernel/netfilter/format';
import { orderedChains } from '../../kernel/netfilter/state';
import { formatRoute } from '../commands/iproute2/routefmt';
import { formatNeigh } from '../commands/iproute2/neigh';
import { fdbLine } from '../commands/bridge';
import { save as ipvsSave } from '../commands/ipvsadm';

/** Caps: lines per group, and groups (machines with their own lines) per section. */
export const MENTION_LIMITS = { lines: 25, groups: 4 };

const COMMANDS: Record<MentionSection, string> = {
  route: 'ip route show table all',
  neigh: 'ip neigh',
  fdb: 'bridge fdb show',
  nat: 'iptables -t nat -S',
  filter: 'iptables -S',
  ipvs: 'ipvsadm -Sn',
};
const SECTIONS = Object.keys(COMMANDS) as MentionSection[];

/** What identifies an element in kernel state. */
interface Needles {
  ips: string[];
  macs: string[];
  /** NodePorts and the like, matched as `--dport N` or `:N`. */
  ports: number[];
  /** `ns/name` of a Service, matched in kube-proxy's rule comments. */
  service?: string;
  /** The namespace the element lives in: its devices count there only. */
  home?: NetNS;
  devs: string[];
  /** Routes whose prefix holds one of the IPs count, on every node (how each node reaches a pod). */
  containedEverywhere: boolean;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** One regexp that finds any needle in a line of text. */
function textMatcher(n: Needles): (line: string) => boolean {
  const parts: string[] = [];
  // An address, or the same as a /32; `10.244.1.0/24` names a subnet, not the address 10.244.1.0.
  for (const ip of n.ips) parts.push(`(?<![0-9.])${esc(ip)}(?![0-9]|\\.[0-9]|/(?!32(?![0-9])))`);
  for (const mac of n.macs) parts.push(`(?<![0-9a-f:])${esc(mac)}(?![0-9a-f:])`);
  for (const p of n.ports) parts.push(`(?:--dport |:)${p}(?![0-9])`);
  if (n.service) parts.push(`[" ]${esc(n.service)}[:" ]`);
  if (!parts.length) return () => false;
  const re = new RegExp(parts.join('|'), 'i');
  return (line) => re.test(line);
}

function labelOf(engine: Engine, ns: NetNS): string {
  if (ns.id.startsWith('node/')) return ns.id.slice(5);
  if (ns.id.startsWith('pod/')) return ns.id.slice(4);
  if (ns.id === 'external') return engine.spec.external.name;
  return ns.id;
}

/** The needles of a topology element, or undefined for kinds that name nothing in kernel state. */
function needlesOf(engine: Engine, id: string): Needles | undefined {
  const empty: Needles = { ips: [], macs: [], ports: [], devs: [], containedEverywhere: false };
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon);
  const rest = id.slice(colon + 1);
  if (kind === 'node') {
    const n = engine.spec.nodes.find((x) => x.name === rest);
    const ns = engine.netns.get(`node/${rest}`);
    return n && ns ? { ...empty, ips: [n.ip], home: ns } : undefined;
  }
  if (kind === 'pod' || kind === 'ctr') {
    const [pns, name] = rest.split('/');
    const pod = engine.store.get<Pod>('Pod', pns ?? '', name ?? '');
    const ip = pod?.status?.podIP;
    if (!pod || !ip) return undefined;
    const home = pod.spec.nodeName ? engine.netns.get(`node/${pod.spec.nodeName}`) : undefined;
    const own = engine.netns.get(`pod/${pns}/${name}`);
    const eth0 = own?.links.find((l) => l.kind === 'veth');
    const hostEnd = eth0 && eth0.kind === 'veth' ? home?.linkByIndex(eth0.peer.ifindex) : undefined;
    return { ...empty, ips: [ip], macs: eth0?.mac ? [eth0.mac] : [], home, devs: hostEnd ? [hostEnd.name] : [], containedEverywhere: !pod.spec.hostNetwork };
  }
  if (kind === 'svc') {
    const [sns, name] = rest.split('/');
    const svc = engine.store.get<Service>('Service', sns ?? '', name ?? '');
    if (!svc) return undefined;
    const ips = [...(svc.spec.clusterIPs ?? (svc.spec.clusterIP ? [svc.spec.clusterIP] : [])), ...(svc.spec.externalIPs ?? []), ...(svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '')];
    const ports = (svc.spec.ports ?? []).map((p) => p.nodePort ?? 0).filter((p) => p > 0);
    return { ...empty, ips: ips.filter((ip) => parseIPv4(ip) !== undefined), ports, service: `${sns}/${name}` };
  }
  if (kind === 'if') {
    const at = rest.lastIndexOf(':');
    const owner = rest.slice(0, at);
    const dev = rest.slice(at + 1);
    const nsId = owner === 'router' || owner === 'external' ? owner : owner.includes('/') ? `pod/${owner}` : `node/${owner}`;
    const ns = engine.netns.get(nsId);
    const link = ns?.link(dev);
    if (!ns || !link) return undefined;
    const macs = link.mac && link.mac !== '00:00:00:00:00:00' ? [link.mac] : [];
    return { ...empty, ips: ns.addrsOf(dev).map((a) => a.ip), macs, home: ns, devs: [dev] };
  }
  return undefined;
}

/** Per-query memos: chains and virtual services are shared between nodes, so each is judged once. */
interface Memo {
  chains: Map<Chain, string[]>;
  services: Map<VirtualService, { lines: string[]; extra: number }>;
  cap: number;
}

/**
 * One virtual service's `ipvsadm -Sn` lines that mention the needles. Formatting sorts the
 * real servers, and a Service may have thousands: only the first `cap` matching ones are
 * printed, the rest counted in `extra`.
 */
function ipvsLines(ns: NetNS, vs: VirtualService, hit: (line: string) => boolean, cap: number): { lines: string[]; extra: number } {
  const text = (reals: VirtualService['reals']) => ipvsSave({ ipvs: { ...ns.ipvs, services: [{ ...vs, reals }] } }, true).split('\n').filter((l) => l && hit(l));
  const header = text([]);
  // Every real-server line repeats the virtual address, so a matching header makes them all match.
  const reals = header.length ? vs.reals : vs.reals.filter((r) => hit(`${r.ip}:${r.port}`));
  if (!header.length && !reals.length) return { lines: [], extra: 0 };
  const shown = reals.slice(0, cap);
  return { lines: text(shown), extra: reals.length - shown.length };
}

/** The virtual services in the order ipvsadm prints them (its own sort, applied to their header lines). */
function ipvsOrder(ns: NetNS): VirtualService[] {
  const bare = ns.ipvs.services.map((vs) => ({ ...vs, reals: [] }));
  const byHeader = new Map(bare.map((b, i) => [ipvsSave({ ipvs: { ...ns.ipvs, services: [b] } }, true).trimEnd(), ns.ipvs.services[i]!]));
  return ipvsSave({ ipvs: { ...ns.ipvs, services: bare } }, true).split('\n').filter((l) => byHeader.has(l)).map((l) => byHeader.get(l)!);
}

/** The lines of one namespace that mention the needles, per section (`ipvsExtra`: IPVS lines left unprinted). */
function scan(engine: Engine, ns: NetNS, n: Needles, hit: (line: string) => boolean, memo: Memo): Record<MentionSection, string[]> & { ipvsExtra: number } {
  const chainMemo = memo.chains;
  const atHome = ns === n.home;
  const devs = atHome ? new Set(n.devs) : new Set<string>();
  const contains = (r: Route) => n.containedEverywhere && r.dst !== '0.0.0.0/0' && n.ips.some((ip) => cidrContains(r.dst, ip));
  const route: string[] = [];
  for (const table of ['main', 'local'] as const) {
    for (const r of routesInOrder(ns, table)) {
      const text = formatRoute(engine, ns, r, { showTable: true });
      if ((r.dev && devs.has(r.dev)) || contains(r) || hit(text)) route.push(text);
    }
  }
  const neigh = [...ns.neigh].reverse().map((x) => ({ x, text: formatNeigh(x, false).replace(/\n$/, '') })).filter(({ x, text }) => devs.has(x.dev) || hit(text)).map((e) => e.text);
  const fdb = [...ns.fdb].reverse().map((f) => ({ f, text: fdbLine(f, false).replace(/\n$/, '') })).filter(({ f, text }) => devs.has(f.dev) || hit(text)).map((e) => e.text);
  const rules = (table: TableName) => {
    const t = ns.nf.tables[table];
    const found = new Map<Chain, string[]>();
    for (const c of t.chains.values()) {
      // Chains are shared between nodes (kube-proxy's base layer): scan each once per query.
      let lines = atHome ? undefined : chainMemo.get(c);
      if (!lines) {
        lines = formatRulesS(t, c, false).split('\n').filter((l) => l.startsWith('-A ') && (hit(l) || [...devs].some((d) => l.includes(` -i ${d} `) || l.includes(` -o ${d} `))));
        if (!atHome) chainMemo.set(c, lines);
      }
      if (lines.length) found.set(c, lines);
    }
    // iptables' chain order, applied to the few chains that matched (sorting thousands per node costs more than the scan).
    const subset: Table = { ...t, chains: new Map([...found.keys()].map((c) => [c.name, c])) };
    return orderedChains(subset).flatMap((c) => found.get(c)!);
  };
  const ipvs: string[] = [];
  let ipvsExtra = 0;
  for (const vs of ipvsOrder(ns)) {
    let got = memo.services.get(vs);
    if (!got) memo.services.set(vs, (got = ipvsLines(ns, vs, hit, memo.cap)));
    ipvs.push(...got.lines);
    ipvsExtra += got.extra;
  }
  return { route, neigh, fdb, nat: rules('nat'), filter: rules('filter'), ipvs, ipvsExtra };
}

/** Everything in kernel state that mentions the element `id` (a topology id), grouped and capped. */
export function findMentions(engine: Engine, id: string, limits = MENTION_LIMITS): Mentions {
  const n = needlesOf(engine, id);
  if (!n) return { id, mentions: [], omitted: 0 };
  const hit = textMatcher(n);
  const spaces: NetNS[] = [];
  if (n.home && !n.home.id.startsWith('node/')) spaces.push(n.home);
  for (const node of engine.spec.nodes) {
    const ns = engine.netns.get(`node/${node.name}`);
    if (ns) spaces.push(ns);
  }
  const memo: Memo = { chains: new Map(), services: new Map(), cap: limits.lines };
  // section → lines key → group; Map keeps first-seen (node) order.
  const groups = new Map<MentionSection, Map<string, { machines: string[]; lines: string[]; extra: number }>>(SECTIONS.map((s) => [s, new Map()]));
  for (const ns of spaces) {
    const found = scan(engine, ns, n, hit, memo);
    for (const s of SECTIONS) {
      if (!found[s].length) continue;
      const extra = s === 'ipvs' ? found.ipvsExtra : 0;
      const key = `${extra}\n${found[s].join('\n')}`;
      const g = groups.get(s)!;
      const cur = g.get(key);
      if (cur) cur.machines.push(labelOf(engine, ns));
      else g.set(key, { machines: [labelOf(engine, ns)], lines: found[s], extra });
    }
  }
  const mentions: Mention[] = [];
  let omitted = 0;
  for (const s of SECTIONS) {
    let kept = 0;
    for (const g of groups.get(s)!.values()) {
      if (kept++ >= limits.groups) {
        omitted++;
        continue;
      }
      mentions.push({ section: s, command: COMMANDS[s], machines: g.machines, lines: g.lines.slice(0, limits.lines), more: Math.max(0, g.lines.length - limits.lines) + g.extra });
    }
  }
  return { id, mentions, omitted };
}
