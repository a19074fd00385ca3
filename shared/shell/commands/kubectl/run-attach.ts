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
