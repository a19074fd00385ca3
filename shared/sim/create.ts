/**
 * createEngine: builds a whole cluster from a spec, deterministically from the env's
 * seed. The underlay first (a router joining the segments, each node's root namespace
 * with lo and eth0, the external host), then the API objects a kubeadm cluster starts
 * with (namespaces, Nodes with their podCIDRs), then the controllers in table order,
 * which program the CNI and run the workloads.
 */
import type { EngineEnv, Rng } from '../model/env';
import type { ClusterSpec, SegmentSpec } from '../model/spec';
import type { KubeNode, Namespace } from '../model/objects';
import { Engine } from './engine';
import { NetNS, type NetnsKind } from '../kernel/netns';
import { mustAddLink } from '../kernel/links';
import { addAddress } from '../kernel/addrs';
import { addRoute } from '../kernel/routes';
import { randomMac } from '../kernel/mac';
import { formatIPv4, parsePrefix } from '../kernel/ip';
import { controllerFactories, type Controller } from '../controllers/index';

/** Kubernetes and OS versions the simulated nodes report. */
export const NODE_INFO = {
  architecture: 'amd64',
  containerRuntimeVersion: 'containerd://1.7.24',
  kernelVersion: '6.8.0-51-generic',
  kubeProxyVersion: 'v1.32.0',
  kubeletVersion: 'v1.32.0',
  operatingSystem: 'linux',
  osImage: 'Ubuntu 24.04.1 LTS',
};

/** Options for tests and tools that want a smaller cluster brain. */
export interface CreateOptions {
  /** The controller table to run instead of THE table (tests of one lane pin their own). */
  controllers?: Array<() => Controller>;
}

/** Builds the cluster and starts every controller. */
export function createEngine(spec: ClusterSpec, env: EngineEnv, opts: CreateOptions = {}): Engine {
  const engine = new Engine(spec, env);
  engine.batch(() => {
    const rng = env.rng.fork('underlay');
    buildUnderlay(engine, rng);
    createBootstrapObjects(engine);
    engine.fileSources.push(kernelFiles);
    engine.fileWriters.push(kernelFileWriter);
    for (const factory of opts.controllers ?? controllerFactories) {
      const c = factory();
      engine.controllers.push(c);
      c.start(engine);
    }
    engine.markTopologyChanged();
  });
  return engine;
}

/** A namespace with lo up and 127.0.0.1/8, as every new network namespace has once lo is up. */
export function newNamespace(id: string, kind: NetnsKind, hostname: string): NetNS {
  const ns = new NetNS(id, kind, hostname);
  mustAddLink(ns, { kind: 'loopback', name: 'lo', mac: '00:00:00:00:00:00', mtu: 65536, up: true, qlen: 1000, owner: 'kernel' });
  addAddress(ns, 'lo', '127.0.0.1/8', { scope: 'host' });
  return ns;
}

function segmentOf(spec: ClusterSpec, name: string): SegmentSpec {
  const s = spec.segments.find((x) => x.name === name);
  if (!s) throw new Error(`unknown segment ${name}`);
  return s;
}

/** Plugs an underlay NIC into a segment with its address and (for hosts) the default route. */
function plugIn(ns: NetNS, dev: string, mac: string, ip: string, seg: SegmentSpec, gateway: boolean): void {
  const len = parsePrefix(seg.cidr)!.len;
  mustAddLink(ns, { kind: 'ether', name: dev, mac, mtu: 1500, up: true, qlen: 1000, segment: seg.name, owner: 'underlay' });
  const r = addAddress(ns, dev, `${ip}/${len}`, {
    broadcast: formatIPv4((parsePrefix(seg.cidr)!.net | ~((0xffffffff << (32 - len)) >>> 0)) >>> 0),
  });
  if ('error' in r) throw new Error(`${ns.id}: ${r.error}`);
  if (gateway) addRoute(ns, { table: 'main', type: 'unicast', dst: '0.0.0.0/0', via: seg.gateway, dev, owner: 'underlay' });
}

function buildUnderlay(engine: Engine, rng: Rng): void {
  const { spec } = engine;
  const router = newNamespace('router', 'router', 'router');
  spec.segments.forEach((seg, i) => plugIn(router, `eth${i}`, randomMac(rng), seg.gateway, seg, false));
  router.sysctl.ipForward = true;
  engine.netns.set(router.id, router);
  for (const n of spec.nodes) {
    const ns = newNamespace(`node/${n.name}`, 'node', n.name);
    plugIn(ns, 'eth0', randomMac(rng), n.ip, segmentOf(spec, n.segment), true);
    // kubeadm's preflight insists on forwarding; every CNI needs it.
    ns.sysctl.ipForward = true;
    engine.netns.set(ns.id, ns);
  }
  const ext = newNamespace('external', 'external', spec.external.name);
  plugIn(ext, 'eth0', randomMac(rng), spec.external.ip, segmentOf(spec, spec.external.segment), true);
  engine.netns.set(ext.id, ext);
}

/** The /24 node CIDR kube-controller-manager allocates to the i-th node. */
export function nodeCidr(podCIDR: string, i: number): string {
  const p = parsePrefix(podCIDR)!;
  const len = Math.max(24, p.len);
  return `${formatIPv4((p.net + i * 2 ** (32 - len)) >>> 0)}/${len}`;
}

function createBootstrapObjects(engine: Engine): void {
  const { store, spec } = engine;
  for (const name of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    if (store.get('Namespace', undefined, name)) continue;
    store.create<Namespace>({
      apiVersion: 'v1', kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
    });
  }
  spec.nodes.forEach((n, i) => {
    const cidr = nodeCidr(spec.podCIDR, i);
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': n.name,
      'kubernetes.io/os': 'linux',
    };
    if (n.role === 'control-plane') {
      labels['node-role.kubernetes.io/control-plane'] = '';
      labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
    }
    store.create<KubeNode>({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: n.name,
        labels,
        annotations: {
          'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
      },
      spec: {
        podCIDR: cidr,
        podCIDRs: [cidr],
        ...(n.tainted ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}),
      },
      status: {
        addresses: [
          { type: 'InternalIP', address: n.ip },
          { type: 'Hostname', address: n.name },
        ],
        capacity: { cpu: '2', 'ephemeral-storage': '30298176Ki', memory: '4009552Ki', pods: '110' },
        allocatable: { cpu: '2', 'ephemeral-storage': '27922798558', memory: '3907152Ki', pods: '110' },
        conditions: [
          { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
          { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
          { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
          { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
        ],
        nodeInfo: { ...NODE_INFO, bootID: '', machineID: '', systemUUID: '' },
      },
    });
  });
}

/** /proc/sys files rendered from the namespace's sysctls. */
function kernelFiles(engine: Engine, target: Parameters<Engine['netnsOf']>[0]): Record<string, string> {
  const ns = engine.netnsOf(target);
  if (!ns) return {};
  const files: Record<string, string> = {
    '/proc/sys/net/ipv4/ip_forward': `${ns.sysctl.ipForward ? 1 : 0}\n`,
    '/proc/sys/net/bridge/bridge-nf-call-iptables': `${ns.sysctl.bridgeNfCallIptables ? 1 : 0}\n`,
  };
  for (const l of ns.links) files[`/proc/sys/net/ipv4/conf/${l.name}/proxy_arp`] = `${ns.sysctl.proxyArp.includes(l.name) ? 1 : 0}\n`;
  return files;
}

/**
 * Writes to those files change the sysctls (`echo 0 > /proc/sys/net/ipv4/ip_forward` really
 * stops forwarding). A pod's /proc/sys is mounted read-only, as in an unprivileged container.
 */
function kernelFileWriter(engine: Engine, target: Parameters<Engine['netnsOf']>[0], path: string, data: string): { ok: true } | { ok: false; error: string } | undefined {
  const ns = engine.netnsOf(target);
  const m = /^\/proc\/sys\/net\/(?:ipv4\/ip_forward|bridge\/bridge-nf-call-iptables|ipv4\/conf\/([^/]+)\/proxy_arp)$/.exec(path);
  if (!ns || !m) return undefined;
  if (m[1] !== undefined && !ns.link(m[1])) return undefined;
  if (target.kind === 'pod') return { ok: false, error: 'Read-only file system' };
  if (data === '') return { ok: true };
  if (!/^\s*-?\d+\s*$/.test(data)) return { ok: false, error: 'Invalid argument' };
  const on = Number(data.trim()) !== 0;
  if (path.endsWith('ip_forward')) ns.sysctl.ipForward = on;
  else if (path.endsWith('bridge-nf-call-iptables')) ns.sysctl.bridgeNfCallIptables = on;
  else {
    ns.sysctl.proxyArp = ns.sysctl.proxyArp.filter((d) => d !== m[1]);
    if (on) ns.sysctl.proxyArp.push(m[1]!);
  }
  engine.markTopologyChanged();
  return { ok: true };
}
