/**
 * The lab flow end to end, through the web bridge in Chromium against the real host: pick a
 * lab, paste step 1's command into the right shell and run it, see the check turn green,
 * answer, see step 2 unlock, reveal a hint, reload and find the progress kept; a malformed
 * lab folder shows as an error entry while the others work.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ARTIFACTS = join(import.meta.dirname, 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

const state = (page: Page) => page.evaluate(() => (window as any).__netlab.state() as { tabs: Array<{ termId: string; title: string }>; activeTerm: string | null; topology: { nodes: unknown[] } | null });
const termText = (page: Page, termId?: string) => page.evaluate((id) => (window as any).__netlab.terminalText(id) as string, termId);

test.use({ viewport: { width: 1280, height: 800 } });

test.beforeAll(() => {
  // A broken lab in the learner's own labs folder (the server's data folder).
  const data = process.env.NETLAB_E2E_DATA;
  if (!data) return;
  mkdirSync(join(data, 'labs', 'broken-lab'), { recursive: true });
  writeFileSync(join(data, 'labs', 'broken-lab', 'lab.yaml'), 'id: broken-lab\ntitle: just a string\n');
});

test('a lab: run step 1, check turns green, step 2 unlocks, hint, progress survives a reload', async ({ page }) => {
  await page.goto('/');
  await expect.poll(async () => (await state(page)).topology?.nodes.length ?? 0).toBeGreaterThan(0);
  await page.getByTestId('side-tab-labs').click();

  // The list: built-in labs, and the malformed folder as an error entry with file:line.
  await expect(page.getByTestId('lab-open-02-same-node')).toBeVisible();
  await expect(page.getByTestId('lab-entry-broken-lab')).toContainText('lab.yaml:2:8: title: expected object, got string');
  await page.screenshot({ path: join(ARTIFACTS, 'labs-list.png') });

  await page.getByTestId('lab-open-02-same-node').click();
  await expect(page.getByTestId('lab-step-0')).toBeVisible();
  await expect(page.getByTestId('lab-check-route')).toHaveAttribute('data-pass', 'unknown');

  // Click the first command: it is pasted into pod a's shell; Enter runs it.
  await page.getByTestId('lab-cmd-0').click();
  const activeTitle = async () => {
    const s = await state(page);
    return s.tabs.find((t) => t.termId === s.activeTerm)?.title ?? '';
  };
  await expect.poll(activeTitle).toBe('default/a');
  const id = (await state(page)).activeTerm!;
  await expect.poll(() => termText(page, id)).toContain('ip route');
  await page.locator(`[data-testid="terminal-${id}"] .xterm-helper-textarea`).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => termText(page, id), { timeout: 15_000 }).toMatch(/default via 10\.244\.\d+\.1 dev eth0/);
  await expect(page.getByTestId('lab-check-route')).toHaveAttribute('data-pass', 'true');

  // A hint, then the answer: the step is done and step 2 unlocks.
  await page.getByTestId('lab-hint').click();
  await expect(page.getByTestId('lab-hints')).toContainText('.1');
  await page.getByTestId('lab-q-gw').getByLabel('cni0').check();
  await page.getByTestId('lab-q-gw').getByRole('button').click();
  await expect(page.getByTestId('lab-step-1')).toBeVisible();
  await expect(page.getByTestId('lab-percent')).toHaveAttribute('data-percent', '33');
  await page.screenshot({ path: join(ARTIFACTS, 'labs-step2.png') });

  // Reload: the open lab and its progress are still there.
  await page.reload();
  await page.getByTestId('side-tab-labs').click();
  await expect(page.getByTestId('lab-percent')).toHaveAttribute('data-percent', '33');
  await expect(page.getByTestId('lab-step-1')).toBeVisible();
});
