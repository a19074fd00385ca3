import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine } from '../../../sim/create';
import { ENGINE_CONTROLLERS } from '../../../controllers/index';
import { defaultClusterSpec } from '../../../model/spec';
import { createEnv } from '../../../model/env';
import { ipCommand } from '../ip';
import { bridgeCommand } from '../bridge';
import { route } from '../route';
import { calicoctl } from '../calicoctl';
import type { Command } from '../../command';
import { runCommand } from './testkit';

const WORDS = [
  'ip', '-4', '-6', '-br', '-o', '-d', '-s', '-c', '-z', 'a', 'addr', 'address', 'l', 'link', 'r', 'route', 'n', 'neigh', 'show', 'list', 'add', 'del',
  'delete', 'replace', 'change', 'append', 'flush', 'get', 'set', 'up', 'down', 'dev', 'via', 'onlink', 'metric', 'proto', 'scope', 'table', 'type',
  'master', 'nomaster', 'mtu', 'name', 'peer', 'lladdr', 'nud', 'proxy', 'brd', '+', 'local', 'all', 'main', 'blackhole', 'unreachable', 'default',
  'eth0', 'eth9', 'cni0', 'flannel.1', 'lo', 'bridge', 'veth', 'dummy', 'permanent', 'fdb', 'br', 'status', 'node', 'ipam', '--show-blocks',
  '10.244.1.0/24', '10.244.2.5', '192.168.56.1', '1.2.3.4/33', '300.1.1.1', '0/0', '10.0.0.0/8', 'foo', '', '-', '--', '1500', '70000', 'abc',
  '02:00:00:00:00:01', 'zz:zz', 'link', 'help',
];

describe('iproute2-style commands never crash', () => {
  it('on random argument lists (and leave a namespace consistent)', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1), { controllers: ENGINE_CONTROLLERS });
    const cmds: Command[] = [ipCommand, bridgeCommand, route, calicoctl];
    fc.assert(
      fc.property(
        fc.constantFrom(...cmds),
        fc.constantFrom('', '-4', '-br', '-d', '-s', '-o'),
        fc.constantFrom('addr', 'link', 'route', 'neigh', 'fdb', 'node', 'ipam', 'r', 'l', 'a', 'n'),
        fc.constantFrom('show', 'add', 'del', 'set', 'get', 'replace', 'flush', 'change', 'status'),
        fc.array(fc.constantFrom(...WORDS), { maxLength: 7 }),
        (cmd, opt, object, verb, words) => {
        const argv = [cmd.name, opt, object, verb, ...words].filter(Boolean);
        let r: ReturnType<typeof runCommand> | undefined;
        expect(() => (r = runCommand(e, cmd, { kind: 'node', name: 'node-2' }, argv.join(' ')))).not.toThrow();
        expect(Number.isInteger(r!.code)).toBe(true);
        const ns = e.netns.get('node/node-2')!;
        // Every address and route points at a link that exists.
        for (const a of ns.addrs) expect(ns.linkByIndex(a.ifindex)).toBeDefined();
        for (const rt of ns.routes) if (rt.dev !== undefined) expect(ns.link(rt.dev)).toBeDefined();
        for (const l of ns.links) {
          expect(typeof l.name === 'string' && l.name.length > 0).toBe(true);
          expect(Number.isInteger(l.mtu)).toBe(true);
          if (l.master !== undefined) expect(ns.link(l.master)?.kind).toBe('bridge');
        }
        expect(new Set(ns.links.map((l) => l.name)).size).toBe(ns.links.length);
      }),
      { numRuns: 2500 },
    );
  }, 60_000);
});
