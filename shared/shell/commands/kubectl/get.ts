/**
 * `kubectl get`: tables per kind (one block per kind, blank line between), `-o` formats,
 * `-A`, `-l`, `--field-selector`, `--show-labels`, several kinds at once and `get all`.
 */
import type { KubeObject } from '../../../model/objects';
import { KubectlError, notFound, resolveResource, typeAndNames, type Kube } from './context';
import type { FlagSpec } from './flags';
import { formatLabels, PRINTERS } from './printers';
import { parseOutput, printObjects } from './output';
import { ALL_KINDS, resourceForKind, typePrefix, type ResourceInfo } from './resources';
import { matches, parseFieldSelector, parseSelector } from './selector';
import { renderTable } from './table';
import { allEvents, eventObject } from './events';
import { evalPath } from './jsonpath';

/** Flags of `kubectl get`. */
export const GET_FLAGS: FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'show-labels', type: 'bool' },
  { name: 'field-selector', type: 'string' },
  { name: 'no-headers', type: 'bool' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'show-kind', type: 'bool' },
  { name: 'label-columns', short: 'L', type: 'strings' },
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'sort-by', type: 'string' },
];

const NEED_TYPE = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples`;

/** One kind's objects as get prints them. */
export interface Group {
  r: ResourceInfo;
  objs: KubeObject[];
}

/** Lists objects of a kind honouring -n / -A. */
export function listKind(k: Kube, r: ResourceInfo, allNs: boolean): KubeObject[] {
  if (r.kind === 'Event') return allEvents(k.ctx.engine, allNs ? undefined : k.namespace).map(eventObject);
  return k.ctx.engine.store.list(r.kind, r.namespaced && !allNs ? k.namespace : undefined);
}

/** Runs `kubectl get`. */
export function runGet(k: Kube): number {
  const a = k.args;
  if (a.positional.length === 0) throw new KubectlError(NEED_TYPE);
  const fmt = parseOutput(a.strings.get('output'));
  const allNs = a.bools.has('all-namespaces');
  const sel = parseSelector(a.strings.get('selector') ?? '');
  const hasSel = a.strings.has('selector');
  const fieldSel = a.strings.get('field-selector');

  let requests: { r: ResourceInfo; names: string[] }[];
  if (a.positional[0]!.split(',').includes('all')) {
    const extra = a.positional[0]!.split(',').filter((t) => t !== 'all');
    requests = [...ALL_KINDS.map((kind) => ({ r: resourceForKind(kind)!, names: [] as string[] })), ...extra.map((t) => ({ r: resolveResource(t), names: [] as string[] }))];
  } else requests = typeAndNames(a.positional);
  if (hasSel && requests.some((q) => q.names.length)) throw new KubectlError('error: name cannot be provided when a selector is specified');

  const withKind = a.bools.has('show-kind') || new Set(requests.map((q) => q.r.kind)).size > 1;
  const groups: Group[] = [];
  const errors: string[] = [];
  let byName = false;
  for (const q of requests) {
    let objs: KubeObject[];
    if (q.names.length) {
      byName = true;
      objs = [];
      for (const n of q.names) {
        const o = k.ctx.engine.store.get(q.r.kind, q.r.namespaced ? k.namespace : undefined, n);
        if (o) objs.push(o);
        else errors.push(notFound(q.r, n).message);
      }
    } else {
      objs = listKind(k, q.r, allNs).filter((o) => matches(sel, o.metadata.labels));
      if (fieldSel) {
        const pred = parseFieldSelector(fieldSel, q.r.plural);
        objs = objs.filter(pred);
      }
    }
    const sortBy = a.strings.get('sort-by');
    if (sortBy) objs = sortObjects(objs, sortBy);
    const g = groups.find((x) => x.r.kind === q.r.kind);
    if (g) g.objs.push(...objs);
    else groups.push({ r: q.r, objs });
  }

  const all = groups.flatMap((g) => g.objs);
  if (fmt.kind !== 'table') {
    const single = byName && all.length === 1 && requests.length === 1 && requests[0]!.names.length === 1;
    if (all.length || fmt.kind !== 'name') k.ctx.out(printObjects(all, fmt, single, a.bools.has('no-headers')));
  } else {
    const blocks = groups.filter((g) => g.objs.length).map((g) => table(k, g, fmt.wide, withKind, allNs));
    if (blocks.length) k.ctx.out(blocks.join('\n'));
  }
  for (const e of errors) k.ctx.err(`${e}\n`);
  if (all.length === 0 && errors.length === 0) {
    const namespaced = groups.some((g) => g.r.namespaced);
    k.ctx.err(allNs || !namespaced ? 'No resources found\n' : `No resources found in ${k.namespace} namespace.\n`);
  }
  return errors.length ? 1 : 0;
}

/** `--sort-by=.metadata.name` (a JSONPath; numbers compare as numbers, as kubectl's sorter does). */
function sortObjects(objs: KubeObject[], path: string): KubeObject[] {
  const p = path.replace(/^\{|\}$/g, '');
  let keyed: { o: KubeObject; v: unknown }[];
  try {
    keyed = objs.map((o) => ({ o, v: evalPath(p.startsWith('.') ? p : `.${p}`, o)[0] }));
  } catch {
    throw new KubectlError(`error: couldn't find any field with path "${path}" in the list of objects`);
  }
  return keyed
    .sort((a, b) => (typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v ?? '').localeCompare(String(b.v ?? ''))))
    .map((x) => x.o);
}

function table(k: Kube, g: Group, wide: boolean, withKind: boolean, allNs: boolean): string {
  return renderTable(tableRows(k, g, wide, withKind, allNs, k.args.bools.has('no-headers')));
}

/** The cells of a kind's table: the header (unless `noHeader`) and one row per object. */
export function tableRows(k: Kube, g: Group, wide: boolean, withKind: boolean, allNs: boolean, noHeader: boolean): string[][] {
  const p = PRINTERS[g.r.kind];
  const nsCol = allNs && g.r.namespaced;
  const showLabels = k.args.bools.has('show-labels');
  const labelCols = (k.args.lists.get('label-columns') ?? []).flatMap((c) => c.split(','));
  const header = [...(nsCol ? ['NAMESPACE'] : []), ...(p ? p.headers : ['NAME', 'AGE']), ...(wide && p ? p.wide : [])];
  header.push(...labelCols.map((c) => c.slice(c.lastIndexOf('/') + 1).toUpperCase()));
  if (showLabels) header.push('LABELS');
  const rows = noHeader ? [] : [header];
  for (const o of g.objs) {
    const cells = p ? p.row(o, k.now) : [o.metadata.name, ''];
    // The NAME column (first, except for events) carries `kind/` when several kinds print.
    const nameIdx = g.r.kind === 'Event' ? -1 : 0;
    if (withKind && nameIdx === 0) cells[0] = `${typePrefix(g.r)}/${cells[0]}`;
    const row = [...(nsCol ? [o.metadata.namespace ?? ''] : []), ...cells, ...(wide && p ? p.wideRow(o, k.now) : [])];
    row.push(...labelCols.map((c) => o.metadata.labels?.[c] ?? ''));
    if (showLabels) row.push(formatLabels(o.metadata.labels));
    rows.push(row);
  }
  return rows;
}
