// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import SandboxControlsDiff from './SandboxControlsDiff.vue';
import { createAppI18n } from '../i18n';
import { setApi } from '../api/client';
import { createFakeApi, type FakeApi } from '../test/fakeApi';
import type { MachineModeDiff, ModeDiff, ModeDiffSection } from '../../../shared/api/inspect';

const same = (section: ModeDiffSection['section'], command: string): ModeDiffSection => ({ section, command, added: 0, removed: 0, hunks: [], truncated: 0 });
const route: ModeDiffSection = {
  section: 'route', command: 'ip route', added: 1, removed: 1, truncated: 4,
  hunks: [{ oldStart: 1, oldLines: 2, newStart: 1, newLines: 2, lines: [' default via 192.168.56.1 dev eth0 ', '-10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 ', '+10.244.222.193 dev cali7d1a4bceb24 scope link '] }],
};
const machine = (name: string, complete = true): MachineModeDiff => ({
  machine: name, complete,
  sections: [complete ? route : { ...route, hunks: [] }, same('link', 'ip -br link'), same('nat', 'iptables -t nat -S'), same('ipvs', 'ipvsadm -Ln')],
});
const diff: ModeDiff = { from: { cni: 'flannel:vxlan', proxyMode: 'iptables' }, to: { cni: 'calico:bgp', proxyMode: 'ipvs' }, machines: [machine('node-1'), machine('node-2', false)], skipped: 0 };

let api: FakeApi;
let pinia: ReturnType<typeof createPinia>;
beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  api = createFakeApi();
  setApi(api);
});

describe('SandboxControlsDiff', () => {
  it('shows per node the +/- lines of each changed section, unchanged ones collapsed, and loads a further node when opened', async () => {
    api.handle('session:diff', (req) => (req.machines ? { ...diff, machines: [machine('node-1', false), machine('node-2')] } : diff));
    const w = mount(SandboxControlsDiff, { global: { plugins: [pinia, createAppI18n('en')] } });
    await flushPromises();
    expect(w.text()).toContain('flannel:vxlan / iptables → calico:bgp / ipvs');
    const n1 = w.find('[data-testid="mode-diff-node-1"]');
    expect(n1.find('summary').text()).toBe('node-1 +1 −1 lines');
    const sec = n1.find('[data-testid="mode-diff-node-1-route"]');
    expect(sec.find('summary').text()).toBe('Routes ip route +1 −1 lines');
    expect(sec.find('.del').text()).toBe('-10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1');
    expect(sec.find('.add').text()).toBe('+10.244.222.193 dev cali7d1a4bceb24 scope link');
    expect(sec.find('.hunk').text()).toBe('@@ -1,2 +1,2 @@');
    expect(sec.text()).toContain('… 4 more diff lines not shown');
    // Unchanged sections are a plain row, not something to open.
    expect(n1.findAll('.section.same').map((x) => x.text())).toEqual(['Links ip -br link unchanged', 'NAT table iptables -t nat -S unchanged', 'IPVS ipvsadm -Ln unchanged']);
    const n2 = w.find('[data-testid="mode-diff-node-2"]');
    expect(n2.text()).toContain('Loading this node’s diff…');
    (n2.element as HTMLDetailsElement).open = true;
    await n2.trigger('toggle');
    await flushPromises();
    expect(api.calls.filter((c) => c.channel === 'session:diff').map((c) => c.payload)).toEqual([{}, { machines: ['node-2'] }]);
    expect(w.find('[data-testid="mode-diff-node-2-route"] .add').exists()).toBe(true);
    // node-1 keeps the hunks it had.
    expect(w.find('[data-testid="mode-diff-node-1-route"] .add').exists()).toBe(true);
  });

  it('says how many nodes were not compared, and marks a section too different to align', async () => {
    const coarse = { ...route, coarse: true };
    api.handle('session:diff', () => ({ ...diff, skipped: 80, machines: [{ ...machine('node-1'), sections: [coarse, ...machine('node-1').sections.slice(1)] }] }));
    const w = mount(SandboxControlsDiff, { global: { plugins: [pinia, createAppI18n('zh-CN')] } });
    await flushPromises();
    expect(w.find('[data-testid="mode-diff-skipped"]').text()).toBe('另有 80 个节点未比较（只比较前 1 个）');
    const sec = w.find('[data-testid="mode-diff-node-1-route"]');
    expect(sec.text()).toContain('差异过大，无法逐行对齐');
    expect(sec.find('.hunk').exists()).toBe(false);
  });

  it('shows nothing when the last reset kept both modes', async () => {
    api.handle('session:diff', () => null);
    const w = mount(SandboxControlsDiff, { global: { plugins: [pinia, createAppI18n('zh-CN')] } });
    await flushPromises();
    expect(w.find('[data-testid="mode-diff"]').exists()).toBe(false);
  });
});
