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
