/**
 * Admission for objects kubectl sends: resolve the kind, settle the namespace, check
 * field types (zod) and semantics, default, then create or three-way-merge into the
 * store. Everything is checked before the store is touched, so a failed write leaves it
 * exactly as it was.
 */
import type { KubeObject } from '../../../../model/objects';
import { fromStoreError, KubectlError, type Kube } from '../context';
import { apiVersionOf, qualifiedPlural, resourceForKind, type ResourceInfo } from '../resources';
import { applyDefaults } from './defaults';
import { deepEqual, mergeMap } from './merge';
import type { ManifestDoc } from './parse';
import { checkTypes } from './schemas';
import { unknownFields } from './strict';
import { invalidMessage, validateObject } from './validate';

type Any = Record<string, any>;

/** The annotation where `kubectl apply` remembers what it applied. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The outcome of one object. */
export type WriteResult = 'created' | 'configured' | 'unchanged';

/** A checked object ready to be written. */
export interface Prepared {
  r: ResourceInfo;
  obj: Any;
  source: string;
}

/** Resolves, namespaces, type-checks and validates one document (throws kubectl's error). */
export function prepare(k: Kube, doc: ManifestDoc, verbWord: 'creating' | 'applying' | 'replacing' | 'deleting' = 'creating'): Prepared {
  // delete -f only needs kind, namespace and name: the server validates nothing else.
  const lenient = verbWord === 'deleting';
  const d = structuredClone(doc.data) as Any;
  const missing = [d.apiVersion ? '' : 'apiVersion not set', d.kind ? '' : 'kind not set'].filter(Boolean);
  if (missing.length) {
    const list = missing.length > 1 ? `[${missing.join(', ')}]` : missing[0];
    throw new KubectlError(`error: error validating "${doc.source}": error validating data: ${list}; if you choose to ignore these errors, turn validation off with --validate=false`);
  }
  const r = resourceForKind(String(d.kind));
  if (!r || apiVersionOf(r) !== d.apiVersion) {
    const ns = typeof d.metadata?.namespace === 'string' ? d.metadata.namespace : '';
    throw new KubectlError(
      `error: resource mapping not found for name: "${d.metadata?.name ?? ''}" namespace: "${ns}" from "${doc.source}": no matches for kind "${d.kind}" in version "${d.apiVersion}"\nensure CRDs are installed first`,
    );
  }
  if (typeof d.metadata !== 'object' || d.metadata === null) d.metadata = {};
  const typeErr = lenient ? undefined : checkTypes(r.kind, d);
  if (typeErr) {
    throw new KubectlError(`Error from server (BadRequest): error when ${verbWord} "${doc.source}": ${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${typeErr}`);
  }
  const unknown = lenient || k.args.strings.get('validate') === 'false' || k.args.strings.get('validate') === 'ignore' ? [] : unknownFields(r.kind, d);
  if (unknown.length) {
    throw new KubectlError(`Error from server (BadRequest): error when ${verbWord} "${doc.source}": ${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: strict decoding error: ${unknown.join(', ')}`);
  }
  if (r.namespaced) {
    const explicit = k.args.strings.get('namespace');
    const own = d.metadata.namespace as string | undefined;
    if (own && explicit && own !== explicit) {
      throw new KubectlError(`error: the namespace from the provided object "${own}" does not match the namespace "${explicit}". You must pass '--namespace=${own}' to perform this operation.`);
    }
    d.metadata.namespace = own ?? k.namespace;
  } else delete d.metadata.namespace;
  for (const f of ['uid', 'resourceVersion', 'creationTimestamp']) if (d.metadata[f] === null) delete d.metadata[f];
  const errs = lenient ? (d.metadata.name ? [] : validateObject(d)) : validateObject(d);
  if (errs.length) throw new KubectlError(invalidMessage(r.kind, d.metadata.name ?? '', errs));
  if (r.namespaced && !k.ctx.engine.store.get('Namespace', undefined, d.metadata.namespace)) {
    throw new KubectlError(`Error from server (NotFound): error when ${verbWord} "${doc.source}": namespaces "${d.metadata.namespace}" not found`);
  }
  return { r, obj: d, source: doc.source };
}

/** The last-applied annotation's value: the manifest as compact JSON with sorted keys. */
function lastApplied(obj: Any): string {
  const m = structuredClone(obj);
  m.metadata.annotations = { ...(m.metadata.annotations ?? {}) };
  delete m.metadata.annotations[LAST_APPLIED];
  return `${JSON.stringify(sortDeep(m))}\n`;
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((key) => [key, sortDeep((v as Any)[key])]),
    );
  }
  return v;
}

/** Specs changed (not just metadata or status): bumps metadata.generation as the server does. */
function bumpGeneration(live: Any, next: Any): void {
  if (live.metadata.generation !== undefined && !deepEqual(live.spec, next.spec)) next.metadata.generation = live.metadata.generation + 1;
}

/**
 * Writes one prepared object. `apply` creates or merges (recording last-applied);
 * `create` fails on an existing object. With dryRun the store is not touched.
 */
export function writeObject(k: Kube, p: Prepared, mode: 'apply' | 'create', dryRun: boolean): { obj: KubeObject; result: WriteResult } {
  const store = k.ctx.engine.store;
  const ns = p.r.namespaced ? (p.obj.metadata.namespace as string) : undefined;
  const live = store.get(p.r.kind, ns, p.obj.metadata.name) as Any | undefined;
  if (live && mode === 'create') {
    throw new KubectlError(`Error from server (AlreadyExists): error when creating "${p.source}": ${qualifiedPlural(p.r)} "${p.obj.metadata.name}" already exists`);
  }
  if (!live) {
    const obj = structuredClone(p.obj);
    if (mode === 'apply') obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED]: lastApplied(p.obj) };
    applyDefaults(obj);
    return { obj: dryRun ? (obj as KubeObject) : guarded(p, () => store.create(obj as KubeObject)), result: 'created' };
  }
  let last: Any | undefined;
  if (mode === 'apply' && !live.metadata.annotations?.[LAST_APPLIED]) {
    const kindRes = `${p.r.plural}${p.r.group ? `.${p.r.group}` : ''}`;
    k.ctx.err(
      `Warning: resource ${kindRes}/${p.obj.metadata.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`,
    );
  }
  try {
    const text = live.metadata.annotations?.[LAST_APPLIED] as string | undefined;
    last = text ? (JSON.parse(text) as Any) : undefined;
  } catch {
    last = undefined;
  }
  const next = mergeMap(live, last, p.obj);
  next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [LAST_APPLIED]: lastApplied(p.obj) };
  applyDefaults(next);
  if (deepEqual(next, live)) return { obj: live as KubeObject, result: 'unchanged' };
  bumpGeneration(live, next);
  return { obj: dryRun ? (next as KubeObject) : guarded(p, () => store.update(next as KubeObject)), result: 'configured' };
}

/** Runs a store write, turning the API server's refusals (admission) into kubectl's words. */
function guarded(p: Prepared, write: () => KubeObject): KubeObject {
  try {
    return write();
  } catch (e) {
    throw fromStoreError(e, p.r, p.obj.metadata.name);
  }
}
