import { describe, expect, it } from 'vitest';
import type { EventMap } from '../../shared/api/contract';
import { createLabHost } from './create-host';

/** Waits until `pred` holds, checking after each macrotask (no wall-clock assertions). */
async function until(pred: () => boolean, tries = 200) {
  for (let i = 0; i < tries && !pred(); i++) await new Promise((r) => setTimeout(r, 0));
  expect(pred()).toBe(true);
}

describe('LabHost on the real engine and shell', () => {
  it('serves the default sandbox: info, topology, a terminal that runs commands', async () => {
    const host = createLabHost({ version: '0.1.0' });
    let out = '';
    const exits: EventMap['onTermExit'][] = [];
    const conn = host.connect((event, payload) => {
      if (event === 'onTermData') out += (payload as EventMap['onTermData']).data;
      if (event === 'onTermExit') exits.push(payload as EventMap['onTermExit']);
    });
    expect(await conn.handle('session:info', {})).toEqual({ ok: true, value: { cni: 'flannel:vxlan', proxyMode: 'iptables', seed: 1, nodes: ['node-1', 'node-2', 'node-3'], version: '0.1.0' } });
    const topo = await conn.handle('topology:get', {});
    expect(topo.ok && (topo.value as EventMap['onTopologyChanged']).nodes.filter((n) => n.kind === 'node').map((n) => n.label)).toEqual(['node-1', 'node-2', 'node-3']);
    const opened = await conn.handle('term:open', { target: { kind: 'node', name: 'node-2' }, cols: 120, rows: 40 });
    expect(opened).toEqual({ ok: true, value: { termId: 't1', title: 'root@node-2' } });
    await until(() => out.endsWith('root@node-2:~# '));
    await conn.handle('term:write', { termId: 't1', data: 'hostname\r' });
    await until(() => out.endsWith('\r\nroot@node-2:~# '));
    expect(out).toBe('root@node-2:~# hostname\r\nnode-2\r\nroot@node-2:~# ');
    out = '';
    await conn.handle('term:write', { termId: 't1', data: 'nosuch\r' });
    await until(() => out.endsWith('root@node-2:~# '));
    expect(out).toBe('nosuch\r\nbash: nosuch: command not found\r\nroot@node-2:~# ');
    await conn.handle('term:write', { termId: 't1', data: 'exit 5\r' });
    await until(() => exits.length === 1);
    expect(exits).toEqual([{ termId: 't1', code: 5 }]);
    conn.dispose();
    host.dispose();
  });

  it('refuses a config the model does not support, in its words', () => {
    expect(() => createLabHost({ version: '0', config: { cni: 'weave' } })).toThrow(/unknown CNI "weave"/);
  });
});

describe('walk channels', () => {
  it('traces a packet, lists it and fetches it by id; unknown ids are NotFound', async () => {
    const host = createLabHost({ version: '0.1.0' });
    const walks: string[] = [];
    const conn = host.connect((event, payload) => event === 'onWalk' && walks.push((payload as { id: string }).id));
    const traced = await conn.handle('walk:trace', { from: { kind: 'node', name: 'node-1' }, dst: '192.168.56.12', proto: 'icmp' });
    expect(traced.ok).toBe(true);
    const rec = (traced as { ok: true; value: { id: string; hops: unknown[]; verdict: string } }).value;
    expect(rec.hops.length).toBeGreaterThan(0);
    expect(walks).toEqual([rec.id]); // fanned out as onWalk
    const list = await conn.handle('walk:list', {});
    expect(list.ok && (list.value as { id: string }[]).map((w) => w.id)).toContain(rec.id);
    expect(await conn.handle('walk:get', { id: rec.id })).toEqual({ ok: true, value: rec });
    expect(await conn.handle('walk:get', { id: 'nope' })).toEqual({ ok: false, error: { code: 'NotFound', message: 'no walk "nope"' } });
    expect(await conn.handle('walk:trace', { from: { kind: 'node', name: 'node-1' }, dst: '10.96.0.1', proto: 'tcp' })).toMatchObject({ ok: false, error: { code: 'BadRequest' } });
    host.dispose();
  });
});

describe('flow control on a real 100k-line output', () => {
  it('sends seq 100000 in chunks of at most 100 000 characters, never more than one chunk past the high-water mark', async () => {
    const { FLOW_CHUNK, FLOW_HIGH_WATER } = await import('../../shared/api/wire');
    const host = createLabHost({ version: '0' });
    const chunks: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const conn = host.connect((event, payload) => {
      if (event !== 'onTermData') return;
      const d = (payload as EventMap['onTermData']).data;
      chunks.push(d);
      inFlight += d.length;
      maxInFlight = Math.max(maxInFlight, inFlight);
    });
    await conn.handle('term:open', { target: { kind: 'node', name: 'node-1' } });
    await conn.handle('term:write', { termId: 't1', data: 'seq 100000\r' });
    await until(() => inFlight >= FLOW_HIGH_WATER);
    const before = chunks.length;
    await new Promise((r) => setTimeout(r, 0));
    expect(chunks.length).toBe(before); // paused: nothing more until the client acks
    // A client that draws and acks everything it got, until the prompt comes back.
    for (let i = 0; i < 1000 && !chunks.at(-1)!.endsWith('root@node-1:~# '); i++) {
      const n = inFlight;
      inFlight = 0;
      await conn.handle('term:ack', { termId: 't1', bytes: n });
      await new Promise((r) => setTimeout(r, 0));
    }
    const all = chunks.join('');
    expect(all.split('\r\n').slice(1, -1)).toEqual(Array.from({ length: 100_000 }, (_, i) => String(i + 1)));
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(FLOW_CHUNK);
    expect(maxInFlight).toBeLessThanOrEqual(FLOW_HIGH_WATER + FLOW_CHUNK);
    host.dispose();
  });
});
