// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ElementDetails from './ElementDetails.vue';
import { createAppI18n } from '../i18n';
import { setApi } from '../api/client';
import { createFakeApi } from '../test/fakeApi';
import { useTopologyStore } from '../stores/topology';
import type { TopologySnapshot } from '../../../shared/api/topology';

const reason = 'node-1 → node-3: node-1 has no route to 10.244.2.0/24: the packet would follow "default via 192.168.56.1 dev eth0"';
function snap(broken: boolean): TopologySnapshot {
  const nodes: TopologySnapshot['nodes'] = ['node-1', 'node-3'].flatMap((n) => [
    { id: `node:${n}`, kind: 'node' as const, label: n },
    { id: `if:${n}:flannel.1`, kind: 'tunnel' as const, label: 'flannel.1', parent: `node:${n}` },
  ]);
  const edge = { id: 'tunnel:node-1:node-3:flannel.1', kind: 'tunnel' as const, source: 'if:node-1:flannel.1', target: 'if:node-3:flannel.1', label: 'flannel.1' };
  return { version: 1, cni: 'flannel:vxlan', proxyMode: 'iptables', nodes, edges: [broken ? { ...edge, state: 'broken', reason, details: { broken: reason } } : edge] };
}

let pinia: ReturnType<typeof createPinia>;
beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  setApi(createFakeApi());
});
const render = (locale: 'en' | 'zh-CN' = 'en') => mount(ElementDetails, { global: { plugins: [pinia, createAppI18n(locale)] } });

describe('ElementDetails for an edge', () => {
  it('names the edge, its two ends (as links) and why it is broken', async () => {
    const topo = useTopologyStore();
    topo.accept(snap(true));
    topo.select('tunnel:node-1:node-3:flannel.1');
    const w = render();
    await w.vm.$nextTick();
    expect(w.find('.name').text()).toBe('flannel.1 Overlay tunnel');
    const dl = w.find('[data-testid="edge-details"]');
    expect(dl.findAll('dt').map((d) => d.text())).toEqual(['From', 'To', '⚠ Broken']);
    expect(w.find('[data-testid="edge-broken-reason"]').text()).toBe(reason);
    await dl.findAll('a')[1]!.trigger('click');
    expect(topo.selectedId).toBe('if:node-3:flannel.1');
  });

  it('words the reason in the learner\'s language from its code and values', async () => {
    const topo = useTopologyStore();
    const s = snap(true);
    s.edges[0] = { ...s.edges[0]!, whys: [{ code: 'followsOther', params: { a: 'node-1', subnet: '10.244.2.0/24', route: 'default via 192.168.56.1 dev eth0' }, from: 'node-1', to: 'node-3' }] };
    topo.accept(s);
    topo.select('tunnel:node-1:node-3:flannel.1');
    const zh = render('zh-CN');
    await zh.vm.$nextTick();
    expect(zh.find('[data-testid="edge-broken-reason"]').text()).toBe('node-1 → node-3: node-1 没有到 10.244.2.0/24 的路由：数据包会走 "default via 192.168.56.1 dev eth0"');
    const en = render('en');
    await en.vm.$nextTick();
    expect(en.find('[data-testid="edge-broken-reason"]').text()).toBe(reason);
  });

  it('keeps an edge selected across a new snapshot that still has it, in Chinese too', async () => {
    const topo = useTopologyStore();
    topo.accept(snap(true));
    topo.select('tunnel:node-1:node-3:flannel.1');
    topo.accept({ ...snap(false), version: 2 });
    const w = render('zh-CN');
    await w.vm.$nextTick();
    expect(topo.selectedId).toBe('tunnel:node-1:node-3:flannel.1');
    expect(w.find('[data-testid="edge-details"]').findAll('dt').map((d) => d.text())).toEqual(['起点', '终点']);
    expect(w.find('[data-testid="edge-broken-reason"]').exists()).toBe(false);
  });
});
