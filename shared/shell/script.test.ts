// Non-interactive mode and the filesystem: runScript's results, the per-host virtual
// filesystem over engine-rendered files, and the builtins that are not in the golden cases.
import { describe, expect, it } from 'vitest';
import { runScript } from './script';
import { allCommands } from './commands/index';
import type { Command } from './command';
import { NODE1, POD, shellTestEngine } from './fixture';

/** The one table; tests add and remove fake commands in it. */
const commands = allCommands();

const run = (script: string, engine = shellTestEngine(), target = NODE1) => runScript({ engine, target, script });

describe('runScript', () => {
  it('runs line by line with no prompt or echo; interleaves stdout and stderr in order', () => {
    const r = run('echo one\nnope\necho two\n');
    expect(r).toEqual({ output: 'one\nbash: nope: command not found\ntwo\n', stdout: 'one\ntwo\n', stderr: 'bash: nope: command not found\n', code: 0 });
  });
  it('returns the status of the last command, or exit N', () => {
    expect(run('true\nfalse').code).toBe(1);
    expect(run('exit 4\necho no').output).toBe('');
    expect(run('exit 4\necho no').code).toBe(4);
  });
  it('stops at a syntax error with status 2, after running the earlier lines', () => {
    expect(run('echo a\necho (\necho b\n')).toMatchObject({ output: "a\nbash: syntax error near unexpected token `('\nbash: `echo ('\n", code: 2 });
  });
  it('runs here-documents in script mode, quoted ones literally', () => {
    expect(run("x=1\ncat <<EOF\n$x \\$x\nEOF\ncat <<'EOF'\n$x\nEOF\n").output).toBe('1 $x\n$x\n');
    expect(run('cat <<-EOF\n\t\tindented\n\tEOF\n').output).toBe('indented\n');
  });
  it('warns about a here-document cut short by end of file and still uses it', () => {
    expect(run('cat <<EOF\nhello').output).toBe("bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\nhello\n");
  });
  it('reports an unterminated quote at end of file', () => {
    expect(run("echo 'abc").output).toBe("bash: unexpected EOF while looking for matching `''\nbash: syntax error: unexpected end of file\n");
  });
  it('says so when the target host does not exist', () => {
    expect(run('echo hi', shellTestEngine(), { kind: 'node', name: 'node-9' })).toMatchObject({ output: 'netlab: no such host: node-9\n', code: 1 });
  });
  it('emits one command event per line', () => {
    const engine = shellTestEngine();
    const lines: { line: string; code: number }[] = [];
    engine.on((e) => e.type === 'command' && lines.push({ line: e.line, code: e.code }));
    run('echo a\nfalse\ncat <<EOF\nx\nEOF\n', engine);
    expect(lines).toEqual([{ line: 'echo a', code: 0 }, { line: 'false', code: 1 }, { line: 'cat <<EOF\nx\nEOF', code: 0 }]);
  });
  it('treats commands not available on this host as not found', () => {
    const nodeOnly: Command = { name: 'node-only-tool', summary: 'test', availableOn: (t) => t.kind === 'node', run: (ctx) => (ctx.out('ran\n'), 0) };
    commands.push(nodeOnly);
    try {
      const engine = shellTestEngine();
      expect(run('node-only-tool', engine).output).toBe('ran\n');
      expect(run('node-only-tool; echo $?', engine, POD).output).toBe('bash: node-only-tool: command not found\n127\n');
      expect(run('which node-only-tool', engine, POD).code).toBe(1);
    } finally {
      commands.splice(commands.indexOf(nodeOnly), 1);
    }
  });
  it('a command that throws is reported, not fatal', () => {
    const boom: Command = { name: 'boom', summary: 'test', run: () => { throw new Error('bad state'); } };
    commands.push(boom);
    try {
      expect(run('boom; echo $?').output).toBe('boom: internal error: bad state\n1\n');
    } finally {
      commands.splice(commands.indexOf(boom), 1);
    }
  });
  it('runs for loops (lines, nesting, redirection of the whole loop, status)', () => {
    expect(run('for i in 1 2 3; do echo "n=$i"; done').output).toBe('n=1\nn=2\nn=3\n');
    expect(run('for f in $(seq 2); do echo $f; echo x$f; done | wc -l').output).toBe('4\n');
    expect(run('for i in a b\ndo\n  echo $i\ndone > o; cat o; for i in 1 2; do for j in x y; do echo -n $i$j,; done; done; echo').output).toBe('a\nb\n1x,1y,2x,2y,\n');
    expect(run('for i in 1 2; do false; done; echo $?; for i; do echo never; done; echo $?').output).toBe('1\n0\n');
    expect(run('for 1x in a; do echo; done; echo $?\necho $?').output).toBe("bash: `1x': not a valid identifier\n1\n0\n");
  });
  it('bash/sh run -c strings, script files and piped stdin in a child shell', () => {
    const engine = shellTestEngine();
    expect(run("bash -c 'echo child $SHLVL; cd /tmp; exit 3'; echo $? $PWD", engine).output).toBe('child 2\n3 /root\n');
    expect(run("printf 'echo from stdin\\nfalse\\n' | sh; echo $?", engine).output).toBe('from stdin\n1\n');
    expect(run("echo 'echo script; nope' > s.sh; bash s.sh; echo $?", engine).output).toBe('script\nbash: nope: command not found\n127\n');
    expect(run('bash /none.sh; echo $?; bash -c; echo $?', engine).output).toBe('bash: /none.sh: No such file or directory\n127\nbash: -c: option requires an argument\n2\n');
    expect(run("X=1; export Y=2; bash -c 'echo \"[$X][$Y]\"'", engine).output).toBe('[][2]\n');
  });
  it('finds the end of $(...) and ${...} past quoted closers', () => {
    expect(run(`echo "$(echo ")")"; echo $(echo 'a)b'); echo $(echo "x $(echo y)"); echo \${X:-"a}b"}; echo $((2*(3+4)))`).output).toBe(')\na)b\nx y\na}b\n14\n');
  });
  it('pipes, $(...), redirections and assignments work together', () => {
    const engine = shellTestEngine();
    expect(run('n=$(echo "a b c" | wc -w); echo "n=$n" > out.txt 2>&1; cat out.txt; ls nope &> err.txt; cat err.txt', engine).output).toBe(
      "n=3\nls: cannot access 'nope': No such file or directory\n",
    );
    expect(run('echo $(false); echo $?; x=$(exit 3); echo $?', engine).output).toBe('\n0\n3\n');
    expect(run('echo a 1>&2 2>/dev/null', engine).stderr).toBe('a\n');
    expect(run('cat < /nope; echo $?', engine).output).toBe('bash: /nope: No such file or directory\n1\n');
    expect(run('echo x > /etc; echo $?', engine).output).toBe('bash: /etc: Is a directory\n1\n');
    expect(run('FOO=bar env | grep FOO; echo "[$FOO]"', engine).output).toBe('FOO=bar\n[]\n');
  });
});

describe('filesystem', () => {
  it('keeps learner files per host, shared by every shell on that host', () => {
    const engine = shellTestEngine();
    run('echo data > /root/x', engine);
    expect(run('cat /root/x', engine).output).toBe('data\n');
    expect(run('cat /root/x', engine, { kind: 'node', name: 'node-2' }).output).toBe('cat: /root/x: No such file or directory\n');
  });
  it('shows engine-rendered system files read-only, with their directories', () => {
    const engine = shellTestEngine();
    engine.fileSources.push((_e, t): Record<string, string> => (t.kind === 'node' ? { '/run/flannel/subnet.env': 'FLANNEL_MTU=1450\n' } : {}));
    expect(run('cat /run/flannel/subnet.env; ls /run/flannel', engine).output).toBe('FLANNEL_MTU=1450\nsubnet.env\n');
    expect(run('echo x > /run/flannel/subnet.env; rm /run/flannel/subnet.env', engine).output).toBe(
      "bash: /run/flannel/subnet.env: Read-only file system\nrm: cannot remove '/run/flannel/subnet.env': Read-only file system\n",
    );
    expect(run('cat /etc/hostname; grep node-1 /etc/hosts', engine).output).toBe('node-1\n192.168.56.11\tnode-1\n');
  });
  it('a controller may accept writes to a file it renders', () => {
    const engine = shellTestEngine();
    let forward = '0';
    engine.fileSources.push(() => ({ '/proc/sys/net/ipv4/ip_forward': forward + '\n' }));
    engine.fileWriters.push((_e, _t, path, data) => {
      if (path !== '/proc/sys/net/ipv4/ip_forward') return undefined;
      if (data === '') return { ok: true };
      if (!/^[01]\n?$/.test(data)) return { ok: false, error: 'Invalid argument' };
      forward = data.trim();
      return { ok: true };
    });
    expect(run('echo 1 > /proc/sys/net/ipv4/ip_forward; cat /proc/sys/net/ipv4/ip_forward; echo 7 > /proc/sys/net/ipv4/ip_forward', engine).output).toBe(
      '1\nbash: echo: write error: Invalid argument\n',
    );
  });
  it('ls -l, -a and the tty column layout', () => {
    const engine = shellTestEngine();
    run('mkdir d; echo 12345 > f; touch .hidden', engine);
    expect(run('ls -l', engine).output).toBe('total 8\ndrwxr-xr-x 2 root root 4096 Jan  1 00:00 d\n-rw-r--r-- 1 root root    6 Jan  1 00:00 f\n');
    expect(run('ls -a', engine).output).toBe('.\n..\n.hidden\nd\nf\n');
    expect(run('ls -A /root', engine).output).toBe('.hidden\nd\nf\n');
    expect(run('ls / | head -3', engine).output).toBe('bin\nboot\ndev\n');
  });
  it('sed -i edits a learner file in place; engine files stay read-only', () => {
    const engine = shellTestEngine();
    engine.fileSources.push(() => ({ '/etc/cni/net.d/10-flannel.conflist': '{}\n' }));
    expect(run("printf 'replicas: 1\\n' > d.yaml; sed -i 's/1/3/' d.yaml; cat d.yaml; sed -i s/a/b/ /etc/cni/net.d/10-flannel.conflist; echo $?", engine).output).toBe(
      'replicas: 3\nsed: couldn\'t open temporary file /etc/cni/net.d/10-flannel.conflist: Read-only file system\n4\n',
    );
  });
  it('grep -r searches directories of the virtual filesystem', () => {
    const engine = shellTestEngine();
    run('mkdir -p conf/sub; echo "cni 10.244.0.0" > conf/a; echo "cidr 10.244.1.0" > conf/sub/b; echo none > conf/c', engine);
    expect(run('grep -r 10.244 conf; grep -rl 10.244 conf/; cd conf && grep -rc 10.244', engine).output).toBe(
      'conf/a:cni 10.244.0.0\nconf/sub/b:cidr 10.244.1.0\nconf/a\nconf/sub/b\na:1\nc:0\nsub/b:1\n',
    );
  });
  it('globs against the virtual filesystem', () => {
    const engine = shellTestEngine();
    run('touch a.yaml b.yaml c.txt', engine);
    expect(run('echo *.yaml; echo *.none; echo "*.yaml"', engine).output).toBe('a.yaml b.yaml\n*.none\n*.yaml\n');
  });
  it('a pod has its own filesystem and starts in /', () => {
    expect(run('pwd; ls /root', shellTestEngine(), POD).output).toBe('/\n');
  });
});

describe('builtins', () => {
  it('sleep advances the virtual clock only', () => {
    const engine = shellTestEngine();
    const t0 = engine.env.clock.now();
    expect(run('sleep 2; sleep 1.5 1m', engine).code).toBe(0);
    expect(engine.env.clock.now() - t0).toBe(63_500);
    expect(run('sleep x', engine).output).toBe("sleep: invalid time interval ‘x’\nTry 'sleep --help' for more information.\n");
  });
  it('date renders the virtual clock in GNU formats', () => {
    const engine = shellTestEngine();
    expect(run("date; sleep 90; date -u '+%F %T %s'; date -R", engine).output).toBe('Thu Jan  1 00:00:00 UTC 2026\n2026-01-01 00:01:30 1767225690\nThu, 01 Jan 2026 00:01:30 +0000\n');
  });
  it('help lists the commands of this host from the table', () => {
    const out = run('help').output;
    expect(out).toContain('  grep ');
    expect(out).toContain('print lines that match patterns');
    expect(run('help nosuch').output).toBe("bash: help: no help topics match `nosuch'.  Try `help help' or `man -k nosuch' or `info nosuch'.\n");
  });
  it('hostname, pwd, clear, export -p, unset, env', () => {
    const engine = shellTestEngine();
    expect(run('hostname; hostname -I', engine).output).toBe('node-1\n192.168.56.11 \n');
    expect(run('clear', engine).output).toBe('\x1b[H\x1b[2J\x1b[3J');
    expect(run('export A=1; export -p | grep A=', engine).output).toBe('declare -x A="1"\n');
    expect(run('export 1x=2', engine).output).toBe("bash: export: `1x=2': not a valid identifier\n");
    expect(run('B=2; unset B; echo "[$B]"', engine).output).toBe('[]\n');
    expect(run('env | grep -c ^HOME=', engine).output).toBe('1\n');
  });
  it('cd - and OLDPWD, cd errors', () => {
    expect(run('cd /tmp; cd -; pwd').output).toBe('/root\n/root\n');
    expect(run('cd a b').output).toBe('bash: cd: too many arguments\n');
  });
  it('a script does not expand aliases, as bash', () => {
    expect(run("alias e='echo x'; e").output).toBe('bash: e: command not found\n');
  });
  it('read splits a line into variables', () => {
    expect(run('read a b <<< "x y z"; echo "$a|$b"').output).toBe('x|y z\n');
  });
});
