import { describe, expect, it } from 'vitest';
import { createEngine } from '../shared/sim/create';
import { createEnv } from '../shared/model/env';
import { defaultClusterSpec } from '../shared/model/spec';
import { buildPlan } from './plan';
import { masked, permanentNeighbours } from './compare';

describe('buildPlan', () => {
  const engine = createEngine(defaultClusterSpec(), createEnv(1));
  const plan = buildPlan(engine);

  it('creates one real namespace per simulated one, plus a switch per segment', () => {
    expect(plan.namespaces).toContain('nlc-node-1');
    expect(plan.namespaces).toContain('nlc-external');
    expect(plan.namespaces).toContain('nlc-sw.seg-1');
    expect(plan.namespaces.length).toBe(engine.netns.size + 1);
    expect(plan.skipped).toEqual([]);
  });

  it('takes names, ifindexes and MACs from the simulated kernel', () => {
    const node = engine.netns.get('node/node-2')!;
    const vtep = node.link('flannel.1')!;
    const step = plan.steps.find((s) => s.includes('nlc-node-2') && s.includes('flannel.1') && s.includes('add'))!;
    expect(step).toEqual(expect.arrayContaining(['index', String(vtep.ifindex), 'address', vtep.mac, 'nolearning', 'dstport', '8472']));
  });

  it('adds only controller routes; the kernel adds connected ones', () => {
    const adds = plan.steps.filter((s) => s[3] === 'route');
    expect(adds.some((s) => s.includes('proto') && s.includes('kernel'))).toBe(false);
    expect(adds.some((s) => s.includes('onlink') && s.includes('flannel.1'))).toBe(true);
  });
});

describe('masks', () => {
  it('hides only the underlay veth plumbing and netns names', () => {
    const real = '2: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000 link-netns nlc-sw.seg-1\n' +
      '7: veth1234@if3: <UP> mtu 1450 master cni0 state UP\n    link/ether aa:bb:cc:dd:ee:ff brd ff:ff:ff:ff:ff:ff link-netns nlc-p.default.web\n';
    expect(masked(real, ['eth0'])).toBe('2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc <nic> state UP group default qlen 1000\n' +
      '7: veth1234@if3: <UP> mtu 1450 master cni0 state UP\n    link/ether aa:bb:cc:dd:ee:ff brd ff:ff:ff:ff:ff:ff link-netns <peer>\n');
  });
  it('keeps permanent neighbours only', () => {
    expect(permanentNeighbours('10.0.0.1 dev eth0 lladdr aa:aa:aa:aa:aa:aa REACHABLE\n10.244.2.0 dev flannel.1 lladdr bb:bb:bb:bb:bb:bb PERMANENT\n')).toBe(
      '10.244.2.0 dev flannel.1 lladdr bb:bb:bb:bb:bb:bb PERMANENT',
    );
  });
});
