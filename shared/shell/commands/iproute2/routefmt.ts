/**
 * One route as `ip route` prints it (iproute2 6.1 field order, trailing space included):
 * `[type ]dst [via GW ][dev D ][table T ][proto P ][scope S ][src A ][metric M ][onlink ][linkdown ]`.
 * Exported for the walker's hop records too, so a trace quotes the route exactly.
 */
import type { Engine } from '../../../sim/engine';
import type { NetNS } from '../../../kernel/netns';
import type { Route } from '../../../kernel/types';
import { hasCarrier } from '../../../kernel/links';

/** `default`, `10.244.1.0/24`, or a bare address for a /32. */
export function dstText(dst: string): string {
  if (dst === '0.0.0.0/0') return 'default';
  return dst.endsWith('/32') ? dst.slice(0, -3) : dst;
}

export interface RouteFmtOptions {
  /** Leave out `dev X` (when filtering by it). */
  hideDev?: boolean;
  /** Print `table local` (for `table all`). */
  showTable?: boolean;
  /** -d shows `proto boot` and `unicast`. */
  details?: boolean;
  /** A `proto X` / `scope X` selector was given: iproute2 then leaves that field out. */
  hideProto?: boolean;
  hideScope?: boolean;
}

/** Formats a route without the newline. */
export function formatRoute(engine: Engine | undefined, ns: NetNS, r: Route, o: RouteFmtOptions = {}): string {
  let s = '';
  if (r.type !== 'unicast' || o.details) s += `${r.type} `;
  s += `${dstText(r.dst)} `;
  if (r.via) s += `via ${r.via} `;
  if (r.dev && !o.hideDev) s += `dev ${r.dev} `;
  if (o.showTable && r.table !== 'main') s += `table ${r.table} `;
  const proto = r.proto ?? 'boot';
  if ((proto !== 'boot' || o.details) && !o.hideProto) s += `proto ${proto} `;
  const defScope = r.type === 'local' ? 'host' : r.type === 'broadcast' ? 'link' : 'global';
  const scope = r.scope ?? defScope;
  if ((scope !== 'global' || (o.details && r.type === 'unicast')) && !o.hideScope) s += `scope ${scope} `;
  if (r.src) s += `src ${r.src} `;
  if (r.metric) s += `metric ${r.metric} `;
  if (r.onlink) s += 'onlink ';
  if (engine && r.dev && r.type !== 'local') {
    const link = ns.link(r.dev);
    if (link && link.up && !hasCarrier(ns, link, (id) => engine.netns.get(id))) s += 'linkdown ';
  }
  return s;
}
