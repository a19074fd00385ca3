/**
 * TCP to the `web` Service in iptables mode: its ClusterIP from pods and nodes, its NodePort
 * on every node from the external host. Real listeners (socat) stand in the endpoint pods'
 * namespaces and answer with the pod's name; the kube-proxy rules are already in the real
 * nodes (loaded by the iptables-save round trip). Every outcome the kernel shows must be one
 * the simulated curl shows too, and only endpoints of the Service may answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Engine } from '../shared/sim/engine';
import type { EndpointSlice, Service } from '../shared/model/objects';
import { run } from './host';
import type { Comparison, Outcome } from './comparisons';
import { sim, targetOf } from './comparisons';

function endpointsOf(engine: Engine, svc: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const es of engine.store.list<EndpointSlice>('EndpointSlice', 'default')) {
    if (es.metadata.labels?.['kubernetes.io/service-name'] !== svc) continue;
    for (const ep of es.endpoints) if (ep.conditions?.ready !== false && ep.targetRef) out.set(ep.targetRef.name, ep.addresses[0]!);
  }
  return out;
}

export const serviceReachability: Comparison = {
  name: 'reachability: Service TCP',
  run(engine, plan) {
    if (engine.spec.proxyMode !== 'iptables') return [];
    const svc = engine.store.get<Service>('Service', 'default', 'web');
    if (!svc) return [];
    const eps = endpointsOf(engine, 'web');
    const port = svc.spec.ports![0]!;
    const listeners: ChildProcess[] = [];
    const out: Outcome[] = [];
    try {
      for (const pod of eps.keys()) {
        const ns = plan.map.get(`pod/default/${pod}`);
        if (!ns) continue;
        const target = typeof port.targetPort === 'number' ? port.targetPort : 80;
        listeners.push(spawn('ip', ['netns', 'exec', ns, 'socat', `TCP-LISTEN:${target},fork,reuseaddr`, `SYSTEM:echo ${pod}`], { stdio: 'ignore' }));
      }
      run(['sleep', '0.5']);
      const targets: { from: string; ip: string; port: number }[] = [];
      const nodes = [...engine.netns.values()].filter((n) => n.kind === 'node');
      for (const from of [...nodes.map((n) => n.id), 'pod/default/client']) targets.push({ from, ip: svc.spec.clusterIP!, port: port.port });
      if (port.nodePort) {
        for (const n of nodes) {
          const ip = n.addrsOf('eth0')[0]?.ip;
          if (ip) targets.push({ from: 'external', ip, port: port.nodePort });
        }
      }
      for (const t of targets) {
        const src = engine.netns.get(t.from);
        if (!src) continue;
        // kube-proxy picks an endpoint at random (statistic), in the kernel and in the
        // simulator alike, so one try each proves little when only some endpoints work.
        // Every outcome the kernel shows (the pod that answered, or none) must be one the
        // simulator produces too; the simulator is sampled until the chance of missing a
        // possible outcome is negligible.
        const simOutcomes = new Set<string>();
        for (let i = 0; i < 40; i++) {
          const s = sim(engine, targetOf(src)!, `curl -s -m 1 http://${t.ip}:${t.port}/`);
          simOutcomes.add(s.code === 0 ? s.out.split(' ')[0]!.trim() : 'no answer');
        }
        const realOutcomes = new Set<string>();
        const errors = new Set<string>();
        for (let i = 0; i < 8; i++) {
          const r = run(['ip', 'netns', 'exec', plan.map.get(t.from)!, 'socat', '-T1', '-u', `TCP:${t.ip}:${t.port},connect-timeout=1`, '-'], undefined, 10_000);
          realOutcomes.add(r.code === 0 ? r.stdout.trim() : 'no answer');
          if (r.code !== 0) errors.add(r.stderr.replace(/^.*E /, '').trim());
        }
        const strangers = [...realOutcomes, ...simOutcomes].filter((o) => o !== 'no answer' && !eps.has(o));
        const unexplained = [...realOutcomes].filter((o) => !simOutcomes.has(o));
        out.push({
          where: `${t.from} → ${t.ip}:${t.port}`,
          match: unexplained.length === 0 && strangers.length === 0,
          diff: `real: ${[...realOutcomes].sort().join(', ')}${errors.size ? ` (${[...errors].join('; ')})` : ''}\n sim: ${[...simOutcomes].sort().join(', ')}\nendpoints: ${[...eps.keys()].join(', ')}`,
        });
      }
    } finally {
      for (const l of listeners) l.kill('SIGTERM');
      run(['pkill', '-f', 'TCP-LISTEN:.*SYSTEM:echo']);
    }
    return out;
  },
};
