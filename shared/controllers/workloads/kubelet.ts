/**
 * The kubelet's part: for a pod bound to a node, make its sandbox (the network namespace
 * the pause container owns, hostname = pod name), call CNI ADD, and report status;
 * on deletion CNI DEL and the namespace goes. hostNetwork pods get no namespace of their
 * own: they run in the node's, with the node's IP as podIP.
 */
import type { Engine } from '../../sim/engine';
import type { Pod, PodStatus } from '../../model/objects';
import { isoSeconds } from '../../model/store';
import { NetNS } from '../../kernel/netns';
import { addAddress } from '../../kernel/addrs';
import { mustAddLink } from '../../kernel/links';
import { startContainer } from './process';

/** The id of a pod's own namespace. */
export function podNetnsId(namespace: string, name: string): string {
  return `pod/${namespace}/${name}`;
}

/** A fresh namespace with only lo, as `unshare -n` leaves it. */
export function newPodNetns(engine: Engine, namespace: string, name: string): NetNS {
  const ns = new NetNS(podNetnsId(namespace, name), 'pod', name);
  const h = engine.env.rng.fork(`netns:${namespace}/${name}:${engine.env.clock.now()}`).hex(32);
  ns.runtimeName = `cni-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  mustAddLink(ns, { kind: 'loopback', name: 'lo', mac: '00:00:00:00:00:00', mtu: 65536, up: true, qlen: 1000, owner: 'kernel' });
  addAddress(ns, 'lo', '127.0.0.1/8', { scope: 'host' });
  return ns;
}

/**
 * Runs the pod's sandbox if it is bound and has none yet (or `force`, after a CNI
 * switch), then writes status. Idempotent: a pod already running is left alone.
 */
export function ensureSandbox(engine: Engine, pod: Pod, opts: { force?: boolean } = {}): void {
  const nodeName = pod.spec.nodeName;
  if (!nodeName || pod.metadata.deletionTimestamp) return;
  const namespace = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name;
  const nodeSpec = engine.spec.nodes.find((n) => n.name === nodeName);
  if (!nodeSpec) return;
  if (pod.spec.hostNetwork) {
    if (pod.status?.podIP !== nodeSpec.ip || opts.force) writeStatus(engine, pod, nodeSpec.ip, nodeSpec.ip);
    return;
  }
  const id = podNetnsId(namespace, name);
  if (engine.netns.has(id) && !opts.force) return;
  if (!engine.cni) return;
  const ns = newPodNetns(engine, namespace, name);
  engine.netns.set(id, ns);
  const r = engine.cni.add(pod, ns);
  if ('error' in r) {
    engine.netns.delete(id);
    writeStatus(engine, pod, undefined, nodeSpec.ip, r.error);
    return;
  }
  engine.markTopologyChanged();
  writeStatus(engine, pod, r.ip, nodeSpec.ip);
  // The sandbox is up: the container's own process starts (and may end: Completed).
  // A CNI switch rebuilds sandboxes (force) of processes that already run: not again.
  const live = opts.force ? undefined : engine.store.get<Pod>('Pod', namespace, name);
  if (live?.status?.phase === 'Running') startContainer(engine, live);
}

/** CNI DEL and the namespace goes away. */
export function removeSandbox(engine: Engine, namespace: string, name: string): void {
  engine.cni?.del(namespace, name);
  if (engine.netns.delete(podNetnsId(namespace, name))) engine.markTopologyChanged();
}

function writeStatus(engine: Engine, pod: Pod, podIP: string | undefined, hostIP: string, error?: string): void {
  const now = isoSeconds(engine.env.clock.now());
  // Read in place, not copied: the new version below shares all but its metadata and status.
  const cur = engine.store.peek<Pod>('Pod', pod.metadata.namespace, pod.metadata.name);
  if (!cur) return;
  const running = podIP !== undefined;
  const cond = (type: string, ok: boolean) => ({ type, status: (ok ? 'True' : 'False') as 'True' | 'False', lastProbeTime: null, lastTransitionTime: now });
  const status: PodStatus = {
    phase: running ? 'Running' : 'Pending',
    conditions: [
      cond('PodReadyToStartContainers', running),
      cond('Initialized', true),
      cond('Ready', running),
      cond('ContainersReady', running),
      cond('PodScheduled', true),
    ],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    ...(running ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: cur.status?.startTime ?? now,
    qosClass: 'BestEffort',
    containerStatuses: cur.spec.containers.map((c) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      containerID: running ? `containerd://${engine.env.rng.fork(`cid:${cur.metadata.uid}:${c.name}`).hex(64)}` : undefined,
      ready: running,
      restartCount: 0,
      started: running,
      state: running ? { running: { startedAt: now } } : { waiting: { reason: 'ContainerCreating' } },
    })),
  };
  if (error) {
    (status as Record<string, unknown>).message = `Failed to create pod sandbox: plugin type="${engine.spec.cni.plugin}" failed (add): ${error}`;
  }
  engine.store.updateOwned({ ...cur, metadata: { ...cur.metadata }, status });
}
