import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { ENGINE_CONTROLLERS } from '../../controllers/index';
import { defaultClusterSpec } from '../../model/spec';
import { createEnv } from '../../model/env';
import type { ShellTarget } from '../../model/target';
import { runCommand } from './iproute2/testkit';
import { tracepath } from './tracepath';

function run(line: string, target: ShellTarget = { kind: 'pod', namespace: 'default', name: 'client' }): string {
  const e = createEngine(defaultClusterSpec(), createEnv(1), { controllers: ENGINE_CONTROLLERS });
  const r = runCommand(e, tracepath, target, line);
  return `${r.out}${r.err}[exit ${r.code}]`;
}

describe('tracepath on the default cluster (seed 1)', () => {
  it('pod to pod across nodes, numeric', () => {
    expect(run('tracepath -n 10.244.1.2')).toMatchInlineSnapshot(`
      " 1?: [LOCALHOST]                      pmtu 1450
       1:  10.244.2.1                                            0.042ms 
       1:  10.244.2.1                                            0.044ms 
       2:  10.244.1.0                                            0.436ms 
       3:  10.244.1.2                                            0.590ms reached
           Resume: pmtu 1450 hops 3 back 3 
      [exit 0]"
    `);
  });
  it('without -n: no reverse names here, so ???', () => {
    expect(run('tracepath 10.244.2.2')).toMatchInlineSnapshot(`
      " 1?: [LOCALHOST]                      pmtu 1450
       1:  ???                                                   0.049ms reached
           Resume: pmtu 1450 hops 1 back 1 
      [exit 0]"
    `);
  });
  it('!H when nobody answers ARP', () => {
    expect(run('tracepath -n 10.244.2.9')).toMatchInlineSnapshot(`
      " 1?: [LOCALHOST]                      pmtu 1450
       1:  10.244.2.3                                          3000.010ms !H
           Resume: pmtu 1450 
      [exit 0]"
    `);
  });
  it('errors', () => {
    expect(run('tracepath')).toMatch(/^\nUsage\n {2}tracepath \[options\] <destination>/);
    expect(run('tracepath nowhere')).toBe('tracepath: nowhere: Name or service not known\n[exit 1]');
  });
});
