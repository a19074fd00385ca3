/**
 * The live app's big case in plain Node: a sandbox reset with NODES nodes (the default
 * workloads: the `web` Deployment behind its NodePort Service, the client pod), then
 * `kubectl scale deployment web --replicas=PODS` typed into node-1's shell. The command
 * returns when every controller has settled (they run synchronously), so the time is
 * until all pods run, the Endpoints list them and kube-proxy has programmed every node.
 */
import { createEngine } from '../shared/sim/create';
import { createEnv } from '../shared/model/env';
import { defaultClusterSpec, type ProxyMode } from '../shared/model/spec';
import type { Endpoints, Pod } from '../shared/model/objects';
import { runScript } from '../shared/shell/script';
import { measure, row } from './measure';
import type { BenchRow } from './services';

/** One row per kube-proxy mode: the scale command's time, and a check that it all happened. */
export function scaleBench(nodes: number, pods: number): BenchRow[] {
  return (['iptables', 'ipvs'] as ProxyMode[]).map((proxyMode) => {
    const e = createEngine(defaultClusterSpec({ nodes, proxyMode }), createEnv(1));
    const m = measure(() => runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script: `kubectl scale deployment web --replicas=${pods}\n` }));
    const running = e.store.list<Pod>('Pod', 'default').filter((p) => p.metadata.name.startsWith('web-') && p.status?.phase === 'Running').length;
    const ready = e.store.get<Endpoints>('Endpoints', 'default', 'web')?.subsets?.[0]?.addresses?.length ?? 0;
    const said = m.value.output.trim();
    return row(`${nodes}-node sandbox (${proxyMode}): kubectl scale deployment web --replicas=${pods} (${said}; ${running} Running, ${ready} endpoints; process cpu ${m.cpuMs.toFixed(0)} ms)`, m.ms, undefined, m.peakMb);
  });
}
