// QA F1: `kubectl run ... [-i] [-t] [--rm] -- CMD` runs CMD attached and prints its output;
// --rm deletes the pod afterwards; `-it` without CMD still hands over the terminal.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../sim/create';
import { createEnv } from '../../../model/env';
import { defaultClusterSpec } from '../../../model/spec';
import { runScript } from '../../script';

const setup = () => {
  const e = createEngine(defaultClusterSpec({ workloads: 'none' }), createEnv(7));
  const sh = (script: string) => runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script });
  return { e, sh };
};

describe('kubectl run with a command', () => {
  it('--rm -it -- CMD prints the output and deletes the pod', () => {
    const { sh } = setup();
    const r = sh('kubectl run tmp --image=busybox --rm -it --restart=Never -- echo hello world');
    expect(r.stdout).toBe('hello world\npod "tmp" deleted\n');
    expect(r.stderr).toBe("If you don't see a command prompt, try pressing enter.\n");
    expect(r.code).toBe(0);
    expect(sh('kubectl get pod tmp').stderr).toBe('Error from server (NotFound): pods "tmp" not found\n');
  });

  it('runs the command in the pod (its env and hostname)', () => {
    const { sh } = setup();
    expect(sh('kubectl run t2 --image=busybox -i --rm --restart=Never -- hostname').stdout).toBe('t2\npod "t2" deleted\n');
  });

  it('-i -- CMD without --rm keeps the pod', () => {
    const { sh } = setup();
    const r = sh('kubectl run t3 --image=busybox -i --restart=Never -- echo hi');
    expect(r.stdout).toBe('hi\n');
    expect(sh('kubectl get pod t3 -o name').stdout).toBe('pod/t3\n');
  });

  it('a failing command: terminated (Error), status 1, pod still deleted with --rm', () => {
    const { sh } = setup();
    const r = sh('kubectl run t4 --image=busybox -i --rm --restart=Never -- ls /nonexistent');
    expect(r.stdout).toMatch(/pod "t4" deleted\n$/);
    expect(r.stderr).toMatch(/pod default\/t4 terminated \(Error\)\n$/);
    expect(r.code).toBe(1);
    expect(sh('kubectl get pods -o name').stdout).toBe('');
  });
});
