/**
 * What every kubectl verb gets: the shell context, the store, the namespace in effect,
 * and helpers that print kubectl's errors. Verbs throw KubectlError with the exact text;
 * the dispatcher prints it and exits 1, so no verb ever leaves state half-changed.
 */
import type { CommandContext } from '../../command';
import type { KubeObject } from '../../../model/objects';
import { StoreError } from '../../../model/store';
import { findResource, qualifiedPlural, type ResourceInfo } from './resources';
import type { ParsedArgs } from './flags';

/** An error kubectl would print (the whole text, without the trailing newline). */
export class KubectlError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** One kubectl invocation. */
export interface Kube {
  ctx: CommandContext;
  verb: string;
  args: ParsedArgs;
  /** -n, or `default`. */
  namespace: string;
  now: number;
}

/** Builds the per-invocation context once flags are parsed. */
export function makeKube(ctx: CommandContext, verb: string, args: ParsedArgs): Kube {
  return { ctx, verb, args, namespace: args.strings.get('namespace') ?? 'default', now: ctx.engine.env.clock.now() };
}

/** Resolves a typed resource name or throws kubectl's "doesn't have a resource type" error. */
export function resolveResource(typed: string): ResourceInfo {
  const r = findResource(typed);
  if (!r) throw new KubectlError(`error: the server doesn't have a resource type "${typed}"`);
  return r;
}

/** `Error from server (NotFound): pods "x" not found`. */
export function notFound(r: ResourceInfo, name: string): KubectlError {
  return new KubectlError(`Error from server (NotFound): ${qualifiedPlural(r)} "${name}" not found`);
}

/** Gets an object or throws NotFound (namespaces are checked first, as the server does). */
export function getOrThrow(k: Kube, r: ResourceInfo, name: string, namespace = k.namespace): KubeObject {
  const o = k.ctx.engine.store.get(r.kind, r.namespaced ? namespace : undefined, name);
  if (!o) throw notFound(r, name);
  return o;
}

/** Turns a store error into the server's message. */
export function fromStoreError(e: unknown, r: ResourceInfo, name: string): KubectlError {
  if (e instanceof StoreError) {
    if (e.code === 'NotFound') return notFound(r, name);
    if (e.code === 'AlreadyExists') return new KubectlError(`Error from server (AlreadyExists): ${qualifiedPlural(r)} "${name}" already exists`);
    // Admission refusals already carry the server's full sentence (`The Service "x" is invalid: ...`).
    if (e.code === 'Invalid') return new KubectlError(e.message);
    return new KubectlError(`Error from server (${e.code}): ${e.message}`);
  }
  return new KubectlError(`error: ${e instanceof Error ? e.message : String(e)}`);
}

/** Checks the namespace exists for namespaced writes (`namespaces "x" not found`). */
export function requireNamespace(k: Kube, ns: string): void {
  if (!k.ctx.engine.store.get('Namespace', undefined, ns)) {
    throw new KubectlError(`Error from server (NotFound): namespaces "${ns}" not found`);
  }
}

/** `TYPE/NAME` or `TYPE NAME...` argument forms: returns (resource, names). */
export function typeAndNames(positional: string[]): { r: ResourceInfo; names: string[] }[] {
  if (positional.length === 0) return [];
  if (positional[0]!.includes('/')) {
    return positional.map((p) => {
      const [t, n] = p.split('/', 2) as [string, string];
      if (!n) throw new KubectlError(`error: arguments in resource/name form must have a single resource and name`);
      return { r: resolveResource(t), names: [n] };
    });
  }
  const types = positional[0]!.split(',').filter(Boolean);
  return types.map((t) => ({ r: resolveResource(t), names: positional.slice(1) }));
}

/** One verb: its flags (besides the global ones) and its body. */
export interface Verb {
  name: string;
  /** The line in `kubectl --help`. */
  summary: string;
  /** Usage line for `kubectl VERB --help`. */
  usage: string;
  flags: import('./flags').FlagSpec[];
  run(k: Kube): number;
  /** For a verb that can block (get -w): the same as run, as a job (shell/job.ts). */
  job?(k: Kube): import('../../job').Job;
}
