// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import TraceInspectorHop from './TraceInspectorHop.vue';
import { createAppI18n } from '../i18n';
import { droppedCurl, vxlanPing } from '../test/walkFixture';
import { walkSteps } from '../trace/steps';
import { useTopologyStore } from '../stores/topology';
import { useUiStore } from '../stores/ui';

let pinia: ReturnType<typeof createPinia>;
beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  useTopologyStore().accept({ version: 1, cni: 'flannel:vxlan', proxyMode: 'iptables', nodes: [{ id: 'svc:default/web', kind: 'service', label: 'web' }, { id: 'node:node-2', kind: 'node', label: 'node-2' }], edges: [] });
});
const render = (step: ReturnType<typeof walkSteps>[number]) => mount(TraceInspectorHop, { props: { step }, global: { plugins: [pinia, createAppI18n('en')] } });

describe('TraceInspectorHop', () => {
  it('shows the matched rule with chain, number and text, and how many rules were walked', () => {
    const w = render(walkSteps(droppedCurl)[1]!);
    const row = w.find('[data-testid="rule-hit"]');
    expect(row.find('.rule-where').text()).toBe('nat/KUBE-SEP-XYZ #2 · kube-proxy');
    expect(row.find('.rule-text').text()).toBe('-A KUBE-SEP-XYZ -p tcp -m tcp -j DNAT --to-destination 10.244.1.2:8080');
    expect(w.text()).toContain('12 rules evaluated');
  });

  it('shows NAT before and after, marking the rewritten side', () => {
    const w = render(walkSteps(droppedCurl)[1]!);
    expect(w.text()).toContain('tcp 10.244.2.3:40000 → 10.96.0.20:80');
    expect(w.findAll('.chg').map((e) => e.text())).toEqual(['10.244.1.2:8080']);
  });

  it('shows each provenance entry as what — controller — object, the object a link', () => {
    const w = render(walkSteps(droppedCurl)[1]!);
    const rows = w.findAll('[data-testid="provenance-entry"]');
    expect(rows.map((r) => r.find('.prov-line').text().replace(/\s+/g, ' '))).toEqual([
      'nat/KUBE-SVC-ABC #1 — kube-proxy — Service default/web',
      'nat/KUBE-SEP-XYZ #2 — kube-proxy — EndpointSlice default/web-x1y2z',
    ]);
    expect(rows[1]!.find('.small').text()).toBe('kube-proxy on node-3, for endpoint 10.244.1.2:8080 of default/web:http, listed in EndpointSlice default/web-x1y2z');
    expect(w.findAll('[data-testid="provenance-link"]').map((a) => a.attributes('aria-label'))).toEqual(['Highlight Service default/web on the graph', 'Highlight EndpointSlice default/web-x1y2z on the graph']);
  });

  it('links provenance to the object on the graph and selects it in the element list', async () => {
    const w = render(walkSteps(droppedCurl)[1]!);
    await w.findAll('[data-testid="provenance-link"]')[1]!.trigger('click');
    const topo = useTopologyStore();
    expect(topo.highlighted).toEqual(['svc:default/web']);
    expect(topo.selectedId).toBe('svc:default/web');
    expect(topo.focusRequest.id).toBe('svc:default/web');
  });

  it('links the controller to the pod it runs in on that node, when the graph shows it', async () => {
    const topo = useTopologyStore();
    topo.accept({ ...topo.snapshot!, version: 2, nodes: [...topo.snapshot!.nodes, { id: 'pod:kube-system/kube-proxy-n5r8t', kind: 'pod', label: 'kube-proxy-n5r8t' }] });
    const w = render(walkSteps(droppedCurl)[1]!);
    const links = w.findAll('[data-testid="provenance-controller-link"]');
    expect(links.map((a) => [a.text(), a.attributes('aria-label')])).toEqual([['kube-proxy', 'Highlight Pod kube-system/kube-proxy-n5r8t on the graph']]);
    await links[0]!.trigger('click');
    expect(topo.highlighted).toEqual(['pod:kube-system/kube-proxy-n5r8t']);
    expect(topo.selectedId).toBe('pod:kube-system/kube-proxy-n5r8t');
  });

  it('turns the services overlay on when the object it links to is hidden', async () => {
    const ui = useUiStore();
    ui.showServices = false;
    const w = render(walkSteps(droppedCurl)[1]!);
    await w.find('[data-testid="provenance-link"]').trigger('click');
    expect(ui.showServices).toBe(true);
  });

  it('links a route to the peer node lease; an object not on the graph is plain text', async () => {
    const w = render(walkSteps(vxlanPing)[2]!);
    await w.find('[data-testid="provenance-link"]').trigger('click');
    expect(useTopologyStore().highlighted).toEqual(['node:node-2']);
    const drop = render(walkSteps(droppedCurl)[2]!);
    expect(drop.find('[data-testid="provenance-link"]').exists()).toBe(false);
    expect(drop.find('[data-testid="provenance-entry"]').text()).toContain('NetworkPolicy default/deny-all');
  });

  it('shows the Chinese kind names', () => {
    const w = mount(TraceInspectorHop, { props: { step: walkSteps(vxlanPing)[2]! }, global: { plugins: [pinia, createAppI18n('zh-CN')] } });
    expect(w.find('[data-testid="provenance-link"]').text()).toBe('节点 node-2');
  });

  it('states a drop in one sentence, as an alert', () => {
    const w = render(walkSteps(droppedCurl)[2]!);
    expect(w.find('[role="alert"]').text()).toBe('Dropped here: Policy default/deny-all has no rule admitting client: dropped.');
  });

  it('tags the encapsulation with its port and shows the FDB entry used', () => {
    const w = render(walkSteps(vxlanPing)[3]!);
    expect(w.find('.encap-tag').text()).toBe('VXLAN 8472');
    expect(w.text()).toContain('46:00:39:25:77:8c dev flannel.1 dst 192.168.56.12 self permanent');
  });
});
