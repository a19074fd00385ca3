/**
 * The lab window end to end, through the web bridge in Chromium against the real host:
 * the default cluster's topology, terminals, a packet walk across the VXLAN overlay,
 * switching language, and a pod created from a shell appearing in the graph. Screenshots
 * of the main screens go to e2e/artifacts/ (look at them).
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ARTIFACTS = join(import.meta.dirname, 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

interface DebugState {
  locale: string;
  selected: string | null;
  topology: { nodes: Array<{ id: string; kind: string; label: string; parent: string | null; details: Record<string, string> }>; edges: Array<{ id: string; kind: string; source: string; target: string }> } | null;
  tabs: Array<{ termId: string; title: string }>;
  activeTerm: string | null;
  highlighted: string[];
  walk: null | { id: string; title: string; verdict: string; position: number; steps: Array<{ stage: string; encapsulated: boolean; elements: string[]; nat: string | null; chains: string[] }> };
}

const state = (page: Page) => page.evaluate(() => (window as any).__netlab.state() as DebugState);
const graph = (page: Page) => page.evaluate(() => (window as any).__netlab.graph() as { ids: string[]; highlighted: string[]; token: { x: number; y: number } | null });
const termText = (page: Page, termId?: string) => page.evaluate((id) => (window as any).__netlab.terminalText(id) as string, termId);

async function ready(page: Page): Promise<void> {
  await page.goto('/');
  await expect.poll(async () => (await state(page)).topology?.nodes.length ?? 0).toBeGreaterThan(0);
  await expect.poll(async () => (await state(page)).tabs.length).toBeGreaterThan(0);
  await expect.poll(() => termText(page)).toContain('# ');
}

/** Types a command into the active terminal and waits until `until` shows up in its buffer. */
async function run(page: Page, command: string, until: string | RegExp): Promise<string> {
  const id = (await state(page)).activeTerm!;
  await page.locator(`[data-testid="terminal-${id}"] .xterm-helper-textarea`).focus();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await expect.poll(() => termText(page, id), { timeout: 15_000 }).toMatch(until);
  return termText(page, id);
}

async function openShellFromList(page: Page, label: string, kind: string): Promise<string> {
  const before = (await state(page)).tabs.length;
  await page.getByTestId('side-tab-elements').click();
  await page.getByRole('option', { name: `${kind} ${label}`, exact: true }).first().dblclick();
  await expect.poll(async () => (await state(page)).tabs.length).toBe(before + 1);
  const id = (await state(page)).activeTerm!;
  await expect.poll(() => termText(page, id)).toContain('# ');
  return id;
}

test.use({ viewport: { width: 1280, height: 800 } });

test('first launch: the default cluster with nodes, pods and tunnels, and a shell on node-1', async ({ page }) => {
  await ready(page);
  const s = await state(page);
  const topo = s.topology!;
  const nodes = topo.nodes.filter((n) => n.kind === 'node').map((n) => n.label).sort();
  expect(nodes).toEqual(['node-1', 'node-2', 'node-3']);
  expect(topo.nodes.filter((n) => n.kind === 'pod').length).toBeGreaterThan(0);
  expect(topo.edges.filter((e) => e.kind === 'tunnel').length).toBeGreaterThan(0);
  // Everything in the snapshot is drawn.
  const drawn = new Set((await graph(page)).ids);
  for (const n of topo.nodes.filter((x) => !['service', 'ingress', 'policy'].includes(x.kind))) expect(drawn.has(n.id), n.id).toBe(true);
  for (const e of topo.edges.filter((x) => x.kind === 'tunnel')) expect(drawn.has(e.id), e.id).toBe(true);
  // And listed in the DOM for keyboards and screen readers.
  for (const n of nodes) await expect(page.getByRole('option', { name: `Node ${n}`, exact: true })).toBeVisible();
  expect(s.tabs[0]!.title).toContain('node-1');
  await expect(page.getByTestId('status-cni')).toContainText('flannel');
  await page.screenshot({ path: join(ARTIFACTS, 'first-launch-en.png') });
});

test('a terminal on a node runs hostname and reports an unknown command', async ({ page }) => {
  await ready(page);
  await openShellFromList(page, 'node-2', 'Node');
  expect((await state(page)).tabs.at(-1)!.title).toContain('node-2');
  await run(page, 'hostname', /\nnode-2\n/);
  const out = await run(page, 'nosuchcmd', 'bash: nosuchcmd: command not found');
  expect(out).toContain('bash: nosuchcmd: command not found');
  await page.screenshot({ path: join(ARTIFACTS, 'terminal-en.png') });
});

test('a large output streams through term:ack flow control without stalling the window', async ({ page }) => {
  await ready(page);
  // ~490 kB: past the host's high-water mark, so it only finishes if the window acks what it drew.
  const t0 = Date.now();
  const frames = page.evaluate(() => new Promise<number>((res) => {
    let n = 0;
    const end = performance.now() + 1500;
    const f = (t: number) => { n++; if (t < end) requestAnimationFrame(f); else res(n); };
    requestAnimationFrame(f);
  }));
  const out = await run(page, 'seq 1 70000; echo end-of-$((6*7))', /\nend-of-42\n/);
  expect(out).toContain('\n70000\n');
  // Printed, not asserted (no wall-clock assertions).
  console.log(`70,000 lines drawn in ${Date.now() - t0} ms; ${await frames} frames painted in the first 1.5 s`);
});

test('a ping from a pod walks across VXLAN; stepping lights the graph', async ({ page }) => {
  await ready(page);
  const topo = (await state(page)).topology!;
  // A pod and a destination pod on another node.
  const nodeOf = (id: string) => topo.nodes.find((n) => n.id === id)?.parent;
  const pods = topo.nodes.filter((n) => n.kind === 'pod' && n.details.ip);
  const src = pods.find((p) => pods.some((q) => nodeOf(q.id) !== nodeOf(p.id)))!;
  const dst = pods.find((q) => nodeOf(q.id) !== nodeOf(src.id))!;
  await openShellFromList(page, src.label, 'Pod');
  await run(page, `ping -c 1 ${dst.details.ip}`, /1 packets transmitted/);
  await expect.poll(async () => (await state(page)).walk?.steps.length ?? 0, { timeout: 10_000 }).toBeGreaterThan(2);
  const walk = (await state(page)).walk!;
  expect(walk.steps.some((s) => s.encapsulated)).toBe(true);
  await expect(page.getByTestId('hop-list')).toContainText('VXLAN');
  // Step through: each hop lights its elements on the graph.
  await page.getByTestId('walk-pause').click().catch(() => undefined);
  await page.locator('[data-testid="hop-list"] li').first().click();
  for (let i = 0; i < Math.min(walk.steps.length - 1, 6); i++) {
    const s = await state(page);
    const want = s.walk!.steps[s.walk!.position]!.elements;
    const lit = (await graph(page)).highlighted;
    expect(lit.sort()).toEqual(want.filter((id) => s.topology!.nodes.some((n) => n.id === id) || s.topology!.edges.some((e) => e.id === id)).sort());
    await page.getByTestId('walk-step').click();
  }
  const encapAt = walk.steps.findIndex((s) => s.encapsulated);
  await page.locator(`[data-testid="hop-list"] li[data-index="${encapAt}"]`).click();
  await expect(page.getByTestId('hop-layers').locator('details.inner').first()).toBeVisible();
  await expect(page.getByTestId('hop-layers')).toContainText('Virtual eXtensible Local Area Network');
  await page.screenshot({ path: join(ARTIFACTS, 'walk-vxlan-en.png') });
});

test('a curl to a ClusterIP shows the DNAT hop with the KUBE-SEP rule that did it', async ({ page }) => {
  await ready(page);
  const listing = await run(page, 'kubectl get svc web -o jsonpath={.spec.clusterIP}; echo', /\n\d+\.\d+\.\d+\.\d+\n/);
  const ip = /\n(\d+\.\d+\.\d+\.\d+)\n/.exec(listing)![1]!;
  await openShellFromList(page, 'client', 'Pod');
  await run(page, `curl -s ${ip}`, /\(client \d+\.\d+\.\d+\.\d+:\d+\)/);
  await expect.poll(async () => (await state(page)).walk?.steps.some((s) => s.nat === 'DNAT') ?? false, { timeout: 10_000 }).toBe(true);
  const walk = (await state(page)).walk!;
  const dnat = walk.steps.findIndex((s) => s.nat === 'DNAT');
  await page.getByTestId('walk-pause').click().catch(() => undefined);
  await page.locator(`[data-testid="hop-list"] li[data-index="${dnat}"]`).click();
  const detail = page.getByTestId('hop-detail');
  await expect(detail).toContainText('DNAT');
  await expect(detail.locator('[data-testid="rule-hit"]').filter({ hasText: 'KUBE-SEP-' }).first()).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'walk-clusterip-dnat-en.png') });
});

test('switching the language switches the UI text', async ({ page }) => {
  await ready(page);
  await expect(page.getByTestId('side-tab-elements')).toHaveText('Elements');
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(page.getByTestId('side-tab-elements')).toHaveText('元素');
  await expect(page.getByTestId('trace-inspector')).toContainText('数据包路径');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.screenshot({ path: join(ARTIFACTS, 'first-launch-zh-CN.png') });
  await page.getByTestId('theme-select').selectOption('dark');
  await page.screenshot({ path: join(ARTIFACTS, 'first-launch-zh-CN-dark.png') });
  // Remembered across a reload.
  await page.reload();
  await expect(page.getByTestId('side-tab-elements')).toHaveText('元素');
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('theme-select').selectOption('system');
});

test('a pod created in a shell appears in the graph', async ({ page }) => {
  await ready(page);
  const name = `e2e-probe-${Date.now() % 100000}`;
  const id = (await state(page)).activeTerm!;
  await page.locator(`[data-testid="terminal-${id}"] .xterm-helper-textarea`).focus();
  // A here-document typed line by line, as a learner would (the shell shows "> " prompts).
  for (const line of ['cat > probe.yaml <<EOF', 'apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, 'spec:', '  containers:', '  - name: probe', '    image: busybox', 'EOF']) {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  }
  await run(page, 'kubectl apply -f probe.yaml', `pod/${name} created`);
  await expect.poll(async () => (await state(page)).topology!.nodes.some((n) => n.kind === 'pod' && n.label === name), { timeout: 10_000 }).toBe(true);
  const podId = (await state(page)).topology!.nodes.find((n) => n.kind === 'pod' && n.label === name)!.id;
  await expect.poll(async () => (await graph(page)).ids.includes(podId)).toBe(true);
  await expect(page.getByRole('option', { name: `Pod ${name}`, exact: true })).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'pod-created-en.png') });
  await run(page, `kubectl delete pod ${name}`, `pod "${name}" deleted`);
  await expect.poll(async () => (await graph(page)).ids.includes(podId), { timeout: 10_000 }).toBe(false);
});

test('the element list works from the keyboard and opens a shell with Enter', async ({ page }) => {
  await ready(page);
  const list = page.getByTestId('element-list');
  await list.focus();
  await page.keyboard.press('ArrowDown');
  const first = (await state(page)).selected;
  expect(first).not.toBeNull();
  await page.keyboard.press('ArrowDown');
  const second = (await state(page)).selected;
  expect(second).not.toBe(first);
  // The graph follows the list's selection.
  await expect(list.locator(`[data-id="${second}"]`)).toHaveAttribute('aria-selected', 'true');
  const tabs = (await state(page)).tabs.length;
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await state(page)).tabs.length).toBe(tabs + 1);
});

test('the sandbox switches the CNI: the status bar and the tunnels follow', async ({ page }) => {
  await ready(page);
  await page.getByTestId('side-tab-sandbox').click();
  const form = page.getByTestId('sandbox');
  await form.locator('input[type=number]').first().fill('3');
  await form.locator('select').first().selectOption('calico:ipip');
  await form.locator('button[type=submit]').click();
  await expect(page.getByTestId('status-cni')).toContainText('calico:ipip', { timeout: 30_000 });
  await expect.poll(async () => (await state(page)).topology!.nodes.some((n) => n.kind === 'tunnel' && n.label === 'tunl0'), { timeout: 30_000 }).toBe(true);
  expect((await state(page)).topology!.nodes.filter((n) => n.kind === 'node')).toHaveLength(3);
  // The mode diff lists what the switch did to each node's links (`ip -br link` before / after).
  const diff = page.getByTestId('mode-diff');
  await expect(diff).toContainText('→ calico:ipip');
  await expect(diff.locator('.del').filter({ hasText: /^-flannel\.1 +UNKNOWN/ }).first()).toBeVisible();
  await expect(diff.locator('.add').filter({ hasText: /^\+tunl0@NONE +UNKNOWN/ }).first()).toBeVisible();
  await expect.poll(async () => (await state(page)).tabs.map((t) => t.title).join(',')).toContain('node-1');
  await page.screenshot({ path: join(ARTIFACTS, 'sandbox-calico-ipip-en.png') });
  // Back to the default cluster for whoever runs next.
  await form.locator('select').first().selectOption('flannel:vxlan');
  await form.locator('button[type=submit]').click();
  await expect(page.getByTestId('status-cni')).toContainText('flannel:vxlan', { timeout: 30_000 });
});
