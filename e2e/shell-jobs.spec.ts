/**
 * Commands that wait, in the window's terminal through the web bridge: a while loop with
 * sleep prints one line per second of real time (the host's scheduler paces it) and Ctrl-C
 * stops it with status 130; ping without -c runs until Ctrl-C and then prints its statistics.
 */
import { expect, test, type Page } from '@playwright/test';

const state = (page: Page) => page.evaluate(() => (window as any).__netlab.state() as { tabs: unknown[]; activeTerm: string | null });
const termText = (page: Page, termId?: string) => page.evaluate((id) => (window as any).__netlab.terminalText(id) as string, termId);

async function ready(page: Page): Promise<string> {
  await page.goto('/');
  await expect.poll(async () => (await state(page)).tabs.length).toBeGreaterThan(0);
  await expect.poll(() => termText(page)).toContain('# ');
  const id = (await state(page)).activeTerm!;
  await page.locator(`[data-testid="terminal-${id}"] .xterm-helper-textarea`).focus();
  return id;
}

async function type(page: Page, id: string, line: string, until: RegExp): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect.poll(() => termText(page, id), { timeout: 15_000 }).toMatch(until);
}

test('a while loop with sleep runs paced until Ctrl-C; ping without -c stops on Ctrl-C with its statistics', async ({ page }) => {
  const id = await ready(page);
  await type(page, id, 'i=0; while true; do i=$((i+1)); echo tick-$i; sleep 1; done', /tick-2\b/);
  // Paced in real time: not hundreds of ticks at once.
  expect(await termText(page, id)).not.toMatch(/tick-5\b/);
  await page.keyboard.press('Control+C');
  await type(page, id, 'echo rc=$?', /rc=130/);
  await type(page, id, 'ping 10.244.1.1', /icmp_seq=2 /);
  await page.keyboard.press('Control+C');
  await expect.poll(() => termText(page, id), { timeout: 15_000 }).toMatch(/\^C\s+--- 10\.244\.1\.1 ping statistics ---\s+\d+ packets transmitted, \d+ received/);
});
