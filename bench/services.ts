/**
 * Services benchmark cases (the services lane's part of `npm run bench`): a 100-node
 * cluster with 5,000 Services × 4 endpoints, in iptables and in IPVS mode — full sync of
 * every node, `iptables-save` of one node, one ClusterIP curl walk (with the number of
 * rules the kernel would have evaluated), and the incremental resync after scaling one
 * Deployment. One real Deployment (`web`, 4 → 5 replicas) and a client pod drive the walk
 * and the resync; the other 4,999 Services carry hand-written EndpointSlices, which is
 * all kube-proxy looks at. Where the machine allows, the same iptables-save output is
 * loaded into a real network namespace with iptables-restore, for comparison.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEngine } from '../shared/sim/create';
import { createEnv } from '../shared/model/env';
import { defaultClusterSpec, type ProxyMode } from '../shared/model/spec';
import type { Deployment, EndpointSlice, Pod, Service } from '../shared/model/objects';
import { proxyOf } from '../shared/controllers/kube-proxy/index';
import { formatSave } from '../shared/kernel/netfilter/format';
import { exchange } from '../shared/sim/walk/exchange';

export interface BenchRow {
  name: string;
  value: string;
  target?: string;
  ok?: boolean;
}

const SERVICES = Number(process.env.BENCH_SERVICES ?? 5000);
const ENDPOINTS = 4;
const NODES = Number(process.env.BENCH_NODES ?? 100);
const WALKS = Number(process.env.BENCH_WALKS ?? 101);

function ms(t0: number): number {
  return performance.now() - t0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Loads a ruleset into a scratch namespace with the real iptables-restore; undefined where not possible. */
function realRestore(rules: string): number | undefined {
  try {
    if (process.getuid?.() !== 0) return undefined;
    const dir = mkdtempSync(join(tmpdir(), 'netlab-bench-'));
    const file = join(dir, 'rules');
    writeFileSync(file, rules);
    const ns = `netlab-bench-${process.pid}`;
    execFileSync('ip', ['netns', 'add', ns]);
    try {
      const t0 = performance.now();
      execFileSync('sh', ['-c', `ip netns exec ${ns} iptables-restore < ${file}`]);
      return ms(t0);
    } finally {
      execFileSync('ip', ['netns', 'del', ns]);
    }
  } catch {
    return undefined;
  }
}

export function servicesBench(mode: ProxyMode): BenchRow[] {
  const rows: BenchRow[] = [];
  const e = createEngine(defaultClusterSpec({ nodes: NODES, workloads: 'none', proxyMode: mode }), createEnv(42));
  const nodeNames = e.spec.nodes.map((n) => n.name);
  // The one real workload: web (4 replicas) and a client pod.
  e.batch(() => {
    e.store.create<Deployment>({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: { replicas: ENDPOINTS, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }] }] } } },
    });
    e.store.create<Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'curlimages/curl:8.11.1' }] } });
    e.store.create<Service>({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }] } });
  });
  const heap0 = heapMb();
  let t0 = performance.now();
  e.batch(() => {
    for (let i = 1; i < SERVICES; i++) {
      const name = `svc-${i}`;
      e.store.create<Service>({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] } });
      e.store.create<EndpointSlice>({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: `${name}-abcde`, namespace: 'default', labels: { 'kubernetes.io/service-name': name } },
        addressType: 'IPv4',
        endpoints: Array.from({ length: ENDPOINTS }, (_, k) => ({ addresses: [`10.${200 + (i >> 12)}.${(i >> 4) & 255}.${((i & 15) << 4) + k + 1}`], conditions: { ready: true }, nodeName: nodeNames[(i + k) % NODES]! })),
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      });
    }
  });
  const create = ms(t0);
  rows.push({ name: `${mode}: create ${SERVICES} services + slices (incl. first sync)`, value: `${create.toFixed(0)} ms` });
  const proxy = proxyOf(e)!;
  // Best of three: the machine is shared, the minimum is the least disturbed run.
  const fulls: number[] = [];
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    proxy.fullSync();
    fulls.push(ms(t0));
  }
  const full = Math.min(...fulls);
  const heap = heapMb() - heap0;
  t0 = performance.now();
  proxy.fullSync({ cold: true });
  const cold = ms(t0);
  rows.push({ name: `${mode}: full sync of ${NODES} nodes, cold (every rule regenerated and parsed)`, value: `${cold.toFixed(0)} ms`, target: '< 3000 ms', ok: cold < 3000 });
  rows.push({ name: `${mode}: full sync of ${NODES} nodes, warm (unchanged services reused; best of 3)`, value: `${full.toFixed(0)} ms`, target: '< 3000 ms', ok: full < 3000 });
  rows.push({ name: `${mode}: heap for ${SERVICES} × ${ENDPOINTS} on ${NODES} nodes`, value: `${heap.toFixed(0)} MB`, target: '< 1024 MB', ok: heap < 1024 });
  const ns = e.netns.get('node/node-2')!;
  let saved = '';
  const saves: number[] = [];
  for (let i = 0; i < 5; i++) {
    t0 = performance.now();
    saved = formatSave(ns.nf, e.env.clock.now());
    saves.push(ms(t0));
  }
  const save = Math.min(...saves);
  const lines = saved.split('\n').length;
  rows.push({ name: `${mode}: iptables-save of one node (${lines} lines, best of 5)`, value: `${save.toFixed(0)} ms`, target: '< 300 ms', ok: save < 300 });
  const web = e.store.get<Service>('Service', 'default', 'web')!;
  const times: number[] = [];
  let evaluated = 0;
  let ok = true;
  for (let i = 0; i < WALKS; i++) {
    t0 = performance.now();
    const r = exchange(e, { from: { kind: 'pod', namespace: 'default', name: 'client' }, dst: web.spec.clusterIP!, proto: 'tcp', dport: 80, payload: { kind: 'http-request', method: 'GET', path: '/', host: 'web', headers: {} }, record: false });
    times.push(ms(t0));
    ok &&= r.ok;
    evaluated = r.walks[0]!.hops.reduce((n, h) => n + ((h as { evaluated?: number }).evaluated ?? 0), 0);
  }
  const walk = median(times);
  rows.push({ name: `${mode}: ClusterIP curl walk (median of ${WALKS}, best ${Math.min(...times).toFixed(2)} ms; ${evaluated} rules evaluated; ${ok ? 'answered' : 'FAILED'})`, value: `${walk.toFixed(2)} ms`, target: '< 5 ms', ok: walk < 5 && ok });
  const incrs: number[] = [];
  for (const replicas of Array.from({ length: Number(process.env.BENCH_SCALES ?? 3) }, (_, i) => (i % 2 ? ENDPOINTS : ENDPOINTS + 1))) {
    const d = e.store.get<Deployment>('Deployment', 'default', 'web')!;
    d.spec.replicas = replicas;
    t0 = performance.now();
    e.store.update(d);
    incrs.push(ms(t0));
  }
  const incr = Math.min(...incrs);
  rows.push({ name: `${mode}: incremental resync after scaling web ${ENDPOINTS} ↔ ${ENDPOINTS + 1} (best of ${incrs.length}, incl. the pod's creation)`, value: `${incr.toFixed(1)} ms`, target: '< 50 ms', ok: incr < 50 });
  if (mode === 'iptables') {
    const real = realRestore(saved);
    rows.push({ name: 'real iptables-restore of the same node ruleset (nf_tables, scratch netns)', value: real === undefined ? 'skipped (needs root, ip netns, iptables-restore)' : `${real.toFixed(0)} ms` });
  }
  return rows;
}

/** Prints the rows as a table. */
export function printRows(rows: BenchRow[]): void {
  for (const r of rows) console.log(`${r.ok === undefined ? ' ' : r.ok ? '✓' : '✗'} ${r.name.padEnd(92)} ${r.value.padStart(12)}${r.target ? `  (${r.target})` : ''}`);
}

if (process.argv[1] && /bench[/\\]services\.ts$/.test(process.argv[1])) {
  const modes = (process.env.BENCH_MODES ?? 'iptables,ipvs').split(',') as ProxyMode[];
  for (const mode of modes) printRows(servicesBench(mode));
}
