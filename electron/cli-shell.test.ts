import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { attachTty, type CliIO } from './cli-shell';

/** A stand-in for a real terminal: records raw-mode switches and what was written. */
function fakeTty(cols = 80, rows = 24) {
  const stdin = Object.assign(new EventEmitter(), {
    isTTY: true,
    raw: [] as boolean[],
    setRawMode(on: boolean) {
      this.raw.push(on);
      return this;
    },
    setEncoding() {
      return this;
    },
    resume() {
      return this;
    },
    pause() {
      return this;
    },
  });
  const stdout = Object.assign(new EventEmitter(), {
    columns: cols,
    rows,
    text: '',
    write(t: string) {
      this.text += t;
      return true;
    },
  });
  const io: CliIO = { out: () => {}, err: () => {}, isTTY: true, readAll: async () => '', tty: { stdin, stdout } as unknown as CliIO['tty'] };
  return { stdin, stdout, io };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('netlab shell on a terminal', () => {
  it('runs in raw mode, echoes through the virtual terminal, and restores the terminal on exit', async () => {
    const { stdin, stdout, io } = fakeTty();
    const done = attachTty({}, { kind: 'node', name: 'node-2' }, io);
    expect(stdin.raw).toEqual([true]);
    expect(stdout.text).toBe('root@node-2:~# ');
    stdin.emit('data', 'hostname\r');
    await tick();
    expect(stdout.text).toBe('root@node-2:~# hostname\r\nnode-2\r\nroot@node-2:~# ');
    stdin.emit('data', 'exit 4\r');
    expect(await done).toBe(4);
    expect(stdin.raw).toEqual([true, false]);
    expect(stdin.listenerCount('data')).toBe(0);
    expect(stdout.listenerCount('resize')).toBe(0);
  });

  it('leaves on Ctrl-D and on end of input, restoring the terminal each time', async () => {
    const a = fakeTty();
    const doneA = attachTty({}, { kind: 'node', name: 'node-1' }, a.io);
    a.stdin.emit('data', '\x04');
    expect(await doneA).toBe(0);
    expect(a.stdin.raw).toEqual([true, false]);
    const b = fakeTty();
    const doneB = attachTty({}, { kind: 'node', name: 'node-1' }, b.io);
    b.stdin.emit('end');
    expect(await doneB).toBe(0);
    expect(b.stdin.raw).toEqual([true, false]);
  });

  it('follows the real terminal size', async () => {
    const { stdin, stdout, io } = fakeTty(80, 24);
    const done = attachTty({}, { kind: 'node', name: 'node-1' }, io);
    const ls = async () => {
      stdout.text = '';
      stdin.emit('data', 'ls /\r');
      await tick();
      return stdout.text;
    };
    const wide = await ls();
    stdout.columns = 12;
    stdout.emit('resize');
    const narrow = await ls();
    // ls lays out its columns for the terminal width: the resize reached the shell.
    expect(narrow).not.toBe(wide);
    expect(Math.max(...narrow.split('\r\n').slice(1, -1).map((l) => l.length))).toBeLessThanOrEqual(12);
    stdin.emit('data', 'exit\r');
    await done;
  });

  it('reports a host that does not exist without touching the terminal', async () => {
    const { stdin, io } = fakeTty();
    let err = '';
    io.err = (t) => void (err += t);
    expect(await attachTty({}, { kind: 'node', name: 'node-9' }, io)).toBe(1);
    expect(err).toBe('netlab: no node "node-9" (nodes: node-1, node-2, node-3, external)\n');
    expect(stdin.raw).toEqual([]);
  });
});
