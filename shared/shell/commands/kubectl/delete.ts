/**
 * `kubectl delete` by name, TYPE/NAME, `-f`, `-l` or `--all`. Owned objects go too (the
 * garbage collector's background cascade: a Deployment takes its ReplicaSets and their
 * Pods), and deleting a namespace deletes what lives in it.
 */
import type { KubeObject } from '../../../model/objects';
import type { ObjectStore } from '../../../model/store';
import { KubectlError, notFound, typeAndNames, type Verb } from './context';
import { dryRunSuffix, readManifests } from './manifest/files';
import { prepare } from './manifest/write';
import { qualifiedPlural, resourceForKind, typePrefix, type ResourceInfo } from './resources';
import { matches, parseSelector } from './selector';

/** Deletes an object and, recursively, everything it owns (or contains, for a namespace). */
export function deleteCascade(store: ObjectStore, o: KubeObject): void {
  if (!store.get(o.kind, o.metadata.namespace, o.metadata.name)) return;
  store.delete(o.kind, o.metadata.namespace, o.metadata.name);
  const uid = o.metadata.uid;
  const all = store.all();
  for (const c of all) {
    if (o.kind === 'Namespace' ? c.metadata.namespace === o.metadata.name && resourceForKind(c.kind)?.namespaced !== false : c.metadata.ownerReferences?.some((r) => r.uid === uid)) {
      deleteCascade(store, c);
    }
  }
}

const PROTECTED_NS = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

function deletedLine(r: ResourceInfo, name: string, suffix: string | undefined): string {
  return `${typePrefix(r)} "${name}" deleted${suffix ?? ''}\n`;
}

/** `kubectl delete`. */
export const del: Verb = {
  name: 'delete',
  summary: 'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  usage: 'kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]',
  flags: [
    { name: 'filename', short: 'f', type: 'strings' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all', type: 'bool' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'dry-run', type: 'string', noOptDefault: 'unchanged' },
    { name: 'grace-period', type: 'string' },
    { name: 'force', type: 'bool' },
    { name: 'now', type: 'bool' },
    { name: 'wait', type: 'bool' },
    { name: 'ignore-not-found', type: 'bool' },
    { name: 'cascade', type: 'string', noOptDefault: 'background' },
  ],
  run(k) {
    const store = k.ctx.engine.store;
    const suffix = dryRunSuffix(k);
    const ignore = k.args.bools.has('ignore-not-found');
    let code = 0;
    const remove = (r: ResourceInfo, o: KubeObject): void => {
      // The apiserver's NamespaceLifecycle admission keeps the system namespaces.
      if (o.kind === 'Namespace' && PROTECTED_NS.has(o.metadata.name)) {
        throw new KubectlError(`Error from server (Forbidden): namespaces "${o.metadata.name}" is forbidden: this namespace may not be deleted`);
      }
      if (suffix === undefined) deleteCascade(store, o);
      k.ctx.out(deletedLine(r, o.metadata.name, suffix));
    };
    if (k.args.lists.get('filename')?.length) {
      for (const doc of readManifests(k)) {
        try {
          const p = prepare(k, doc, 'deleting');
          const o = store.get(p.r.kind, p.obj.metadata.namespace, p.obj.metadata.name);
          if (o) remove(p.r, o);
          else if (!ignore) throw new KubectlError(`Error from server (NotFound): error when deleting "${doc.source}": ${qualifiedPlural(p.r)} "${p.obj.metadata.name}" not found`);
        } catch (e) {
          if (!(e instanceof KubectlError)) throw e;
          k.ctx.err(`${e.message}\n`);
          code = 1;
        }
      }
      return code;
    }
    if (k.args.positional.length === 0) {
      throw new KubectlError(`error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
    }
    const requests = typeAndNames(k.args.positional);
    const bySelector = k.args.strings.has('selector') || k.args.bools.has('all');
    const sel = parseSelector(k.args.strings.get('selector') ?? '');
    let any = false;
    for (const q of requests) {
      if (q.names.length) {
        for (const n of q.names) {
          const o = store.get(q.r.kind, q.r.namespaced ? k.namespace : undefined, n);
          if (o) remove(q.r, o);
          else if (!ignore) {
            k.ctx.err(`${notFound(q.r, n).message}\n`);
            code = 1;
          }
        }
      } else if (bySelector) {
        const allNs = k.args.bools.has('all-namespaces');
        for (const o of store.list(q.r.kind, q.r.namespaced && !allNs ? k.namespace : undefined)) {
          if (!matches(sel, o.metadata.labels)) continue;
          any = true;
          remove(q.r, o);
        }
      } else {
        throw new KubectlError(`error: resource(s) were provided, but no name was specified`);
      }
    }
    if (bySelector && !any) k.ctx.err(k.args.bools.has('all-namespaces') || requests.every((q) => !q.r.namespaced) ? 'No resources found\n' : `No resources found in ${k.namespace} namespace.\n`);
    return code;
  },
};

