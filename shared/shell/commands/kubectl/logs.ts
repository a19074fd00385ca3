/**
 * `kubectl logs POD|TYPE/NAME [-c CONTAINER] [--tail N]`: the lines the pod's simulated
 * apps wrote (nginx access lines and the like), from the per-pod log.
 */
import type { Pod } from '../../../model/objects';
import { podLog } from '../../../controllers/system-pods/logs';
import { getOrThrow, KubectlError, resolveResource, type Kube, type Verb } from './context';
import { drain, Interrupt, type Job } from '../../job';
import { matches, parseSelector } from './selector';

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
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'prefix', type: 'bool' },
    { name: 'max-log-requests', type: 'string' },
  ],
  run: (k) => drain(logsJob(k), k.ctx.engine.env.clock),
  job: logsJob,
};

/** `kubectl logs` as a job: with -f on a running container it follows the log until Ctrl-C. */
function* logsJob(k: Kube): Job {
  const arg = k.args.positional[0];
  if (k.args.strings.has('selector')) return bySelector(k, arg);
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
  k.ctx.out(podLines(k, pod));
  if (k.args.bools.has('follow') && pod.status?.phase === 'Running') return yield* follow(k, pod);
  return 0;
}

/** Where the lines not yet printed start in `now`, given the log as last printed (`seen`); the log drops old lines past 1000. */
function newFrom(seen: string[], now: string[]): number {
  if (now.length > seen.length || now.length < 1000) return Math.min(seen.length, now.length);
  // Full log: it shifted by k lines when its first 1000-k lines are the last ones seen.
  for (let k = 0; k <= now.length; k++) {
    if (now.slice(0, now.length - k).every((l, i) => l === seen[i + k])) return now.length - k;
  }
  return 0;
}

/**
 * `-f`: new lines as the pod's apps write them (a curl from another terminal), until Ctrl-C
 * or the pod goes; a script, where nothing else runs meanwhile, stops following at once.
 */
function* follow(k: Kube, pod: Pod): Job {
  const ns = pod.metadata.namespace ?? k.namespace;
  const name = pod.metadata.name;
  let seen = podLog(k.ctx.engine, ns, name);
  for (;;) {
    try {
      yield { kind: 'watch', ms: 500 };
    } catch (e) {
      if (e instanceof Interrupt && e.idle) return 0;
      throw e;
    }
    if (!k.ctx.engine.store.get('Pod', ns, name)) return 0;
    const now = podLog(k.ctx.engine, ns, name);
    const fresh = now.slice(newFrom(seen, now));
    const prefix = k.args.bools.has('prefix') ? `[pod/${name}/${pod.spec.containers[0]!.name}] ` : '';
    if (fresh.length) k.ctx.out(fresh.map((l) => `${prefix}${l}\n`).join(''));
    seen = now;
  }
}

/** A pod's log as logs prints it: --tail, and with --prefix each line led by `[pod/NAME/CONTAINER]`. */
function podLines(k: Kube, pod: Pod, defaultTail?: number): string {
  let lines = podLog(k.ctx.engine, pod.metadata.namespace ?? k.namespace, pod.metadata.name);
  const t = k.args.strings.get('tail');
  const tail = t !== undefined ? Number(t) : defaultTail;
  if (tail !== undefined && tail >= 0) lines = lines.slice(Math.max(0, lines.length - tail));
  const prefix = k.args.bools.has('prefix') ? `[pod/${pod.metadata.name}/${pod.spec.containers[0]!.name}] ` : '';
  return lines.map((l) => `${prefix}${l}\n`).join('');
}

/**
 * `kubectl logs -l SELECTOR`: every matching pod's log in turn (name order), the last 10
 * lines each unless --tail says otherwise, as kubectl does for a selector; at most
 * --max-log-requests (5) pods.
 */
function bySelector(k: Kube, arg: string | undefined): number {
  if (arg !== undefined) throw new KubectlError('error: only one of a selector or a resource name may be specified');
  const sel = parseSelector(k.args.strings.get('selector')!);
  const pods = k.ctx.engine.store.list<Pod>('Pod', k.namespace).filter((p) => matches(sel, p.metadata.labels));
  if (!pods.length) {
    k.ctx.err(`No resources found in ${k.namespace} namespace.\n`);
    return 0;
  }
  const max = Number(k.args.strings.get('max-log-requests') ?? '5');
  if (pods.length > max) {
    throw new KubectlError(
      `error: you are attempting to follow ${pods.length} log streams, but maximum allowed concurrency is ${max}, use --max-log-requests to increase the limit`,
    );
  }
  k.ctx.out(pods.map((p) => podLines(k, p, 10)).join(''));
  return 0;
}
