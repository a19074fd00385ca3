/**
 * The small mutating verbs: `label`, `annotate`, `scale`, `patch` (strategic/merge/json).
 * Each validates the changed object like an apply would, so bad input changes nothing.
 */
import type { KubeObject } from '../../../model/objects';
import { fromStoreError, KubectlError, typeAndNames, getOrThrow, type Kube, type Verb } from './context';
import { applyDefaults } from './manifest/defaults';
import { deepEqual, mergeMap, mergePatch } from './manifest/merge';
import { invalidMessage, validateObject } from './manifest/validate';
import { objectName, parseOutput, printObjects } from './output';
import { matches, parseSelector } from './selector';
import YAML from 'yaml';
import { applyJsonPatch } from './json-patch';

type Any = Record<string, any>;

/** Objects named by `TYPE NAME...`, `TYPE/NAME...`, or `TYPE -l sel` / `--all`; the rest are key=value args. */
function targets(k: Kube, positional: string[]): KubeObject[] {
  const requests = typeAndNames(positional);
  const out: KubeObject[] = [];
  for (const q of requests) {
    if (q.names.length) for (const n of q.names) out.push(getOrThrow(k, q.r, n));
    else if (k.args.strings.has('selector') || k.args.bools.has('all')) {
      const sel = parseSelector(k.args.strings.get('selector') ?? '');
      out.push(...k.ctx.engine.store.list(q.r.kind, q.r.namespaced ? k.namespace : undefined).filter((o) => matches(sel, o.metadata.labels)));
    } else throw new KubectlError(`error: resource(s) were provided, but no name was specified`);
  }
  return out;
}

/** Validates and writes a changed object. */
function save(k: Kube, o: Any): KubeObject {
  const errs = validateObject(o);
  if (errs.length) throw new KubectlError(invalidMessage(o.kind, o.metadata.name, errs));
  applyDefaults(o);
  try {
    return k.ctx.engine.store.update(o as KubeObject);
  } catch (e) {
    throw fromStoreError(e, { kind: o.kind } as never, o.metadata.name);
  }
}

function labelLike(field: 'labels' | 'annotations', past: string): Verb['run'] {
  return (k) => {
    const pos = k.args.positional;
    const firstKv = pos.findIndex((p) => p.includes('=') || /-$/.test(p));
    if (firstKv < 0) throw new KubectlError(`error: at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`);
    const objs = targets(k, pos.slice(0, firstKv));
    const changes = pos.slice(firstKv);
    const overwrite = k.args.bools.has('overwrite');
    for (const o of objs) {
      const cur = { ...((o.metadata[field] as Record<string, string>) ?? {}) };
      for (const c of changes) {
        if (c.endsWith('-') && !c.includes('=')) {
          delete cur[c.slice(0, -1)];
          continue;
        }
        const i = c.indexOf('=');
        const key = c.slice(0, i);
        const val = c.slice(i + 1);
        if (cur[key] !== undefined && cur[key] !== val && !overwrite) {
          throw new KubectlError(`error: '${key}' already has a value (${cur[key]}), and --overwrite is false`);
        }
        cur[key] = val;
      }
      const changed = !deepEqual(cur, o.metadata[field] ?? {});
      if (changed) {
        const next = structuredClone(o) as Any;
        next.metadata[field] = cur;
        if (Object.keys(cur).length === 0) delete next.metadata[field];
        save(k, next);
      }
      // kubectl says "unlabeled" when the change only removed labels.
      const onlyRemovals = changes.every((c) => c.endsWith('-') && !c.includes('='));
      const word = field === 'labels' && onlyRemovals ? `un${past}` : past;
      k.ctx.out(`${objectName(o)} ${changed || field === 'annotations' ? word : `not ${past}`}\n`);
    }
    return 0;
  };
}

const SELECT_FLAGS = [
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'all', type: 'bool' as const },
  { name: 'overwrite', type: 'bool' as const },
  { name: 'dry-run', type: 'string' as const, noOptDefault: 'unchanged' },
];

/** `kubectl label`. */
export const label: Verb = {
  name: 'label',
  summary: 'Update the labels on a resource',
  usage: 'kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]',
  flags: SELECT_FLAGS,
  run: labelLike('labels', 'labeled'),
};

/** `kubectl annotate`. */
export const annotate: Verb = {
  name: 'annotate',
  summary: 'Update the annotations on a resource',
  usage: 'kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]',
  flags: SELECT_FLAGS,
  run: labelLike('annotations', 'annotated'),
};

/** `kubectl scale`. */
export const scale: Verb = {
  name: 'scale',
  summary: 'Set a new size for a deployment, replica set, or replication controller',
  usage: 'kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]',
  flags: [{ name: 'replicas', type: 'string' }, { name: 'current-replicas', type: 'string' }, ...SELECT_FLAGS],
  run(k) {
    const rep = k.args.strings.get('replicas');
    if (rep === undefined) throw new KubectlError('error: required flag(s) "replicas" not set');
    const n = Number(rep);
    if (!/^-?\d+$/.test(rep)) throw new KubectlError(`Error: invalid argument "${rep}" for "--replicas" flag: strconv.ParseInt: parsing "${rep}": invalid syntax`);
    if (n < 0) throw new KubectlError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    const objs = targets(k, k.args.positional);
    if (!objs.length) throw new KubectlError('error: no objects passed to scale');
    for (const o of objs) {
      if (o.kind !== 'Deployment' && o.kind !== 'ReplicaSet') throw new KubectlError(`error: no scaler has been implemented for {"${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}" "${o.kind}"}`);
      const cur = k.args.strings.get('current-replicas');
      const spec = o.spec as Any;
      if (cur !== undefined && Number(cur) !== (spec.replicas ?? 1)) {
        throw new KubectlError(`error: Expected replicas to be ${cur}, was ${spec.replicas ?? 1}`);
      }
      if ((spec.replicas ?? 1) !== n) {
        const next = structuredClone(o) as Any;
        next.spec.replicas = n;
        next.metadata.generation = (next.metadata.generation ?? 1) + 1;
        save(k, next);
      }
      k.ctx.out(`${objectName(o)} scaled\n`);
    }
    return 0;
  },
};

/** `kubectl patch`. */
export const patch: Verb = {
  name: 'patch',
  summary: 'Update fields of a resource',
  usage: 'kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]',
  flags: [
    { name: 'patch', short: 'p', type: 'string' },
    { name: 'patch-file', type: 'string' },
    { name: 'type', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'dry-run', type: 'string', noOptDefault: 'unchanged' },
  ],
  run(k) {
    let text = k.args.strings.get('patch');
    const file = k.args.strings.get('patch-file');
    if (file !== undefined) {
      const r = k.ctx.fs.read(k.ctx.fs.resolve(k.ctx.cwd, file));
      if (!r.ok) throw new KubectlError(`error: unable to read patch file: open ${file}: ${r.error.toLowerCase()}`);
      text = r.data;
    }
    if (text === undefined) throw new KubectlError('error: must specify --patch or --patch-file containing the contents of the patch');
    const type = k.args.strings.get('type') ?? 'strategic';
    if (!['strategic', 'merge', 'json'].includes(type)) throw new KubectlError(`error: --type must be one of [json merge strategic], not "${type}"`);
    let p: unknown;
    try {
      p = YAML.parse(text);
    } catch (e) {
      throw new KubectlError(`error: unable to parse "${text}": yaml: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
    const fmt = parseOutput(k.args.strings.get('output'), false);
    const objs = targets(k, k.args.positional);
    if (!objs.length) throw new KubectlError('error: must specify one of -f and -k');
    for (const o of objs) {
      let next: Any;
      if (type === 'json') {
        if (!Array.isArray(p)) throw new KubectlError(`The request is invalid: json: cannot unmarshal object into Go value of type jsonpatch.Patch`);
        next = applyJsonPatch(o, p);
      } else {
        if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new KubectlError(`Error from server (BadRequest): json: cannot unmarshal ${Array.isArray(p) ? 'array' : typeof p} into Go value of type map[string]interface {}`);
        next = (type === 'merge' ? mergePatch(o, p) : mergeMap(o as Any, undefined, p as Any)) as Any;
      }
      next.kind = o.kind;
      next.apiVersion = o.apiVersion;
      next.metadata = { ...next.metadata, name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid };
      const unchanged = deepEqual(next, o);
      const dry = k.args.strings.has('dry-run');
      const saved = unchanged || dry ? (next as KubeObject) : save(k, next);
      if (fmt.kind !== 'table') k.ctx.out(printObjects([saved], fmt, true));
      else k.ctx.out(`${objectName(o)} patched${unchanged ? ' (no change)' : ''}${dry ? ' (dry run)' : ''}\n`);
    }
    return 0;
  },
};
