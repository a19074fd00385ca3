/**
 * The clusters the harness builds for real. Each is a seeded engine cluster; the
 * comparisons run on every node, pod and the external host of it.
 */
import type { ClusterOptions } from '../shared/model/spec';

export interface Scenario {
  name: string;
  options: ClusterOptions;
  /** Why some comparisons cannot run in this kernel (a documented deviation). */
  note?: string;
}

export const SCENARIOS: Scenario[] = [
  { name: 'flannel-vxlan', options: { cni: { plugin: 'flannel', backend: 'vxlan' } } },
  { name: 'flannel-host-gw', options: { cni: { plugin: 'flannel', backend: 'host-gw' } } },
  { name: 'flannel-host-gw-2seg', options: { cni: { plugin: 'flannel', backend: 'host-gw' }, segments: 2 } },
  { name: 'calico-bgp', options: { cni: { plugin: 'calico', backend: 'bgp' } } },
  {
    name: 'calico-ipip',
    options: { cni: { plugin: 'calico', backend: 'ipip', ipipMode: 'Always' } },
    note: 'this kernel has no ipip module ("Unknown device type"), so tunl0 cannot be built',
  },
  { name: 'bridge', options: { cni: { plugin: 'bridge' } } },
];
