/**
 * Removing what a CNI programmed towards other nodes, so syncRemote can start clean
 * (after a node joins, a BGP session drops, or the CNI is switched).
 */
import type { NetNS } from '../../kernel/netns';
import { REMOTE_OWNER, type CniContext } from './types';

/** Drops the remote routes, neighbours and FDB entries of one node, and its rejections. */
export function clearRemote(ctx: CniContext, ns: NetNS, node: string): void {
  ns.routes = ns.routes.filter((r) => r.owner !== REMOTE_OWNER);
  ns.neigh = ns.neigh.filter((n) => n.owner !== REMOTE_OWNER);
  ns.fdb = ns.fdb.filter((f) => f.owner !== REMOTE_OWNER);
  ctx.state.rejected = ctx.state.rejected.filter((r) => r.node !== node);
}
