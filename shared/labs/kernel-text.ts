/**
 * Kernel entries as iproute2 prints them, so a lab's route / neigh / fdb check can be
 * written as a pattern over the line the learner sees in `ip route`, `ip neigh` and
 * `bridge fdb`, while being evaluated on the kernel state itself.
 */
import type { FdbEntry, Neighbour, Route } from '../kernel/types';

/** `10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink`, `default via 192.168.56.1 dev eth0`. */
export function routeLine(r: Route): string {
  const parts: string[] = [];
  if (r.type !== 'unicast') parts.push(r.type);
  parts.push(r.dst === '0.0.0.0/0' ? 'default' : r.dst.endsWith('/32') ? r.dst.slice(0, -3) : r.dst);
  if (r.via) parts.push('via', r.via);
  if (r.dev) parts.push('dev', r.dev);
  if (r.proto && r.proto !== 'boot') parts.push('proto', r.proto);
  if (r.scope && r.scope !== 'global') parts.push('scope', r.scope);
  if (r.src) parts.push('src', r.src);
  if (r.metric !== undefined) parts.push('metric', String(r.metric));
  if (r.onlink) parts.push('onlink');
  if (r.table === 'local') parts.push('table', 'local');
  return parts.join(' ');
}

/** `10.244.1.0 dev flannel.1 lladdr 9a:..:3f PERMANENT`, or `10.0.0.1 dev cali1 proxy`. */
export function neighLine(n: Neighbour): string {
  if (n.proxy) return `${n.ip} dev ${n.dev} proxy`;
  return `${n.ip} dev ${n.dev}${n.lladdr ? ` lladdr ${n.lladdr}` : ''} ${n.state}`;
}

/** `9a:..:3f dev flannel.1 dst 192.168.56.12 self permanent`. */
export function fdbLine(f: FdbEntry): string {
  const parts = [f.mac, 'dev', f.dev];
  if (f.vlan !== undefined) parts.push('vlan', String(f.vlan));
  if (f.dst) parts.push('dst', f.dst);
  if (f.master) parts.push('master', f.master);
  if (f.self) parts.push('self');
  if (f.permanent) parts.push('permanent');
  return parts.join(' ');
}
