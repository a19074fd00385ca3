/**
 * The window's inspect features end to end, through the web bridge against the real host:
 * selecting the web Service lists the kube-proxy rules that mention it, and switching the
 * sandbox from flannel:vxlan / iptables to calico:bgp / ipvs shows per node what
 * `ip route`, `ip -br link`, the nat table and IPVS gained and lost. Screenshots go to
 * e2e/artifacts/ (look at them).
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ARTIFACTS = join(import.meta.dirname, 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

const state = (page: Page) => page.evaluate(() => (window as any).__netlab.state() as { topology: { nodes: unknown[] } | null; tabs: unknown[]; activeTerm: string | null });

/** The default sandbox, whatever an earlier spec (a lab, another reset) left on the shared host. */
async function ready(page: Page): Promise<void> {
  await page.goto('/');
  await expect.poll(async () => (await state(page)).topology?.nodes.length ?? 0).toBeGreaterThan(0);
  await resetTo(page, 'flannel:vxlan', 'iptables');
  await expect.poll(async () => (await state(page)).tabs.length).toBeGreaterThan(0);
}

async function resetTo(page: Page, cni: string, proxy: string): Promise<void> {
  await page.getByTestId('side-tab-sandbox').click();
  const form = page.getByTestId('sandbox');
  await form.locator('input[type=number]').first().fill('3');
  await form.locator('select').nth(0).selectOption(cni);
  await form.locator('select').nth(1).selectOption(proxy);
  await form.locator('select').nth(2).selectOption('default');
  const before = await page.evaluate(() => (window as any).__netlab.state().activeTerm as string | null);
  await form.locator('button[type=submit]').click();
  // A reset ends every shell and opens a fresh one on the first node.
  await expect.poll(() => page.evaluate(() => (window as any).__netlab.state().activeTerm as string | null), { timeout: 30_000 }).not.toBe(before);
  await expect(page.getByTestId('status-cni')).toContainText(cni, { timeout: 30_000 });
}

test.use({ viewport: { width: 1280, height: 800 } });

// The specs share one host: leave it on the default sandbox for the ones that follow.
test.afterAll(async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto('/');
  await expect.poll(async () => (await state(page)).topology?.nodes.length ?? 0).toBeGreaterThan(0);
  await resetTo(page, 'flannel:vxlan', 'iptables');
  await page.close();
});

test('the details of the web Service list the KUBE-SERVICES / KUBE-SVC rules that mention it', async ({ page }) => {
  await ready(page);
  await page.getByTestId('side-tab-elements').click();
  await page.getByTestId('element-filter').fill('web');
  await page.locator('[data-testid="element-list"] [data-id="svc:default/web"]').click();
  const mentions = page.getByTestId('element-mentions');
  const nat = mentions.getByTestId('mention-nat');
  // Generous: the host answers in milliseconds, but the e2e machine is shared.
  await expect(nat).toContainText('iptables -t nat -S', { timeout: 30_000 });
  await expect(nat).toContainText('node-1, node-2, node-3');
  await expect(nat.locator('.lines')).toContainText(/-A KUBE-SERVICES -d [0-9.]+\/32 -p tcp -m comment --comment "default\/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-[A-Z2-7]{16}/);
  await page.getByTestId('element-details').screenshot({ path: join(ARTIFACTS, 'details-mentions-web-service-en.png') });
});

test('switching to calico:bgp / ipvs shows per node the routes, links, nat rules and IPVS services that changed', async ({ page }) => {
  await ready(page);
  await resetTo(page, 'calico:bgp', 'ipvs');
  const diff = page.getByTestId('mode-diff');
  await expect(diff).toContainText('flannel:vxlan / iptables → calico:bgp / ipvs', { timeout: 30_000 });
  const route = diff.getByTestId('mode-diff-node-2-route');
  await expect(route.locator('.del').filter({ hasText: '-10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1' })).toBeVisible();
  await expect(route.locator('.add').filter({ hasText: /^\+10\.244\.[0-9.]+ dev cali[0-9a-f]{11} scope link/ }).first()).toBeVisible();
  await expect(diff.getByTestId('mode-diff-node-2-link').locator('.add').filter({ hasText: /^\+kube-ipvs0 +DOWN/ })).toBeVisible();
  await expect(diff.getByTestId('mode-diff-node-2-ipvs').locator('.add').filter({ hasText: '+TCP  10.96.0.1:443 rr' })).toBeVisible();
  await diff.getByTestId('mode-diff-node-2-route').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'mode-diff-calico-ipvs-en.png') });
  // The side bar is narrow: the wide view lifts the diff over the window, one rule per line.
  await diff.getByTestId('mode-diff-wide').click();
  await expect(diff).toHaveClass(/wide/);
  await diff.getByTestId('mode-diff-node-1').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'mode-diff-calico-ipvs-wide-en.png') });
  await diff.getByTestId('mode-diff-wide').click();
  await expect(diff).not.toHaveClass(/wide/);
  // The same in Chinese, in the dark theme (the layout must hold both).
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await page.getByTestId('theme-select').selectOption('dark');
  await expect(diff).toContainText('切换带来的变化（按节点）');
  await expect(diff.getByTestId('mode-diff-node-2-route')).toContainText('路由');
  await diff.getByTestId('mode-diff-wide').click();
  await page.screenshot({ path: join(ARTIFACTS, 'mode-diff-calico-ipvs-wide-zh-CN-dark.png') });
  await diff.getByTestId('mode-diff-wide').click();
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('theme-select').selectOption('system');
  // Back to the default cluster for whoever runs next; a switch back is a diff of its own.
  await resetTo(page, 'flannel:vxlan', 'iptables');
  await expect(diff).toContainText('calico:bgp / ipvs → flannel:vxlan / iptables', { timeout: 30_000 });
});
