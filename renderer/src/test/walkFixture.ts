/**
 * A test fixture: a cross-node ping through flannel VXLAN, shaped like the walker's records,
 * with element ids in the engine's topology id style. Used by unit and component tests only.
 */
import type { Hop, WalkLayer, WalkRecord } from '../../../shared/api/walk';

const eth = (src: string, dst: string, changed = false): WalkLayer => ({ name: 'Ethernet', fields: [{ name: 'Src', value: src, changed }, { name: 'Dst', value: dst, changed }, { name: 'Type', value: 'IPv4 (0x0800)' }] });
const ip = (src: string, dst: string, ttl: number, ttlChanged = false): WalkLayer => ({ name: 'IPv4', fields: [{ name: 'Src', value: src }, { name: 'Dst', value: dst }, { name: 'TTL', value: String(ttl), changed: ttlChanged }, { name: 'Protocol', value: 'ICMP (1)' }] });
const icmp: WalkLayer = { name: 'ICMP', fields: [{ name: 'Type', value: '8 (Echo request)' }, { name: 'id', value: '0x0001' }, { name: 'seq', value: '1' }] };
const inner = (ls: WalkLayer[]): WalkLayer[] => ls.map((l) => ({ ...l, inner: true }));

const hop = (seq: number, h: Partial<Hop> & Pick<Hop, 'netns' | 'host' | 'stage' | 'summary' | 'layers' | 'elements'>): Hop => ({ seq, direction: 'out', ...h });

/** client (node-3) pings web (node-2) across the VXLAN overlay. */
export const vxlanPing: WalkRecord = {
  id: 'w1',
  title: 'ping 10.244.1.2 from client',
  at: 1_700_000_000_000,
  request: { from: { kind: 'pod', namespace: 'default', name: 'client' }, fromNetns: 'pod/default/client', dst: '10.244.1.2', proto: 'icmp' },
  verdict: 'delivered',
  connections: [{ src: '10.244.2.3', sport: 0, dst: '10.244.1.2', dport: 0, proto: 'icmp', firstHop: 0, lastHop: 4 }],
  answeredBy: 'pod/default/web-a',
  hops: [
    hop(0, { netns: 'pod/default/client', host: 'client', device: 'eth0', stage: 'route', summary: 'The pod routes 10.244.1.2 via its default gateway 10.244.2.1 out of eth0.', route: 'default via 10.244.2.1 dev eth0', layers: [eth('0a:58:0a:f4:02:03', '0a:58:0a:f4:02:01'), ip('10.244.2.3', '10.244.1.2', 64), icmp], elements: ['if:default/client:eth0', 'veth:default/client:eth0'] }),
    hop(1, { netns: 'node/node-3', host: 'node-3', device: 'cni0', direction: 'in', stage: 'bridge', summary: 'cni0 hands the frame to the host stack (the destination MAC is the bridge).', fdb: '0a:58:0a:f4:02:01 dev cni0 master cni0 permanent', layers: [eth('0a:58:0a:f4:02:03', '0a:58:0a:f4:02:01'), ip('10.244.2.3', '10.244.1.2', 64), icmp], elements: ['if:node-3:cni0', 'port:node-3:veth39934f92'] }),
    hop(2, { netns: 'node/node-3', host: 'node-3', device: 'flannel.1', stage: 'route', summary: 'The route to 10.244.1.0/24 points at flannel.1, written by flanneld from node-2\'s lease.', route: '10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink', neigh: '10.244.1.0 dev flannel.1 lladdr 46:00:39:25:77:8c PERMANENT', provenance: [{ what: 'route 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink', controller: 'flanneld', object: { kind: 'Node', name: 'node-2' }, text: "flanneld on node-3, from node-2's subnet lease 10.244.1.0/24" }], rules: [{ table: 'filter', chain: 'FORWARD', ruleNum: 3, ruleText: '-A FORWARD -s 10.244.0.0/16 -j ACCEPT', target: 'ACCEPT', owner: 'flanneld' }], evaluated: 7, layers: [eth('46:00:39:25:77:8b', '46:00:39:25:77:8c', true), ip('10.244.2.3', '10.244.1.2', 63, true), icmp], elements: ['if:node-3:flannel.1'] }),
    hop(3, { netns: 'node/node-3', host: 'node-3', device: 'eth0', stage: 'encap', summary: 'flannel.1 wraps the frame in VXLAN (VNI 1) inside UDP to node-2\'s VTEP 192.168.56.12:8472.', fdb: '46:00:39:25:77:8c dev flannel.1 dst 192.168.56.12 self permanent', layers: [eth('52:57:f0:a6:7e:17', '52:57:f0:a6:7e:16', true), { name: 'IPv4', fields: [{ name: 'Src', value: '192.168.56.13', changed: true }, { name: 'Dst', value: '192.168.56.12', changed: true }, { name: 'TTL', value: '64' }, { name: 'Protocol', value: 'UDP (17)' }] }, { name: 'UDP', fields: [{ name: 'Src Port', value: '41234' }, { name: 'Dst Port', value: '8472' }] }, { name: 'VXLAN', fields: [{ name: 'VNI', value: '1' }] }, ...inner([eth('46:00:39:25:77:8b', '46:00:39:25:77:8c'), ip('10.244.2.3', '10.244.1.2', 63), icmp])], elements: ['if:node-3:flannel.1', 'tunnel:node-2:node-3:flannel.1', 'if:node-3:eth0'] }),
    hop(4, { netns: 'pod/default/web-a', host: 'web-a', device: 'eth0', direction: 'in', stage: 'deliver', summary: 'The echo request reaches the web pod\'s socket.', layers: [eth('0a:58:0a:f4:01:01', '0a:58:0a:f4:01:02', true), ip('10.244.2.3', '10.244.1.2', 62, true), icmp], elements: ['pod:default/web-a'] }),
  ],
  replyHops: [
    hop(0, { netns: 'pod/default/web-a', host: 'web-a', device: 'eth0', stage: 'socket', summary: 'The pod answers with an echo reply.', layers: [eth('0a:58:0a:f4:01:02', '0a:58:0a:f4:01:01'), ip('10.244.1.2', '10.244.2.3', 64), { name: 'ICMP', fields: [{ name: 'Type', value: '0 (Echo reply)' }] }], elements: ['pod:default/web-a'] }),
  ],
};

/** A dropped walk: a NetworkPolicy rule drops the SYN. */
export const droppedCurl: WalkRecord = {
  ...vxlanPing,
  id: 'w2',
  title: 'curl 10.96.0.20:80 from client',
  verdict: 'dropped',
  dropReason: 'A NetworkPolicy default-deny rule dropped the SYN on node-2.',
  replyHops: [],
  hops: [
    vxlanPing.hops[0]!,
    hop(1, { netns: 'node/node-3', host: 'node-3', stage: 'netfilter', summary: 'KUBE-SERVICES sends 10.96.0.20:80 to KUBE-SVC-ABC, which picks KUBE-SEP-XYZ and DNATs to 10.244.1.2:8080.', rules: [{ table: 'nat', chain: 'KUBE-SEP-XYZ', ruleNum: 2, ruleText: '-A KUBE-SEP-XYZ -p tcp -m tcp -j DNAT --to-destination 10.244.1.2:8080', target: 'DNAT', owner: 'kube-proxy' }], evaluated: 12, nat: { kind: 'DNAT', before: { proto: 'tcp', src: '10.244.2.3', sport: 40000, dst: '10.96.0.20', dport: 80 }, after: { proto: 'tcp', src: '10.244.2.3', sport: 40000, dst: '10.244.1.2', dport: 8080 } }, conntrack: { state: 'NEW', entry: 'tcp 6 120 SYN_SENT src=10.244.2.3 dst=10.96.0.20 sport=40000 dport=80 [UNREPLIED] src=10.244.1.2 dst=10.244.2.3 sport=8080 dport=40000' }, provenance: [
      { what: 'nat/KUBE-SVC-ABC #1', controller: 'kube-proxy', controllerPod: { namespace: 'kube-system', name: 'kube-proxy-n5r8t' }, object: { kind: 'Service', namespace: 'default', name: 'web' }, text: 'kube-proxy on node-3, for Service port default/web:http' },
      { what: 'nat/KUBE-SEP-XYZ #2', controller: 'kube-proxy', object: { kind: 'EndpointSlice', namespace: 'default', name: 'web-x1y2z', service: 'web' }, text: 'kube-proxy on node-3, for endpoint 10.244.1.2:8080 of default/web:http, listed in EndpointSlice default/web-x1y2z' },
    ], layers: [ip('10.244.2.3', '10.244.1.2', 64)], elements: ['svc:default/web'] }),
    hop(2, { netns: 'node/node-2', host: 'node-2', stage: 'drop', summary: 'Policy default/deny-all has no rule admitting client: dropped.', rules: [{ table: 'filter', chain: 'cali-pi-default-deny', ruleNum: 1, ruleText: '-A cali-pi-default-deny -j DROP', target: 'DROP' }], evaluated: 30, provenance: [{ what: 'filter/cali-pi-default-deny #1', controller: 'calico-felix', object: { kind: 'NetworkPolicy', namespace: 'default', name: 'deny-all' }, text: 'calico-felix on node-2, for NetworkPolicy default/deny-all' }], layers: [ip('10.244.2.3', '10.244.1.2', 63)], elements: ['pod:default/web-a'] }),
  ],
};
