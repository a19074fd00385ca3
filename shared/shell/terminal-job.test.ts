// A command line that waits, in the terminal: sleeps are paced by the host's scheduler
// (a fake one here: bytes in, timers fired by hand, exact bytes out), Ctrl-C interrupts
// the line, and keys typed meanwhile run after it.
import { describe, expect, it } from 'vitest';
import { VirtualTerminal, type Scheduler } from './terminal';
import { NODE1, shellTestEngine } from './fixture';

function open() {
  const engine = shellTestEngine();
  const timers: { ms: number; fn: () => void; live: boolean }[] = [];
  const schedule: Scheduler = (ms, fn) => {
    const t = { ms, fn, live: true };
    timers.push(t);
    return () => (t.live = false);
  };
  const term = new VirtualTerminal({ engine, target: NODE1, schedule });
  let out = '';
  term.onData((d) => (out += d));
  term.start();
  const take = () => {
    const o = out;
    out = '';
    return o;
  };
  take();
  const send = (bytes: string) => {
    term.write(bytes);
    return take();
  };
  /** Fires the one pending timer; returns its delay and what the terminal wrote. */
  const fire = () => {
    const live = timers.filter((t) => t.live);
    expect(live).toHaveLength(1);
    live[0].live = false;
    live[0].fn();
    return { ms: live[0].ms, out: take() };
  };
  const pending = () => timers.filter((t) => t.live).length;
  return { engine, send, fire, pending };
}

const P = 'root@node-1:~# ';

describe('a waiting command line in the terminal', () => {
  it('sleep waits for the scheduler, then the clock has moved and the prompt returns', () => {
    const t = open();
    const t0 = t.engine.env.clock.now();
    expect(t.send('sleep 2; echo done\r')).toBe('sleep 2; echo done\r\n');
    expect(t.fire()).toEqual({ ms: 2000, out: 'done\r\n' + P });
    expect(t.engine.env.clock.now() - t0).toBe(2000);
  });
  it('while true; do echo; sleep 1; done prints one pass per second until Ctrl-C (status 130)', () => {
    const t = open();
    expect(t.send('while true; do echo hi; sleep 1; done\r')).toBe('while true; do echo hi; sleep 1; done\r\nhi\r\n');
    expect(t.fire()).toEqual({ ms: 1000, out: 'hi\r\n' });
    expect(t.fire()).toEqual({ ms: 1000, out: 'hi\r\n' });
    expect(t.send('\x03')).toBe('^C\r\n' + P);
    expect(t.pending()).toBe(0);
    expect(t.send('echo $?\r')).toBe('echo $?\r\n130\r\n' + P);
  });
  it('keys typed while a command runs are handled after it; Ctrl-C drops them', () => {
    const t = open();
    t.send('sleep 1\r');
    expect(t.send('echo a\r')).toBe('');
    expect(t.fire().out).toBe(P + 'echo a\r\na\r\n' + P);
    t.send('sleep 1\r');
    t.send('echo b\r');
    expect(t.send('\x03')).toBe('^C\r\n' + P);
  });
  it('a loop that never sleeps gives the keyboard a turn every 200 passes', () => {
    const t = open();
    const first = t.send('i=0; while true; do i=$((i+1)); done\r');
    expect(first).toBe('i=0; while true; do i=$((i+1)); done\r\n');
    expect(t.fire()).toEqual({ ms: 0, out: '' });
    expect(t.send('\x03')).toBe('^C\r\n' + P);
    expect(t.send('echo $i\r')).toBe('echo $i\r\n400\r\n' + P);
  });
});
