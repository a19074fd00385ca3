/**
 * Route health on a big cluster: every topology snapshot judges every ordered pair of nodes
 * (shared/sim/topology-health.ts), so a 100-node cluster asks 9,900 questions each time a
 * route, neighbour or link changes. One row per overlay style: the pass alone, and the whole
 * snapshot it is part of (median of 5, with process CPU time for a shared machine).
 */
import { performance } from 'node:perf_hooks';
import { createEngine } from '../shared/sim/create';
import { createEnv } from '../shared/model/env';
import { defaultClusterSpec, parseCni, type CniSpec } from '../shared/model/spec';
import { clusterHealth } from '../shared/sim/topology-health';
import { row } from './measure';
import type { BenchRow } from './services';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timed(fn: () => unknown, n = 5): { ms: number; cpuMs: number } {
  fn();
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  return { ms: median(times), cpuMs: (cpu.user + cpu.system) / 1000 / n };
}

/** Rows for flannel VXLAN (route + neighbour + FDB per pair) and Calico IPIP (BGP session + route). */
export function healthBench(nodes: number): BenchRow[] {
  return ['flannel:vxlan', 'calico:ipip'].flatMap((cni) => {
    const e = createEngine(defaultClusterSpec({ nodes, cni: parseCni(cni) as CniSpec, workloads: 'none' }), createEnv(1));
    let pairs = 0;
    const pass = timed(() => { pairs = clusterHealth(e).size; });
    const snap = timed(() => e.topology());
    return [
      row(`route health under ${cni}: ${pairs} node pairs judged (process cpu ${pass.cpuMs.toFixed(0)} ms)`, pass.ms),
      row(`  the whole topology snapshot of that ${nodes}-node cluster, health included (process cpu ${snap.cpuMs.toFixed(0)} ms)`, snap.ms),
    ];
  });
}
