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
import { serviceReachability } from './services';
import { masked, permanentNeighbours, sortedLines, unifiedDiff, withoutLink } from './compare';

export interface Outcome {
  where: string;
  match: boolean;
  diff: string;
}

export interface CompareOptions {
  /** Links this kernel cannot build (tunl0 without the ipip module): left out of both sides. */
  missingLinks: string[];
}

export interface Comparison {
  name: string;
  run(engine: Engine, plan: Plan, opts: CompareOptions): Outcome[];
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

export function sim(engine: Engine, target: ShellTarget, script: string): { out: string; code: number } {
  const r = runScript({ engine, target, script });
  return { out: r.output, code: r.code };
}

interface Item {
  label: string;
  sim: string;
  real: string[];
}

/** Runs each item's command in the simulator and in the namespace; compares masked texts. */
function textComparison(name: string, pick: (ns: NetNS) => Item[], filter: (t: string) => string = (t) => t): Comparison {
  return {
    name,
    run(engine, plan, opts) {
      const out: Outcome[] = [];
      for (const ns of engine.netns.values()) {
        const target = targetOf(ns);
        if (!target) continue;
        const real = plan.map.get(ns.id)!;
        for (const item of pick(ns).filter((i) => !opts.missingLinks.some((m) => i.sim.endsWith(` ${m}`)))) {
          const s = sim(engine, target, item.sim);
          const r = run(['ip', 'netns', 'exec', real, ...item.real]);
          const underlay = ns.links.filter((l) => l.kind === 'ether').map((l) => l.name);
          let a = filter(masked(r.stdout + r.stderr, underlay));
          let b = filter(masked(s.out, underlay));
          for (const dev of opts.missingLinks) {
            a = withoutLink(a, dev);
            b = withoutLink(b, dev);
          }
          out.push({ where: `${ns.id}: ${item.label}`, match: a === b, diff: unifiedDiff(`${ns.id}: ${item.label}`, a, b) });
        }
      }
      return out;
    },
  };
}

const one = (cmd: string) => (): Item[] => [{ label: cmd, sim: cmd, real: cmd.split(' ') }];
const perLink = (kinds: string[], cmd: (dev: string) => string) => (ns: NetNS): Item[] =>
  ns.links.filter((l) => kinds.includes(l.kind)).map((l) => ({ label: cmd(l.name), sim: cmd(l.name), real: cmd(l.name).split(' ') }));

/** iptables-save's comment lines and counters are not state. */
function rulesOnly(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .map((l) => l.replace(/ \[\d+:\d+\]$/, ''))
    .join('\n');
}

/**
 * The simulated kube-proxy / flannel rules loaded into the kernel with iptables-restore
 * and saved back must equal the simulated text: proof that our syntax is real.
 */
/** Recreates the simulated ipsets (parsed from `ipset list`) in the real namespace, as rules reference them. */
function loadIpsets(engine: Engine, target: ShellTarget, real: string): string[] {
  const errors: string[] = [];
  const text = sim(engine, target, 'ipset list').out;
  for (const block of text.split(/\n(?=Name: )/)) {
    const name = /^Name: (\S+)/m.exec(block)?.[1];
    const type = /^Type: (\S+)/m.exec(block)?.[1];
    if (!name || !type) continue;
    const header = /^Header: (.*)$/m.exec(block)?.[1] ?? '';
    const opts = [...header.matchAll(/\b(family|hashsize|maxelem) (\S+)/g)].flatMap((m) => [m[1]!, m[2]!]);
    const created = run(['ip', 'netns', 'exec', real, 'ipset', 'create', name, type, ...opts]);
    if (created.code) errors.push(`ipset create ${name}: ${created.stderr.trim()}`);
    const members = block.split(/^Members:\n/m)[1]?.split('\n').filter(Boolean) ?? [];
    for (const m of members) {
      const added = run(['ip', 'netns', 'exec', real, 'ipset', 'add', name, ...m.split(' ')]);
      if (added.code) errors.push(`ipset add ${name} ${m}: ${added.stderr.trim()}`);
    }
  }
  return errors;
}

const iptablesRoundTrip: Comparison = {
  name: 'iptables-save round trip',
  run(engine, plan) {
    const out: Outcome[] = [];
    for (const ns of engine.netns.values()) {
      if (ns.kind !== 'node') continue;
      const target = targetOf(ns)!;
      const real = plan.map.get(ns.id)!;
      const setErrors = loadIpsets(engine, target, real);
      if (setErrors.length) out.push({ where: `${ns.id}: ipsets`, match: false, diff: setErrors.join('\n') });
      for (const table of ['nat', 'filter', 'mangle']) {
        const s = sim(engine, target, `iptables-save -t ${table}`);
        const load = run(['ip', 'netns', 'exec', real, 'iptables-restore'], s.out);
        const back = run(['ip', 'netns', 'exec', real, 'iptables-save', '-t', table]);
        const a = rulesOnly(back.stdout);
        const b = rulesOnly(s.out);
        const where = `${ns.id}: -t ${table}`;
        out.push({ where, match: load.code === 0 && a === b, diff: load.code ? `iptables-restore failed: ${load.stderr}` : unifiedDiff(where, a, b) });
      }
    }
    return out;
  },
};

const podsOf = (engine: Engine) => [...engine.netns.values()].filter((n) => n.kind === 'pod');
const podIp = (ns: NetNS) => ns.addrs.find((a) => a.scope === 'global' && ns.linkByIndex(a.ifindex)?.name === 'eth0')?.ip;

/** ping from every pod and node to every pod: the kernel's verdict against the walk's. */
const icmpMatrix: Comparison = {
  name: 'reachability: ping',
  run(engine, plan) {
    const out: Outcome[] = [];
    const sources = [...engine.netns.values()].filter((n) => n.kind === 'pod' || n.kind === 'node' || n.kind === 'external');
    for (const dst of podsOf(engine)) {
      const ip = podIp(dst);
      if (!ip) continue;
      for (const src of sources) {
        if (src === dst) continue;
        const s = sim(engine, targetOf(src)!, `ping -c 1 -W 1 ${ip}`);
        const r = run(['ip', 'netns', 'exec', plan.map.get(src.id)!, 'ping', '-c', '1', '-W', '1', ip]);
        const verdict = (code: number) => (code === 0 ? 'reached' : 'not reached');
        out.push({
          where: `${src.id} → ${dst.id} (${ip})`,
          match: verdict(s.code) === verdict(r.code),
          diff: `real: ${verdict(r.code)}, sim: ${verdict(s.code)}\n--- sim output\n${s.out}--- real output\n${r.stdout}${r.stderr}`,
        });
      }
    }
    return out;
  },
};

/** traceroute's hop addresses from each node to each pod. */
const traceroute: Comparison = {
  name: 'traceroute hops',
  run(engine, plan) {
    const out: Outcome[] = [];
    const hops = (t: string) =>
      t
        .split('\n')
        .slice(1)
        .map((l) => /^\s*\d+\s+(\S+)/.exec(l)?.[1])
        .filter(Boolean)
        .join(' ');
    for (const src of [...engine.netns.values()].filter((n) => n.kind === 'node' || n.kind === 'external')) {
      for (const dst of podsOf(engine)) {
        const ip = podIp(dst);
        if (!ip) continue;
        const s = sim(engine, targetOf(src)!, `traceroute -n -q 1 -w 1 -m 8 ${ip}`);
        const realTrace = () => run(['ip', 'netns', 'exec', plan.map.get(src.id)!, 'traceroute', '-n', '-q', '1', '-w', '1', '-m', '8', ip], undefined, 30_000);
        // A probe answer is sometimes lost in a busy kernel (all `*`): ask again, twice at most.
        let r = realTrace();
        for (let i = 0; i < 2 && /^( \*)+$/.test(` ${hops(r.stdout)}`); i++) r = realTrace();
        const a = hops(r.stdout);
        const b = hops(s.out);
        out.push({ where: `${src.id} → ${dst.id}`, match: a === b, diff: `real hops: ${a}\n sim hops: ${b}` });
      }
    }
    return out;
  },
};

export const COMPARISONS: Comparison[] = [
  textComparison('ip route', one('ip route')),
  textComparison('ip -4 addr', one('ip -4 addr')),
  textComparison('ip -d link show', perLink(['veth', 'bridge', 'vxlan', 'dummy', 'ipip', 'tun'], (d) => `ip -d link show ${d}`)),
  textComparison('ip neigh (permanent)', one('ip neigh'), permanentNeighbours),
  textComparison('bridge fdb show (vxlan)', perLink(['vxlan'], (d) => `bridge fdb show dev ${d}`), sortedLines),
  iptablesRoundTrip,
  icmpMatrix,
  serviceReachability,
  traceroute,
];
