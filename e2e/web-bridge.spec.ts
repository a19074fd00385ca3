/**
 * Web mode's own guarantees, in a real browser: the page gets the app's CSP (no eval), the
 * api answers our page over the WebSocket, and a page from any other origin is refused.
 */
import { expect, test } from '@playwright/test';

test('the page is served with the strict CSP and inline script is blocked', async ({ page, baseURL }) => {
  const resp = await page.goto(baseURL!);
  expect(resp!.status()).toBe(200);
  const csp = resp!.headers()['content-security-policy'];
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(resp!.headers()['x-content-type-options']).toBe('nosniff');
  // Inline script and eval as the page itself would run them (evaluate() is exempt from CSP).
  const blocked = await page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const violations: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
        const inline = document.createElement('script');
        inline.textContent = 'window.__inlineRan = true; eval("1")';
        document.head.appendChild(inline);
        setTimeout(() => resolve([String((window as unknown as { __inlineRan?: boolean }).__inlineRan ?? false), ...violations]), 200);
      }),
  );
  expect(blocked[0]).toBe('false');
  expect(blocked).toContain('script-src-elem');
});

test('our page talks to the host over the WebSocket, and malformed messages get an error reply', async ({ page, baseURL }) => {
  await page.goto(baseURL!);
  const replies = await page.evaluate(
    () =>
      new Promise<unknown[]>((resolve, reject) => {
        const ws = new WebSocket(`ws://${location.host}/api`);
        const got: unknown[] = [];
        ws.onerror = () => reject(new Error('websocket failed'));
        ws.onmessage = (m) => {
          const msg = JSON.parse(String(m.data));
          if ('id' in msg) got.push(msg);
          if (got.length === 2) {
            ws.close();
            resolve(got);
          }
        };
        ws.onopen = () => {
          ws.send('{not json');
          ws.send(JSON.stringify({ id: 1, channel: 'session:info', payload: {} }));
        };
      }),
  );
  expect(replies[0]).toEqual({ id: null, result: { ok: false, error: { code: 'BadRequest', message: 'message is not valid JSON' } } });
  // The one host is shared by every spec of the run: whatever cluster it holds, node-1 is in it.
  expect(replies[1]).toMatchObject({ id: 1, result: { ok: true, value: { nodes: expect.arrayContaining(['node-1']) } } });
});

test('a page from another origin cannot open the api', async ({ page, baseURL }) => {
  await page.route('http://foreign.test/', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>foreign</title>' }));
  await page.goto('http://foreign.test/');
  const wsUrl = baseURL!.replace(/^http/, 'ws') + 'api';
  const outcome = await page.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => resolve('open');
        ws.onclose = () => resolve('refused');
      }),
    wsUrl,
  );
  expect(outcome).toBe('refused');
});

// Every spec of a run talks to one host and files run in alphabetical order, so this one also
// hands the specs after it (window*.spec.ts) the default sandbox, whatever labs.spec.ts opened.
test('session:reset over the wire builds the default sandbox again', async ({ page, baseURL }) => {
  await page.goto(baseURL!);
  const reply = await page.evaluate(
    () =>
      new Promise<unknown>((resolve, reject) => {
        const ws = new WebSocket(`ws://${location.host}/api`);
        ws.onerror = () => reject(new Error('websocket failed'));
        ws.onmessage = (m) => {
          const msg = JSON.parse(String(m.data));
          if (msg.id !== 1) return;
          ws.close();
          resolve(msg);
        };
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, channel: 'session:reset', payload: {} }));
      }),
  );
  expect(reply).toMatchObject({ id: 1, result: { ok: true, value: { nodes: ['node-1', 'node-2', 'node-3'], cni: 'flannel:vxlan', proxyMode: 'iptables', seed: 1 } } });
});
