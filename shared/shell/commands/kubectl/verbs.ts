/** The verbs kubectl has in this lab, in `kubectl --help` order. */
import type { Verb } from './context';
import { GET_FLAGS, runGet } from './get';
import { getJob } from './get-watch';
import { apiResources, apiVersions, clusterInfo, config, version } from './info';
import { apply } from './apply';
import { create } from './create';
import { del } from './delete';
import { describe } from './describe';
import { explain } from './explain';
import { exec } from './exec';
import { expose } from './expose';
import { annotate, label, patch, scale } from './mutate';
import { rollout } from './rollout';
import { wait } from './wait';
import { logs } from './logs';
import { run } from './run';
import { edit, taint } from './taint';

const get: Verb = {
  name: 'get',
  summary: 'Display one or many resources',
  usage: 'kubectl get [(-o|--output=)json|yaml|name|wide|jsonpath=...] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]',
  flags: GET_FLAGS,
  run: runGet,
  job: getJob,
};

/**
 * `kubectl top`: resource usage comes from metrics-server through the Metrics API, which
 * this cluster (like a fresh kubeadm one) does not run — kubectl's own answer then.
 */
const top: Verb = {
  name: 'top',
  summary: 'Display resource (CPU/memory) usage',
  usage: 'kubectl top [flags] [options]',
  flags: [
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'containers', type: 'bool' },
    { name: 'no-headers', type: 'bool' },
    { name: 'sort-by', type: 'string' },
  ],
  run(k) {
    const what = k.args.positional[0];
    if (what === undefined) {
      k.ctx.out(
        'Display resource (CPU/memory) usage.\n\n The top command allows you to see the resource consumption for nodes or pods.\n\n This command requires Metrics Server to be correctly configured and working on the server.\n\nAvailable Commands:\n  node          Display resource (CPU/memory) usage of nodes\n  pod           Display resource (CPU/memory) usage of pods\n\nUsage:\n  kubectl top [flags] [options]\n\nUse "kubectl top <command> --help" for more information about a given command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n',
      );
      return 0;
    }
    if (!['node', 'nodes', 'no', 'pod', 'pods', 'po'].includes(what)) {
      k.ctx.err(`error: unknown command "${what}" for "kubectl top"\n`);
      return 1;
    }
    k.ctx.err('error: Metrics API not available\n');
    return 1;
  },
};

export const VERBS: Verb[] = [
  create,
  expose,
  run,
  explain,
  get,
  edit,
  del,
  rollout,
  scale,
  clusterInfo,
  taint,
  describe,
  logs,
  top,
  exec,
  apply,
  patch,
  wait,
  label,
  annotate,
  apiResources,
  apiVersions,
  config,
  version,
];
