/**
 * The command palette end to end: Ctrl+K from a terminal opens it, a fuzzy name opens a
 * shell on a pod, Ctrl+Shift+P and a two-step trace walk a packet, Esc gives the focus back,
 * and the theme switches from it. Screenshots in both languages go to e2e/artifacts/.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ARTIFACTS = join(import.meta.dirname, 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

interface DebugState {
  activeTerm: string | null;
  tabs: Array<{ termId: string; title: string }>;
  theme: string;
  topology: { nodes: Array<{ kind: string; label: string }> } | null;
  walk: null | { title: string; verdict: string };
}
const state = (page: Page) => page.evaluate(() => (window as any).__netlab.state() as DebugState);

test.use({ viewport: { width: 1280, height: 800 } });

test('Ctrl+K opens a shell by fuzzy name, Ctrl+Shift+P traces from a node to a pod, Esc returns the focus', async ({ page }) => {
  await page.goto('/');
  await expect.poll(async () => (await state(page)).topology?.nodes.length ?? 0).toBeGreaterThan(0);
  await expect.poll(async () => (await state(page)).activeTerm).not.toBeNull();
  const first = (await state(page)).activeTerm!;
  const textarea = page.locator(`[data-testid="terminal-${first}"] .xterm-helper-textarea`);
  await textarea.focus();

  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Command palette' });
  await expect(dialog).toBeVisible();
  const input = page.getByTestId('palette-input');
  await expect(input).toBeFocused();
  const pod = (await state(page)).topology!.nodes.find((n) => n.kind === 'pod' && n.label.startsWith('web-'))!.label;
  await input.fill(`shell ${pod}`);
  await expect(dialog.getByRole('option').first()).toHaveText(new RegExp(`Open a shell on ${pod}`));
  await expect(input).toHaveAttribute('aria-activedescendant', 'palette-opt-0');
  await page.screenshot({ path: join(ARTIFACTS, 'palette-en.png') });
  const tabs = (await state(page)).tabs.length;
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect.poll(async () => (await state(page)).tabs.length).toBe(tabs + 1);
  expect((await state(page)).tabs.at(-1)!.title).toContain(pod);

  // Esc closes and the focus goes back where it was.
  const now = (await state(page)).activeTerm!;
  await page.locator(`[data-testid="terminal-${now}"] .xterm-helper-textarea`).focus();
  await page.keyboard.press('Control+Shift+P');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.locator(`[data-testid="terminal-${now}"] .xterm-helper-textarea`)).toBeFocused();

  // The status bar's button opens it too, for the mouse; Esc gives the focus back to the button.
  await page.getByTestId('open-palette').click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('open-palette')).toBeFocused();

  // Two steps: trace from node-2, then to the pod.
  await page.keyboard.press('Control+Shift+P');
  await input.fill('trace from node-2');
  await page.keyboard.press('Enter');
  await expect(dialog).toContainText('Trace from node-2…');
  await input.fill(pod);
  await expect(dialog.getByRole('option').first()).toHaveText(new RegExp(`Trace from node-2 to ${pod}`));
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect.poll(async () => (await state(page)).walk?.verdict ?? null, { timeout: 15_000 }).toBe('delivered');

  // Theme and language from the palette, and the palette in Chinese.
  const theme = (await state(page)).theme;
  const other = theme === 'dark' ? 'Light' : 'Dark';
  await page.keyboard.press('Control+k');
  await input.fill(`theme ${other}`);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await state(page)).theme).toBe(other.toLowerCase());
  await page.keyboard.press('Control+k');
  await input.fill('简体中文');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+k');
  const zh = page.getByRole('dialog', { name: '命令面板' });
  await expect(zh).toBeVisible();
  await input.fill('node-1');
  await expect(zh.getByRole('option').first()).toHaveText(/在 node-1 上打开 Shell/);
  await page.screenshot({ path: join(ARTIFACTS, `palette-zh-CN-${other.toLowerCase()}.png`) });
  await page.keyboard.press('Escape');
  // Leave the window as the other specs expect it.
  await page.keyboard.press('Control+k');
  await input.fill('English');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+k');
  await input.fill(`Theme ${theme === 'dark' ? 'Dark' : 'Light'}`);
  await page.keyboard.press('Enter');
});
