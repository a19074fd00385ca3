// timeout bounds a waiting command on the virtual clock and kills it as SIGTERM would
// (no ping statistics), status 124; its own errors as GNU coreutils 9.1 prints them.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { ENGINE_CONTROLLERS } from '../../controllers/index';
import { defaultClusterSpec } from '../../model/spec';
import { createEnv } from '../../model/env';
import { runScript } from '../script';
import { NODE1, shellTestEngine } from '../fixture';

describe('timeout', () => {
  it('kills ping after DURATION: the replies so far, no statistics, 124', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1), { controllers: ENGINE_CONTROLLERS });
    const t0 = e.env.clock.now();
    const r = runScript({ engine: e, target: { kind: 'pod', namespace: 'default', name: 'client' }, script: 'timeout 3 ping 10.244.1.2; echo rc=$?' });
    expect(r.output).toBe(
      'PING 10.244.1.2 (10.244.1.2) 56(84) bytes of data.\n64 bytes from 10.244.1.2: icmp_seq=1 ttl=62 time=0.532 ms\n' +
        '64 bytes from 10.244.1.2: icmp_seq=2 ttl=62 time=0.552 ms\n64 bytes from 10.244.1.2: icmp_seq=3 ttl=62 time=0.457 ms\nrc=124\n',
    );
    expect(e.env.clock.now() - t0).toBe(3000);
  });
  it("passes the command's own status through, and says what it cannot run", () => {
    const run = (s: string) => runScript({ engine: shellTestEngine(), target: NODE1, script: s }).output;
    expect(run('timeout 1 sleep 5; echo $?; timeout 2 false; echo $?; timeout 2 true; echo $?')).toBe('124\n1\n0\n');
    expect(run('timeout x sleep 1; echo $?')).toBe("timeout: invalid time interval ‘x’\nTry 'timeout --help' for more information.\n125\n");
    expect(run('timeout 1 nosuch; echo $?')).toBe('timeout: failed to run command ‘nosuch’: No such file or directory\n127\n');
    expect(run('timeout; echo $?')).toBe("Try 'timeout --help' for more information.\n125\n");
  });
});
