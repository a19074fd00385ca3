/**
 * The clusters the harness builds for real. Each is a seeded engine cluster; the
 * comparisons run on every node, pod and the external host of it.
 */
import type { ClusterOptions } from '../shared/model/spec';
import type { ShellTarget } from '../shared/model/target';

export interface Scenario {
  name: string;
  options: ClusterOptions;
  /** Commands run in the simulator before the data plane is built: faults and changes. */
  setup?: { target: ShellTarget; script: string }[];
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
  {
    name: 'flannel-vxlan-broken-route',
    options: { cni: { plugin: 'flannel', backend: 'vxlan' } },
    setup: [{ target: { kind: 'node', name: 'node-2' }, script: 'ip route del 10.244.2.0/24' }],
  },
  {
    name: 'flannel-vxlan-drop-rule',
    options: { cni: { plugin: 'flannel', backend: 'vxlan' } },
    setup: [{ target: { kind: 'node', name: 'node-3' }, script: 'iptables -I FORWARD 1 -p icmp -j DROP' }],
  },
  {
    name: 'flannel-vxlan-etp-local',
    options: { cni: { plugin: 'flannel', backend: 'vxlan' } },
    setup: [{ target: { kind: 'node', name: 'node-1' }, script: `kubectl patch svc web -p '{"spec":{"externalTrafficPolicy":"Local"}}'` }],
  },
];
