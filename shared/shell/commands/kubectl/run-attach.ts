/**
 * The attached half of `kubectl run -i [-t] [--rm] NAME ... -- CMD`: the command runs as
 * the container's process in the new pod (its network namespace, files and environment),
 * its output is streamed back, and with --rm the pod is deleted once it exits, printing
 * `pod "NAME" deleted` as kubectl does.
 */
import type { Pod } from '../../../model/objects';
import { runScript } from '../../script';
import type { Kube } from './context';
import { deleteCascade } from './delete';
import { binName, shellQuote } from './exec';
import { podEnv } from './pod-env';
import { containerExited } from '../../../controllers/workloads/process';
import { appendPodLog } from '../../../controllers/system-pods/logs';

/** Runs `cmd` attached in the freshly created pod; returns kubectl's exit status. */
export function runAttached(k: Kube, namespace: string, name: string, cmd: string[], tty: boolean): number {
  const store = k.ctx.engine.store;
  const pod = store.get<Pod>('Pod', namespace, name);
  if (pod?.status?.phase !== 'Running') {
    k.ctx.err('error: timed out waiting for the condition\n');
    return 1;
  }
  // kubectl attach prints its hint whenever a TTY is attached, command or not
  if (tty) k.ctx.err("If you don't see a command prompt, try pressing enter.\n");
  const container = pod.spec.containers[0]!.name;
  const argv = [binName(cmd[0]!), ...cmd.slice(1)];
  const r = runScript({
    engine: k.ctx.engine,
    target: { kind: 'pod', namespace, name, container },
    script: argv.map(shellQuote).join(' '),
    env: podEnv(k.ctx.engine, pod, container),
  });
  if (r.stdout) k.ctx.out(r.stdout);
  if (r.stderr) k.ctx.err(r.stderr);
  // The command was the container's process: its output is the log, its end the container's.
  for (const l of r.output.split('\n').slice(0, r.output.endsWith('\n') ? -1 : undefined)) appendPodLog(k.ctx.engine, namespace, name, l);
  containerExited(k.ctx.engine, namespace, name, r.code);
  if (k.args.bools.has('rm')) {
    const live = store.get('Pod', namespace, name);
    if (live) {
      deleteCascade(store, live);
      k.ctx.out(`pod "${name}" deleted\n`);
    }
  }
  if (r.code !== 0) {
    k.ctx.err(`pod ${namespace}/${name} terminated (Error)\n`);
    return 1;
  }
  return 0;
}

/**
 * What `kubectl run -it NAME` prints when the attached shell exits: attach's hint when the
 * kubelet would restart it (restartPolicy Always), then with --rm the pod is deleted;
 * without --rm the shell's end is the container's (Completed under Never).
 */
export function attachedShellExit(k: Kube, namespace: string, name: string, restart: string): (code: number) => string {
  return (code) => {
    let said = restart === 'Always' ? `Session ended, resume using 'kubectl attach ${name} -c ${name} -i -t' command when the pod is running\n` : '';
    const store = k.ctx.engine.store;
    const live = store.get('Pod', namespace, name);
    if (!live) return said;
    if (k.args.bools.has('rm')) {
      deleteCascade(store, live);
      said += `pod "${name}" deleted\n`;
    } else containerExited(k.ctx.engine, namespace, name, code);
    return said;
  };
}
