/**
 * The mode diff: what a CNI / kube-proxy switch changed on each machine, as the links
 * (`ip link` / `ip addr`: kind and addresses) the topology shows before and after.
 */
import type { TopologySnapshot, TopoNode } from '../../../shared/api/topology';

/** One machine's changes: lines prefixed "+", "-" or " " like a unified diff. */
export interface MachineDiff {
  machine: string;
  lines: string[];
  changed: boolean;
}

const LINKY = new Set(['iface', 'bridge', 'tunnel']);

/** `flannel.1 vxlan 10.244.0.0/32` — a link as a line. */
function linkLine(n: TopoNode): string {
  const d = n.details ?? {};
  return [n.label, d.kind, d.addresses].filter(Boolean).join(' ');
}

function linksByMachine(s: TopologySnapshot): Map<string, string[]> {
  const label = new Map(s.nodes.filter((n) => n.kind === 'node').map((n) => [n.id, n.label]));
  const out = new Map<string, string[]>();
  for (const m of label.values()) out.set(m, []);
  for (const n of s.nodes) {
    if (!LINKY.has(n.kind) || !n.parent || !label.has(n.parent)) continue;
    // Pod veth host ends carry random names; count them instead of listing each.
    if (n.details?.kind === 'veth') continue;
    out.get(label.get(n.parent)!)!.push(linkLine(n));
  }
  for (const n of s.nodes) {
    if (n.details?.kind !== 'veth' || !n.parent || !label.has(n.parent)) continue;
    const list = out.get(label.get(n.parent)!)!;
    const i = list.findIndex((l) => l.startsWith('veth × '));
    if (i < 0) list.push('veth × 1');
    else list[i] = `veth × ${Number(list[i]!.slice(7)) + 1}`;
  }
  for (const list of out.values()) list.sort();
  return out;
}

/** Per machine (in natural order), the links removed, added and kept. */
export function linkDiff(before: TopologySnapshot, after: TopologySnapshot): MachineDiff[] {
  const a = linksByMachine(before);
  const b = linksByMachine(after);
  const machines = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
  return machines.map((m) => {
    const was = new Set(a.get(m) ?? []);
    const now = new Set(b.get(m) ?? []);
    const lines = [...new Set([...was, ...now])].sort().map((l) => (was.has(l) && now.has(l) ? `  ${l}` : was.has(l) ? `- ${l}` : `+ ${l}`));
    return { machine: m, lines, changed: lines.some((l) => l[0] !== ' ') };
  });
}
