// ping with no -c runs until Ctrl-C, one probe per interval of (fake) real time, and then
// prints iputils' statistics; a script has no Ctrl-C, so its budget stops it the same way.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { ENGINE_CONTROLLERS } from '../../controllers/index';
import { defaultClusterSpec } from '../../model/spec';
import { createEnv } from '../../model/env';
import type { ShellTarget } from '../../model/target';
import { VirtualTerminal, type Scheduler } from '../terminal';
import { runScript } from '../script';

const CLIENT: ShellTarget = { kind: 'pod', namespace: 'default', name: 'client' };
const engine = () => createEngine(defaultClusterSpec(), createEnv(1), { controllers: ENGINE_CONTROLLERS });

describe('ping without -c', () => {
  it('in a terminal: a probe per second until Ctrl-C, then the statistics; $? is 0 with replies', () => {
    const e = engine();
    const timers: (() => void)[] = [];
    const schedule: Scheduler = (ms, fn) => {
      expect(ms).toBe(1000);
      timers.push(fn);
      return () => timers.splice(timers.indexOf(fn), 1);
    };
    const term = new VirtualTerminal({ engine: e, target: CLIENT, schedule });
    let out = '';
    term.onData((d) => (out += d));
    term.start();
    out = '';
    term.write('ping 10.244.1.2\r');
    expect(out).toBe('ping 10.244.1.2\r\nPING 10.244.1.2 (10.244.1.2) 56(84) bytes of data.\r\n64 bytes from 10.244.1.2: icmp_seq=1 ttl=62 time=0.532 ms\r\n');
    out = '';
    timers.shift()!();
    timers.shift()!();
    expect(out).toBe('64 bytes from 10.244.1.2: icmp_seq=2 ttl=62 time=0.552 ms\r\n64 bytes from 10.244.1.2: icmp_seq=3 ttl=62 time=0.457 ms\r\n');
    out = '';
    term.write('\x03');
    expect(out).toBe(
      '^C\r\n\r\n--- 10.244.1.2 ping statistics ---\r\n3 packets transmitted, 3 received, 0% packet loss, time 2000ms\r\n' +
        'rtt min/avg/max/mdev = 0.457/0.513/0.552/0.040 ms\r\nroot@client:/# ',
    );
    expect(timers).toHaveLength(0);
    out = '';
    term.write('echo $?\r');
    expect(out).toBe('echo $?\r\n0\r\nroot@client:/# ');
  });
  it('kubectl exec POD -- ping streams through the node terminal, paced, until Ctrl-C', () => {
    const e = engine();
    const timers: (() => void)[] = [];
    const schedule: Scheduler = (_ms, fn) => {
      timers.push(fn);
      return () => timers.splice(timers.indexOf(fn), 1);
    };
    const term = new VirtualTerminal({ engine: e, target: { kind: 'node', name: 'node-1' }, schedule });
    let out = '';
    term.onData((d) => (out += d));
    term.start();
    out = '';
    term.write('kubectl exec client -- ping 10.244.1.2\r');
    expect(out).toBe('kubectl exec client -- ping 10.244.1.2\r\nPING 10.244.1.2 (10.244.1.2) 56(84) bytes of data.\r\n64 bytes from 10.244.1.2: icmp_seq=1 ttl=62 time=0.532 ms\r\n');
    out = '';
    timers.shift()!();
    expect(out).toBe('64 bytes from 10.244.1.2: icmp_seq=2 ttl=62 time=0.552 ms\r\n');
    out = '';
    term.write('\x03');
    expect(out).toMatch(/^\^C\r\n\r\n--- 10\.244\.1\.2 ping statistics ---\r\n2 packets transmitted, 2 received/);
    expect(timers).toHaveLength(0);
  });
  it('in a script: stopped after 60 s of virtual time with its statistics and a note', () => {
    const e = engine();
    const t0 = e.env.clock.now();
    const r = runScript({ engine: e, target: CLIENT, script: 'ping -i 20 10.244.1.2; echo not-run\necho rc=$?\n' });
    expect(r.output).toBe(
      'PING 10.244.1.2 (10.244.1.2) 56(84) bytes of data.\n' +
        '64 bytes from 10.244.1.2: icmp_seq=1 ttl=62 time=0.532 ms\n64 bytes from 10.244.1.2: icmp_seq=2 ttl=62 time=0.552 ms\n' +
        '64 bytes from 10.244.1.2: icmp_seq=3 ttl=62 time=0.457 ms\n64 bytes from 10.244.1.2: icmp_seq=4 ttl=62 time=0.590 ms\n' +
        '\n--- 10.244.1.2 ping statistics ---\n4 packets transmitted, 4 received, 0% packet loss, time 60000ms\n' +
        'rtt min/avg/max/mdev = 0.457/0.532/0.590/0.048 ms\n' +
        'netlab: interrupted after 60s of virtual time (a script has no Ctrl-C)\nrc=0\n',
    );
    expect(e.env.clock.now() - t0).toBe(60_000);
  });
});
