// The virtual terminal, bytes in → exact bytes out: prompt, echo, every editing key,
// history, completion, Ctrl-C/D/L, continuation prompts, exit and the shell stack.
import { describe, expect, it } from 'vitest';
import { VirtualTerminal } from './terminal';
import { runScript } from './script';
import { NODE1, POD, shellTestEngine } from './fixture';
import { allCommands } from './commands/index';
import type { Command } from './command';
import type { EngineEvent } from '../sim/engine';

/** The one table; tests add and remove fake commands in it. */
const commands = allCommands();

function open(opts: { cols?: number; target?: typeof NODE1 } = {}) {
  const engine = shellTestEngine();
  const term = new VirtualTerminal({ engine, target: opts.target ?? NODE1, cols: opts.cols });
  let out = '';
  const exits: number[] = [];
  term.onData((d) => (out += d));
  term.onExit((c) => exits.push(c));
  term.start();
  const first = out;
  /** Sends bytes; returns what the terminal wrote back. */
  const send = (bytes: string) => {
    out = '';
    term.write(bytes);
    return out;
  };
  return { engine, term, send, exits, first };
}

const P = 'root@node-1:~# ';

describe('prompt and echo', () => {
  it('prints the node prompt with ~ for /root', () => {
    expect(open().first).toBe(P);
  });
  it('prints the pod prompt with / as cwd', () => {
    expect(open({ target: POD }).first).toBe('root@web-7d4b9c8f6-abcde:/# ');
  });
  it('says so when the host does not exist, and exits 1', () => {
    const engine = shellTestEngine();
    const term = new VirtualTerminal({ engine, target: { kind: 'node', name: 'node-9' } });
    let out = '';
    let code = -1;
    term.onData((d) => (out += d));
    term.onExit((c) => (code = c));
    term.start();
    expect(out).toBe('netlab: no such host: node-9\r\n');
    expect(code).toBe(1);
  });
  it('echoes typed text and runs the line on Enter with \\r\\n line ends', () => {
    const t = open();
    expect(t.send('echo hi')).toBe('echo hi');
    expect(t.send('\r')).toBe('\r\nhi\r\n' + P);
  });
  it('treats \\r\\n from a paste as one Enter', () => {
    expect(open().send('echo a\r\necho b\r\n')).toBe('echo a\r\na\r\n' + P + 'echo b\r\nb\r\n' + P);
  });
  it('reports unknown commands with status 127', () => {
    const t = open();
    expect(t.send('foo\r')).toBe('foo\r\nbash: foo: command not found\r\n' + P);
    expect(t.send('echo $?\r')).toBe('echo $?\r\n127\r\n' + P);
  });
  it('shows the new cwd after cd', () => {
    const t = open();
    expect(t.send('cd /etc\r')).toBe('cd /etc\r\nroot@node-1:/etc# ');
  });
});

describe('line editing keys', () => {
  it('left arrow then insert redraws the tail and moves back', () => {
    const t = open();
    t.send('ac');
    expect(t.send('\x1b[D')).toBe('\x1b[D');
    expect(t.send('b')).toBe('bc\x1b[D');
    expect(t.send('\r')).toBe('\x1b[C\r\nbash: abc: command not found\r\n' + P);
  });
  it('right arrow moves forward, not past the end', () => {
    const t = open();
    t.send('ab\x1b[D\x1b[D');
    expect(t.send('\x1b[C')).toBe('\x1b[C');
    expect(t.send('\x1b[C\x1b[C')).toBe('\x1b[C');
  });
  it('backspace at the end erases one character', () => {
    const t = open();
    t.send('abc');
    expect(t.send('\x7f')).toBe('\x1b[D\x1b[J');
    expect(t.send('\x08')).toBe('\x1b[D\x1b[J');
  });
  it('backspace in the middle redraws the tail', () => {
    const t = open();
    t.send('abcd\x1b[D\x1b[D');
    expect(t.send('\x7f')).toBe('\x1b[Dcd\x1b[J\x1b[2D');
  });
  it('backspace on an empty line rings the bell', () => {
    expect(open().send('\x7f')).toBe('\x07');
  });
  it('Delete removes the character under the cursor', () => {
    const t = open();
    t.send('abc\x1b[D\x1b[D');
    expect(t.send('\x1b[3~')).toBe('c\x1b[J\x1b[D');
  });
  it('Home/End and Ctrl-A/Ctrl-E move to the ends', () => {
    const t = open();
    t.send('hello');
    expect(t.send('\x1b[H')).toBe('\x1b[5D');
    expect(t.send('\x1b[F')).toBe('\x1b[5C');
    expect(t.send('\x01')).toBe('\x1b[5D');
    expect(t.send('\x05')).toBe('\x1b[5C');
    expect(t.send('\x1bOH')).toBe('\x1b[5D');
    expect(t.send('\x1b[4~')).toBe('\x1b[5C');
  });
  it('Ctrl-U kills to the start, Ctrl-Y yanks it back', () => {
    const t = open();
    t.send('echo hi\x1b[D\x1b[D');
    expect(t.send('\x15')).toBe('\x1b[5Dhi\x1b[J\x1b[2D');
    expect(t.send('\x19')).toBe('echo hi\x1b[2D');
  });
  it('Ctrl-K kills to the end', () => {
    const t = open();
    t.send('echo hi\x1b[D\x1b[D');
    expect(t.send('\x0b')).toBe('\x1b[J');
    expect(t.send('\r')).toBe('\r\n\r\n' + P);
  });
  it('Ctrl-W kills the previous word', () => {
    const t = open();
    t.send('echo one two');
    expect(t.send('\x17')).toBe('\x1b[3D\x1b[J');
    expect(t.send('\x17')).toBe('\x1b[4D\x1b[J');
    expect(t.send('\r')).toBe('\r\n\r\n' + P);
  });
  it('Alt-b / Alt-f move by words', () => {
    const t = open();
    t.send('echo one');
    expect(t.send('\x1bb')).toBe('\x1b[3D');
    expect(t.send('\x1bf')).toBe('\x1b[3C');
  });
  it('an escape sequence split across writes still decodes', () => {
    const t = open();
    t.send('ab');
    expect(t.send('\x1b')).toBe('');
    expect(t.send('[D')).toBe('\x1b[D');
  });
  it('wraps at the terminal width and moves across rows', () => {
    const t = open({ cols: 20 });
    // The prompt is 15 columns: 5 characters reach the right margin.
    expect(t.send('abcde')).toBe('abcde \r');
    expect(t.send('f')).toBe('f');
    expect(t.send('\x01')).toBe('\x1b[A\x1b[14C');
    expect(t.send('\x05')).toBe('\x1b[B\x1b[14D');
  });
  it('wide (CJK) characters move the cursor two columns', () => {
    const t = open();
    expect(t.send('echo 中文')).toBe('echo 中文');
    expect(t.send('\x1b[D')).toBe('\x1b[2D');
    expect(t.send('a')).toBe('a文\x1b[2D');
    expect(t.send('\x05\x7f')).toBe('\x1b[2C\x1b[2D\x1b[J');
    expect(t.send('\r')).toBe('\r\n中a\r\n' + P);
  });
  it('bracketed paste inserts text literally', () => {
    expect(open().send('\x1b[200~a\tb\x1b[201~')).toBe('a\tb');
  });
  it('Ctrl-L clears the screen and repaints prompt and line', () => {
    const t = open();
    t.send('echo x\x1b[D');
    expect(t.send('\x0c')).toBe('\x1b[H\x1b[2J' + P + 'echo x\x1b[D');
  });
});

describe('Ctrl-C, Ctrl-D, exit', () => {
  it('Ctrl-C prints ^C, drops the line and sets $? to 130', () => {
    const t = open();
    t.send('echo abc\x1b[D');
    expect(t.send('\x03')).toBe('\x1b[C^C\r\n' + P);
    expect(t.send('echo $?\r')).toBe('echo $?\r\n130\r\n' + P);
  });
  it('Ctrl-D on an empty line says exit and closes with the last status', () => {
    const t = open();
    t.send('false\r');
    expect(t.send('\x04')).toBe('exit\r\n');
    expect(t.exits).toEqual([1]);
    expect(t.send('echo more\r')).toBe('');
  });
  it('Ctrl-D on a non-empty line deletes the character under the cursor', () => {
    const t = open();
    t.send('ab\x01');
    expect(t.send('\x04')).toBe('b\x1b[J\x1b[D');
    expect(t.exits).toEqual([]);
  });
  it('exit N closes with N', () => {
    const t = open();
    expect(t.send('exit 7\r')).toBe('exit 7\r\nexit\r\n');
    expect(t.exits).toEqual([7]);
  });
  it('dispose stops all output', () => {
    const t = open();
    t.term.dispose();
    expect(t.send('echo x\r')).toBe('');
  });
});

describe('history', () => {
  it('up and down walk the history and restore the draft', () => {
    const t = open();
    t.send('echo one\r');
    t.send('echo two\r');
    t.send('dr');
    expect(t.send('\x1b[A')).toBe('\x1b[2Decho two');
    expect(t.send('\x1b[A')).toBe('\x1b[8Decho one');
    expect(t.send('\x1b[A')).toBe('\x07');
    expect(t.send('\x1b[B')).toBe('\x1b[8Decho two');
    expect(t.send('\x1b[B')).toBe('\x1b[8Ddr\x1b[J');
    expect(t.send('\x1b[B')).toBe('\x07');
  });
  it('history lists numbered entries like bash', () => {
    const t = open();
    t.send('echo one\r');
    t.send('pwd\r');
    expect(t.send('history\r')).toBe('history\r\n    1  echo one\r\n    2  pwd\r\n    3  history\r\n' + P);
    expect(t.send('history 1\r')).toBe('history 1\r\n    4  history 1\r\n' + P);
  });
});

describe('reverse search (Ctrl-R)', () => {
  it('finds the newest matching line, goes older on Ctrl-R, runs it on Enter', () => {
    const t = open();
    t.send('echo one\r');
    t.send('echo two\r');
    t.send('pwd\r');
    expect(t.send('\x12')).toBe("\x1b[15D\x1b[J(reverse-i-search)`': ");
    expect(t.send('ec')).toBe("\x1b[22D\x1b[J(reverse-i-search)`ec': echo two\x1b[8D");
    expect(t.send('\x12')).toBe("\x1b[24D\x1b[J(reverse-i-search)`ec': echo one\x1b[8D");
    expect(t.send('\x12')).toBe("\x1b[24D\x1b[J(failed reverse-i-search)`ec': echo one\x1b[8D");
    expect(t.send('\r')).toBe('\x1b[31D\x1b[J' + P + 'echo one\x1b[8D\x1b[8C\r\none\r\n' + P);
  });
  it('Ctrl-G restores the line; another key keeps the match for editing', () => {
    const t = open();
    t.send('pwd\r');
    t.send('ab\x12p');
    expect(t.send('\x07')).toBe('\x1b[23D\x1b[J' + P + 'ab');
    t.send('\x15\x12pw');
    expect(t.send('\x05')).toBe('\x1b[24D\x1b[J' + P + 'pwd\x1b[3D\x1b[3C');
  });
});

describe('tab completion', () => {
  it('completes a unique command name with a space', () => {
    expect(open().send('hostn\t')).toBe('hostname ');
  });
  it('rings on an ambiguous prefix, lists candidates on the second Tab', () => {
    // Names of our own, so other lanes' commands do not change the listing.
    const fakes: Command[] = ['zqa', 'zqbb', 'zqccc', 'zqdddd'].map((name) => ({ name, summary: 'test', run: () => 0 }));
    commands.push(...fakes);
    try {
      const t = open({ cols: 30 });
      expect(t.send('zq\t')).toBe('zq\x07');
      expect(t.send('\t')).toBe('\r\nzqa     zqccc\r\nzqbb    zqdddd\r\n' + P + 'zq');
      expect(open().send('zqc\t')).toBe('zqccc ');
    } finally {
      for (const f of fakes) commands.splice(commands.indexOf(f), 1);
    }
  });
  it('extends to the longest common prefix', () => {
    expect(open().send('hi\t')).toBe('history ');
    expect(open().send('wh\t')).toBe('which ');
  });
  it('completes file names after the first word, directories with a slash', () => {
    const t = open();
    t.send('mkdir /root/manifests; touch /root/web.yaml\r');
    expect(t.send('ls ma\t')).toBe('ls manifests/');
    t.send('\x15');
    expect(t.send('cat w\t')).toBe('cat web.yaml ');
    t.send('\x15');
    expect(t.send('cat /etc/hostn\t')).toBe('cat /etc/hostname ');
  });
});

describe('argument completion seam', () => {
  it('asks the command for candidates, falling back to file names', () => {
    const tool: Command = {
      name: 'kube-ish',
      summary: 'test',
      run: () => 0,
      complete: (words) => (words.length === 2 ? ['get', 'describe', 'delete'] : undefined),
    };
    commands.push(tool);
    try {
      const t = open();
      expect(t.send('kube-ish g\t')).toBe('kube-ish get ');
      t.send('\x15');
      expect(t.send('kube-ish de\t')).toBe('kube-ish de\x07');
      expect(t.send('\t')).toBe('\r\ndelete    describe\r\n' + P + 'kube-ish de');
      t.send('\x15');
      expect(t.send('kube-ish get /etc/hostn\t')).toBe('kube-ish get /etc/hostname ');
    } finally {
      commands.splice(commands.indexOf(tool), 1);
    }
  });
});

describe('continuation prompts', () => {
  it('a here-document shows > until its delimiter, then runs', () => {
    const t = open();
    expect(t.send('cat > f.yaml <<EOF\r')).toBe('cat > f.yaml <<EOF\r\n> ');
    expect(t.send('kind: $HOME\r')).toBe('kind: $HOME\r\n> ');
    expect(t.send('EOF\r')).toBe('EOF\r\n' + P);
    expect(t.send('cat f.yaml\r')).toBe('cat f.yaml\r\nkind: /root\r\n' + P);
  });
  it('an unterminated quote continues with >', () => {
    const t = open();
    expect(t.send("echo 'a\r")).toBe("echo 'a\r\n> ");
    expect(t.send("b'\r")).toBe("b'\r\na\r\nb\r\n" + P);
  });
  it('a for loop continues with > until done', () => {
    const t = open();
    expect(t.send('for i in 1 2; do\r')).toBe('for i in 1 2; do\r\n> ');
    expect(t.send('echo $i\r')).toBe('echo $i\r\n> ');
    expect(t.send('done\r')).toBe('done\r\n1\r\n2\r\n' + P);
  });
  it('an if continues with > until fi', () => {
    const t = open();
    expect(t.send('if [ -d /tmp ]; then\r')).toBe('if [ -d /tmp ]; then\r\n> ');
    expect(t.send('echo dir\r')).toBe('echo dir\r\n> ');
    expect(t.send('fi\r')).toBe('fi\r\ndir\r\n' + P);
  });
  it('a trailing pipe continues with >', () => {
    const t = open();
    expect(t.send('echo x |\r')).toBe('echo x |\r\n> ');
    expect(t.send('tr x y\r')).toBe('tr x y\r\ny\r\n' + P);
  });
  it('Ctrl-C at > abandons the command', () => {
    const t = open();
    t.send('cat <<EOF\r');
    expect(t.send('\x03')).toBe('^C\r\n' + P);
  });
  it('Ctrl-D at > ends a here-document with bash warning', () => {
    const t = open();
    t.send('cat <<EOF\r');
    t.send('x\r');
    expect(t.send('\x04')).toBe("\r\nbash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\r\nx\r\n" + P);
  });
  it('a syntax error is reported in bash words and the shell goes on', () => {
    const t = open();
    expect(t.send('echo (\r')).toBe("echo (\r\nbash: syntax error near unexpected token `('\r\n" + P);
    expect(t.send('echo $?\r')).toBe('echo $?\r\n2\r\n' + P);
  });
});

describe('shell stack and events', () => {
  const fakeExec: Command = {
    name: 'enter-pod',
    summary: 'test: open a shell in the test pod',
    run: (ctx) => (ctx.openShell({ kind: 'pod', namespace: 'default', name: 'web-7d4b9c8f6-abcde' }) ? 0 : 1),
  };
  it('openShell pushes a pod shell whose exit returns to the node', () => {
    commands.push(fakeExec);
    try {
      const t = open();
      expect(t.send('enter-pod\r')).toBe('enter-pod\r\nroot@web-7d4b9c8f6-abcde:/# ');
      expect(t.send('hostname\r')).toBe('hostname\r\nweb-7d4b9c8f6-abcde\r\nroot@web-7d4b9c8f6-abcde:/# ');
      expect(t.send('exit 3\r')).toBe('exit 3\r\nexit\r\n' + P);
      expect(t.send('echo $?\r')).toBe('echo $?\r\n3\r\n' + P);
      expect(t.exits).toEqual([]);
    } finally {
      commands.splice(commands.indexOf(fakeExec), 1);
    }
  });
  it('a pod deleted under its shell ends that shell like kubectl exec does', () => {
    commands.push(fakeExec);
    try {
      const t = open();
      t.send('enter-pod\r');
      t.engine.netns.delete('pod/default/web-7d4b9c8f6-abcde');
      expect(t.send('hostname\r')).toBe('hostname\r\ncommand terminated with exit code 137\r\n' + P);
      expect(t.send('echo $?\r')).toBe('echo $?\r\n137\r\n' + P);
    } finally {
      commands.splice(commands.indexOf(fakeExec), 1);
    }
  });
  it('bash with no arguments on the terminal opens a child shell; exit returns', () => {
    const t = open();
    expect(t.send('bash\r')).toBe('bash\r\n' + P);
    expect(t.send('echo $SHLVL; exit 4\r')).toBe('echo $SHLVL; exit 4\r\n1\r\nexit\r\n' + P);
    expect(t.send('echo $?\r')).toBe('echo $?\r\n4\r\n' + P);
    expect(t.exits).toEqual([]);
  });
  it('in a script, lines after openShell run in the pushed shell until it exits', () => {
    commands.push(fakeExec);
    try {
      const r = runScript({ engine: shellTestEngine(), target: NODE1, script: 'enter-pod\nhostname\nexit 2\necho $?\nhostname\n' });
      expect(r.output).toBe('web-7d4b9c8f6-abcde\n2\nnode-1\n');
    } finally {
      commands.splice(commands.indexOf(fakeExec), 1);
    }
  });
  it('emits a command event per line with argv, status and output', () => {
    const t = open();
    const events: EngineEvent[] = [];
    t.engine.on((e) => events.push(e));
    t.send('echo hi | tr h H; false\r');
    expect(events).toEqual([{ type: 'command', target: NODE1, line: 'echo hi | tr h H; false', argv: ['echo', 'hi'], code: 1, output: 'Hi\n' }]);
  });
});

describe('tty-aware output', () => {
  it('ls on the terminal lays out columns as GNU ls does (tabs included), one per line into a pipe', () => {
    // Expected bytes recorded from coreutils 9.1 `ls -C` of the same names at 80 and 40 columns.
    expect(open().send('ls /\r')).toBe('ls /\r\nbin   dev  home  mnt  proc  run   srv  tmp  var\r\nboot  etc  lib\t opt  root  sbin  sys  usr\r\n' + P);
    expect(open({ cols: 40 }).send('ls /\r')).toBe('ls /\r\nbin   etc   mnt   root\tsrv  usr\r\nboot  home  opt   run\tsys  var\r\ndev   lib   proc  sbin\ttmp\r\n' + P);
    expect(open().send('ls / | head -2\r')).toBe('ls / | head -2\r\nbin\r\nboot\r\n' + P);
  });
});

describe('aliases', () => {
  it('expands an alias in command position, lists it, completes it; type and unalias', () => {
    const t = open();
    t.send("alias say='echo hi'\r");
    expect(t.send('say there\r')).toBe('say there\r\nhi there\r\n' + P);
    expect(t.send('alias\r')).toBe("alias\r\nalias say='echo hi'\r\n" + P);
    expect(t.send('type say ls cd\r')).toBe('type say ls cd\r\nsay is aliased to `echo hi\'\r\nls is /usr/bin/ls\r\ncd is a shell builtin\r\n' + P);
    expect(t.send('sa\t')).toBe('say ');
    t.send('\x15');
    expect(t.send('unalias say; say\r')).toBe('unalias say; say\r\nbash: say: command not found\r\n' + P);
  });
});

describe('streaming', () => {
  it('streams a 100k-line output in chunks without losing a byte', () => {
    const t = open();
    const chunks: string[] = [];
    t.term.onData((d) => chunks.push(d));
    t.send('seq 100000\r');
    expect(chunks.length).toBeGreaterThan(5);
    const all = chunks.join('');
    expect(all.startsWith('seq 100000\r\n1\r\n2\r\n')).toBe(true);
    expect(all.endsWith('99999\r\n100000\r\n' + P)).toBe(true);
    expect(all.split('\r\n').length).toBe(100002);
  });
});
