// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import { setApi } from '../api/client';
import { createFakeApi, type FakeApi } from '../test/fakeApi';
import { droppedCurl, vxlanPing } from '../test/walkFixture';
import { useTerminalsStore } from './terminals';
import { useTopologyStore } from './topology';
import { useTraceStore } from './trace';
import { clampSize, pickLocale, useUiStore } from './ui';
import { FLOW_ACK_EVERY } from '../../../shared/api/wire';

let api: FakeApi;
beforeEach(() => {
  setActivePinia(createPinia());
  api = createFakeApi();
  setApi(api);
  localStorage.clear();
});
afterEach(() => vi.useRealTimers());

describe('terminals store', () => {
  beforeEach(() => {
    let n = 0;
    api.handle('term:open', () => ({ termId: `t${++n}`, title: `root@node-${n}` }));
    api.handle('term:ack', () => undefined);
    api.handle('term:close', () => undefined);
    api.handle('term:write', () => undefined);
  });

  it('routes output to the tab it belongs to, keeping what arrives before the pane mounts', async () => {
    const terms = useTerminalsStore();
    const id = (await terms.open({ kind: 'node', name: 'node-1' }))!;
    api.emit('onTermData', { termId: id, data: 'early ' });
    const got: string[] = [];
    terms.attach(id, (d, done) => { got.push(d); done(); });
    api.emit('onTermData', { termId: id, data: 'late' });
    api.emit('onTermData', { termId: 'other', data: 'not mine' });
    expect(got).toEqual(['early ', 'late']);
  });

  it('acknowledges drawn output in coalesced term:ack requests', async () => {
    vi.useFakeTimers();
    const terms = useTerminalsStore();
    const id = (await terms.open({ kind: 'node', name: 'node-1' }))!;
    terms.attach(id, (_d, done) => done());
    api.emit('onTermData', { termId: id, data: 'x'.repeat(10) });
    api.emit('onTermData', { termId: id, data: 'y'.repeat(5) });
    const acks = () => api.calls.filter((c) => c.channel === 'term:ack').map((c) => c.payload);
    expect(acks()).toEqual([]);
    vi.advanceTimersByTime(20);
    expect(acks()).toEqual([{ termId: id, bytes: 15 }]);
    api.emit('onTermData', { termId: id, data: 'z'.repeat(FLOW_ACK_EVERY) });
    expect(acks()).toEqual([{ termId: id, bytes: 15 }, { termId: id, bytes: FLOW_ACK_EVERY }]);
  });

  it('closes the tab when the shell exits and cycles tabs with wrap-around', async () => {
    const terms = useTerminalsStore();
    const a = (await terms.open({ kind: 'node', name: 'node-1' }))!;
    const b = (await terms.open({ kind: 'node', name: 'node-2' }))!;
    expect(terms.activeId).toBe(b);
    terms.cycle();
    expect(terms.activeId).toBe(a);
    api.emit('onTermExit', { termId: a, code: 0 });
    expect(terms.tabs.map((t) => t.termId)).toEqual([b]);
    expect(terms.activeId).toBe(b);
  });

  it('reports a failed open instead of throwing', async () => {
    api.handle('term:open', () => { throw new Error('no such node'); });
    const terms = useTerminalsStore();
    expect(await terms.open({ kind: 'node', name: 'node-9' })).toBeNull();
    expect(terms.error).toBe('no such node');
  });
});

describe('topology store', () => {
  it('drops a snapshot older than the one shown', async () => {
    api.handle('topology:get', () => ({ version: 2, cni: 'c', proxyMode: 'p', nodes: [{ id: 'a', kind: 'node', label: 'a' }], edges: [] }));
    const topo = useTopologyStore();
    await topo.load();
    api.emit('onTopologyChanged', { version: 1, cni: 'c', proxyMode: 'p', nodes: [], edges: [] });
    expect(topo.snapshot!.version).toBe(2);
    api.emit('onTopologyChanged', { version: 3, cni: 'c', proxyMode: 'p', nodes: [], edges: [] });
    expect(topo.snapshot!.version).toBe(3);
  });
});

describe('trace store', () => {
  it('shows a walk as it happens and lights its hops on the graph while playing', async () => {
    vi.useFakeTimers();
    api.handle('walk:list', () => []);
    const trace = useTraceStore();
    const topo = useTopologyStore();
    await trace.load();
    api.emit('onWalk', vxlanPing);
    expect(trace.current?.id).toBe('w1');
    expect(trace.playing).toBe(true);
    await nextTick();
    expect(topo.highlighted).toEqual(vxlanPing.hops[0]!.elements);
    vi.advanceTimersByTime(900 * 3);
    await nextTick();
    expect(trace.position).toBe(3);
    expect(topo.highlighted).toEqual(vxlanPing.hops[3]!.elements);
    vi.advanceTimersByTime(900 * 10);
    expect(trace.playing).toBe(false);
    expect(trace.position).toBe(5);
    trace.back();
    expect(trace.position).toBe(4);
  });

  it('stops on a drop', async () => {
    vi.useFakeTimers();
    api.handle('walk:trace', () => droppedCurl);
    const trace = useTraceStore();
    await trace.trace({ from: { kind: 'pod', namespace: 'default', name: 'client' }, dst: '10.96.0.20', proto: 'tcp', dport: 80 });
    vi.advanceTimersByTime(900 * 10);
    expect(trace.step?.dropped).toBe(true);
    expect(trace.playing).toBe(false);
    expect(trace.history.map((h) => h.verdict)).toEqual(['dropped']);
  });

  it('counts which endpoint answered each of N requests', async () => {
    let i = 0;
    api.handle('walk:trace', () => ({ ...vxlanPing, id: `s${i}`, answeredBy: ++i % 3 === 0 ? undefined : `pod/default/web-${i % 2}` }));
    const trace = useTraceStore();
    await trace.sendMany({ from: { kind: 'pod', namespace: 'default', name: 'client' }, dst: '10.96.0.20', proto: 'tcp', dport: 80 }, 6);
    expect(trace.spread).toEqual({ title: vxlanPing.title, total: 6, failed: 2, counts: [{ netns: 'pod/default/web-0', n: 2 }, { netns: 'pod/default/web-1', n: 2 }] });
    expect(api.calls.filter((c) => c.channel === 'walk:trace')).toHaveLength(6);
  });

  it('keeps an error from walk:trace for the inspector to show', async () => {
    const trace = useTraceStore();
    expect(await trace.trace({ from: { kind: 'external' }, dst: 'x', proto: 'icmp' })).toBeNull();
    expect(trace.error).toMatch(/not available/);
  });
});

describe('ui store', () => {
  it('remembers sizes, theme and language', async () => {
    const ui = useUiStore();
    ui.setSize('side', 5000);
    ui.theme = 'dark';
    ui.localeChoice = 'zh-CN';
    await nextTick();
    setActivePinia(createPinia());
    const again = useUiStore();
    expect(again.sizes.side).toBe(clampSize('side', 5000));
    expect(again.effectiveTheme).toBe('dark');
    expect(again.locale).toBe('zh-CN');
  });
  it('follows the system language', () => {
    expect(pickLocale('zh-TW')).toBe('zh-CN');
    expect(pickLocale('en-GB')).toBe('en');
    expect(pickLocale(undefined)).toBe('en');
  });
});
