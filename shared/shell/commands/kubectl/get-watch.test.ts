// kubectl get -w: the table, then a row per change made from elsewhere (here a second
// shell on the same engine), paced by the terminal's scheduler, until Ctrl-C (130); rows
// keep the remembered column widths; in a script the watch ends after the table.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../sim/create';
import { createEnv } from '../../../model/env';
import { defaultClusterSpec } from '../../../model/spec';
import { runScript } from '../../script';
import { VirtualTerminal, type Scheduler } from '../../terminal';

const N1 = { kind: 'node' as const, name: 'node-1' };

function setup() {
  const e = createEngine(defaultClusterSpec({ workloads: 'none' }), createEnv(7));
  const sh = (script: string) => runScript({ engine: e, target: N1, script }).output;
  const timers: (() => void)[] = [];
  const schedule: Scheduler = (_ms, fn) => {
    timers.push(fn);
    return () => timers.splice(timers.indexOf(fn), 1);
  };
  const term = new VirtualTerminal({ engine: e, target: N1, schedule, cols: 120 });
  let out = '';
  term.onData((d) => (out += d));
  term.start();
  const send = (bytes: string) => {
    out = '';
    term.write(bytes);
    return out;
  };
  const tick = () => {
    out = '';
    timers.shift()!();
    return out;
  };
  return { sh, send, tick, timers, term, e };
}

describe('kubectl get -w', () => {
  it('prints the table, then a row for each change until Ctrl-C', () => {
    const t = setup();
    t.sh('kubectl run a --image=nginx');
    expect(t.send('kubectl get pods -w\r')).toBe(
      'kubectl get pods -w\r\nNAME   READY   STATUS    RESTARTS   AGE\r\na      1/1     Running   0          0s\r\n',
    );
    expect(t.tick()).toBe('');
    t.sh('kubectl run once --image=busybox --restart=Never -- echo hi');
    expect(t.tick()).toBe('once   0/1     Pending   0          0s\r\nonce   1/1     Running   0          0s\r\nonce   0/1     Completed   0          0s\r\n');
    t.sh('kubectl delete pod a');
    expect(t.tick()).toBe('a      1/1     Terminating   0          1s\r\n');
    expect(t.send('\x03')).toBe('^C\r\nroot@node-1:~# ');
    expect(t.timers).toHaveLength(0);
    expect(t.send('echo $?\r')).toBe('echo $?\r\n130\r\nroot@node-1:~# ');
  });
  it('closing the terminal mid-watch ends it: no timer, no store listener left', () => {
    const t = setup();
    const before = (t.e.store as unknown as { listeners: Set<unknown> }).listeners.size;
    t.send('kubectl get pods -w\r');
    expect((t.e.store as unknown as { listeners: Set<unknown> }).listeners.size).toBe(before + 1);
    t.term.dispose();
    expect((t.e.store as unknown as { listeners: Set<unknown> }).listeners.size).toBe(before);
  });
  it('in a script: the table, then the next line runs (no one else can change anything)', () => {
    const t = setup();
    t.sh('kubectl run a --image=nginx');
    expect(t.sh('kubectl get pods -w; echo rc=$?')).toBe('NAME   READY   STATUS    RESTARTS   AGE\na      1/1     Running   0          0s\nrc=0\n');
  });
  it('refuses several kinds at once, as kubectl does', () => {
    const t = setup();
    t.sh('kubectl run a --image=nginx');
    expect(t.sh('kubectl get pods,svc -w')).toBe('error: watch is only supported on individual resources and resource collections, but 2 resources were found\n');
  });
});

describe('kubectl logs -f', () => {
  it('prints the log, then new lines as requests arrive, until Ctrl-C; in a script it returns', () => {
    const t = setup();
    t.sh('kubectl run a --image=nginx');
    const ip = t.sh("kubectl get pod a -o jsonpath='{.status.podIP}'");
    t.sh(`curl -s ${ip} >/dev/null`);
    const first = t.send('kubectl logs -f a\r');
    expect(first).toMatch(/^kubectl logs -f a\r\n10\.244\.0\.0 - - \[[^\]]+\] "GET \/ HTTP\/1\.1" 200 \d+ "-" "curl\/[\d.]+" "-"\r\n$/);
    expect(t.tick()).toBe('');
    t.sh(`curl -s ${ip}/x >/dev/null`);
    expect(t.tick()).toMatch(/^10\.244\.0\.0 - - \[[^\]]+\] "GET \/x HTTP\/1\.1" \d+ \d+ "-" "curl\/[\d.]+" "-"\r\n$/);
    expect(t.send('\x03')).toBe('^C\r\nroot@node-1:~# ');
    expect(t.sh('kubectl logs -f a | wc -l; echo rc=$?')).toBe('2\nrc=0\n');
  });
});
