/**
 * Window figures (issue 6), printed and saved to e2e/artifacts/bench-window.json, never
 * asserted: time to first render of the default cluster, then with a big cluster the frame
 * time while panning the topology and while a packet animation plays.
 * Runs only with NETLAB_BENCH=1: `NETLAB_BENCH=1 NETLAB_BENCH_NODES=100 NETLAB_BENCH_PODS=3000 npm run test:e2e -- e2e/window-bench.spec.ts --project web`.
 * The pods come from `kubectl scale deployment web --replicas=N` typed in a shell (the sample
 * app, so its Service selects them all and kube-proxy programs every endpoint on every node);
 * NETLAB_BENCH_VIA=create types `kubectl create deployment bench --replicas=N` instead (no Service).
 * NETLAB_BENCH_PROFILE=1 adds CPU profiles of the pan and the animation.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ARTIFACTS = join(import.meta.dirname, 'artifacts');
const NODES = Number(process.env.NETLAB_BENCH_NODES ?? 100);
const PODS = Number(process.env.NETLAB_BENCH_PODS ?? 3000);
const VIA_SCALE = process.env.NETLAB_BENCH_VIA !== 'create';
const DEPLOYMENT = VIA_SCALE ? 'web' : 'bench';

test.skip(process.env.NETLAB_BENCH !== '1', 'window figures run only with NETLAB_BENCH=1 (minutes of cluster building)');
// No trace: its DOM snapshot on every action runs in the page and would be counted as frame time.
test.use({ viewport: { width: 1280, height: 800 }, trace: 'off' });
test.setTimeout(30 * 60_000);

const state = (page: Page) => page.evaluate(() => (window as any).__netlab.state());
const graphCount = (page: Page) => page.evaluate(() => (window as any).__netlab.graph().ids.length as number);

/** Records frame intervals for `ms` while `act` runs; returns mean and p95 frame time. */
async function frames(page: Page, ms: number, act: () => Promise<void>): Promise<{ frames: number; meanMs: number; p95Ms: number; fps: number }> {
  await page.evaluate(() => {
    const w = window as any;
    w.__frames = [];
    w.__rec = true;
    let last = performance.now();
    const f = (t: number) => { w.__frames.push(t - last); last = t; if (w.__rec) requestAnimationFrame(f); };
    requestAnimationFrame(f);
  });
  const start = Date.now();
  await act();
  const left = ms - (Date.now() - start);
  if (left > 0) await page.waitForTimeout(left);
  const d: number[] = await page.evaluate(() => { (window as any).__rec = false; return (window as any).__frames.slice(1); });
  const sorted = [...d].sort((a, b) => a - b);
  const mean = d.reduce((a, b) => a + b, 0) / Math.max(1, d.length);
  return { frames: d.length, meanMs: +mean.toFixed(1), p95Ms: +(sorted[Math.floor(sorted.length * 0.95)] ?? 0).toFixed(1), fps: +(1000 / mean).toFixed(1) };
}

/**
 * With NETLAB_BENCH_PROFILE=1: a CPU profile (CDP) of `act`, saved to artifacts/<name>.cpuprofile
 * and summarised as the functions with the most self time — to see where frame time goes.
 */
async function profiled<T>(page: Page, name: string, act: () => Promise<T>): Promise<T> {
  if (process.env.NETLAB_BENCH_PROFILE !== '1') return act();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const value = await act();
  const { profile } = await cdp.send('Profiler.stop');
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `${name}.cpuprofile`), JSON.stringify(profile));
  const self = new Map<number, number>();
  const dt = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)));
  const byFn = new Map<string, number>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + (self.get(n.id) ?? 0));
  }
  const total = [...byFn.values()].reduce((a, b) => a + b, 0);
  const top = [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 20);
  console.log(`profile ${name} (${(total / 1000).toFixed(0)} ms sampled):\n` + top.map(([k, us]) => `  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`).join('\n'));
  await cdp.detach();
  return value;
}

/** The renderer's own `netlab:*` measures (debug.ts `timed`) since the last call: count, total and longest, per name. */
async function measures(page: Page): Promise<Record<string, { n: number; totalMs: number; maxMs: number }>> {
  return page.evaluate(() => {
    const out: Record<string, { n: number; totalMs: number; maxMs: number }> = {};
    for (const m of performance.getEntriesByType('measure')) {
      if (!m.name.startsWith('netlab:')) continue;
      const o = (out[m.name.slice(7)] ??= { n: 0, totalMs: 0, maxMs: 0 });
      o.n++;
      o.totalMs = Math.round(o.totalMs + m.duration);
      o.maxMs = Math.max(o.maxMs, Math.round(m.duration));
    }
    performance.clearMeasures();
    return out;
  });
}

async function pan(page: Page): Promise<void> {
  const box = (await page.getByTestId('topology').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 60; i++) await page.mouse.move(cx + Math.sin(i / 6) * 200, cy + Math.cos(i / 6) * 80, { steps: 2 });
  await page.mouse.up();
}

test('window figures', async ({ page }) => {
  const out: Record<string, unknown> = { viewport: '1280x800', nodes: NODES, pods: PODS, via: VIA_SCALE ? 'kubectl scale deployment web' : 'kubectl create deployment bench' };
  await page.addInitScript(() => { (window as any).__netlabBench = true; });
  await page.goto('/');
  // Milliseconds from navigation start to the first frame with the cluster drawn.
  out.firstRenderMs = await page.evaluate(() => new Promise<number>((res) => {
    const f = () => {
      const m = performance.getEntriesByName('netlab:first-graph')[0];
      if (m) res(Math.round(m.startTime)); else requestAnimationFrame(f);
    };
    f();
  }));
  out.domContentLoadedMs = await page.evaluate(() => Math.round((performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd));
  // The first second, step by step: the app mounted, the first topology arrived over the bridge, drawn.
  out.firstRenderSteps = await page.evaluate(() => Object.fromEntries(['first-paint', 'netlab:app-mounted', 'netlab:first-topology', 'netlab:first-graph'].map((n) => [n.replace('netlab:', ''), Math.round(performance.getEntriesByName(n)[0]?.startTime ?? -1)])));
  // Electron shows the window at ready-to-show, i.e. at the page's first paint: the "< 1 s after the window shows".
  const steps = out.firstRenderSteps as Record<string, number>;
  out.firstRenderAfterFirstPaintMs = steps['first-graph']! - steps['first-paint']!;
  out.defaultPan = await frames(page, 2000, () => pan(page));

  // A big cluster from the sandbox form, then the deployment scaled from a shell.
  await page.getByTestId('side-tab-sandbox').click();
  await page.getByTestId('sandbox').locator('input[type=number]').first().fill(String(NODES));
  const oldTerm = (await state(page)).activeTerm;
  let t = Date.now();
  await page.getByTestId('sandbox').locator('button[type=submit]').click();
  await expect.poll(async () => ((await state(page)).topology?.nodes ?? []).filter((n: any) => n.kind === 'node').length, { timeout: 20 * 60_000 }).toBe(NODES);
  out.resetToNodesMs = Date.now() - t;
  // The reset ends the old shells and opens a fresh one on the first node.
  await expect.poll(async () => { const s = await state(page); return s.activeTerm && s.activeTerm !== oldTerm ? s.activeTerm : null; }, { timeout: 60_000 }).not.toBeNull();
  const termId = (await state(page)).activeTerm;
  await expect.poll(() => page.evaluate((id) => (window as any).__netlab.terminalText(id) as string, termId)).toContain('# ');
  await page.locator(`[data-testid="terminal-${termId}"] .xterm-helper-textarea`).focus();
  t = Date.now();
  await page.keyboard.type(VIA_SCALE ? `kubectl scale deployment web --replicas=${PODS}` : `kubectl create deployment bench --image=nginx:1.27 --replicas=${PODS}`);
  await page.keyboard.press('Enter');
  await expect.poll(async () => ((await state(page)).topology?.nodes ?? []).filter((n: any) => n.kind === 'pod' && n.label.startsWith(`${DEPLOYMENT}-`)).length, { timeout: 25 * 60_000, intervals: [2000] }).toBeGreaterThanOrEqual(PODS);
  out.scaleToPodsMs = Date.now() - t;
  await expect.poll(() => graphCount(page), { timeout: 5 * 60_000 }).toBeGreaterThan(PODS);
  out.graphElements = await graphCount(page);
  out.buildMeasures = await measures(page);
  out.bigPan = await profiled(page, 'profile-pan', () => frames(page, 3000, () => pan(page)));

  // A packet animation across the big graph: the first pod to the last one.
  const topo = (await state(page)).topology;
  const pods = topo.nodes.filter((n: any) => n.kind === 'pod' && n.details.ip && n.label.startsWith(`${DEPLOYMENT}-`));
  await page.getByTestId('trace-form-toggle').click();
  const form = page.getByTestId('trace-form');
  await form.locator('select').first().selectOption({ label: `${pods[0].label} (Pod)` });
  await form.locator('input').first().fill(pods[pods.length - 1].details.ip);
  await measures(page);
  out.bigAnimation = await profiled(page, 'profile-animation', () => frames(page, 5000, async () => { await form.locator('button[type=submit]').click(); }));

  out.animationMeasures = await measures(page);
  console.log('window figures:', JSON.stringify(out, null, 2));
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'bench-window.json'), JSON.stringify(out, null, 2) + '\n');
  await page.screenshot({ path: join(ARTIFACTS, 'bench-big-cluster.png') });
  // To judge legibility: the whole cluster, then zoomed in to reading size at its centre.
  await page.getByTestId('topology').getByRole('button', { name: 'Fit' }).click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(ARTIFACTS, 'bench-big-fit.png') });
  const zoomIn = page.getByTestId('topology').getByRole('button', { name: 'Zoom in' });
  for (let i = 0; i < 8; i++) await zoomIn.click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(ARTIFACTS, 'bench-big-zoomed.png') });
});
