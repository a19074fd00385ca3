/**
 * `kubectl exec POD [-c CONTAINER] -- CMD...` runs the command in the pod's own shell
 * (its network namespace and files) as a job, its output streamed back; `exec -it POD --
 * sh` replaces this terminal's shell with the pod's, as a real interactive exec does.
 */
import type { Pod } from '../../../model/objects';
import { ShellSession } from '../../session';
import { drain, SCRIPT_BUDGET_MS, type Job } from '../../job';
import { getOrThrow, KubectlError, type Kube, type Verb } from './context';
import { resolveResource } from './context';
import { podEnv } from './pod-env';
import { findCommand } from '../index';

/** Commands that are an interactive shell when run with -it. */
export const SHELLS = new Set(['sh', 'bash', 'ash', '/bin/sh', '/bin/bash', '/bin/ash']);

/**
 * The command name to run for argv[0]: a path into a standard bin directory (`/bin/sh`,
 * `/usr/bin/env`) names the lab's command of that basename, as the image's binary would.
 */
export function binName(arg: string): string {
  const m = /^\/(?:usr\/)?(?:local\/)?s?bin\/([^/]+)$/.exec(arg);
  return m && findCommand(m[1]!) ? m[1]! : arg;
}

/** Quotes one argument for the shell (single quotes unless it is plainly safe). */
export function shellQuote(a: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** `kubectl exec`. */
export const exec: Verb = {
  name: 'exec',
  summary: 'Execute a command in a container',
  usage: "kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]",
  flags: [
    { name: 'container', short: 'c', type: 'string' },
    { name: 'stdin', short: 'i', type: 'bool' },
    { name: 'tty', short: 't', type: 'bool' },
    { name: 'quiet', short: 'q', type: 'bool' },
  ],
  run: (k) => drain(execJob(k), k.ctx.engine.env.clock, SCRIPT_BUDGET_MS),
  job: execJob,
};

/** `kubectl exec` as a job. */
function* execJob(k: Kube): Job {
  const target = k.args.positional[0];
  if (!target) throw new KubectlError('error: pod, type/name or --filename must be specified');
  const cmd = [...(k.args.rest ?? k.args.positional.slice(1))];
  if (cmd.length) cmd[0] = binName(cmd[0]!);
  if (!cmd.length) throw new KubectlError('error: you must specify at least one command for the container');
  let podName = target;
  if (target.includes('/')) {
    const [t, n] = target.split('/', 2) as [string, string];
    const r = resolveResource(t);
    if (r.kind !== 'Pod') throw new KubectlError(`error: cannot attach to *v1.${r.kind}: selector for *v1.${r.kind} not implemented`);
    podName = n;
  }
  const pod = getOrThrow(k, resolveResource('pods'), podName) as Pod;
  const containers = pod.spec.containers.map((c) => c.name);
  let container = k.args.strings.get('container');
  if (container !== undefined && !containers.includes(container)) {
    throw new KubectlError(`Error from server (BadRequest): container ${container} is not valid for pod ${podName}`);
  }
  if (container === undefined) {
    container = containers[0]!;
    if (containers.length > 1 && !k.args.bools.has('quiet')) k.ctx.err(`Defaulted container "${container}" out of: ${containers.join(', ')}\n`);
  }
  if (pod.status?.phase !== 'Running') {
    throw new KubectlError(`error: unable to upgrade connection: container not found ("${container}")`);
  }
  const podTarget = { kind: 'pod' as const, namespace: pod.metadata.namespace ?? k.namespace, name: podName, container };
  const interactive = k.args.bools.has('stdin') && k.args.bools.has('tty');
  if (interactive && cmd.length === 1 && SHELLS.has(cmd[0]!)) {
    if (k.ctx.openShell(podTarget)) return 0;
    k.ctx.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
  }
  const env = podEnv(k.ctx.engine, pod, container);
  // The command runs as a job: its output streams back and its waits (ping, sleep) are paced.
  const session = new ShellSession({ engine: k.ctx.engine, target: podTarget, env, interactive: false, columns: () => 80, rows: () => 24 });
  const io = { out: k.ctx.out, err: k.ctx.err, stdin: '', outIsTerminal: false };
  const line = session.begin(cmd.map(shellQuote).join(' '), io);
  if (line !== 'more') yield* line;
  if (!session.closed) yield* session.eofJob(io);
  const code = session.closed ? session.exitCode! : session.current.status;
  if (code !== 0) {
    k.ctx.err(`command terminated with exit code ${code}\n`);
    return code;
  }
  return 0;
}
