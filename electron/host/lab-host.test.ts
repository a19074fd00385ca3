import { describe, expect, it } from 'vitest';
import type { EventMap, EventName } from '../../shared/api/contract';
import { LabHost } from './lab-host';
import { fakeDeps, type FakeTerminal } from './testing';

type Ev = { event: EventName; payload: EventMap[EventName] };
const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(flow?: { chunk?: number; highWater?: number; lowWater?: number }) {
  const terms: FakeTerminal[] = [];
  const host = new LabHost({ deps: fakeDeps(terms), version: '9.9.9', flow });
  const events: Ev[] = [];
  const conn = host.connect((event, payload) => events.push({ event, payload }));
  const data = (termId: string) =>
    events.filter((e) => e.event === 'onTermData' && (e.payload as EventMap['onTermData']).termId === termId).map((e) => (e.payload as EventMap['onTermData']).data).join('');
  return { host, conn, events, terms, data };
}

describe('LabHost', () => {
  it('reports the session it built from the default config', async () => {
    const { conn } = setup();
    expect(await conn.handle('session:info', {})).toEqual({
      ok: true,
      value: { cni: 'flannel:vxlan', proxyMode: 'iptables', seed: 1, nodes: ['node-1', 'node-2', 'node-3'], version: '9.9.9' },
    });
  });

  it('answers a malformed payload or unknown channel with BadRequest', async () => {
    const { conn } = setup();
    expect(await conn.handle('term:open', { target: { kind: 'node' } })).toEqual({ ok: false, error: { code: 'BadRequest', message: 'term:open: target.name: Invalid input: expected string, received undefined' } });
    expect(await conn.handle('nope:x', {})).toEqual({ ok: false, error: { code: 'BadRequest', message: 'unknown channel "nope:x"' } });
    expect(await conn.handle('term:write', null)).toMatchObject({ ok: false, error: { code: 'BadRequest' } });
  });

  it('opens a terminal, echoes input, and reports NotFound for unknown hosts and terminals', async () => {
    const { conn, data } = setup();
    const r = await conn.handle('term:open', { target: { kind: 'node', name: 'node-2' }, cols: 100, rows: 30 });
    expect(r).toEqual({ ok: true, value: { termId: 't1', title: 'root@node-2' } });
    await conn.handle('term:write', { termId: 't1', data: 'hi\r' });
    await tick();
    expect(data('t1')).toBe('root@node-2:~# hi\r\nroot@node-2:~# ');
    expect(await conn.handle('term:open', { target: { kind: 'node', name: 'node-9' } })).toEqual({ ok: false, error: { code: 'NotFound', message: 'node "node-9" does not exist in this cluster' } });
    expect(await conn.handle('term:write', { termId: 't7', data: 'x' })).toEqual({ ok: false, error: { code: 'NotFound', message: 'no terminal "t7"' } });
  });

  it('resizes and closes terminals; a closed terminal is gone', async () => {
    const { conn, terms } = setup();
    await conn.handle('term:open', { target: { kind: 'external' } });
    expect(terms[0]!.size).toEqual([80, 24]);
    await conn.handle('term:resize', { termId: 't1', cols: 120, rows: 40 });
    expect(terms[0]!.size).toEqual([120, 40]);
    expect(await conn.handle('term:close', { termId: 't1' })).toEqual({ ok: true });
    expect(terms[0]!.disposed).toBe(true);
    expect(await conn.handle('term:write', { termId: 't1', data: 'x' })).toMatchObject({ ok: false, error: { code: 'NotFound' } });
  });

  it('streams big output in chunks and waits for acks past the high-water mark', async () => {
    const { conn, events, data } = setup({ chunk: 1000, highWater: 4000, lowWater: 1000 });
    await conn.handle('term:open', { target: { kind: 'node', name: 'node-1' } });
    await conn.handle('term:write', { termId: 't1', data: 'yes 100000\r' });
    await tick();
    const sizes = () => events.filter((e) => e.event === 'onTermData').map((e) => (e.payload as { data: string }).data.length);
    expect(sizes().every((n) => n <= 1000)).toBe(true);
    const first = sizes().reduce((a, b) => a + b, 0);
    expect(first).toBeLessThanOrEqual(4000 + 1000); // at most one chunk past the mark
    expect(first).toBeGreaterThanOrEqual(4000);
    // An ack that leaves us above low water does nothing; acking all resumes.
    await conn.handle('term:ack', { termId: 't1', bytes: 1 });
    expect(sizes().reduce((a, b) => a + b, 0)).toBe(first);
    let guard = 0;
    let sent = 0;
    while (sent !== (sent = sizes().length) && guard++ < 100_000) {
      await conn.handle('term:ack', { termId: 't1', bytes: 5000 });
    }
    expect(data('t1')).toContain('line 99999\r\n');
    expect(data('t1').split('\r\n')).toHaveLength(100_002);
  });

  it('sends onTermExit after the last output and forgets the terminal', async () => {
    const { conn, events } = setup();
    await conn.handle('term:open', { target: { kind: 'node', name: 'node-1' } });
    await conn.handle('term:write', { termId: 't1', data: 'exit 3\r' });
    await tick();
    const last = events.at(-1)!;
    expect(last).toEqual({ event: 'onTermExit', payload: { termId: 't1', code: 3 } });
    expect(events.at(-2)!.event).toBe('onTermData');
    expect(await conn.handle('term:write', { termId: 't1', data: 'x' })).toMatchObject({ ok: false });
  });

  it('keeps terminals per connection and closes them with the connection', async () => {
    const { host, conn, terms } = setup();
    const other: Ev[] = [];
    const conn2 = host.connect((event, payload) => other.push({ event, payload }));
    await conn.handle('term:open', { target: { kind: 'node', name: 'node-1' } });
    expect(await conn2.handle('term:write', { termId: 't1', data: 'x' })).toMatchObject({ ok: false, error: { code: 'NotFound' } });
    await tick();
    expect(other).toEqual([]);
    conn.dispose();
    expect(terms[0]!.disposed).toBe(true);
  });

  it('resets to a new cluster: terminals exit, topology is re-sent, a bad config changes nothing', async () => {
    const { conn, events, host } = setup();
    await conn.handle('term:open', { target: { kind: 'node', name: 'node-1' } });
    const bad = await conn.handle('session:reset', { cni: 'weave' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BadRequest', message: expect.stringContaining('unknown CNI "weave"') } });
    expect(host.session.info.nodes).toHaveLength(3);
    const r = await conn.handle('session:reset', { nodes: 5, cni: 'calico:bgp', proxyMode: 'ipvs', seed: 42 });
    expect(r).toEqual({ ok: true, value: { cni: 'calico:bgp', proxyMode: 'ipvs', seed: 42, nodes: ['node-1', 'node-2', 'node-3', 'node-4', 'node-5'], version: '9.9.9' } });
    expect(events).toContainEqual({ event: 'onTermExit', payload: { termId: 't1', code: 129 } });
    const topo = events.filter((e) => e.event === 'onTopologyChanged').at(-1)!.payload as EventMap['onTopologyChanged'];
    expect(topo.nodes.map((n) => n.label)).toEqual(['node-1', 'node-2', 'node-3', 'node-4', 'node-5']);
  });

  it('fans out engine topology changes once per burst, and stops after reset', async () => {
    const { host, events } = setup();
    const engine = host.session.engine;
    engine.emit({ type: 'topology-changed' });
    engine.emit({ type: 'topology-changed' });
    await tick();
    expect(events.filter((e) => e.event === 'onTopologyChanged')).toHaveLength(1);
    host.reset({});
    const before = events.length;
    engine.emit({ type: 'topology-changed' });
    await tick();
    expect(events.length).toBe(before);
  });

  it('lets other lanes register channels, once each, and turns throws into errors', async () => {
    const { host, conn } = setup();
    const d = host.register('walk:list', () => []);
    expect(() => host.register('walk:list', () => [])).toThrow(/already/);
    expect(await conn.handle('walk:list', {})).toEqual({ ok: true, value: [] });
    d.dispose();
    expect(await conn.handle('walk:list', {})).toEqual({ ok: false, error: { code: 'NotFound', message: 'walk:list: not available in this build' } });
    host.register('walk:get', () => {
      throw new Error('boom');
    });
    expect(await conn.handle('walk:get', { id: 'w1' })).toEqual({ ok: false, error: { code: 'Internal', message: 'boom' } });
  });
});

describe('LabHost resilience', () => {
  it('logs a topology snapshot that throws instead of crashing, and keeps serving', async () => {
    const logs: string[] = [];
    const deps = fakeDeps();
    let fail = false;
    const topo = deps.topology;
    deps.topology = (e) => {
      if (fail) throw new Error('snapshot broke');
      return topo(e);
    };
    const host = new LabHost({ deps, version: '1', log: (m) => logs.push(m) });
    const conn = host.connect(() => {});
    fail = true;
    host.session.engine.emit({ type: 'topology-changed' });
    await tick();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^netlab host: topology fan-out failed: Error: snapshot broke/);
    expect(await conn.handle('session:info', {})).toMatchObject({ ok: true });
    expect(await conn.handle('topology:get', {})).toEqual({ ok: false, error: { code: 'Internal', message: 'snapshot broke' } });
  });
});
