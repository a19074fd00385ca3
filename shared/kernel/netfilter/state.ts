/**
 * Netfilter state of one namespace: tables raw, mangle, nat, filter with their chains
 * and rules, plus conntrack. Filled in by the services work (kube-proxy, flannel, Calico).
 */
export type TableName = 'raw' | 'mangle' | 'nat' | 'filter';

export interface NetfilterState {
  tables: Partial<Record<TableName, unknown>>;
}

export function emptyNetfilter(): NetfilterState {
  return { tables: {} };
}
