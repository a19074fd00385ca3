// A pod's own process: a command that ends makes the pod Completed (or Error) under
// restartPolicy Never and its output is the log; one that blocks (sleep infinity, a loop
// with sleep) or that the lab does not model (a server binary) keeps it Running; under
// Always it ends in CrashLoopBackOff. `kubectl run -it [--rm]`'s shell ending is the
// container's end, with attach's hint and the deletion printed as kubectl 1.32 does.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../sim/create';
import { createEnv } from '../../../model/env';
import { defaultClusterSpec } from '../../../model/spec';
import { runScript } from '../../script';

const setup = () => {
  const e = createEngine(defaultClusterSpec({ workloads: 'none' }), createEnv(7));
  const sh = (script: string) => runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script }).output;
  return { e, sh };
};

describe('a pod whose command ends', () => {
  it('Never + exit 0: Completed, READY 0/1, its output is the log', () => {
    const { sh } = setup();
    expect(sh('kubectl run once --image=busybox --restart=Never -- echo hi\nkubectl get pods\nkubectl logs once')).toBe(
      'pod/once created\nNAME   READY   STATUS      RESTARTS   AGE\nonce   0/1     Completed   0          0s\nhi\n',
    );
    expect(sh("kubectl get pod once -o jsonpath='{.status.phase} {.status.containerStatuses[0].state.terminated.reason}'")).toBe('Succeeded Completed');
  });
  it('Never + a failing command: Error, phase Failed, exit code kept', () => {
    const { sh } = setup();
    sh('kubectl run bad --image=busybox --restart=Never -- sh -c "echo oops; exit 3"');
    expect(sh('kubectl get pod bad --no-headers; kubectl logs bad')).toBe('bad   0/1   Error   0   0s\noops\n');
    expect(sh("kubectl get pod bad -o jsonpath='{.status.phase} {.status.containerStatuses[0].state.terminated.exitCode}'")).toBe('Failed 3');
  });
  it('describe shows the terminated state, and Last State under CrashLoopBackOff', () => {
    const { sh } = setup();
    sh('kubectl run once --image=busybox --restart=Never -- echo hi\nkubectl run al --image=busybox -- sh -c "exit 2"');
    const t = (reason: string, code: number) =>
      `      Reason:       ${reason}\n      Exit Code:    ${code}\n      Started:      Thu, 01 Jan 2026 00:00:00 +0000\n      Finished:     Thu, 01 Jan 2026 00:00:00 +0000\n`;
    expect(sh('kubectl describe pod once | sed -n "/State:/,/Restart Count/p"')).toBe(`    State:          Terminated\n${t('Completed', 0)}    Ready:          False\n    Restart Count:  0\n`);
    expect(sh('kubectl describe pod al | sed -n "/State:/,/Restart Count/p"')).toBe(
      `    State:          Waiting\n      Reason:       CrashLoopBackOff\n    Last State:     Terminated\n${t('Error', 2)}    Ready:          False\n    Restart Count:  1\n`,
    );
  });
  it('Always: the restarted command ends again, CrashLoopBackOff', () => {
    const { sh } = setup();
    sh('kubectl run al --image=busybox -- echo hi');
    expect(sh('kubectl get pod al')).toBe('NAME   READY   STATUS             RESTARTS     AGE\nal     0/1     CrashLoopBackOff   1 (0s ago)   0s\n');
  });
  it('a command that blocks or a program the lab does not model keeps the pod Running, without moving the clock', () => {
    const { e, sh } = setup();
    const t0 = e.env.clock.now();
    sh('kubectl run loop --image=busybox -- sh -c "while true; do echo tick; sleep 5; done"');
    sh('kubectl run sleeper --image=busybox -- sleep infinity');
    sh('kubectl run srv --image=busybox --restart=Never -- httpd -f -p 8080');
    expect(sh('kubectl get pods --no-headers -o custom-columns=N:.metadata.name,S:.status.phase')).toBe('loop      Running\nsleeper   Running\nsrv       Running\n');
    expect(sh('kubectl logs loop')).toBe('tick\n');
    expect(e.env.clock.now()).toBe(t0);
  });
});

describe('kubectl run -it with no command, then exit', () => {
  it('--rm (restartPolicy Always): attach hint, pod deleted', () => {
    const { sh } = setup();
    expect(sh('kubectl run x -it --rm --image=busybox\nhostname\nexit\nkubectl get pod x')).toBe(
      "If you don't see a command prompt, try pressing enter.\nx\n" +
        "Session ended, resume using 'kubectl attach x -c x -i -t' command when the pod is running\npod \"x\" deleted\n" +
        'Error from server (NotFound): pods "x" not found\n',
    );
  });
  it('-ti -- /bin/sh (the Network Policy walkthrough) opens the shell too', () => {
    const { sh } = setup();
    expect(sh('kubectl run busybox --rm -ti --image=busybox:1.28 -- /bin/sh\nhostname\nexit')).toBe(
      "If you don't see a command prompt, try pressing enter.\nbusybox\n" +
        "Session ended, resume using 'kubectl attach busybox -c busybox -i -t' command when the pod is running\npod \"busybox\" deleted\n",
    );
  });
  it('--restart=Never without --rm: no hint, the pod is Completed', () => {
    const { sh } = setup();
    expect(sh('kubectl run y -it --restart=Never --image=busybox\nexit\nkubectl get pod y --no-headers')).toBe(
      "If you don't see a command prompt, try pressing enter.\ny   0/1   Completed   0   0s\n",
    );
  });
});
