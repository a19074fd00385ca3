/**
 * `npm run bench`: the benchmark table — median milliseconds and peak heap MB per case,
 * with the targets from the issues. Cases are an array so each lane adds its own (the
 * services lane's cases come from bench/services.ts). Printed, never asserted.
 *
 *   npm run bench                 every case
 *   npm run bench -- walk cni     only cases whose name contains one of the words
 *   BENCH_NODES=20 BENCH_PODS=600 npm run bench   a smaller cluster
 *   BENCH_BUILDS=1 npm run bench -- cni           one build per CNI instead of the median of 3
 *   npm run bench -- scale        kubectl scale deployment web on a 100-node sandbox
 */
import { performance } from 'node:perf_hooks';
import { createEngine } from '../shared/sim/create';
import { createEnv } from '../shared/model/env';
import { CNI_CHOICES, defaultClusterSpec, parseCni, type CniSpec } from '../shared/model/spec';
import type { Deployment, Pod } from '../shared/model/objects';
import type { Engine } from '../shared/sim/engine';
import { walkPacket } from '../shared/sim/walk/walk';
import { printRows, servicesBench, type BenchRow } from './services';
import { scaleBench } from './scale';
import { healthBench } from './health';
import { measure, row } from './measure';

const NODES = Number(process.env.BENCH_NODES ?? 100);
const PODS = Number(process.env.BENCH_PODS ?? 3000);
const WALKS = Number(process.env.BENCH_WALKS ?? 500);
const BUILDS = Number(process.env.BENCH_BUILDS ?? 3);

/** One benchmark case: a name to filter by and a function that measures and returns rows. */
export interface BenchCase {
  name: string;
  run(): BenchRow[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/**
 * A big cluster: NODES nodes, one Deployment of PODS replicas spread by the scheduler. Each
 * build has its own seed, so its pods have other names than the last build's: the names'
 * hashes (Calico veths, felix rule ids) are computed afresh, as after a learner's reset.
 */
let nextSeed = 1;
function bigCluster(cni: CniSpec, seed = nextSeed++): Engine {
  const e = createEngine(defaultClusterSpec({ nodes: NODES, cni, workloads: 'none' }), createEnv(seed));
  e.batch(() => {
    e.store.create<Deployment>({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: { replicas: PODS, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } } },
    } as Deployment);
  });
  return e;
}

/** Median time of one walk between two pods on different nodes (request and reply). */
function crossNodeWalk(e: Engine): { ms: number; cpuMs: number; hops: number; verdict: string } {
  const pods = e.store.list<Pod>('Pod', 'default').filter((p) => p.status?.podIP && p.spec.nodeName);
  const a = pods[0]!;
  const b = pods.find((p) => p.spec.nodeName !== a.spec.nodeName)!;
  const from = { kind: 'pod' as const, namespace: 'default', name: a.metadata.name };
  const times: number[] = [];
  let last = walkPacket(e, { from, dst: b.status!.podIP!, proto: 'tcp', dport: 80 });
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < WALKS; i++) {
    const t0 = performance.now();
    last = walkPacket(e, { from, dst: b.status!.podIP!, proto: 'tcp', dport: 80 });
    times.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  // CPU time per walk as well: on a shared, loaded machine the wall-clock median includes waiting for a core.
  return { ms: median(times), cpuMs: (cpu.user + cpu.system) / 1000 / WALKS, hops: last.hops.length + (last.replyHops?.length ?? 0), verdict: last.verdict };
}

const walkerCases: BenchCase[] = [
  {
    name: 'default cluster',
    run: () => {
      const times: number[] = [];
      let mb = 0;
      for (let i = 0; i < 7; i++) {
        const m = measure(() => createEngine(defaultClusterSpec(), createEnv(1)));
        times.push(m.ms);
        mb = Math.max(mb, m.peakMb);
      }
      const e = createEngine(defaultClusterSpec(), createEnv(1));
      const w = crossNodeWalk(e);
      return [
        row('default 3-node cluster ready (median of 7)', median(times), { ms: 50 }, mb),
        row(`default cluster: one cross-node pod→pod walk (median of ${WALKS}, ${w.hops} hops, ${w.verdict}, process cpu ${w.cpuMs.toFixed(3)} ms)`, w.ms, { ms: 2 }),
      ];
    },
  },
  ...CNI_CHOICES.map(
    (name): BenchCase => ({
      name: `cni ${name}`,
      run: () => {
        // The median of BUILDS builds; the first (cold: nothing compiled yet, as at app start) is shown too.
        const runs: { ms: number; cpuMs: number; peakMb: number }[] = [];
        let e!: Engine;
        for (let i = 0; i < BUILDS; i++) {
          // Only the last cluster is kept (for the walk): earlier ones are garbage before the next build.
          const m = measure(() => bigCluster(parseCni(name) as CniSpec));
          e = m.value;
          runs.push({ ms: m.ms, cpuMs: m.cpuMs, peakMb: m.peakMb });
        }
        const w = crossNodeWalk(e);
        const ms = median(runs.map((r) => r.ms));
        const cpu = median(runs.map((r) => r.cpuMs));
        const mb = Math.max(...runs.map((r) => r.peakMb));
        const label = BUILDS > 1 ? `median of ${BUILDS}, first ${runs[0]!.ms.toFixed(0)} ms, process cpu ${cpu.toFixed(0)} ms` : `process cpu ${cpu.toFixed(0)} ms`;
        return [
          row(`${NODES}-node / ${PODS}-pod cluster under ${name}: ready (${label})`, ms, { ms: 1500, mb: 500 }, mb),
          row(`  one cross-node walk in it (median of ${WALKS}, ${w.hops} hops, ${w.verdict}, process cpu ${w.cpuMs.toFixed(3)} ms)`, w.ms, { ms: 2 }),
        ];
      },
    }),
  ),
];

/** Every case, in order; other lanes append theirs here. */
export const cases: BenchCase[] = [
  ...walkerCases,
  { name: 'services iptables', run: () => servicesBench('iptables') },
  { name: 'services ipvs', run: () => servicesBench('ipvs') },
  { name: 'scale web', run: () => scaleBench(NODES, PODS) },
  { name: 'route health', run: () => healthBench(NODES) },
];

function main(): void {
  const words = process.argv.slice(2).map((w) => w.toLowerCase());
  const chosen = words.length ? cases.filter((c) => words.some((w) => c.name.toLowerCase().includes(w))) : cases;
  const load = process.env.BENCH_NOTE ?? '';
  console.log(`K8s NetLab benchmark — node ${process.version}, ${NODES} nodes / ${PODS} pods for the big clusters (BENCH_NODES / BENCH_PODS)${load}`);
  console.log('  case'.padEnd(94) + 'median / peak MB  (target)');
  for (const c of chosen) printRows(c.run());
}

main();
