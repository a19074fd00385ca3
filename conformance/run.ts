/**
 * `npm run test:kernel`: builds each scenario's data plane for real in network namespaces
 * (Linux, root), runs the same commands in the simulator and in the kernel, and prints a
 * table scenario × comparison → match / mismatch. Exits 1 on any mismatch, 0 when all
 * match, and 0 with a clear SKIPPED line where the machine cannot run it.
 */
import { createEngine } from '../shared/sim/create';
import { createEnv } from '../shared/model/env';
import { defaultClusterSpec } from '../shared/model/spec';
import { buildPlan } from './plan';
import { runScript } from '../shared/shell/script';
import { cleanup, installTrap, run, unavailableReason } from './host';
import { SCENARIOS, type Scenario } from './scenarios';
import { COMPARISONS, type Outcome } from './comparisons';

const verbose = process.argv.includes('--verbose');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

function main(): number {
  const why = unavailableReason();
  if (why) {
    console.log(`SKIPPED kernel conformance: ${why}. It needs Linux, root and iproute2/iptables.`);
    return 0;
  }
  installTrap();
  cleanup();
  const rows: { scenario: string; comparison: string; match: number; mismatch: number }[] = [];
  let failures = 0;
  for (const sc of SCENARIOS.filter((s) => !only || s.name === only)) {
    const results = runScenario(sc);
    for (const [comparison, outs] of results) {
      const bad = outs.filter((o) => !o.match);
      failures += bad.length;
      rows.push({ scenario: sc.name, comparison, match: outs.length - bad.length, mismatch: bad.length });
      for (const o of bad) console.log(`\n✗ ${sc.name} / ${comparison} / ${o.where}\n${o.diff}`);
      if (verbose) for (const o of outs.filter((x) => x.match)) console.log(`✓ ${sc.name} / ${comparison} / ${o.where}`);
    }
  }
  printTable(rows);
  const matched = rows.reduce((n, r) => n + r.match, 0);
  console.log(`\nkernel conformance: ${matched} passed, ${failures} failed`);
  return failures ? 1 : 0;
}

/** tunl0 needs the ipip module, which not every kernel (or container) has. */
function kernelHasIpip(): boolean {
  const probe = 'nlc-ipip-probe';
  run(['ip', 'netns', 'add', probe]);
  const has = run(['ip', '-n', probe, 'link', 'show', 'tunl0']).code === 0 || run(['ip', '-n', probe, 'link', 'add', 'nlcipip', 'type', 'ipip']).code === 0;
  run(['ip', 'netns', 'del', probe]);
  return has;
}

function runScenario(sc: Scenario): Map<string, Outcome[]> {
  const engine = createEngine(defaultClusterSpec(sc.options), createEnv(1));
  for (const step of sc.setup ?? []) {
    const r = runScript({ engine, target: step.target, script: step.script });
    if (r.code !== 0) throw new Error(`${sc.name}: setup \`${step.script}\` failed: ${r.output}`);
  }
  const plan = buildPlan(engine, { ipip: kernelHasIpip() });
  const results = new Map<string, Outcome[]>();
  cleanup();
  try {
    for (const n of plan.namespaces) {
      const r = run(['ip', 'netns', 'add', n]);
      if (r.code) throw new Error(`ip netns add ${n}: ${r.stderr}`);
    }
    const build: Outcome[] = [];
    for (const step of plan.steps) {
      const r = run(step);
      build.push({ where: step.join(' '), match: r.code === 0, diff: r.stderr.trim() });
    }
    const usesMissing = plan.skipped.some((s) => s.includes('(no '));
    if (sc.note && (usesMissing || build.some((b) => !b.match))) {
      // A known kernel limit: report it as a deviation row, not as a simulator bug.
      results.set(`build (deviation: ${sc.note})`, []);
      return results;
    }
    for (const s of plan.skipped.filter((x) => !x.includes('(no '))) build.push({ where: s, match: false, diff: `not reproducible: ${s}` });
    results.set('build', build);
    if (plan.missingLinks.length) results.set(`deviation: no ${plan.missingLinks.join(', ')} in this kernel (left out on both sides)`, []);
    for (const c of COMPARISONS) results.set(c.name, c.run(engine, plan, { missingLinks: plan.missingLinks }));
  } finally {
    cleanup();
  }
  return results;
}

function printTable(rows: { scenario: string; comparison: string; match: number; mismatch: number }[]): void {
  const head = ['scenario', 'comparison', 'match', 'mismatch'];
  const cells = rows.map((r) => [r.scenario, r.comparison, String(r.match), String(r.mismatch)]);
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i >= 2 ? x.padStart(w[i]!) : x.padEnd(w[i]!))).join('  ');
  console.log('\n' + line(head));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  for (const c of cells) console.log(line(c));
}

process.exitCode = main();
