// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import StatusBarHealth from './StatusBarHealth.vue';
import { createAppI18n } from '../i18n';
import { setApi } from '../api/client';
import { createFakeApi } from '../test/fakeApi';
import { useTopologyStore } from '../stores/topology';
import type { TopologySnapshot } from '../../../shared/api/topology';

const reason = 'node-1 → node-3: node-1 has no route to 10.244.2.0/24: the packet would follow "default via 192.168.56.1 dev eth0"';
function snap(broken: boolean, version = 1): TopologySnapshot {
  const nodes: TopologySnapshot['nodes'] = ['node-1', 'node-3'].flatMap((n) => [
    { id: `node:${n}`, kind: 'node' as const, label: n },
    { id: `if:${n}:flannel.1`, kind: 'tunnel' as const, label: 'flannel.1', parent: `node:${n}` },
  ]);
  const edge = { id: 'tunnel:node-1:node-3:flannel.1', kind: 'tunnel' as const, source: 'if:node-1:flannel.1', target: 'if:node-3:flannel.1', label: 'flannel.1' };
  return { version, cni: 'flannel:vxlan', proxyMode: 'iptables', nodes, edges: [broken ? { ...edge, state: 'broken', reason, details: { broken: reason } } : edge] };
}

let pinia: ReturnType<typeof createPinia>;
beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  setApi(createFakeApi());
});
const render = (locale: 'en' | 'zh-CN' = 'en') => mount(StatusBarHealth, { attachTo: document.body, global: { plugins: [pinia, createAppI18n(locale)] } });

describe('StatusBarHealth', () => {
  it('shows nothing while every route works', () => {
    useTopologyStore().accept(snap(false));
    expect(render().find('[data-testid="route-health"]').exists()).toBe(false);
  });

  it('counts broken edges, lists why, and selects the edge on the graph', async () => {
    const topo = useTopologyStore();
    topo.accept(snap(true));
    const w = render();
    const badge = w.find('[data-testid="route-health"]');
    expect(badge.text()).toBe('⚠ 1 broken route');
    expect(badge.attributes('title')).toBe(reason);
    await badge.trigger('click');
    await flushPromises();
    const list = w.find('[data-testid="route-health-list"]');
    expect(list.attributes('role')).toBe('dialog');
    expect(list.find('li button').text()).toBe('Overlay tunnel · node-1 ⇄ node-3');
    expect(list.find('.reason').text()).toBe(reason);
    expect(document.activeElement).toBe(list.find('li button').element);
    await list.find('li button').trigger('click');
    expect(topo.selectedId).toBe('tunnel:node-1:node-3:flannel.1');
    expect(topo.focusRequest.id).toBe('tunnel:node-1:node-3:flannel.1');
    await list.trigger('keydown', { key: 'Escape' });
    expect(w.find('[data-testid="route-health-list"]').exists()).toBe(false);
    expect(document.activeElement).toBe(badge.element);
    // A click elsewhere closes it too.
    await badge.trigger('click');
    expect(w.find('[data-testid="route-health-list"]').exists()).toBe(true);
    document.body.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    await flushPromises();
    expect(w.find('[data-testid="route-health-list"]').exists()).toBe(false);
    // Healed: the badge goes.
    topo.accept(snap(false, 2));
    await flushPromises();
    expect(w.find('[data-testid="route-health"]').exists()).toBe(false);
    w.unmount();
  });

  it('speaks Chinese', () => {
    useTopologyStore().accept(snap(true));
    const w = render('zh-CN');
    expect(w.find('[data-testid="route-health"]').text()).toBe('⚠ 1 条路由故障');
    w.unmount();
  });
});
