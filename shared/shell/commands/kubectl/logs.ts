/**
 * `kubectl logs POD|TYPE/NAME [-c CONTAINER] [--tail N]`: the lines the pod's simulated
 * apps wrote (nginx access lines and the like), from the per-pod log.
 */
import type { Pod } from '../../../model/objects';
import { podLog } from '../../../controllers/system-pods/logs';
import { getOrThrow, KubectlError, resolveResource, type Verb } from './context';

const USAGE = `error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.
POD or TYPE/NAME is a required argument for the logs command
See 'kubectl logs -h' for help and examples`;

/** `kubectl logs`. */
export const logs: Verb = {
  name: 'logs',
  summary: 'Print the logs for a container in a pod',
  usage: 'kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]',
  flags: [
    { name: 'container', short: 'c', type: 'string' },
    { name: 'follow', short: 'f', type: 'bool' },
    { name: 'previous', short: 'p', type: 'bool' },
    { name: 'tail', type: 'string' },
    { name: 'timestamps', type: 'bool' },
    { name: 'all-containers', type: 'bool' },
  ],
  run(k) {
    const arg = k.args.positional[0];
    if (!arg) throw new KubectlError(USAGE);
    let pod: Pod;
    if (arg.includes('/')) {
      const [t, n] = arg.split('/', 2) as [string, string];
      const r = resolveResource(t);
      if (r.kind === 'Pod') pod = getOrThrow(k, r, n) as Pod;
      else {
        const owner = getOrThrow(k, r, n);
        const sel = ((owner.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels ?? {}) as Record<string, string>;
        const pods = k.ctx.engine.store
          .list<Pod>('Pod', k.namespace)
          .filter((p) => Object.entries(sel).every(([kk, v]) => p.metadata.labels?.[kk] === v) && Object.keys(sel).length > 0);
        if (!pods.length) throw new KubectlError(`error: timed out waiting for the condition`);
        pod = pods[0]!;
        if (pods.length > 1) k.ctx.err(`Found ${pods.length} pods, using pod/${pod.metadata.name}\n`);
      }
    } else pod = getOrThrow(k, resolveResource('pods'), arg) as Pod;
    const names = pod.spec.containers.map((c) => c.name);
    const c = k.args.strings.get('container');
    if (c !== undefined && !names.includes(c)) throw new KubectlError(`error: container ${c} is not valid for pod ${pod.metadata.name}`);
    if (c === undefined && names.length > 1) k.ctx.err(`Defaulted container "${names[0]}" out of: ${names.join(', ')}\n`);
    if (k.args.bools.has('previous')) {
      throw new KubectlError(`Error from server (BadRequest): previous terminated container "${c ?? names[0]}" in pod "${pod.metadata.name}" not found`);
    }
    // A container that ran and ended (Completed / Error) keeps its log.
    if (pod.status?.phase !== 'Running' && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') {
      throw new KubectlError(`Error from server (BadRequest): container "${c ?? names[0]}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`);
    }
    let lines = podLog(k.ctx.engine, pod.metadata.namespace ?? k.namespace, pod.metadata.name);
    const tail = k.args.strings.get('tail');
    if (tail !== undefined && Number(tail) >= 0) lines = lines.slice(Math.max(0, lines.length - Number(tail)));
    k.ctx.out(lines.map((l) => `${l}\n`).join(''));
    return 0;
  },
};
