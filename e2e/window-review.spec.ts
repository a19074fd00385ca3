/**
 * The window's mouse and keyboard paths, checked end to end: right-click on the graph
 * (open a shell, ping / curl from here, trace to here), double-click opens a shell,
 * Ctrl+T opens one on the selection, Ctrl+Tab cycles the tabs, Ctrl+Shift+F finds in the
 * terminal. Screenshots (the context menu in Chinese, dark) go to e2e/artifacts/.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ARTIFACTS = join(import.meta.dirname, 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

interface DebugState {
  activeTerm: string | null;
  selected: string | null;
  tabs: Array<{ termId: string; title: string }>;
  topology: { nodes: Array<{ id: string; kind: string; label: string }> } | null;
}
const state = (page: Page) => page.evaluate(() => (window as any).__netlab.state() as DebugState);
const termText = (page: Page, id: string) => page.evaluate((t) => (window as any).__netlab.terminalText(t) as string, id);

/** Where an element of the graph is on the page (its rendered centre, through Cytoscape's registry). */
async function at(page: Page, id: string): Promise<{ x: number; y: number }> {
  const p = await page.evaluate((eid) => {
    const box = document.querySelector('[data-testid="topology"] .canvas') as any;
    const el = box?._cyreg?.cy?.getElementById(eid);
    if (!el || el.empty()) return null;
    const r = box.getBoundingClientRect();
    const bb = el.renderedBoundingBox();
    // Compound boxes: aim at the label strip at the top, not at a child inside.
    return { x: r.left + (bb.x1 + bb.x2) / 2, y: r.top + (el.isParent() ? bb.y1 + 8 : (bb.y1 + bb.y2) / 2) };
  }, id);
  expect(p, id).not.toBeNull();
  return p!;
}

async function ready(page: Page): Promise<void> {
  await page.goto('/');
  await expect.poll(async () => (await state(page)).topology?.nodes.length ?? 0).toBeGreaterThan(0);
  await expect.poll(async () => (await state(page)).activeTerm).not.toBeNull();
  // Positions settle after the first fit.
  await page.waitForTimeout(600);
}

test.use({ viewport: { width: 1280, height: 800 } });

test('right-click offers shell / ping / curl / trace; double-click and Ctrl+T open shells; Ctrl+Tab cycles; find works', async ({ page }) => {
  await ready(page);
  const tabs0 = (await state(page)).tabs.length;

  // Double-click node-3's eth0: a shell on node-3 (the element's owner).
  const n3 = await at(page, 'if:node-3:eth0');
  await page.mouse.dblclick(n3.x, n3.y);
  await expect.poll(async () => (await state(page)).tabs.length).toBe(tabs0 + 1);
  expect((await state(page)).tabs.at(-1)!.title).toContain('node-3');

  // Double-click a machine's name above its box (a label): a shell on it too. The service
  // overlay's lines cross the label, so aim at a spot of it they leave free.
  const label = await page.evaluate(() => {
    const box = document.querySelector('[data-testid="topology"] .canvas') as any;
    const cy = box._cyreg.cy;
    const r = box.getBoundingClientRect();
    const bb = cy.getElementById('node:node-2').renderedBoundingBox();
    const y = bb.y1 + 5;
    for (let dx = 0; dx <= 24; dx += 3) {
      for (const x of [(bb.x1 + bb.x2) / 2 - dx, (bb.x1 + bb.x2) / 2 + dx]) {
        const hit = cy.renderer().findNearestElement((x - cy.pan().x) / cy.zoom(), (y - cy.pan().y) / cy.zoom(), true, false);
        if (hit?.id() === 'node:node-2') return { x: r.left + x, y: r.top + y };
      }
    }
    return null;
  });
  expect(label, 'a clickable spot on the node-2 label').not.toBeNull();
  await page.mouse.dblclick(label!.x, label!.y);
  await expect.poll(async () => (await state(page)).tabs.length).toBe(tabs0 + 2);
  expect((await state(page)).tabs.at(-1)!.title).toContain('node-2');

  // Right-click a pod: the menu, inside the window; "Trace to here" fills the destination.
  const pod = (await state(page)).topology!.nodes.find((n) => n.kind === 'pod' && n.label.startsWith('web-'))!;
  const pp = await at(page, pod.id);
  await page.mouse.click(pp.x, pp.y, { button: 'right' });
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  const box = (await menu.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(1280);
  expect(box.y + box.height).toBeLessThanOrEqual(800);
  await expect(menu.getByRole('menuitem')).toHaveText([/Open shell/, /Ping from here/, /Curl from here/, /Trace to here… ?10\.244\.\d+\.\d+/]);
  await menu.getByRole('menuitem', { name: /Trace to here/ }).click();
  await expect(menu).toHaveCount(0);
  await expect(page.getByTestId('trace-form')).toBeVisible();
  await expect(page.getByTestId('trace-form').locator('input.mono').first()).toHaveValue(/^10\.244\./);

  // Curl from here on node-1's box: the form's source and protocol follow.
  const n1 = await at(page, 'node:node-1');
  await page.mouse.click(n1.x, n1.y, { button: 'right' });
  await menu.getByRole('menuitem', { name: /Curl from here/ }).click();
  await expect(page.getByTestId('trace-form').locator('select').nth(1)).toHaveValue('tcp');
  // A primary button keeps its white-on-blue when hovered (the generic hover grey made it unreadable).
  const go = page.getByTestId('trace-form').locator('button.primary');
  await expect(go).toBeEnabled();
  await go.hover();
  await expect(go).not.toHaveCSS('background-color', 'rgb(233, 237, 242)');
  await expect(go).toHaveCSS('color', 'rgb(255, 255, 255)');

  // A right-click near the right edge keeps the menu on screen.
  const ext = await at(page, 'node:node-3');
  await page.mouse.click(Math.min(ext.x + 60, 935), ext.y, { button: 'right' });
  if (await menu.count()) {
    const b = (await menu.boundingBox())!;
    expect(b.x + b.width).toBeLessThanOrEqual(1280);
    await page.keyboard.press('Escape');
  }

  // Ctrl+T on a selected pod: a shell in that pod.
  await page.getByTestId('side-tab-elements').click();
  await page.getByRole('option', { name: `Pod ${pod.label}`, exact: true }).click();
  const before = (await state(page)).tabs.length;
  await page.keyboard.press('Control+t');
  await expect.poll(async () => (await state(page)).tabs.length).toBe(before + 1);
  expect((await state(page)).tabs.at(-1)!.title).toContain(pod.label);

  // Ctrl+Tab cycles from the last tab to the first.
  const s = await state(page);
  expect(s.activeTerm).toBe(s.tabs.at(-1)!.termId);
  await page.keyboard.press('Control+Tab');
  await expect.poll(async () => (await state(page)).activeTerm).toBe(s.tabs[0]!.termId);
  await page.keyboard.press('Control+Shift+Tab');
  await expect.poll(async () => (await state(page)).activeTerm).toBe(s.tabs.at(-1)!.termId);

  // Find in the terminal (Ctrl+Shift+F): the search addon selects the match.
  const id = (await state(page)).activeTerm!;
  await page.locator(`[data-testid="terminal-${id}"] .xterm-helper-textarea`).focus();
  await page.keyboard.type('echo needle-in-haystack');
  await page.keyboard.press('Enter');
  await expect.poll(() => termText(page, id)).toMatch(/\nneedle-in-haystack/);
  await page.keyboard.press('Control+Shift+F');
  const find = page.getByRole('textbox', { name: 'Find in terminal' });
  await expect(find).toBeFocused();
  await find.fill('needle');
  await find.press('Enter');
  // The search addon selects the match: xterm draws the selection as boxes in its selection layer.
  await expect(page.locator(`[data-testid="terminal-${id}"] .xterm-selection div`).first()).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'review-find-en.png') });
  await find.press('Escape');
});

test('the context menu and the status bar in Chinese, dark', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await ready(page);
  await page.getByTestId('locale-select').selectOption('zh-CN');
  const pod = (await state(page)).topology!.nodes.find((n) => n.kind === 'pod' && n.label.startsWith('web-'))!;
  const pp = await at(page, pod.id);
  await page.mouse.click(pp.x, pp.y, { button: 'right' });
  await expect(page.getByRole('menu').getByRole('menuitem')).toHaveText([/打开/, /ping/i, /curl/i, /追踪/]);
  await page.screenshot({ path: join(ARTIFACTS, 'review-menu-zh-CN-dark.png') });
  await page.keyboard.press('Escape');
  await page.getByTestId('locale-select').selectOption('system');
});
