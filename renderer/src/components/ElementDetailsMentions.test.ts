// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ElementDetailsMentions from './ElementDetailsMentions.vue';
import { createAppI18n } from '../i18n';
import { setApi } from '../api/client';
import { createFakeApi, type FakeApi } from '../test/fakeApi';
import { useTopologyStore } from '../stores/topology';

let api: FakeApi;
let pinia: ReturnType<typeof createPinia>;
beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  api = createFakeApi();
  setApi(api);
});

describe('ElementDetailsMentions', () => {
  it('lists the lines that mention the selection, grouped by nodes, with the cap note, in Chinese too', async () => {
    api.handle('topology:mentions', ({ id }) => ({
      id,
      mentions: [
        { section: 'nat', command: 'iptables -t nat -S', machines: ['node-1', 'node-2', 'node-3', 'node-4'], lines: ['-A KUBE-SERVICES -d 10.105.106.67/32 -p tcp -j KUBE-SVC-CDGGSHYLG3RE2FKL'], more: 2 },
        { section: 'route', command: 'ip route show table all', machines: ['node-2'], lines: ['local 10.105.106.67 dev kube-ipvs0 table local proto kernel scope host src 10.105.106.67 '], more: 0 },
      ],
      omitted: 1,
    }));
    useTopologyStore().select('svc:default/web');
    const w = mount(ElementDetailsMentions, { global: { plugins: [pinia, createAppI18n('zh-CN')] } });
    await flushPromises();
    expect(api.calls).toEqual([{ channel: 'topology:mentions', payload: { id: 'svc:default/web' } }]);
    const nat = w.find('[data-testid="mention-nat"]');
    expect(nat.find('.head').text()).toBe('NAT 规则 iptables -t nat -S 位于 node-1, node-2 等 2 个节点');
    expect(nat.findAll('.line').map((l) => l.text())).toEqual(['-A KUBE-SERVICES -d 10.105.106.67/32 -p tcp -j KUBE-SVC-CDGGSHYLG3RE2FKL', '… 另有 2 条']);
    expect(w.find('[data-testid="mention-route"] .head').text()).toBe('路由 ip route show table all 位于 node-2');
    expect(w.text()).toContain('另有 1 组节点各有不同条目，未显示');
  });
});
