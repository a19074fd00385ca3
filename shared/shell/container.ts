/**
 * The shell's side of a container's main process (controllers/workloads/process.ts): the
 * pod's command runs in a non-interactive shell in the pod, with the pod's environment,
 * until it ends or blocks. A process runs beside the learner's shells, so it must not move
 * the shared virtual clock: at its first wait (`sleep infinity`, a loop's sleep, ping's
 * interval) it counts as still running. A program the lab does not model (`nginx`,
 * `/agnhost netexec`) also keeps running: pods serve by their image (sim/apps/http.ts).
 */
import type { Engine } from '../sim/engine';
import type { Pod } from '../model/objects';
import { setContainerRunner, type ProcessResult } from '../controllers/workloads/process';
import { appendPodLog } from '../controllers/system-pods/logs';
import { Shell, type ShellHost } from './exec';
import { findCommand } from './commands/index';
import { parse } from './parser';
import { binName, shellQuote } from './commands/kubectl/exec';
import { podEnv } from './commands/kubectl/pod-env';

const HOST: ShellHost = { interactive: false, columns: () => 80, rows: () => 24, openShell: () => false };

/** Runs `argv` as the main process of `container` in `pod`; its output goes to the pod's log. */
export function runContainerProcess(engine: Engine, pod: Pod, container: string, argv: string[]): ProcessResult {
  const namespace = pod.metadata.namespace ?? 'default';
  const target = { kind: 'pod' as const, namespace, name: pod.metadata.name, container };
  if (!engine.netnsOf(target)) return { exited: false, output: '' };
  const line = [binName(argv[0]!), ...argv.slice(1)].map(shellQuote).join(' ');
  const r = parse(`${line}\n`);
  if (r.kind !== 'ok') return { exited: false, output: '' };
  const sh = new Shell(engine, target, HOST, podEnv(engine, pod, container));
  const chunks: string[] = [];
  const write = (t: string) => chunks.push(t);
  const log: string[][] = [];
  sh.argvLog = log;
  const job = sh.program(r.program, { out: write, err: write, stdin: '', outIsTerminal: false });
  let blocked = false;
  for (let step = job.next(); !step.done; step = job.next()) {
    if (step.value.kind !== 'tick') {
      blocked = true;
      job.return(0);
      break;
    }
  }
  const output = chunks.join('');
  // A program this lab does not simulate is taken to be the image's long-running server.
  const unknown = log.some((a) => !findCommand(a[0]!) && !['break', 'continue'].includes(a[0]!));
  if (unknown) return { exited: false, output: '' };
  for (const l of output.split('\n').slice(0, output.endsWith('\n') ? -1 : undefined)) appendPodLog(engine, namespace, pod.metadata.name, l);
  return blocked ? { exited: false, output } : { exited: true, code: sh.exitCode ?? sh.status, output };
}

/** Installs the runner for the kubelet (called by the shell's entry points; idempotent). */
export function installContainerRunner(): void {
  setContainerRunner(runContainerProcess);
}
