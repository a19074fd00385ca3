/**
 * Test helpers: a small engine with node namespaces and a fake world whose hidden shell
 * and walker answer from tables the test fills in, so check logic is tested on its own.
 */
import { createEnv } from '../model/env';
import { defaultClusterSpec } from '../model/spec';
import { NetNS } from '../kernel/netns';
import { Engine } from '../sim/engine';
import type { WalkRecord } from '../api/walk';
import type { LabWorld, WalkAsk } from './world';
import type { ShellTarget } from '../model/target';

/** An engine with one namespace per node and the external host. */
export function smallEngine(): Engine {
  const e = new Engine(defaultClusterSpec(), createEnv(7));
  for (const n of e.spec.nodes) e.netns.set(`node/${n.name}`, new NetNS(`node/${n.name}`, 'node', n.name));
  e.netns.set('external', new NetNS('external', 'external', 'external'));
  return e;
}

/** A walk record with the given verdict and hops (hosts / devices only). */
export function fakeWalk(ask: WalkAsk, verdict: WalkRecord['verdict'], hops: { host: string; device?: string; src?: string }[], answeredBy?: string): WalkRecord {
  return {
    id: 'w1',
    title: `walk to ${ask.dst}`,
    at: 0,
    request: { from: ask.from, fromNetns: 'x', dst: ask.dst, proto: ask.proto, ...(ask.dport ? { dport: ask.dport } : {}) },
    verdict,
    hops: hops.map((h, i) => ({
      seq: i,
      netns: `node/${h.host}`,
      host: h.host,
      ...(h.device ? { device: h.device } : {}),
      direction: 'out',
      stage: 'route',
      summary: '',
      layers: h.src ? [{ name: 'IPv4', fields: [{ name: 'src', value: h.src }] }] : [],
      elements: [],
    })),
    connections: [],
    ...(answeredBy ? { answeredBy } : {}),
  };
}

/** A world whose `run` answers from `outputs` (by command line) and whose walker calls `walk`. */
export function fakeWorld(engine: Engine, outputs: Record<string, string> = {}, walk?: (a: WalkAsk) => WalkRecord): LabWorld & { ran: { target: ShellTarget; line: string }[] } {
  const ran: { target: ShellTarget; line: string }[] = [];
  return {
    engine,
    ran,
    run: (target, line) => {
      ran.push({ target, line });
      return line in outputs ? { code: 0, output: outputs[line]! } : { code: 127, output: `${line.split(' ')[0]}: command not found\n` };
    },
    walk: walk ?? ((a) => fakeWalk(a, 'dropped', [{ host: 'node-1' }])),
  };
}
