/**
 * Property: the network commands (ping, traceroute, tracepath, tcpdump) never throw on
 * any argv, exit with a status the real tools use, and leave the routing state intact.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine } from '../../sim/create';
import { ENGINE_CONTROLLERS } from '../../controllers/index';
import { defaultClusterSpec } from '../../model/spec';
import { createEnv } from '../../model/env';
import type { ShellTarget } from '../../model/target';
import { runCommand } from './iproute2/testkit';
import { ping } from './ping';
import { traceroute } from './traceroute';
import { tracepath } from './tracepath';
import { tcpdump } from './tcpdump';

const e = createEngine(defaultClusterSpec(), createEnv(1), { controllers: ENGINE_CONTROLLERS });
const client: ShellTarget = { kind: 'pod', namespace: 'default', name: 'client' };
const CMDS = { ping, traceroute, tracepath, tcpdump };
const word = fc.oneof(
  fc.constantFrom('-c', '-n', '-i', '-W', '-s', '-t', '-m', '-q', '-e', '-v', '-p', '-b', 'any', 'eth0', 'icmp', 'and', 'port', 'host', 'not', '0', '1', '2', '-1', '300', '0.2', '10.244.1.2', '10.244.2.9', '127.0.0.1', 'foo', '--', '-'),
  fc.stringMatching(/^[-a-z0-9.]{1,6}$/),
);

describe('network commands on arbitrary argv', () => {
  it('never throw, exit 0/1/2, and keep the routes', () => {
    const routesBefore = JSON.stringify([...e.netns.values()].map((n) => n.routes));
    fc.assert(
      fc.property(fc.constantFrom(...(Object.keys(CMDS) as (keyof typeof CMDS)[])), fc.array(word, { maxLength: 5 }), (name, args) => {
        // -c stays small so a fuzzed ping does not send millions of probes.
        const argv = args.map((a, i) => (args[i - 1] === '-c' && /^\d+$/.test(a) ? String(Math.min(Number(a), 3)) : a));
        if (name !== 'tcpdump' && !argv.includes('-c') && !argv.includes('-m')) argv.unshift(name === 'ping' ? '-c' : '-m', '2');
        const r = runCommand(e, CMDS[name], client, [name, ...argv].join(' '));
        expect([0, 1, 2]).toContain(r.code);
      }),
      { numRuns: 150, seed: 11 },
    );
    expect(JSON.stringify([...e.netns.values()].map((n) => n.routes))).toBe(routesBefore);
  }, 120_000);
});
