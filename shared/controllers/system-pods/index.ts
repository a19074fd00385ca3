/**
 * The system pods: everything a kubeadm cluster runs by itself, so `kubectl get pods -A
 * -o wide` looks like a real cluster's — the control-plane static pods on the control
 * plane, kube-proxy and the CNI as DaemonSets, CoreDNS ×2 behind kube-dns, ingress-nginx.
 * Also the DaemonSet controller, and kube-proxy's config: when the kube-proxy DaemonSet
 * rolls (`rollout restart ds kube-proxy`), the new pods read `mode` from the kube-proxy
 * ConfigMap and the proxy mode switches, as on a real cluster.
 */
import YAML from 'yaml';
import type { Controller } from '../controller';
import type { Engine } from '../../sim/engine';
import type { ConfigMap, DaemonSet, KubeNode, KubeObject } from '../../model/objects';
import type { WatchEvent } from '../../model/store';
import type { ClusterSpec, FlannelBackend, ProxyMode } from '../../model/spec';
import { withPodDefaults } from '../workloads/pods';
import { setProxyMode } from '../kube-proxy/index';
import { ownedPods, reconcileDaemonSet } from './daemonsets';
import { cniObjects, coreDns, ingressNginx, kubeProxy, staticPods } from './manifests';
import { appendPodLog, dropPodLog, podLog } from './logs';
import { kubeProxyStartLog } from './startup-logs';

/** The mode kube-proxy would start in from its ConfigMap (`""` means iptables). */
export function configuredProxyMode(engine: Engine): ProxyMode | undefined {
  const cm = engine.store.get<ConfigMap>('ConfigMap', 'kube-system', 'kube-proxy');
  const text = cm?.data?.['config.conf'];
  if (!text) return undefined;
  try {
    const mode = (YAML.parse(text) as { mode?: string } | null)?.mode ?? '';
    if (mode === '' ) return 'iptables';
    return mode === 'iptables' || mode === 'ipvs' || mode === 'userspace' ? mode : undefined;
  } catch {
    return undefined;
  }
}

/** The backend flanneld would start with from kube-flannel-cfg's net-conf.json. */
export function configuredFlannelBackend(engine: Engine): FlannelBackend | undefined {
  const text = engine.store.get<ConfigMap>('ConfigMap', 'kube-flannel', 'kube-flannel-cfg')?.data?.['net-conf.json'];
  if (!text) return undefined;
  try {
    const type = (JSON.parse(text) as { Backend?: { Type?: string } }).Backend?.Type;
    return type === 'vxlan' || type === 'udp' || type === 'host-gw' ? type : undefined;
  } catch {
    return undefined;
  }
}

function createIfMissing(engine: Engine, o: KubeObject): void {
  if (engine.store.get(o.kind, o.metadata.namespace, o.metadata.name)) return;
  const obj = structuredClone(o);
  if (obj.kind === 'Pod') obj.spec = withPodDefaults(obj.spec as never);
  engine.store.create(obj);
}

/** The controller in the table. */
export function systemPodsController(): Controller {
  let engine!: Engine;
  let depth = 0;
  const pending = new Set<string>();

  function bootstrap(): void {
    const { spec, store } = engine;
    const cp = spec.nodes.filter((n) => n.role === 'control-plane');
    const apiServer = `https://${(cp[0] ?? spec.nodes[0]!).ip}:6443`;
    for (const n of cp) {
      const node = store.get<KubeNode>('Node', undefined, n.name);
      if (!node) continue;
      for (const p of staticPods(n, node.metadata.uid!, { pod: spec.podCIDR, svc: spec.serviceCIDR })) createIfMissing(engine, p);
    }
    for (const o of [...kubeProxy(spec, apiServer), ...cniObjects(spec), ...coreDns(spec), ...ingressNginx()]) createIfMissing(engine, o);
  }

  function reconcile(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const ds = engine.store.get<DaemonSet>('DaemonSet', ns, name);
    if (!ds) return;
    const rolled = reconcileDaemonSet(engine, ds);
    // kube-proxy's new pods read their mode from the ConfigMap, as the real ones do at start.
    if (rolled && ns === 'kube-system' && name === 'kube-proxy') {
      const mode = configuredProxyMode(engine);
      if (mode && mode !== engine.spec.proxyMode) setProxyMode(engine, mode);
    }
    if (ns === 'kube-system' && name === 'kube-proxy') {
      for (const p of ownedPods(engine, ds)) {
        if (p.status?.phase === 'Running' && !podLog(engine, ns, p.metadata.name).length) {
          for (const line of kubeProxyStartLog(engine, p)) appendPodLog(engine, ns, p.metadata.name, line);
        }
      }
    }
    // Likewise flanneld reads its backend from net-conf.json when its pods restart (LABS lane seam, lab 04).
    if (rolled && ns === 'kube-flannel' && name === 'kube-flannel-ds' && engine.spec.cni.plugin === 'flannel') {
      const backend = configuredFlannelBackend(engine);
      if (backend && backend !== engine.spec.cni.backend) engine.setCni({ plugin: 'flannel', backend });
    }
  }

  function drain(): void {
    while (pending.size) {
      const key = pending.values().next().value as string;
      pending.delete(key);
      reconcile(key);
    }
  }

  function onEvent(e: WatchEvent): void {
    const o = e.object;
    if (o.kind === 'DaemonSet') {
      if (e.type === 'DELETED') {
        // The garbage collector's part: a deleted DaemonSet's pods go with it.
        for (const p of engine.store.list('Pod', o.metadata.namespace)) {
          if (p.metadata.ownerReferences?.some((r) => r.uid === o.metadata.uid)) engine.store.delete('Pod', p.metadata.namespace, p.metadata.name);
        }
        return;
      }
      pending.add(`${o.metadata.namespace}/${o.metadata.name}`);
    } else if (o.kind === 'Pod') {
      const ref = o.metadata.ownerReferences?.find((r) => r.kind === 'DaemonSet' && r.controller);
      if (ref) pending.add(`${o.metadata.namespace}/${ref.name}`);
      if (e.type === 'DELETED') dropPodLog(engine, o.metadata.namespace ?? 'default', o.metadata.name);
    } else if (o.kind === 'Node') {
      for (const ds of engine.store.list('DaemonSet')) pending.add(`${ds.metadata.namespace}/${ds.metadata.name}`);
    } else return;
    if (depth > 0) return;
    depth++;
    try {
      drain();
    } finally {
      depth--;
    }
  }

  /** After a CNI switch, the old CNI's add-on objects go and the new one's are installed. */
  function swapCni(previous: ClusterSpec['cni']): void {
    const next = new Set(cniObjects(engine.spec).map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`));
    const old = cniObjects({ ...engine.spec, cni: previous }).filter((o) => !next.has(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`));
    // Workloads before their namespace, as the namespace controller empties a namespace first.
    for (const o of [...old].sort((a, b) => Number(a.kind === 'Namespace') - Number(b.kind === 'Namespace'))) {
      if (o.kind === 'Namespace') for (const x of engine.store.all()) if (x.metadata.namespace === o.metadata.name && engine.store.get(x.kind, x.metadata.namespace, x.metadata.name)) engine.store.delete(x.kind, x.metadata.namespace, x.metadata.name);
      if (engine.store.get(o.kind, o.metadata.namespace, o.metadata.name)) engine.store.delete(o.kind, o.metadata.namespace, o.metadata.name);
    }
    for (const o of cniObjects(engine.spec)) createIfMissing(engine, o);
  }

  return {
    name: 'system-pods',
    start(e) {
      engine = e;
      let cni = structuredClone(e.spec.cni);
      e.on((ev) => {
        if (ev.type !== 'topology-changed' || JSON.stringify(e.spec.cni) === JSON.stringify(cni)) return;
        const previous = cni;
        cni = structuredClone(e.spec.cni);
        e.batch(() => swapCni(previous));
      });
      e.store.watch(onEvent);
      depth++;
      try {
        bootstrap();
        for (const ds of e.store.list('DaemonSet')) pending.add(`${ds.metadata.namespace}/${ds.metadata.name}`);
        drain();
      } finally {
        depth--;
      }
    },
    resync() {
      for (const ds of engine.store.list('DaemonSet')) pending.add(`${ds.metadata.namespace}/${ds.metadata.name}`);
      depth++;
      try {
        drain();
      } finally {
        depth--;
      }
    },
  };
}
