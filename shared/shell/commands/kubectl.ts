/**
 * `kubectl`: the learner's handle on the cluster. Finds the verb (global flags may come
 * first: `kubectl -n kube-system get pods`), parses its flags, and runs the verb from
 * kubectl/. Verbs throw KubectlError with kubectl's exact words; this prints them, exit 1.
 * Present on node shells (as on a kubeadm control plane), absent inside pods.
 */
import type { Command, CommandContext } from '../command';
import { drain, Interrupt, SCRIPT_BUDGET_MS, type Job } from '../job';
import { KubectlError, makeKube, type Verb } from './kubectl/context';
import { FlagError, GLOBAL_FLAGS, parseFlags } from './kubectl/flags';
import { VERBS } from './kubectl/verbs';
import { completeKubectl } from './kubectl/complete';

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

/** The top-level help, grouped as kubectl groups it, listing the verbs this lab has. */
function help(): string {
  const rows = VERBS.map((v) => `  ${v.name.padEnd(15)} ${v.summary}`).join('\n');
  return `kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\nCommands:\n${rows}\n\nUsage:\n  kubectl [flags] [options]\n\nUse "kubectl <command> --help" for more information about a given command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n`;
}

/** Index of the verb in argv (skipping global flags and their values). */
function findVerb(args: string[]): number {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) return i;
    if (a.startsWith('--')) {
      const spec = GLOBAL_FLAGS.find((f) => f.name === a.slice(2));
      if (spec && spec.type !== 'bool') i++;
    } else if (a.length === 2 && GLOBAL_FLAGS.some((f) => f.short === a[1] && f.type !== 'bool')) i++;
  }
  return -1;
}

export const kubectl: Command = {
  name: 'kubectl',
  summary: 'control the Kubernetes cluster',
  availableOn: (target) => target.kind === 'node',
  complete: (words, c) => completeKubectl(words, c.engine, VERBS.map((v) => v.name)),
  run: (ctx) => drain(kubectlJob(ctx), ctx.engine.env.clock, SCRIPT_BUDGET_MS),
  job: kubectlJob,
};

/** kubectl as a job: verbs that block (get -w) yield their waits; the others run at once. */
function* kubectlJob(ctx: CommandContext): Job {
  const args = ctx.argv.slice(1);
  const vi = findVerb(args);
  if (vi < 0) {
    if (args.some((a) => a === '-h' || a === '--help') || args.length === 0) {
      ctx.out(help());
      return 0;
    }
    ctx.err(`Error: unknown flag: ${args[0]}\nSee 'kubectl --help' for usage.\n`);
    return 1;
  }
  const name = args[vi]!;
  const verb: Verb | undefined = VERBS.find((v) => v.name === name);
  if (!verb) {
    const near = VERBS.filter((v) => levenshtein(v.name, name) <= 2 || v.name.startsWith(name)).map((v) => `\t${v.name}\n`);
    ctx.err(`Error: unknown command "${name}" for "kubectl"\n${near.length ? `\nDid you mean this?\n${near.join('')}` : ''}\n`);
    return 1;
  }
  const rest = [...args.slice(0, vi), ...args.slice(vi + 1)];
  if (rest.some((a) => a === '-h' || a === '--help') && !rest.includes('--')) {
    ctx.out(`${verb.summary}.\n\nUsage:\n  ${verb.usage}\n\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n`);
    return 0;
  }
  try {
    const parsed = parseFlags(rest, verb.flags);
    const k = makeKube(ctx, name, parsed);
    return verb.job ? yield* verb.job(k) : verb.run(k);
  } catch (e) {
    if (e instanceof Interrupt) throw e;
    if (e instanceof FlagError) {
      ctx.err(`Error: ${e.message}\nSee 'kubectl ${name} --help' for usage.\n`);
      return 1;
    }
    if (e instanceof KubectlError) {
      ctx.err(`${e.message}\n`);
      return e.exitCode;
    }
    // A bug must not kill the shell: report it the way kubectl reports an internal error.
    ctx.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
