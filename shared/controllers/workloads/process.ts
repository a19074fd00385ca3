/**
 * A container's main process. When a pod with a command (`kubectl run once --image=busybox
 * --restart=Never -- echo hi`) starts, the kubelet runs that command in the pod; one that
 * ends makes the container Terminated (Completed / Error) and, under restartPolicy Never
 * (or OnFailure after a success), the pod Succeeded or Failed; else CrashLoopBackOff. What runs a command is the
 * shell's business: shared/shell registers a runner here, so controllers stay below the shell.
 */
import type { Engine } from '../../sim/engine';
import type { Pod } from '../../model/objects';
import { isoSeconds } from '../../model/store';

/** How a container's process went: still running (a server, `sleep infinity`), or exited with its output. */
export type ProcessResult = { exited: false; output: string } | { exited: true; code: number; output: string };

/** Runs a pod container's command (argv) in the pod until it ends or blocks. */
export type ContainerRunner = (engine: Engine, pod: Pod, container: string, argv: string[]) => ProcessResult;

let runner: ContainerRunner | undefined;

/** The shell installs its runner (idempotent); without one, commands are not run (pods just run). */
export function setContainerRunner(r: ContainerRunner): void {
  runner = r;
}

/**
 * Starts the first container's process of a freshly running pod, if it has a command and
 * is not waiting for an attach (stdin: kubectl run -i runs the command attached instead).
 */
export function startContainer(engine: Engine, pod: Pod): void {
  const c = pod.spec.containers[0];
  if (!runner || !c || (c as { stdin?: boolean }).stdin) return;
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  if (!argv.length) return;
  const r = runner(engine, pod, c.name, argv);
  if (r.exited) containerExited(engine, pod.metadata.namespace ?? 'default', pod.metadata.name, r.code);
}

/**
 * The container's process ended with `code`: its state becomes Terminated and, when the
 * restart policy does not restart it, the pod phase Succeeded (0) or Failed. When the
 * kubelet restarts it (Always; OnFailure after an error) the process ends the same way
 * again, so the container sits in CrashLoopBackOff with the last exit as lastState (the
 * restart count stays at 1: the back-off timer is not modelled).
 */
export function containerExited(engine: Engine, namespace: string, name: string, code: number): void {
  const cur = engine.store.get<Pod>('Pod', namespace, name);
  if (!cur?.status || cur.status.phase !== 'Running') return;
  const policy = (cur.spec.restartPolicy as string | undefined) ?? 'Always';
  const restarts = policy === 'Always' || (policy === 'OnFailure' && code !== 0);
  const now = isoSeconds(engine.env.clock.now());
  const reason = code === 0 ? 'Completed' : 'Error';
  if (!restarts) cur.status.phase = code === 0 ? 'Succeeded' : 'Failed';
  cur.status.conditions = (cur.status.conditions ?? []).map((c) => {
    if (c.type === 'PodReadyToStartContainers') return restarts ? c : { ...c, status: 'False' as const, lastTransitionTime: now };
    if (c.type !== 'Ready' && c.type !== 'ContainersReady') return c;
    return { ...c, status: 'False' as const, lastTransitionTime: now, reason: restarts ? 'ContainersNotReady' : 'PodCompleted' };
  });
  cur.status.containerStatuses = (cur.status.containerStatuses ?? []).map((s, i) => {
    if (i !== 0) return s;
    const started = (s.state as { running?: { startedAt?: string } } | undefined)?.running?.startedAt ?? now;
    const terminated = { exitCode: code, reason, startedAt: started, finishedAt: now, containerID: s.containerID };
    if (!restarts) return { ...s, ready: false, started: false, state: { terminated } };
    const why = `back-off 10s restarting failed container=${s.name} pod=${name}_${namespace}(${cur.metadata.uid ?? ''})`;
    return { ...s, ready: false, started: false, restartCount: 1, lastState: { terminated }, state: { waiting: { reason: 'CrashLoopBackOff', message: why } } };
  });
  engine.store.update(cur);
}
