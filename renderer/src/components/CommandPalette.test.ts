// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import CommandPalette from './CommandPalette.vue';
import { filterActions, fuzzyScore, type PaletteAction } from './CommandPaletteActions';
import { createAppI18n } from '../i18n';
import { setApi } from '../api/client';
import { createFakeApi, type FakeApi } from '../test/fakeApi';
import { useTopologyStore } from '../stores/topology';
import { useUiStore } from '../stores/ui';
import type { TopologySnapshot } from '../../../shared/api/topology';

const snapshot: TopologySnapshot = {
  version: 1, cni: 'flannel:vxlan', proxyMode: 'iptables', edges: [],
  nodes: [
    { id: 'node:node-1', kind: 'node', label: 'node-1', details: { ip: '192.168.56.11' }, shell: { kind: 'node', name: 'node-1' } },
    { id: 'node:node-2', kind: 'node', label: 'node-2', details: { ip: '192.168.56.12' }, shell: { kind: 'node', name: 'node-2' } },
    { id: 'pod:default/web-a', kind: 'pod', label: 'web-a', parent: 'node:node-2', details: { ip: '10.244.1.2' }, shell: { kind: 'pod', namespace: 'default', name: 'web-a' } },
  ],
};

let api: FakeApi;
let pinia: ReturnType<typeof createPinia>;
let w: VueWrapper | null = null;
beforeEach(() => {
  localStorage.clear();
  pinia = createPinia();
  setActivePinia(pinia);
  api = createFakeApi();
  setApi(api);
  api.handle('lab:list', () => [{ id: 'vxlan-walk', source: 'builtin:vxlan-walk', builtIn: true, title: { en: 'Follow a VXLAN packet', 'zh-CN': '跟踪一个 VXLAN 数据包' } }]);
  api.handle('term:open', () => ({ termId: 't1', title: 'root@node-2' }));
  api.handle('walk:trace', () => { throw new Error('no engine in this test'); });
  useTopologyStore().accept(snapshot);
});
afterEach(() => { w?.unmount(); w = null; document.body.innerHTML = ''; });

async function render(locale: 'en' | 'zh-CN' = 'en'): Promise<VueWrapper> {
  const before = document.createElement('button');
  before.id = 'before';
  document.body.append(before);
  before.focus();
  w = mount(CommandPalette, { props: { open: false, 'onUpdate:open': (v: boolean) => w!.setProps({ open: v }) }, attachTo: document.body, global: { plugins: [pinia, createAppI18n(locale)] } });
  await w.setProps({ open: true });
  await flushPromises();
  return w;
}
const input = () => w!.find<HTMLInputElement>('[data-testid="palette-input"]');
const titles = () => w!.findAll('[role="option"]').map((o) => o.find('.title').text());
async function type(text: string) { await input().setValue(text); await flushPromises(); }
async function key(k: string) { await input().trigger('keydown', { key: k }); await flushPromises(); }

describe('CommandPalette', () => {
  it('is a labelled modal dialog whose input owns the list and has the focus', async () => {
    await render();
    const dialog = w!.find('[role="dialog"]');
    expect(dialog.attributes()).toMatchObject({ 'aria-modal': 'true', 'aria-label': 'Command palette' });
    expect(document.activeElement).toBe(input().element);
    expect(input().attributes('aria-activedescendant')).toBe('palette-opt-0');
    expect(w!.find('#palette-opt-0').attributes('aria-selected')).toBe('true');
    expect(titles().slice(0, 4)).toEqual(['Open a shell on node-1', 'Open a shell on node-2', 'Open a shell on web-a', 'New shell on the selected element']);
  });

  it('fuzzy-finds a shell by name and opens it on Enter, then closes and gives the focus back', async () => {
    await render();
    await type('wba');
    expect(titles()[0]).toBe('Open a shell on web-a');
    await key('Enter');
    expect(api.calls.filter((c) => c.channel === 'term:open').map((c) => c.payload)).toEqual([{ target: { kind: 'pod', namespace: 'default', name: 'web-a' }, cols: 100, rows: 24 }]);
    expect(w!.find('[role="dialog"]').exists()).toBe(false);
    expect(document.activeElement?.id).toBe('before');
  });

  it('moves the active option with the arrows and closes on Esc', async () => {
    await render();
    await key('ArrowDown');
    expect(input().attributes('aria-activedescendant')).toBe('palette-opt-1');
    await key('ArrowUp');
    await key('ArrowUp');
    expect(input().attributes('aria-activedescendant')).toBe(`palette-opt-${titles().length - 1}`);
    await key('Escape');
    expect(w!.find('[role="dialog"]').exists()).toBe(false);
    expect(document.activeElement?.id).toBe('before');
  });

  it('traces from one element to another in two steps', async () => {
    await render();
    await type('trace from node-1');
    expect(titles()[0]).toBe('Trace from node-1…');
    await key('Enter');
    expect(w!.find('.stage').text()).toBe('Trace from node-1…');
    expect(titles()).toEqual(['Trace from node-1 to node-2', 'Trace from node-1 to web-a']);
    await type('web');
    await key('Enter');
    expect(api.calls.find((c) => c.channel === 'walk:trace')?.payload).toEqual({ from: { kind: 'node', name: 'node-1' }, dst: '10.244.1.2', proto: 'icmp' });
    expect(w!.find('[role="dialog"]').exists()).toBe(false);
  });

  it('switches theme, language and the services overlay through the ui store, and opens a lab', async () => {
    await render();
    const ui = useUiStore();
    await type('theme dark');
    await key('Enter');
    expect(ui.theme).toBe('dark');
    const shown = ui.showServices;
    await w!.setProps({ open: true });
    await type('services overlay');
    await key('Enter');
    expect(ui.showServices).toBe(!shown);
    await w!.setProps({ open: true });
    await type('vxlan packet');
    expect(titles()).toEqual(['Open lab: Follow a VXLAN packet']);
    api.handle('lab:open', () => { throw new Error('not here'); });
    await key('Enter');
    expect(ui.sideTab).toBe('labs');
    expect(api.calls.some((c) => c.channel === 'lab:open')).toBe(true);
    await w!.setProps({ open: true });
    await type('简体中文');
    await key('Enter');
    expect(ui.localeChoice).toBe('zh-CN');
  });

  it('traces to a typed address, lists broken routes first, and hands shell and find to the app', async () => {
    const topo = useTopologyStore();
    topo.accept({ ...snapshot, version: 2, edges: [{ id: 'tunnel:node-1:node-2:flannel.1', kind: 'tunnel', source: 'if:node-1:flannel.1', target: 'if:node-2:flannel.1', state: 'broken', reason: 'node-1 → node-2: node-1 has no route to 10.244.1.0/24' }] });
    await render();
    expect(titles()[0]).toBe('Show the broken route node-1 → node-2');
    await key('Enter');
    expect(topo.selectedId).toBe('tunnel:node-1:node-2:flannel.1');
    await w!.setProps({ open: true });
    await type('trace from node-2');
    await key('Enter');
    await type('10.96.0.10');
    expect(titles()[0]).toBe('Trace from node-2 to 10.96.0.10');
    await key('Enter');
    expect(api.calls.find((c) => c.channel === 'walk:trace')?.payload).toEqual({ from: { kind: 'node', name: 'node-2' }, dst: '10.96.0.10', proto: 'icmp' });
    await w!.setProps({ open: true });
    await type('find in terminal');
    await key('Enter');
    await w!.setProps({ open: true });
    await type('new shell');
    await key('Enter');
    expect(Object.keys(w!.emitted())).toEqual(expect.arrayContaining(['find', 'newShell']));
  });

  it('speaks Chinese', async () => {
    await render('zh-CN');
    expect(w!.find('[role="dialog"]').attributes('aria-label')).toBe('命令面板');
    expect(titles()[0]).toBe('在 node-1 上打开 Shell');
    await type('zzzz');
    expect(w!.find('.empty').text()).toBe('没有匹配的命令。');
  });
});

describe('palette matching', () => {
  const a = (title: string): PaletteAction => ({ id: title, title, run: () => undefined });
  it('needs every word, prefers substrings and word starts, keeps list order on ties', () => {
    expect(fuzzyScore('n2', 'Open a shell on node-2')).not.toBeNull();
    expect(fuzzyScore('x', 'Open a shell on node-2')).toBeNull();
    expect(fuzzyScore('shell zz', 'Open a shell on node-2')).toBeNull();
    const list = [a('Trace from node-2…'), a('Open a shell on node-2'), a('Open a shell on node-12')];
    expect(filterActions(list, 'node-2').map((x) => x.title)).toEqual(['Trace from node-2…', 'Open a shell on node-2', 'Open a shell on node-12']);
    expect(filterActions(list, 'shell n2').map((x) => x.title)).toEqual(['Open a shell on node-2', 'Open a shell on node-12']);
    expect(filterActions(list, '').length).toBe(3);
  });
});
