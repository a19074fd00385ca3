/**
 * The comparisons, each run on every simulated namespace that has a shell (nodes, pods,
 * the external host): the simulated command's output against the real command's, in the
 * namespace the plan built from the same state.
 */
import type { Engine } from '../shared/sim/engine';
import type { ShellTarget } from '../shared/model/target';
import type { NetNS } from '../shared/kernel/netns';
import { runScript } from '../shared/shell/script';
import type { Plan } from './plan';
import { run } from './host';
import { masked, permanentNeighbours, unifiedDiff } from './compare';

export interface Outcome {
  where: string;
  match: boolean;
  diff: string;
}

export interface Comparison {
  name: string;
  run(engine: Engine, plan: Plan): Outcome[];
}

export function targetOf(ns: NetNS): ShellTarget | undefined {
  if (ns.kind === 'node') return { kind: 'node', name: ns.id.replace(/^node\//, '') };
  if (ns.kind === 'external') return { kind: 'external' };
  if (ns.kind === 'pod') {
    const [, namespace, name] = ns.id.split('/');
    return { kind: 'pod', namespace: namespace!, name: name! };
  }
  return undefined;
}

function sim(engine: Engine, target: ShellTarget, script: string): { out: string; code: number } {
  const r = runScript({ engine, target, script });
  return { out: r.output, code: r.code };
}

/** Runs `simCmd` in the simulator and `realArgv` in the namespace, compares masked texts. */
function textComparison(name: string, pick: (ns: NetNS) => { label: string; sim: string; real: string[] }[], filter: (t: string) => string = (t) => t): Comparison {
  return {
    name,
    run(engine, plan) {
      const out: Outcome[] = [];
      for (const ns of engine.netns.values()) {
        const target = targetOf(ns);
        if (!target) continue;
        const real = plan.map.get(ns.id)!;
        for (const item of pick(ns)) {
          const s = sim(engine, target, item.sim);
          const r = run(['ip', 'netns', 'exec', real, ...item.real]);
          const a = filter(masked(r.stdout + r.stderr));
          const b = filter(masked(s.out));
          out.push({ where: `${ns.id}: ${item.label}`, match: a === b, diff: unifiedDiff(`${ns.id}: ${item.label}`, a, b) });
        }
      }
      return out;
    },
  };
}

const one = (cmd: string) => () => [{ label: cmd, sim: cmd, real: cmd.split(' ') }];

export const COMPARISONS: Comparison[] = [
  textComparison('ip route', one('ip route')),
  textComparison('ip -4 addr', one('ip -4 addr')),
  textComparison('ip -d link show', (ns) =>
    ns.links
      .filter((l) => ['veth', 'bridge', 'vxlan', 'dummy'].includes(l.kind) && !(l.kind === 'ether'))
      .map((l) => ({ label: `ip -d link show ${l.name}`, sim: `ip -d link show ${l.name}`, real: ['ip', '-d', 'link', 'show', l.name] })),
  ),
  textComparison('ip neigh (permanent)', one('ip neigh'), permanentNeighbours),
  textComparison('bridge fdb show (vxlan)', (ns) =>
    ns.links
      .filter((l) => l.kind === 'vxlan')
      .map((l) => ({ label: `bridge fdb show dev ${l.name}`, sim: `bridge fdb show dev ${l.name}`, real: ['bridge', 'fdb', 'show', 'dev', l.name] })),
  ),
];
