/**
 * The CNI controller: picks the plugin from the cluster spec, gives every node its lease
 * or block and node-level devices, programs the routes between nodes, and serves the
 * kubelet's CNI ADD / DEL. `switchTo` tears all of it down and programs it again under
 * another CNI, pods included, as if the cluster had been rebuilt with that CNI.
 */
import type { Controller } from '../controller';
import type { Engine } from '../../sim/engine';
import type { CniSpec } from '../../model/spec';
import type { KubeNode, Pod } from '../../model/objects';
import type { WatchEvent } from '../../model/store';
import type { Rng } from '../../model/env';
import type { NetNS } from '../../kernel/netns';
import { delLink } from '../../kernel/links';
import { randomMac } from '../../kernel/mac';
import { bridgePlugin } from './bridge';
import { calicoPlugin, sessionKey } from './calico';
import { flannelPlugin } from './flannel';
import { CNI_OWNER, REMOTE_OWNER, type CniContext, type CniPlugin, type CniRuntime, type CniState } from './types';
import { ensureSandbox, removeSandbox } from '../workloads/kubelet';
import { annotateNodes } from './annotations';

/** The plugin implementing a CNI choice. */
export function pluginFor(cni: CniSpec): CniPlugin {
  if (cni.plugin === 'flannel') return flannelPlugin(cni.backend);
  if (cni.plugin === 'calico') return calicoPlugin({ backend: cni.backend, ipipMode: cni.ipipMode });
  return bridgePlugin();
}

function emptyState(): CniState {
  return { nodes: {}, ipam: {}, pods: {}, bgp: {}, rejected: [], rng: 0 };
}

/** The CNI controller (first in the controller table: pods need it to get addresses). */
export function cniController(): Controller {
  let engine!: Engine;
  let state = emptyState();
  let plugin!: CniPlugin;
  let rng!: Rng;

  const ctx: CniContext = {
    get engine() {
      return engine;
    },
    get state() {
      return state;
    },
    get spec() {
      return engine.spec.cni;
    },
    nodeNs(name: string): NetNS {
      const ns = engine.netns.get(`node/${name}`);
      if (!ns) throw new Error(`no namespace for node ${name}`);
      return ns;
    },
    hex: (n) => rng.hex(n),
    mac: () => randomMac(rng),
  };

  function setupAll(): void {
    rng.loadState?.(state.rng);
    for (const n of engine.spec.nodes) {
      const obj = engine.store.get<KubeNode>('Node', undefined, n.name);
      const node = { name: n.name, ip: n.ip, segment: n.segment, subnet: obj?.spec.podCIDR ?? '' };
      state.nodes[n.name] = node;
      plugin.setupNode(ctx, node);
    }
    plugin.syncRemote(ctx);
    state.rng = rng.saveState?.() ?? 0;
    annotateNodes(engine, state);
  }

  function teardownAll(): void {
    for (const n of engine.spec.nodes) {
      const ns = engine.netns.get(`node/${n.name}`);
      if (!ns) continue;
      for (const l of [...ns.links]) if (l.owner === CNI_OWNER) delLink(ns, l.name, (id) => engine.netns.get(id));
      const mine = (o?: string) => o === CNI_OWNER || o === REMOTE_OWNER;
      ns.routes = ns.routes.filter((r) => !mine(r.owner));
      ns.neigh = ns.neigh.filter((x) => !mine(x.owner));
      ns.fdb = ns.fdb.filter((x) => !mine(x.owner));
      // A rebuilt cluster is a rebooted one: interface numbers start over after the underlay's.
      ns.nextIfindex = Math.max(0, ...ns.links.map((l) => l.ifindex)) + 1;
    }
    // Interface names and MACs keep drawing from the same stream across a rebuild.
    const pos = state.rng;
    state = emptyState();
    state.rng = pos;
  }

  const runtime: CniRuntime = {
    get state() {
      return state;
    },
    add(pod: Pod, podNs: NetNS) {
      const key = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
      const nodeName = pod.spec.nodeName;
      if (!nodeName || !engine.netns.get(`node/${nodeName}`)) return { error: `node "${nodeName}" not found` };
      rng.loadState?.(state.rng);
      const r = plugin.addPod(ctx, pod, podNs, ctx.nodeNs(nodeName));
      state.rng = rng.saveState?.() ?? 0;
      if ('error' in r) return r;
      state.pods[key] = { node: nodeName, ip: r.ip, hostIf: r.hostIf };
      engine.markTopologyChanged();
      return { ip: r.ip };
    },
    del(namespace: string, name: string) {
      const key = `${namespace}/${name}`;
      const sb = state.pods[key];
      if (!sb) return;
      const nodeNs = engine.netns.get(`node/${sb.node}`);
      if (nodeNs) plugin.delPod(ctx, sb, nodeNs);
      delete state.pods[key];
      engine.markTopologyChanged();
    },
    switchTo(cni: CniSpec) {
      engine.batch(() => {
        const pods = Object.keys(state.pods)
          .sort()
          .map((k) => k.split('/') as [string, string]);
        for (const [ns, name] of pods) removeSandbox(engine, ns, name);
        teardownAll();
        engine.spec.cni = cni;
        plugin = pluginFor(cni);
        setupAll();
        for (const [ns, name] of pods) {
          const pod = engine.store.get<Pod>('Pod', ns, name);
          if (pod) ensureSandbox(engine, pod, { force: true });
        }
        engine.markTopologyChanged();
      });
    },
    setPeering(a: string, b: string, up: boolean) {
      const s = state.bgp[sessionKey(a, b)];
      if (!s) return false;
      if (s.up !== up) {
        s.up = up;
        s.since = engine.env.clock.now();
        plugin.syncRemote(ctx);
        engine.markTopologyChanged();
      }
      return true;
    },
  };

  /**
   * The CNI's node agent (flanneld, calico-node) came up on a node: like the real daemon at
   * start it recreates its tunnel device if someone deleted it and re-programs that node's
   * routes, neighbours and FDB entries (a learner's `ip route del` is undone by a restart).
   */
  function agentStarted(nodeName: string): void {
    const node = state.nodes[nodeName];
    const ns = engine.netns.get(`node/${nodeName}`);
    if (!node || !ns) return;
    const cni = engine.spec.cni;
    const dev = cni.plugin === 'flannel' ? (cni.backend === 'vxlan' ? 'flannel.1' : cni.backend === 'udp' ? 'flannel0' : undefined) : undefined;
    engine.batch(() => {
      rng.loadState?.(state.rng);
      if (dev && !ns.link(dev)) {
        // A new VTEP (new MAC): every peer has to learn it, as flanneld re-publishes its lease.
        plugin.setupNode(ctx, node);
        plugin.syncRemote(ctx);
        annotateNodes(engine, state);
      } else if (!remoteIntact(nodeName)) plugin.syncRemote(ctx, nodeName);
      state.rng = rng.saveState?.() ?? 0;
      engine.markTopologyChanged();
    });
  }

  /**
   * Are all of a node's remote routes still there? (Agents start on every node while a
   * cluster boots; re-programming an intact node would make booting O(nodes²) twice over.)
   */
  function remoteIntact(nodeName: string): boolean {
    const ns = engine.netns.get(`node/${nodeName}`)!;
    const cni = engine.spec.cni;
    if (cni.plugin === 'bridge' || (cni.plugin === 'flannel' && cni.backend === 'udp')) return true;
    let want = 0;
    for (const peer of Object.keys(state.nodes)) {
      if (peer === nodeName) continue;
      if (cni.plugin === 'calico' && cni.backend !== 'vxlan' && !state.bgp[sessionKey(nodeName, peer)]?.up) continue;
      want++;
    }
    want -= state.rejected.filter((r) => r.node === nodeName).length;
    const count = (xs: { owner?: string }[]) => xs.reduce((n, x) => n + (x.owner === REMOTE_OWNER ? 1 : 0), 0);
    if (count(ns.routes) !== want) return false;
    // VXLAN backends also keep a PERMANENT neighbour and an FDB entry per peer.
    const vxlan = (cni.plugin === 'flannel' && cni.backend === 'vxlan') || (cni.plugin === 'calico' && cni.backend === 'vxlan');
    return !vxlan || (count(ns.neigh) === want && count(ns.fdb) === want);
  }

  function isAgent(pod: Pod): boolean {
    const l = pod.metadata.labels ?? {};
    return (engine.spec.cni.plugin === 'flannel' && l.app === 'flannel') || (engine.spec.cni.plugin === 'calico' && l['k8s-app'] === 'calico-node');
  }

  return {
    name: 'cni',
    start(e: Engine) {
      engine = e;
      rng = e.env.rng.fork('cni');
      state.rng = rng.saveState?.() ?? 0;
      plugin = pluginFor(e.spec.cni);
      e.cni = runtime;
      e.fileSources.push((_eng, target) => plugin.files(ctx, target));
      setupAll();
      e.store.watch((ev: WatchEvent) => {
        if (ev.type !== 'MODIFIED' || ev.object.kind !== 'Pod') return;
        const pod = ev.object as Pod;
        const was = (ev.old as Pod | undefined)?.status?.podIP;
        if (!was && pod.status?.podIP && pod.spec.nodeName && isAgent(pod)) agentStarted(pod.spec.nodeName);
      });
    },
    resync() {
      plugin.syncRemote(ctx);
    },
    snapshot() {
      return structuredClone(state);
    },
    restore(s: unknown) {
      state = structuredClone(s as CniState);
      plugin = pluginFor(engine.spec.cni);
    },
  };
}
