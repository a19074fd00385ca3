import { describe, expect, it } from 'vitest';
import { walkAsJson, walkAsText } from './format';
import { droppedCurl, vxlanPing } from '../test/walkFixture';
import { encapTag, stretchEdges, walkSteps } from './steps';

describe('walk steps', () => {
  it('plays the request then the reply, marking encapsulation and drops', () => {
    const s = walkSteps(vxlanPing);
    expect(s.map((x) => `${x.dir}:${x.hop.stage}:${x.encapsulated ? 'E' : '-'}`)).toEqual(['request:route:-', 'request:bridge:-', 'request:route:-', 'request:encap:E', 'request:deliver:-', 'reply:socket:-']);
    expect(walkSteps(droppedCurl).map((x) => x.dropped)).toEqual([false, false, true]);
  });
  it('tags encapsulation from the outer UDP header', () => {
    expect(encapTag(vxlanPing.hops[3]!)).toBe('VXLAN 8472');
    expect(encapTag(vxlanPing.hops[0]!)).toBeNull();
    expect(encapTag({ ...vxlanPing.hops[0]!, layers: [{ name: 'IPv4', fields: [] }, { name: 'IPIP', fields: [] }] })).toBe('IPIP');
  });
});

describe('walkAsText', () => {
  it('renders a dropped walk hop by hop', () => {
    expect(walkAsText(droppedCurl)).toBe([
      'curl 10.96.0.20:80 from client',
      'verdict: dropped (A NetworkPolicy default-deny rule dropped the SYN on node-2.)',
      '  1  request route     client eth0              The pod routes 10.244.1.2 via its default gateway 10.244.2.1 out of eth0.',
      '              route: default via 10.244.2.1 dev eth0',
      '  2  request netfilter node-3                   KUBE-SERVICES sends 10.96.0.20:80 to KUBE-SVC-ABC, which picks KUBE-SEP-XYZ and DNATs to 10.244.1.2:8080.',
      '              nat/KUBE-SEP-XYZ #2: -A KUBE-SEP-XYZ -p tcp -m tcp -j DNAT --to-destination 10.244.1.2:8080',
      '              rules evaluated: 12',
      '              DNAT: tcp 10.244.2.3:40000 > 10.96.0.20:80 -> tcp 10.244.2.3:40000 > 10.244.1.2:8080',
      '              conntrack: NEW tcp 6 120 SYN_SENT src=10.244.2.3 dst=10.96.0.20 sport=40000 dport=80 [UNREPLIED] src=10.244.1.2 dst=10.244.2.3 sport=8080 dport=40000',
      '              from: nat/KUBE-SVC-ABC #1 — kube-proxy on node-3, for Service port default/web:http',
      '              from: nat/KUBE-SEP-XYZ #2 — kube-proxy on node-3, for endpoint 10.244.1.2:8080 of default/web:http, listed in EndpointSlice default/web-x1y2z',
      '  3  request drop      node-2                   Policy default/deny-all has no rule admitting client: dropped.',
      '              filter/cali-pi-default-deny #1: -A cali-pi-default-deny -j DROP',
      '              rules evaluated: 30',
      '              from: filter/cali-pi-default-deny #1 — calico-felix on node-2, for NetworkPolicy default/deny-all',
      '',
    ].join('\n'));
  });
  it('prints an old free-text provenance as it was recorded', () => {
    const old = { ...droppedCurl, hops: [{ ...droppedCurl.hops[0]!, provenance: 'flanneld lease of node-2' as never }] };
    expect(walkAsText(old).split('\n')).toContain('              from: flanneld lease of node-2');
  });
  it('exports the record itself as JSON', () => {
    expect(JSON.parse(walkAsJson(vxlanPing))).toEqual(vxlanPing);
  });
});

describe('stretchEdges', () => {
  const mk = (stage: string, elements: string[], encapsulated: boolean) => ({ dir: 'request' as const, encapsulated, dropped: false, hop: { ...vxlanPing.hops[0]!, stage: stage as any, elements } });
  const steps = [
    mk('route', ['node:node-3', 'if:node-3:cni0'], false),
    mk('encap', ['node:node-3', 'if:node-3:flannel.1'], true),
    mk('underlay', ['if:node-3:eth0', 'segment:seg-1', 'if:node-2:eth0'], true),
    mk('decap', ['node:node-2', 'if:node-2:flannel.1'], false),
    mk('deliver', ['pod:x'], false),
  ];
  const edges = [
    { id: 't23', kind: 'tunnel', source: 'if:node-2:flannel.1', target: 'if:node-3:flannel.1' },
    { id: 't13', kind: 'tunnel', source: 'if:node-1:flannel.1', target: 'if:node-3:flannel.1' },
    { id: 'u', kind: 'underlay', source: 'if:node-3:eth0', target: 'segment:seg-1' },
  ];
  it('finds the tunnel between the encapsulating and the decapsulating VTEP for every hop of the stretch', () => {
    expect([1, 2, 3].map((i) => stretchEdges(steps, i, edges))).toEqual([['t23'], ['t23'], ['t23']]);
  });
  it('is empty outside the stretch', () => {
    expect(stretchEdges(steps, 0, edges)).toEqual([]);
    expect(stretchEdges(steps, 4, edges)).toEqual([]);
    expect(stretchEdges(steps, 9, edges)).toEqual([]);
  });
});
