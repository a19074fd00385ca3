// watch on a terminal (fake scheduler): alternate screen, procps' title line, the command's
// output refreshed every interval, Ctrl-C gives the screen back (130); refused off a terminal.
import { describe, expect, it } from 'vitest';
import { VirtualTerminal, type Scheduler } from '../terminal';
import { runScript } from '../script';
import { NODE1, shellTestEngine } from '../fixture';
import { watchTitle } from './watch';

describe('watch', () => {
  it('title: command left, HOST: DATE right-aligned to the width (procps-ng 4.0.2 at 80 columns)', () => {
    // Real: `Every 1.0s: echo hi` then `vm: Thu Nov 26 13:19:46 2026` ending at column 80.
    const ms = Date.UTC(2026, 10, 26, 13, 19, 46);
    expect(watchTitle(1, 'echo hi', 'vm', ms, 80)).toBe('Every 1.0s: echo hi' + ' '.repeat(33) + 'vm: Thu Nov 26 13:19:46 2026');
    // Real at 50 columns: the command cut and followed by `... `.
    expect(watchTitle(1, 'echo ' + 'x'.repeat(35), 'vm', ms, 50)).toBe('Every 1.0s: echo ...  vm: Thu Nov 26 13:32:18 2026'.replace('13:32:18', '13:19:46'));
    expect(watchTitle(2, 'date', 'node-1', ms, 40)).toBe(' '.repeat(8) + 'node-1: Thu Nov 26 13:19:46 2026');
  });
  it('refreshes every interval on the alternate screen until Ctrl-C', () => {
    const engine = shellTestEngine();
    const timers: { ms: number; fn: () => void }[] = [];
    const schedule: Scheduler = (ms, fn) => {
      const t = { ms, fn };
      timers.push(t);
      return () => timers.splice(timers.indexOf(t), 1);
    };
    const term = new VirtualTerminal({ engine, target: NODE1, schedule, cols: 60, rows: 10 });
    let out = '';
    term.onData((d) => (out += d));
    term.start();
    out = '';
    term.write('watch -n 1 date +%s\r');
    const screen = (s: number) => `\x1b[H\x1b[2J${watchTitle(1, 'date +%s', 'node-1', s * 1000, 60)}\r\n\r\n${s}`;
    const t0 = engine.env.clock.now() / 1000;
    expect(out).toBe(`watch -n 1 date +%s\r\n\x1b[?1049h${screen(t0)}`);
    out = '';
    expect(timers.map((t) => t.ms)).toEqual([1000]);
    timers.shift()!.fn();
    expect(out).toBe(screen(t0 + 1));
    out = '';
    term.write('\x03');
    expect(out).toBe('^C\r\n\x1b[?1049lroot@node-1:~# ');
    out = '';
    term.write('echo $?\r');
    expect(out).toBe('echo $?\r\n130\r\nroot@node-1:~# ');
  });
  it('refuses without a terminal, and needs a command', () => {
    const r = runScript({ engine: shellTestEngine(), target: NODE1, script: 'watch kubectl get pods; echo $?\nwatch 2>&1 | head -3' });
    expect(r.output).toBe('watch: netlab runs watch only on a terminal (use kubectl get -w in a script)\n1\n\nUsage:\n watch [options] command\n');
  });
});
