import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec, parseCni, type CniSpec } from '../../model/spec';
import type { Pod } from '../../model/objects';
import { findMentions } from './mentions';

function engineFor(cni: string, proxyMode: 'iptables' | 'ipvs', nodes = 3) {
  return createEngine(defaultClusterSpec({ nodes, cni: parseCni(cni) as CniSpec, proxyMode }), createEnv(1));
}
const webPods = (e: ReturnType<typeof engineFor>) => e.store.list<Pod>('Pod').filter((p) => p.metadata.name.startsWith('web-'));

describe('findMentions', () => {
  const e = engineFor('flannel:vxlan', 'iptables');

  it('the web Service: its ClusterIP in KUBE-SERVICES, alike on every node (listed once)', () => {
    const m = findMentions(e, 'svc:default/web');
    expect(m.omitted).toBe(0);
    expect(m.mentions.map((x) => [x.section, x.command, x.machines])).toEqual([['nat', 'iptables -t nat -S', ['node-1', 'node-2', 'node-3']]]);
    const nat = m.mentions[0]!.lines;
    expect(nat).toContain('-A KUBE-SERVICES -d 10.105.106.67/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL');
    // The NodePort and the endpoints' chains name the Service in their comments.
    expect(nat).toContain('-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web:http" -m tcp --dport 32414 -j KUBE-EXT-CDGGSHYLG3RE2FKL');
    expect(nat).toContain('-A KUBE-SEP-PBQ62IOVWGYEN623 -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.1.2:80');
    expect(nat.filter((l) => l.includes('kube-dns'))).toEqual([]);
  });

  it('a web pod: its KUBE-SEP DNAT rule, the bridge route on its node, the VXLAN route elsewhere', () => {
    const pod = webPods(e).find((p) => p.status?.podIP === '10.244.2.2')!;
    const m = findMentions(e, `pod:default/${pod.metadata.name}`);
    const routes = m.mentions.filter((x) => x.section === 'route').map((x) => [x.machines, x.lines]);
    expect(routes).toEqual([
      [['node-1', 'node-2'], ['10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink ']],
      [['node-3'], ['10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1 ']],
    ]);
    const nat = m.mentions.find((x) => x.section === 'nat')!;
    expect(nat.machines).toEqual(['node-1', 'node-2', 'node-3']);
    expect(nat.lines).toEqual([
      '-A KUBE-SEP-MODFGJMBXTNUPWPX -s 10.244.2.2/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-MODFGJMBXTNUPWPX -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.2.2:80',
      '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.2.2:80" -j KUBE-SEP-MODFGJMBXTNUPWPX',
    ]);
    // The host end of its veth is a bridge port: its own FDB entry on node-3.
    expect(m.mentions.find((x) => x.section === 'fdb')).toMatchObject({ machines: ['node-3'], lines: [expect.stringMatching(/^[0-9a-f:]{17} dev veth[0-9a-f]{8} master cni0 permanent$/)] });
  });

  it('Calico + IPVS: a pod\'s /32 route and neighbour on its node, its real-server lines on every node', () => {
    const c = engineFor('calico:bgp', 'ipvs');
    const pod = webPods(c).find((p) => p.spec.nodeName === 'node-2')!;
    const ip = pod.status!.podIP!;
    const m = findMentions(c, `pod:default/${pod.metadata.name}`);
    const home = m.mentions.filter((x) => x.section === 'route' && x.machines.includes('node-2'))[0]!;
    expect(home.lines).toEqual(['blackhole 10.244.222.192/26 proto bird ', expect.stringMatching(new RegExp(`^${ip.replace(/\./g, '\\.')} dev cali[0-9a-f]{11} scope link $`))]);
    expect(m.mentions.find((x) => x.section === 'neigh')!.lines[0]).toMatch(new RegExp(`^${ip.replace(/\./g, '\\.')} dev cali[0-9a-f]{11} lladdr [0-9a-f:]{17} PERMANENT $`));
    const ipvs = m.mentions.filter((x) => x.section === 'ipvs');
    expect(ipvs.map((x) => x.machines)).toEqual([['node-1'], ['node-2'], ['node-3']]);
    expect(ipvs[1]!.lines).toContain(`-a -t 10.105.106.67:80 -r ${ip}:80 -m -w 1`);
    expect(ipvs[1]!.lines).toContain(`-a -t 192.168.56.12:32414 -r ${ip}:80 -m -w 1`);
  });

  it('an interface: routes on its device, its own FDB entry; unknown ids and kinds mention nothing', () => {
    const m = findMentions(e, 'if:node-2:cni0');
    expect(m.mentions.map((x) => [x.section, x.machines, x.lines])).toEqual([
      ['route', ['node-2'], [
        '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 ',
        'local 10.244.1.1 dev cni0 table local proto kernel scope host src 10.244.1.1 ',
        'broadcast 10.244.1.255 dev cni0 table local proto kernel scope link src 10.244.1.1 ',
      ]],
      ['fdb', ['node-2'], ['6e:c1:6d:bb:4b:ac dev cni0 master cni0 permanent']],
    ]);
    // flannel.1's address 10.244.1.0 is also the network address of node-2's pod subnet: `-s 10.244.1.0/24` names the subnet, not it.
    const vtep = findMentions(e, 'if:node-2:flannel.1');
    expect(vtep.mentions.find((x) => x.section === 'nat')).toBeUndefined();
    expect(vtep.mentions.find((x) => x.section === 'route' && x.machines.includes('node-1'))!.lines).toEqual(['10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink ']);
    expect(vtep.mentions.find((x) => x.section === 'fdb' && x.machines.includes('node-1'))!.lines).toEqual(['1e:01:ba:73:75:b8 dev flannel.1 dst 192.168.56.12 self permanent']);
    expect(findMentions(e, 'svc:default/nope')).toEqual({ id: 'svc:default/nope', mentions: [], omitted: 0 });
    expect(findMentions(e, 'segment:lan').mentions).toEqual([]);
  });

  it('caps lines per group and groups per section', () => {
    const m = findMentions(e, 'svc:default/web', { lines: 2, groups: 4 });
    expect(m.mentions[0]!.lines).toHaveLength(2);
    expect(m.mentions[0]!.more).toBe(11);
    const c = engineFor('calico:bgp', 'ipvs', 6);
    const svc = findMentions(c, 'svc:default/web', { lines: 25, groups: 4 });
    // Each node has its own NodePort virtual services: 6 groups, 4 kept.
    expect(svc.mentions.filter((x) => x.section === 'ipvs')).toHaveLength(4);
    expect(svc.omitted).toBe(2);
    // IPVS: only the first `lines` real servers of a service are printed; "more" still counts every matching line.
    const full = findMentions(c, 'svc:default/web', { lines: 100, groups: 4 }).mentions.find((x) => x.section === 'ipvs')!;
    const two = findMentions(c, 'svc:default/web', { lines: 2, groups: 4 }).mentions.find((x) => x.section === 'ipvs')!;
    expect(full.lines).toHaveLength(8);
    expect(two.lines).toEqual(full.lines.slice(0, 2));
    expect(two.more).toBe(6);
  });
});
