/**
 * Route health on the live topology: deleting a route in a node shell turns the tunnel it
 * carried red and dashed in the graph, the status bar counts it and says why, and adding
 * the route back heals it. Screenshots go to e2e/artifacts/.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ARTIFACTS = join(import.meta.dirname, 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

interface Edge { id: string; kind: string; state: string | null; reason: string | null }
const state = (page: Page) => page.evaluate(() => (window as any).__netlab.state() as { activeTerm: string | null; topology: { edges: Edge[] } | null });
const broken = async (page: Page) => ((await state(page)).topology?.edges ?? []).filter((e) => e.state === 'broken');
const termText = (page: Page, id: string) => page.evaluate((t) => (window as any).__netlab.terminalText(t) as string, id);
/** The drawn edge's classes and style, read from the Cytoscape instance its container registers. */
const drawn = (page: Page, id: string) => page.evaluate((eid) => {
  const cy = (document.querySelector('[data-testid="topology"] .canvas') as any)?._cyreg?.cy;
  const e = cy?.getElementById(eid);
  return e && e.nonempty() ? { classes: e.classes() as string[], label: e.data('label') as string, style: e.style('line-style') as string, color: e.style('line-color') as string } : null;
}, id);

async function run(page: Page, command: string, until: RegExp): Promise<void> {
  const id = (await state(page)).activeTerm!;
  await page.locator(`[data-testid="terminal-${id}"] .xterm-helper-textarea`).focus();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await expect.poll(() => termText(page, id), { timeout: 15_000 }).toMatch(until);
}

test.use({ viewport: { width: 1280, height: 800 } });

test('ip route del on node-1 breaks the node-1 ⇄ node-3 tunnel in the graph; adding it back heals it', async ({ page }) => {
  await page.goto('/');
  await expect.poll(async () => (await state(page)).topology?.edges.length ?? 0).toBeGreaterThan(0);
  await expect.poll(async () => (await state(page)).activeTerm).not.toBeNull();
  expect(await broken(page)).toEqual([]);
  await expect(page.getByTestId('route-health')).toHaveCount(0);

  // Figure (printed, not asserted): keystroke to the edge drawn broken, watched frame by frame.
  await page.evaluate(() => {
    const cy = (document.querySelector('[data-testid="topology"] .canvas') as any)._cyreg.cy;
    const w = window as any;
    w.__brokenAt = null;
    const tick = () => {
      if (cy.getElementById('tunnel:node-1:node-3:flannel.1').hasClass('broken')) w.__brokenAt = performance.now();
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const id = (await state(page)).activeTerm!;
  await page.locator(`[data-testid="terminal-${id}"] .xterm-helper-textarea`).focus();
  await page.keyboard.type('ip route del 10.244.2.0/24; echo deleted-$?');
  const t0 = await page.evaluate(() => performance.now());
  await page.keyboard.press('Enter');
  await expect.poll(() => termText(page, id)).toMatch(/deleted-0/);
  await expect.poll(() => page.evaluate(() => (window as any).__brokenAt)).not.toBeNull();
  const ms = (await page.evaluate(() => (window as any).__brokenAt as number)) - t0;
  console.log(`route health: Enter on "ip route del" to the tunnel drawn broken: ${ms.toFixed(0)} ms`);
  await expect.poll(async () => (await broken(page)).map((e) => e.id)).toEqual(['tunnel:node-1:node-3:flannel.1']);
  const [edge] = await broken(page);
  expect(edge!.reason).toBe('node-1 → node-3: node-1 has no route to 10.244.2.0/24: the packet would follow "default via 192.168.56.1 dev eth0"');
  // Drawn red and dashed with its warning sign.
  await expect.poll(async () => (await drawn(page, 'tunnel:node-1:node-3:flannel.1'))?.classes.includes('broken')).toBe(true);
  expect(await drawn(page, 'tunnel:node-1:node-3:flannel.1')).toMatchObject({ label: '⚠ VXLAN 8472', style: 'dashed', color: 'rgb(220,38,38)' });
  expect((await drawn(page, 'tunnel:node-1:node-2:flannel.1'))?.classes).not.toContain('broken');
  // The status bar counts it; its list says why and selects the edge.
  const badge = page.getByTestId('route-health');
  await expect(badge).toHaveText('⚠ 1 broken route');
  await expect(badge).toHaveCSS('background-color', 'rgb(220, 38, 38)');
  await badge.hover();
  await expect(badge).toHaveCSS('background-color', 'rgb(185, 28, 28)');
  await badge.click();
  const list = page.getByTestId('route-health-list');
  await expect(list).toContainText('node-1 has no route to 10.244.2.0/24');
  await page.screenshot({ path: join(ARTIFACTS, 'route-health-broken.png') });
  // The same in Chinese, dark.
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await page.getByTestId('theme-select').selectOption('dark');
  await expect(badge).toHaveText('⚠ 1 条路由故障');
  await expect(page.getByRole('dialog', { name: '节点间的故障路由' })).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'route-health-broken-zh-CN-dark.png') });
  await page.getByTestId('locale-select').selectOption('system');
  await page.getByTestId('theme-select').selectOption('system');
  await list.getByRole('button').first().click();
  await expect.poll(async () => page.evaluate(() => (window as any).__netlab.state().selected)).toBe('tunnel:node-1:node-3:flannel.1');
  // The details panel names the edge's ends and why it is broken.
  await page.getByTestId('side-tab-elements').click();
  await expect(page.getByTestId('edge-broken-reason')).toContainText('node-1 has no route to 10.244.2.0/24');
  await expect(page.getByTestId('legend-broken')).toBeVisible();
  await page.keyboard.press('Escape');

  await run(page, 'ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink; echo added-$?', /added-0/);
  await expect.poll(async () => (await broken(page)).length).toBe(0);
  await expect(badge).toHaveCount(0);
});
