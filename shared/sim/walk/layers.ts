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
export function layersOf(p: Packet, inner = false, out: WalkLayer[] = []): WalkLayer[] {
  // Hot path (every hop of every walk): plain pushes, no closures or spreads.
  const push = (name: WalkLayer['name'], fields: WalkField[]): void => {
    out.push(inner ? { name, fields, inner: true } : { name, fields });
  };
  if (p.eth) push('Ethernet', [f('src', p.eth.src), f('dst', p.eth.dst)]);
  const ipFields = [f('src', p.ip.src), f('dst', p.ip.dst), f('ttl', p.ip.ttl), f('proto', p.ip.proto === 'ipip' ? 'ipip (4)' : p.ip.proto)];
  if (p.ip.id !== undefined) ipFields.push(f('id', p.ip.id));
  push('IPv4', ipFields);
  const l4 = p.l4;
  if (l4?.kind === 'icmp') {
    const fields = [f('type', `${l4.type} (${icmpName(l4.type, l4.code)})`), f('code', l4.code)];
    if (l4.id !== undefined) fields.push(f('id', l4.id));
    if (l4.seq !== undefined) fields.push(f('seq', l4.seq));
    push('ICMP', fields);
  } else if (l4?.kind === 'tcp') {
    push('TCP', [f('sport', l4.sport), f('dport', l4.dport), f('flags', l4.flags)]);
  } else if (l4?.kind === 'udp') {
    push('UDP', [f('sport', l4.sport), f('dport', l4.dport)]);
  }
  const pl = p.payload;
  if (pl.kind === 'vxlan') {
    push('VXLAN', [f('vni', pl.vni)]);
    layersOf(pl.inner, true, out);
  } else if (pl.kind === 'ipip') {
    layersOf(pl.inner, true, out);
  } else if (pl.kind === 'flannel-udp') {
    push('FlannelUDP', [f('carrier', 'flanneld (udp 8285)')]);
    layersOf(pl.inner, true, out);
  } else if (pl.kind === 'http-request') {
    push('HTTP', [f('request', `${pl.method} ${pl.path} HTTP/1.1`), f('host', pl.host)]);
  } else if (pl.kind === 'http-response') {
    push('HTTP', [f('status', pl.status), f('body', pl.body.trimEnd())]);
  } else if (pl.kind === 'dns-query') {
    push('DNS', [f('query', `${pl.qtype}? ${pl.name}`)]);
  } else if (pl.kind === 'dns-answer') {
    push('DNS', [f('rcode', pl.rcode), f('answers', pl.answers.join(', '))]);
  }
  return out;
}

/** Marks fields whose value differs from the same field one hop earlier (NAT, TTL, MACs). */
export function markChanges(layers: WalkLayer[], prev: WalkLayer[] | undefined): WalkLayer[] {
  if (!prev) return layers;
  if (prev.length === layers.length && layers.every((l, i) => l.name === prev[i]!.name && !!l.inner === !!prev[i]!.inner)) {
    return layers.map((l, i) => changedFields(l, prev[i]!));
  }
  // Pair layers by name, inner-ness and occurrence (the 2nd inner IPv4 with the 2nd inner IPv4).
  const key = (l: WalkLayer, seen: Map<string, number>): string => {
    const k = `${l.name}|${l.inner ? 1 : 0}`;
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return `${k}|${n}`;
  };
  const before = new Map<string, WalkLayer>();
  const seenPrev = new Map<string, number>();
  for (const l of prev) before.set(key(l, seenPrev), l);
  const seen = new Map<string, number>();
  return layers.map((l) => {
    const old = before.get(key(l, seen));
    return old ? changedFields(l, old) : l;
  });
}

/** `l` with `changed` set on fields whose value differs from `old`'s field of the same name. */
function changedFields(l: WalkLayer, old: WalkLayer): WalkLayer {
  let fields: WalkLayer['fields'] | undefined;
  for (let i = 0; i < l.fields.length; i++) {
    const fl = l.fields[i]!;
    const o = old.fields[i]?.name === fl.name ? old.fields[i] : old.fields.find((x) => x.name === fl.name);
    if (o && o.value !== fl.value) {
      fields ??= l.fields.slice();
      fields[i] = { ...fl, changed: true };
    }
  }
  return fields ? { ...l, fields } : l;
}
