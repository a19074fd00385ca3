/**
 * The packet at a hop, as the inspector lists it: one layer per header, outer first,
 * the inner packet of an encapsulation marked `inner`. Field values are display strings.
 */
import type { Packet } from '../../kernel/packet';
import type { WalkField, WalkLayer } from '../../api/walk';

const ICMP_NAMES: Record<string, string> = {
  '0/0': 'echo reply',
  '8/0': 'echo request',
  '11/0': 'time exceeded in-transit',
  '3/0': 'net unreachable',
  '3/1': 'host unreachable',
  '3/3': 'port unreachable',
  '3/13': 'communication administratively prohibited',
};

/** The tcpdump-style name of an ICMP type/code. */
export function icmpName(type: number, code: number): string {
  return ICMP_NAMES[`${type}/${code}`] ?? `type ${type} code ${code}`;
}

function f(name: string, value: string | number): WalkField {
  return { name, value: String(value) };
}

/** Every header of `p`, outer first; encapsulated headers come after with `inner: true`. */
export function layersOf(p: Packet, inner = false): WalkLayer[] {
  const out: WalkLayer[] = [];
  const mark = (l: WalkLayer): WalkLayer => (inner ? { ...l, inner: true } : l);
  if (p.eth) out.push(mark({ name: 'Ethernet', fields: [f('src', p.eth.src), f('dst', p.eth.dst)] }));
  const ipFields = [f('src', p.ip.src), f('dst', p.ip.dst), f('ttl', p.ip.ttl), f('proto', p.ip.proto === 'ipip' ? 'ipip (4)' : p.ip.proto)];
  if (p.ip.id !== undefined) ipFields.push(f('id', p.ip.id));
  out.push(mark({ name: 'IPv4', fields: ipFields }));
  const l4 = p.l4;
  if (l4?.kind === 'icmp') {
    const fields = [f('type', `${l4.type} (${icmpName(l4.type, l4.code)})`), f('code', l4.code)];
    if (l4.id !== undefined) fields.push(f('id', l4.id));
    if (l4.seq !== undefined) fields.push(f('seq', l4.seq));
    out.push(mark({ name: 'ICMP', fields }));
  } else if (l4?.kind === 'tcp') {
    out.push(mark({ name: 'TCP', fields: [f('sport', l4.sport), f('dport', l4.dport), f('flags', l4.flags)] }));
  } else if (l4?.kind === 'udp') {
    out.push(mark({ name: 'UDP', fields: [f('sport', l4.sport), f('dport', l4.dport)] }));
  }
  const pl = p.payload;
  if (pl.kind === 'vxlan') {
    out.push(mark({ name: 'VXLAN', fields: [f('vni', pl.vni)] }));
    out.push(...layersOf(pl.inner, true));
  } else if (pl.kind === 'ipip') {
    out.push(...layersOf(pl.inner, true));
  } else if (pl.kind === 'flannel-udp') {
    out.push(mark({ name: 'FlannelUDP', fields: [f('carrier', 'flanneld (udp 8285)')] }));
    out.push(...layersOf(pl.inner, true));
  } else if (pl.kind === 'http-request') {
    out.push(mark({ name: 'HTTP', fields: [f('request', `${pl.method} ${pl.path} HTTP/1.1`), f('host', pl.host)] }));
  } else if (pl.kind === 'http-response') {
    out.push(mark({ name: 'HTTP', fields: [f('status', pl.status), f('body', pl.body.trimEnd())] }));
  } else if (pl.kind === 'dns-query') {
    out.push(mark({ name: 'DNS', fields: [f('query', `${pl.qtype}? ${pl.name}`)] }));
  } else if (pl.kind === 'dns-answer') {
    out.push(mark({ name: 'DNS', fields: [f('rcode', pl.rcode), f('answers', pl.answers.join(', '))] }));
  }
  return out;
}

/** Marks fields whose value differs from the same field one hop earlier (NAT, TTL, MACs). */
export function markChanges(layers: WalkLayer[], prev: WalkLayer[] | undefined): WalkLayer[] {
  if (!prev) return layers;
  return layers.map((l, i) => {
    const before = prev.find((p, j) => p.name === l.name && !!p.inner === !!l.inner && (j === i || prev.filter((q) => q.name === l.name).length === 1));
    if (!before) return l;
    let any = false;
    const fields = l.fields.map((fl) => {
      const old = before.fields.find((x) => x.name === fl.name);
      if (old && old.value !== fl.value) {
        any = true;
        return { ...fl, changed: true };
      }
      return fl;
    });
    return any ? { ...l, fields } : l;
  });
}
