/**
 * Per-node IP allocation: host-local's behaviour for flannel and the bridge (start at .2,
 * hand out the next free address after the last one, wrap around), Calico's block
 * allocation (from the block's first address), and a release on CNI DEL.
 */
import { formatIPv4, parsePrefix } from '../../kernel/ip';
import type { CniState } from './types';

/** Allocates the next free address in `subnet` for `owner`; offsets [first, last] inclusive. */
export function allocate(state: CniState, node: string, subnet: string, owner: string, first: number, lastOffset: number): string | undefined {
  const p = parsePrefix(subnet)!;
  const pool = (state.ipam[node] ??= { last: first - 1, used: {} });
  const span = lastOffset - first + 1;
  for (let i = 1; i <= span; i++) {
    const off = first + ((pool.last - first + i) % span + span) % span;
    const ip = formatIPv4((p.net + off) >>> 0);
    if (pool.used[ip] === undefined) {
      pool.used[ip] = owner;
      pool.last = off;
      return ip;
    }
  }
  return undefined;
}

/** Frees an address. */
export function release(state: CniState, node: string, ip: string): void {
  const pool = state.ipam[node];
  if (pool) delete pool.used[ip];
}
