import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { LabHost } from './host/lab-host';
import { fakeDeps } from './host/testing';
import { startWebServer, type WebServer } from './web';
import { CSP } from './security';

let root: string;
let server: WebServer | undefined;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'netlab-web-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'assets', 'a.js'), 'console.log(1)');
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  server = await startWebServer({ host: new LabHost({ deps: fakeDeps(), version: '1' }), root });
  return server;
}

/** A client that collects every message; `next(pred)` waits for a matching one. */
function client(url: string, origin?: string) {
  const ws = new WebSocket(url, origin === undefined ? {} : { origin });
  const msgs: any[] = [];
  const waiters: { pred: (m: any) => boolean; res: (m: any) => void }[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(String(d));
    msgs.push(m);
    for (const w of [...waiters]) if (w.pred(m)) { waiters.splice(waiters.indexOf(w), 1); w.res(m); }
  });
  const next = (pred: (m: any) => boolean) => new Promise<any>((res) => {
    const found = msgs.find(pred);
    if (found) res(found);
    else waiters.push({ pred, res });
  });
  const opened = new Promise<void>((res, rej) => { ws.on('open', () => res()); ws.on('error', rej); ws.on('unexpected-response', (_q, r) => rej(new Error(`HTTP ${r.statusCode}`))); });
  return { ws, msgs, next, opened };
}

describe('web bridge', () => {
  it('listens on 127.0.0.1 only and refuses other addresses', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await expect(startWebServer({ host: new LabHost({ deps: fakeDeps(), version: '1' }), root, bind: '0.0.0.0' })).rejects.toThrow(/127\.0\.0\.1/);
  });

  it('serves the renderer with the app CSP, and never outside its folder', async () => {
    const s = await start();
    const r = await fetch(s.url);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toBe(CSP);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('permissions-policy')).toContain('camera=()');
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await fetch(`${s.url}assets/a.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${s.url}nope.js`)).status).toBe(404);
    expect((await fetch(`${s.url}assets%2f..%2f..%2fetc%2fpasswd`)).status).toBe(400);
    expect((await fetch(s.url, { method: 'POST' })).status).toBe(405);
  });

  it('answers requests by id and pushes terminal events', async () => {
    const s = await start();
    const origin = s.url.slice(0, -1);
    const c = client(`ws://127.0.0.1:${s.port}/api`, origin);
    await c.opened;
    c.ws.send(JSON.stringify({ id: 1, channel: 'term:open', payload: { target: { kind: 'node', name: 'node-3' } } }));
    expect(await c.next((m) => m.id === 1)).toEqual({ id: 1, result: { ok: true, value: { termId: 't1', title: 'root@node-3' } } });
    expect(await c.next((m) => m.event === 'onTermData')).toEqual({ event: 'onTermData', payload: { termId: 't1', data: 'root@node-3:~# ' } });
    c.ws.close();
  });

  it('answers malformed messages with an error and keeps the connection', async () => {
    const s = await start();
    const c = client(`ws://127.0.0.1:${s.port}/api`, s.url.slice(0, -1));
    await c.opened;
    c.ws.send('not json');
    expect(await c.next((m) => m.id === null)).toEqual({ id: null, result: { ok: false, error: { code: 'BadRequest', message: 'message is not valid JSON' } } });
    c.ws.send(JSON.stringify({ id: 2, channel: 'term:resize', payload: { termId: 'x', cols: 'wide' } }));
    expect((await c.next((m) => m.id === 2)).result).toMatchObject({ ok: false, error: { code: 'BadRequest' } });
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    c.ws.send(JSON.stringify({ id: 3, channel: 'session:info', payload: {} }));
    expect((await c.next((m) => m.id === 3)).result.ok).toBe(true);
    expect(c.msgs.some((m) => m.id === null && m.result.error.message.includes('binary'))).toBe(true);
    c.ws.close();
  });

  it('refuses a websocket from a foreign origin or without one', async () => {
    const s = await start();
    await expect(client(`ws://127.0.0.1:${s.port}/api`, 'http://evil.example').opened).rejects.toThrow(/403/);
    await expect(client(`ws://127.0.0.1:${s.port}/api`).opened).rejects.toThrow(/403/);
    await expect(client(`ws://127.0.0.1:${s.port}/other`, s.url.slice(0, -1)).opened).rejects.toThrow(/403/);
  });

  it('refuses requests naming another host (DNS rebinding)', async () => {
    const s = await start();
    const r = await new Promise<number>((res) => {
      import('node:http').then(({ get }) => get({ host: '127.0.0.1', port: s.port, path: '/', headers: { Host: 'evil.example' } }, (resp) => { resp.resume(); res(resp.statusCode!); }));
    });
    expect(r).toBe(403);
  });
});
