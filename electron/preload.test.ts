import { describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => ({
  exposed: new Map<string, any>(),
  listeners: new Map<string, (...a: any[]) => void>(),
  invoke: vi.fn(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (k: string, v: unknown) => h.exposed.set(k, v) },
  ipcRenderer: { invoke: h.invoke, on: (ch: string, fn: any) => h.listeners.set(ch, fn) },
}));

await import('./preload');
const api = h.exposed.get('netlab');

describe('preload bridge', () => {
  it('exposes exactly request and on, as plain functions', () => {
    expect([...h.exposed.keys()]).toEqual(['netlab']);
    expect(Object.keys(api).sort()).toEqual(['on', 'request']);
    expect(typeof api.request).toBe('function');
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
  });

  it('resolves with the value or rejects with the coded error', async () => {
    h.invoke.mockResolvedValueOnce({ ok: true, value: { termId: 't1', title: 'root@node-1' } });
    await expect(api.request('term:open', { target: { kind: 'node', name: 'node-1' } })).resolves.toEqual({ termId: 't1', title: 'root@node-1' });
    expect(h.invoke).toHaveBeenLastCalledWith('netlab:request', 'term:open', { target: { kind: 'node', name: 'node-1' } });
    h.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'NotFound', message: 'no terminal "t9"' } });
    await expect(api.request('term:write', { termId: 't9', data: 'x' })).rejects.toThrow('NotFound: no terminal "t9"');
  });

  it('hands listeners the payload only, never the ipc event, and can unsubscribe', () => {
    const seen: unknown[][] = [];
    const off = api.on('onTermExit', (...args: unknown[]) => seen.push(args));
    const fire = h.listeners.get('netlab:event')!;
    fire({ sender: 'secret' }, 'onTermExit', { termId: 't1', code: 0 });
    fire({ sender: 'secret' }, 'onTermData', { termId: 't1', data: 'x' });
    off();
    fire({ sender: 'secret' }, 'onTermExit', { termId: 't2', code: 0 });
    expect(seen).toEqual([[{ termId: 't1', code: 0 }]]);
  });
});
