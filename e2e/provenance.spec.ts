/**
 * Provenance end to end: a curl from the client pod to the web Service's ClusterIP, the hop
 * whose rules include the KUBE-SVC chain, and its provenance entry linking to Service
 * default/web — clicking it lights the Service on the graph (turning the services overlay
 * back on when it was hidden) and selects it in the element list; the controller named in
 * the entry links to its own pod (kube-proxy on that node).
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ARTIFACTS = join(import.meta.dirname, 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

interface DebugState {
  selected: string | null;
  topology: { nodes: Array<{ id: string; kind: string }> } | null;
  tabs: Array<{ termId: string; title: string }>;
  activeTerm: string | null;
  walk: null | { steps: Array<{ stage: string; chains: string[] }> };
}

const state = (page: Page) => page.evaluate(() => (window as any).__netlab.state() as DebugState);
const graph = (page: Page) => page.evaluate(() => (window as any).__netlab.graph() as { ids: string[]; highlighted: string[] });
const termText = (page: Page, termId?: string) => page.evaluate((id) => (window as any).__netlab.terminalText(id) as string, termId);

async function run(page: Page, command: string, until: RegExp): Promise<string> {
  const id = (await state(page)).activeTerm!;
  await page.locator(`[data-testid="terminal-${id}"] .xterm-helper-textarea`).focus();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await expect.poll(() => termText(page, id), { timeout: 15_000 }).toMatch(until);
  return termText(page, id);
}

test.use({ viewport: { width: 1280, height: 800 } });

test('a KUBE-SVC rule hit links to Service default/web: clicking it lights the Service and selects it', async ({ page }) => {
  await page.goto('/');
  await expect.poll(async () => (await state(page)).topology?.nodes.length ?? 0).toBeGreaterThan(0);
  await expect.poll(async () => (await state(page)).tabs.length).toBeGreaterThan(0);
  await expect.poll(() => termText(page)).toContain('# ');
  const listing = await run(page, 'kubectl get svc web -o jsonpath={.spec.clusterIP}; echo', /\n\d+\.\d+\.\d+\.\d+\n/);
  const ip = /\n(\d+\.\d+\.\d+\.\d+)\n/.exec(listing)![1]!;

  // Hide the services overlay: the link has to bring it back.
  await page.getByLabel('Services overlay').uncheck();
  await expect.poll(async () => (await graph(page)).ids.includes('svc:default/web')).toBe(false);

  const before = (await state(page)).tabs.length;
  await page.getByTestId('side-tab-elements').click();
  await page.getByRole('option', { name: 'Pod client', exact: true }).first().dblclick();
  await expect.poll(async () => (await state(page)).tabs.length).toBe(before + 1);
  await expect.poll(() => termText(page, undefined)).toContain('# ');
  await run(page, `curl -s ${ip}`, /\(client \d+\.\d+\.\d+\.\d+:\d+\)/);
  await expect.poll(async () => (await state(page)).walk?.steps.some((s) => s.chains.some((c) => c.startsWith('KUBE-SVC-'))) ?? false, { timeout: 10_000 }).toBe(true);
  const at = (await state(page)).walk!.steps.findIndex((s) => s.chains.some((c) => c.startsWith('KUBE-SVC-')));
  await page.getByTestId('walk-pause').click().catch(() => undefined);
  await page.locator(`[data-testid="hop-list"] li[data-index="${at}"]`).click();

  const entry = page.getByTestId('hop-detail').getByTestId('provenance-entry').filter({ hasText: /nat\/KUBE-SVC-\w+ #\d+/ }).first();
  await expect(entry).toContainText('kube-proxy');
  const link = entry.getByTestId('provenance-link');
  await expect(link).toHaveText('Service default/web');
  await link.click();

  await expect.poll(async () => (await graph(page)).highlighted).toEqual(['svc:default/web']);
  expect((await graph(page)).ids).toContain('svc:default/web');
  expect((await state(page)).selected).toBe('svc:default/web');
  await expect(page.getByRole('option', { name: /Service web/ }).first()).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: join(ARTIFACTS, 'provenance-service-link-en.png') });

  // The controller is a link too: kube-proxy's own pod on that node.
  await entry.getByTestId('provenance-controller-link').click();
  await expect.poll(async () => (await graph(page)).highlighted.join()).toMatch(/^pod:kube-system\/kube-proxy-[a-z0-9]{5}$/);
  const proxyPod = (await graph(page)).highlighted[0]!;
  expect((await state(page)).selected).toBe(proxyPod);

  // In Chinese the section and the kinds are translated; the object names are not.
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(page.getByTestId('hop-detail')).toContainText('写入者');
  await expect(link).toHaveAttribute('aria-label', '在拓扑图中高亮 Service default/web');
  await page.screenshot({ path: join(ARTIFACTS, 'provenance-service-link-zh-CN.png') });
});
