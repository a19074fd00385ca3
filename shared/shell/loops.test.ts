// while/until loops, break/continue and `while read` in script mode: exact output, as real
// bash 5.2 prints it (checked with bash -c on this machine), and the bounds a simulation
// needs (a pass limit; a script's virtual-time budget for endless sleeps).
import { describe, expect, it } from 'vitest';
import { runScript } from './script';
import { NODE1, shellTestEngine } from './fixture';
import { LOOP_LIMIT } from './job';

const run = (script: string, engine = shellTestEngine()) => runScript({ engine, target: NODE1, script });

describe('while and until', () => {
  it('runs the body while the test list succeeds', () => {
    expect(run('i=0; while [ $i -lt 3 ]; do echo w$i; i=$((i+1)); done; echo rc=$?').output).toBe('w0\nw1\nw2\nrc=0\n');
  });
  it('until runs while the test fails; a loop that never ran has status 0', () => {
    expect(run('i=0; until [ $i -ge 2 ]; do echo u$i; i=$((i+1)); done').output).toBe('u0\nu1\n');
    expect(run('false; while false; do echo x; done; echo $?').output).toBe('0\n');
  });
  it('spans lines as bash reads them', () => {
    expect(run('n=2\nwhile [ $n -gt 0 ]\ndo\n  echo $n\n  n=$((n-1))\ndone\n').output).toBe('2\n1\n');
  });
  it('for i in $(seq 1 10) iterates the words of the substitution', () => {
    expect(run('for i in $(seq 1 10); do printf "%s," $i; done; echo').output).toBe('1,2,3,4,5,6,7,8,9,10,\n');
  });
});

describe('break and continue', () => {
  it('leave or skip the innermost loop, or the Nth', () => {
    expect(run('while true; do echo once; break; done').output).toBe('once\n');
    expect(run('for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done').output).toBe('1\n3\n');
    expect(run('for i in 1 2 3; do for j in a b; do [ $j = b ] && continue 2; echo $i$j; done; done').output).toBe('1a\n2a\n3a\n');
    expect(run('for i in 1 2; do while true; do break 2; done; echo no; done; echo out').output).toBe('out\n');
  });
  it('outside a loop say so in bash words and succeed', () => {
    expect(run('break; echo rc=$?').output).toBe("bash: break: only meaningful in a `for', `while', or `until' loop\nrc=0\n");
    expect(run('for i in 1; do continue 0; done').output).toBe('bash: continue: 0: loop count out of range\n');
  });
});

describe('while read', () => {
  it('reads a pipe one line per pass', () => {
    expect(run("printf 'a b\\nc d\\n' | while read x y; do echo \"$y-$x\"; done").output).toBe('b-a\nd-c\n');
  });
  it('reads a here-document, and a last line without a newline ends the loop', () => {
    expect(run('while read l; do echo "<$l>"; done <<EOF\none\ntwo\nEOF').output).toBe('<one>\n<two>\n');
    expect(run("printf 'x\\ny' | while read l; do echo $l; done").output).toBe('x\n');
  });
  it('NAMES | while read p; do ...; done | head: the docs idiom, in a pipeline', () => {
    expect(run("printf 'pod/a\\npod/b\\n' | while read p; do echo \"pod: $p\"; done | head -1").output).toBe('pod: pod/a\n');
  });
});

describe('bounds', () => {
  it('a loop that never sleeps is stopped after LOOP_LIMIT passes, with a message', () => {
    const r = run('n=0; while true; do n=$((n+1)); done; echo $n $?');
    expect(r.output).toBe(`bash: while: loop stopped after ${LOOP_LIMIT} passes (netlab bounds loops)\n${LOOP_LIMIT} 1\n`);
  });
  it("an endless loop's sleeps advance the virtual clock until the script budget, then it is interrupted (130)", () => {
    const engine = shellTestEngine();
    const t0 = engine.env.clock.now();
    const r = run('while true; do echo tick; sleep 20; done; echo not-run\necho rc=$?', engine);
    expect(r.output).toBe('tick\ntick\ntick\ntick\nnetlab: interrupted after 60s of virtual time (a script has no Ctrl-C)\nrc=130\n');
    expect(engine.env.clock.now() - t0).toBe(60_000);
  });
  it('a bounded sleep in a script is not cut: sleep 120 advances the clock by 120 s', () => {
    const engine = shellTestEngine();
    const t0 = engine.env.clock.now();
    expect(run('sleep 120; echo $?', engine).output).toBe('0\n');
    expect(engine.env.clock.now() - t0).toBe(120_000);
  });
});
