import { describe, expect, it } from 'vitest';
import { createEngine as createFull } from './create';
import { ENGINE_CONTROLLERS } from '../controllers/index';
import { snapshotFromJson, snapshotToJson } from './snapshot';
import { defaultClusterSpec } from '../model/spec';
import { createEnv } from '../model/env';
import type { Deployment, KubeNode, Pod } from '../model/objects';
import { ipCommand } from '../shell/commands/ip';
import { runCommand } from '../shell/commands/iproute2/testkit';
import type { ShellTarget } from '../model/target';

const node = (name: string): ShellTarget => ({ kind: 'node', name });

/** The engine lane's own controllers, so counts do not move when other lanes add pods. */
const createEngine: typeof createFull = (spec, env) => createFull(spec, env, { controllers: ENGINE_CONTROLLERS });

function allIpAddr(seed: number, full = false): string {
  const e = (full ? createFull : createEngine)(defaultClusterSpec(), createEnv(seed));
  let s = '';
  for (const ns of e.netns.values()) {
    const target: ShellTarget = ns.kind === 'node' ? node(ns.hostname) : ns.kind === 'pod' ? { kind: 'pod', namespace: ns.id.split('/')[1]!, name: ns.hostname } : { kind: 'external' };
    if (ns.kind === 'router') continue;
    s += `${ns.id}\n${runCommand(e, ipCommand, target, 'ip addr').out}${runCommand(e, ipCommand, target, 'ip route').out}`;
  }
  return s;
}

describe('createEngine', () => {
  it('is deterministic: the same seed gives byte-identical ip addr / ip route everywhere', () => {
    expect(allIpAddr(7)).toBe(allIpAddr(7));
    expect(allIpAddr(7)).not.toBe(allIpAddr(8));
    expect(allIpAddr(3, true)).toBe(allIpAddr(3, true));
    // The CNI's own draws (VTEP MACs, veth names) follow the seed too.
    const mac = (seed: number) => createEngine(defaultClusterSpec(), createEnv(seed)).netns.get('node/node-2')!.link('flannel.1')!.mac;
    expect(mac(7)).toBe(mac(7));
    expect(mac(7)).not.toBe(mac(8));
  });

  it('builds the default sandbox: 3 web replicas on node-2/node-3, a client pod, all Running', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const pods = e.store.list<Pod>('Pod');
    const web = pods.filter((p) => p.metadata.labels?.app === 'web');
    expect(web).toHaveLength(3);
    for (const p of web) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{8,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels?.['pod-template-hash']).toBe(p.metadata.name.split('-')[1]);
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', controller: true });
      expect(p.spec.nodeName === 'node-2' || p.spec.nodeName === 'node-3').toBe(true);
      expect(p.status).toMatchObject({ phase: 'Running', hostIP: e.spec.nodes.find((n) => n.name === p.spec.nodeName)!.ip });
      expect(p.status?.podIP).toMatch(p.spec.nodeName === 'node-2' ? /^10\.244\.1\./ : /^10\.244\.2\./);
      expect(e.netns.get(`pod/default/${p.metadata.name}`)?.hostname).toBe(p.metadata.name);
    }
    expect(new Set(web.map((p) => p.spec.nodeName)).size).toBe(2);
    expect(pods.find((p) => p.metadata.name === 'client')?.status?.phase).toBe('Running');
    expect(e.store.get<Deployment>('Deployment', 'default', 'web')?.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(e.systemFiles(node('node-2'))['/run/flannel/subnet.env']).toBe(
      'FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n',
    );
    expect(e.systemFiles(node('node-1'))['/proc/sys/net/ipv4/ip_forward']).toBe('1\n');
  });

  it('schedules on node-1 once it is untainted, and scales down and up', () => {
    const e = createEngine(defaultClusterSpec({ nodes: 1 }), createEnv(1));
    expect(e.store.list<Pod>('Pod').every((p) => p.spec.nodeName === 'node-1')).toBe(true);
    const d = e.store.get<Deployment>('Deployment', 'default', 'web')!;
    d.spec.replicas = 1;
    e.store.update(d);
    expect(e.store.list<Pod>('Pod').filter((p) => p.metadata.labels?.app === 'web')).toHaveLength(1);
    expect([...e.netns.keys()].filter((k) => k.startsWith('pod/default/web'))).toHaveLength(1);
    d.spec.replicas = 4;
    e.store.update(d);
    expect(e.store.list<Pod>('Pod').filter((p) => p.status?.phase === 'Running' && p.metadata.labels?.app === 'web')).toHaveLength(4);
  });

  it('frees a deleted pod\'s IP and namespace (CNI DEL), and the ReplicaSet replaces it', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const victim = e.store.list<Pod>('Pod').find((p) => p.metadata.labels?.app === 'web')!;
    e.store.delete('Pod', 'default', victim.metadata.name);
    expect(e.netns.has(`pod/default/${victim.metadata.name}`)).toBe(false);
    const web = e.store.list<Pod>('Pod').filter((p) => p.metadata.labels?.app === 'web');
    expect(web).toHaveLength(3);
    expect(web.every((p) => p.status?.phase === 'Running')).toBe(true);
    const hostVeths = e.netns.get(`node/${victim.spec.nodeName}`)!.links.filter((l) => l.kind === 'veth');
    expect(hostVeths).toHaveLength(web.filter((p) => p.spec.nodeName === victim.spec.nodeName).length + (victim.spec.nodeName === 'node-3' ? 1 : 0));
  });

  it('keeps a pod Pending with the scheduler\'s reason when no node fits', () => {
    const e = createEngine(defaultClusterSpec({ workloads: 'none' }), createEnv(1));
    e.store.create<Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'default' }, spec: { containers: [{ name: 'x', image: 'busybox:1.36' }], nodeSelector: { disk: 'ssd' } } });
    const p = e.store.get<Pod>('Pod', 'default', 'x')!;
    expect(p.spec.nodeName).toBeUndefined();
    expect(p.status?.conditions?.[0]).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' });
  });

  it('/proc/sys files render the sysctls and writes change them (read-only in pods)', () => {
    const e = createEngine(defaultClusterSpec({ cni: { plugin: 'calico', backend: 'bgp' } }), createEnv(1));
    const n2 = node('node-2');
    const write = (t: ShellTarget, path: string, data: string) => {
      for (const w of e.fileWriters) {
        const r = w(e, t, path, data, false);
        if (r) return r;
      }
      return undefined;
    };
    expect(write(n2, '/proc/sys/net/ipv4/ip_forward', '0\n')).toEqual({ ok: true });
    expect(e.netns.get('node/node-2')!.sysctl.ipForward).toBe(false);
    expect(e.systemFiles(n2)['/proc/sys/net/ipv4/ip_forward']).toBe('0\n');
    expect(write(n2, '/proc/sys/net/ipv4/ip_forward', 'yes\n')).toEqual({ ok: false, error: 'Invalid argument' });
    const cali = e.netns.get('node/node-2')!.links.find((l) => l.name.startsWith('cali'))!.name;
    expect(e.systemFiles(n2)[`/proc/sys/net/ipv4/conf/${cali}/proxy_arp`]).toBe('1\n');
    expect(e.systemFiles(n2)['/proc/sys/net/ipv4/conf/eth0/proxy_arp']).toBe('0\n');
    write(n2, `/proc/sys/net/ipv4/conf/${cali}/proxy_arp`, '0');
    expect(e.netns.get('node/node-2')!.sysctl.proxyArp).not.toContain(cali);
    expect(write({ kind: 'pod', namespace: 'default', name: 'client' }, '/proc/sys/net/ipv4/ip_forward', '1')).toEqual({ ok: false, error: 'Read-only file system' });
  });

  it('honours cordon and retries pending pods when a node changes', () => {
    const e = createEngine(defaultClusterSpec({ workloads: 'none' }), createEnv(1));
    for (const n of ['node-2', 'node-3']) {
      const node = e.store.get<KubeNode>('Node', undefined, n)!;
      (node.spec as { unschedulable?: boolean }).unschedulable = true;
      e.store.update(node);
    }
    e.store.create<Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'p', image: 'busybox:1.36' }] } });
    expect(e.store.get<Pod>('Pod', 'default', 'p')!.status?.conditions?.[0]?.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
    const n3 = e.store.get<KubeNode>('Node', undefined, 'node-3')!;
    (n3.spec as { unschedulable?: boolean }).unschedulable = false;
    e.store.update(n3);
    expect(e.store.get<Pod>('Pod', 'default', 'p')!).toMatchObject({ spec: { nodeName: 'node-3' }, status: { phase: 'Running' } });
  });

  it('runs hostNetwork pods in the node namespace with the node IP', () => {
    const e = createEngine(defaultClusterSpec({ workloads: 'none' }), createEnv(1));
    e.store.create<Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'h', namespace: 'kube-system' }, spec: { containers: [{ name: 'h', image: 'busybox:1.36' }], hostNetwork: true, nodeName: 'node-1' } });
    expect(e.store.get<Pod>('Pod', 'kube-system', 'h')?.status?.podIP).toBe('192.168.56.11');
    expect(e.netnsOf({ kind: 'pod', namespace: 'kube-system', name: 'h' })).toBe(e.netns.get('node/node-1'));
  });

  it('switches CNI at runtime and back, re-addressing every pod', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const events: string[] = [];
    e.on((ev) => events.push(ev.type));
    e.setCni({ plugin: 'calico', backend: 'ipip', ipipMode: 'Always' });
    expect(events.filter((t) => t === 'topology-changed')).toHaveLength(1);
    const pods = e.store.list<Pod>('Pod').filter((p) => !p.spec.hostNetwork);
    for (const p of pods) expect(e.netns.get(`pod/${p.metadata.namespace}/${p.metadata.name}`)!.routes.find((r) => r.dst === '0.0.0.0/0')?.via).toBe('169.254.1.1');
    expect(e.netns.get('node/node-2')!.link('flannel.1')).toBeUndefined();
    expect(e.netns.get('node/node-2')!.link('tunl0')).toBeDefined();
    e.setCni({ plugin: 'flannel', backend: 'vxlan' });
    expect(runCommand(e, ipCommand, node('node-2'), 'ip route').out).toContain('via 10.244.2.0 dev flannel.1 onlink \n');
  });

  it('snapshot / restore puts objects, namespaces and CNI state back', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const before = runCommand(e, ipCommand, node('node-2'), 'ip route').out;
    const snap = e.snapshot();
    e.setCni({ plugin: 'calico', backend: 'bgp' });
    e.store.delete('Pod', 'default', 'client');
    e.restore(snap);
    expect(runCommand(e, ipCommand, node('node-2'), 'ip route').out).toBe(before);
    expect(e.store.get('Pod', 'default', 'client')).toBeDefined();
    expect(e.spec.cni).toEqual({ plugin: 'flannel', backend: 'vxlan' });
    const d = e.store.get<Deployment>('Deployment', 'default', 'web')!;
    d.spec.replicas = 5;
    e.store.update(d);
    expect(e.store.list<Pod>('Pod').filter((p) => p.status?.phase === 'Running')).toHaveLength(6);
  });

  it('a snapshot survives JSON (Maps of the full controller table included)', () => {
    const e = createFull(defaultClusterSpec(), createEnv(1));
    const text = snapshotToJson(e.snapshot());
    const other = createFull(defaultClusterSpec({ cni: { plugin: 'calico', backend: 'bgp' } }), createEnv(9));
    other.restore(snapshotFromJson(text));
    for (const n of ['node-1', 'node-2', 'node-3']) {
      expect(runCommand(other, ipCommand, node(n), 'ip addr').out).toBe(runCommand(e, ipCommand, node(n), 'ip addr').out);
      expect(runCommand(other, ipCommand, node(n), 'ip route').out).toBe(runCommand(e, ipCommand, node(n), 'ip route').out);
    }
    // With the engine lane's controllers (which snapshot their own state) the round trip is exact.
    const mine = createEngine(defaultClusterSpec(), createEnv(1));
    const t2 = snapshotToJson(mine.snapshot());
    const back = createEngine(defaultClusterSpec({ nodes: 5 }), createEnv(4));
    back.restore(snapshotFromJson(t2));
    // (topologyVersion only ever grows, so the renderer never takes a restored picture for a stale one.)
    const strip = (t: string) => ({ ...JSON.parse(t), topologyVersion: 0 });
    expect(strip(snapshotToJson(back.snapshot()))).toEqual(strip(t2));
    expect(back.topologyVersion).toBeGreaterThan(mine.topologyVersion);
  });

  it('a restarted flanneld puts back the routes a learner deleted, and a deleted flannel.1', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const n2 = node('node-2');
    const agent = (name: string): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'kube-flannel', labels: { app: 'flannel' } },
      spec: { containers: [{ name: 'kube-flannel', image: 'ghcr.io/flannel-io/flannel:v0.26.1' }], hostNetwork: true, nodeName: 'node-2' } });
    runCommand(e, ipCommand, n2, 'ip route del 10.244.2.0/24');
    expect(runCommand(e, ipCommand, n2, 'ip route').out).not.toContain('10.244.2.0/24');
    e.store.create(agent('kube-flannel-ds-a'));
    expect(runCommand(e, ipCommand, n2, 'ip route').out).toContain('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink \n');
    runCommand(e, ipCommand, n2, 'ip neigh del 10.244.0.0 dev flannel.1');
    e.store.create(agent('kube-flannel-ds-n'));
    expect(runCommand(e, ipCommand, n2, 'ip neigh show dev flannel.1').out).toContain('10.244.0.0 lladdr');
    const oldMac = e.netns.get('node/node-2')!.link('flannel.1')!.mac;
    runCommand(e, ipCommand, n2, 'ip link del flannel.1');
    expect(runCommand(e, ipCommand, n2, 'ip route').out).not.toContain('flannel.1');
    e.store.create(agent('kube-flannel-ds-b'));
    const mac = e.netns.get('node/node-2')!.link('flannel.1')!.mac;
    expect(mac).not.toBe(oldMac);
    expect(runCommand(e, ipCommand, n2, 'ip route').out).toContain('10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink \n');
    // The peers learned the new VTEP MAC.
    expect(runCommand(e, ipCommand, node('node-3'), 'ip neigh show dev flannel.1').out).toContain(`10.244.1.0 lladdr ${mac} PERMANENT \n`);
  });

  it('a broken BGP peering withdraws the remote blocks on both ends', () => {
    const e = createEngine(defaultClusterSpec({ cni: { plugin: 'calico', backend: 'bgp' } }), createEnv(1));
    const block3 = e.cni!.state.nodes['node-3']!.subnet;
    expect(e.netns.get('node/node-2')!.routes.some((r) => r.dst === block3)).toBe(true);
    expect(e.setBgpPeering('node-2', 'node-3', false)).toBe(true);
    expect(e.netns.get('node/node-2')!.routes.some((r) => r.dst === block3)).toBe(false);
    expect(e.netns.get('node/node-1')!.routes.some((r) => r.dst === block3)).toBe(true);
    e.setBgpPeering('node-3', 'node-2', true);
    expect(e.netns.get('node/node-2')!.routes.some((r) => r.dst === block3 && r.proto === 'bird')).toBe(true);
  });

  it('host-gw across segments: the kernel refuses the routes and the CNI records why', () => {
    const e = createEngine(defaultClusterSpec({ nodes: 4, segments: 2, cni: { plugin: 'flannel', backend: 'host-gw' } }), createEnv(1));
    const rej = e.cni!.state.rejected.filter((r) => r.node === 'node-2');
    expect(rej.map((r) => r.dst)).toEqual(['10.244.0.0/24', '10.244.2.0/24']);
    expect(rej[0]!.error).toBe('Error: Nexthop has invalid gateway.');
    expect(rej[0]!.why).toContain('seg-1');
    expect(runCommand(e, ipCommand, node('node-2'), 'ip route').out).toContain('10.244.3.0/24 via 192.168.57.12 dev eth0 \n');
  });

  it('publishes the CNI daemons\' node annotations and swaps them on a CNI switch', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const ann = () => e.store.get<KubeNode>('Node', undefined, 'node-2')!.metadata.annotations!;
    expect(JSON.parse(ann()['flannel.alpha.coreos.com/backend-data']!)).toEqual({ VNI: 1, VtepMAC: e.netns.get('node/node-2')!.link('flannel.1')!.mac });
    expect(ann()['flannel.alpha.coreos.com/public-ip']).toBe('192.168.56.12');
    e.setCni({ plugin: 'calico', backend: 'ipip', ipipMode: 'Always' });
    expect(Object.keys(ann()).some((k) => k.startsWith('flannel'))).toBe(false);
    expect(ann()['projectcalico.org/IPv4IPIPTunnelAddr']).toBe(e.cni!.state.nodes['node-2']!.tunnelIp);
  });

  it('topology has stable ids for nodes, interfaces, pods and edges', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const t = e.topology();
    const ids = new Set(t.nodes.map((n) => n.id));
    expect(ids.has('node:node-1') && ids.has('if:node-2:cni0') && ids.has('if:node-2:flannel.1') && ids.has('pod:default/client')).toBe(true);
    expect(t.edges.filter((x) => x.kind === 'tunnel')).toHaveLength(3);
    expect(t.edges.filter((x) => x.kind === 'veth')).toHaveLength(4);
    for (const edge of t.edges) expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
    expect(new Set(t.nodes.map((n) => n.id)).size).toBe(t.nodes.length);
  });
});
