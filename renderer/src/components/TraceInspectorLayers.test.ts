// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import TraceInspectorLayers from './TraceInspectorLayers.vue';
import { createAppI18n } from '../i18n';
import { vxlanPing } from '../test/walkFixture';

const encapHop = vxlanPing.hops[3]!;

function render(layers = encapHop.layers, locale: 'en' | 'zh-CN' = 'en') {
  return mount(TraceInspectorLayers, { props: { layers }, global: { plugins: [createAppI18n(locale)] } });
}

describe('TraceInspectorLayers', () => {
  it('renders one collapsible row per header, outer headers first', () => {
    const w = render();
    const rows = w.findAll('details.layer');
    expect(rows.map((r) => r.attributes('data-layer'))).toEqual(['Ethernet', 'IPv4', 'UDP', 'VXLAN', 'Ethernet', 'IPv4', 'ICMP']);
    expect(rows.every((r) => r.attributes('open') !== undefined)).toBe(true);
  });

  it('titles each row like a protocol analyser, from the header fields', () => {
    const titles = render().findAll('summary .title').map((s) => s.text());
    expect(titles[1]).toBe('Internet Protocol Version 4, Src: 192.168.56.13, Dst: 192.168.56.12, TTL: 64');
    expect(titles[2]).toBe('User Datagram Protocol, Src Port: 41234, Dst Port: 8472');
    expect(titles[3]).toBe('Virtual eXtensible Local Area Network, VNI: 1');
    expect(titles[6]).toBe('Internet Control Message Protocol, Type: 8 (Echo request), id: 0x0001, seq: 1');
  });

  it('indents the inner headers and tags them', () => {
    const rows = render().findAll('details.layer');
    expect(rows.map((r) => r.classes('inner'))).toEqual([false, false, false, false, true, true, true]);
    expect(rows[4]!.find('.tag').text()).toBe('inner');
  });

  it('highlights the fields this hop changed, and only those', () => {
    const w = render();
    const changed = w.findAll('tr.changed').map((tr) => `${tr.find('th').text()}=${tr.find('td').text()}`);
    expect(changed).toEqual(['Src=52:57:f0:a6:7e:17 (changed at this hop)', 'Dst=52:57:f0:a6:7e:16 (changed at this hop)', 'Src=192.168.56.13 (changed at this hop)', 'Dst=192.168.56.12 (changed at this hop)']);
    expect(w.findAll('details.layer').map((r) => r.classes('changed'))).toEqual([true, true, false, false, false, false, false]);
  });

  it('speaks Chinese in the chrome but keeps protocol names', () => {
    const w = render(encapHop.layers, 'zh-CN');
    expect(w.findAll('.tag')[0]!.text()).toBe('内层');
    expect(w.find('summary .title').text()).toMatch(/^Ethernet II, Src: /);
  });

  it('renders an empty packet without crashing', () => {
    expect(render([]).findAll('details')).toHaveLength(0);
  });
});
