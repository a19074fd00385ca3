/**
 * `kubectl get KIND [NAME...] -w`: the table, then one row per change of a matching object
 * as the store's watch events arrive, until Ctrl-C (kubectl dies of SIGINT: 130). Rows keep
 * the widths seen so far, as kubectl's tab writer remembers them across flushes
 * (cli-runtime's RememberWidths), and a deleted object's last row reads Terminating. A job:
 * it waits for changes from outside its own line (another terminal, the window); a script
 * has no one else to make them, so there the watch ends after the table.
 */
import type { KubeObject } from '../../../model/objects';
import { isoSeconds } from '../../../model/store';
import { Interrupt, type Job } from '../../job';
import { KubectlError, resolveResource, typeAndNames, type Kube } from './context';
import { listKind, runGet, tableRows } from './get';
import { objectName, parseOutput, printObjects } from './output';
import { matches, parseSelector } from './selector';
import { ALL_KINDS, resourceForKind } from './resources';

/** How often a waiting watch prints what has arrived. */
const POLL_MS = 500;

/** `kubectl get` as a job: plain get unless -w. */
export function* getJob(k: Kube): Job {
  const a = k.args;
  if (!a.bools.has('watch') || a.positional.length === 0) return runGet(k);
  const kinds = a.positional[0]!.split(',');
  if (kinds.includes('all') || kinds.length > 1) {
    // kubectl counts the objects it found (its resource infos) in this message.
    const kindsAsked = kinds.flatMap((t) => (t === 'all' ? ALL_KINDS.map((kind) => resourceForKind(kind)!) : [resolveResource(t)]));
    const n = kindsAsked.reduce((sum, ri) => sum + listKind(k, ri, a.bools.has('all-namespaces')).length, 0);
    throw new KubectlError(`error: watch is only supported on individual resources and resource collections, but ${n} resources were found`);
  }
  const [req] = typeAndNames(a.positional);
  const r = req ? req.r : resolveResource(kinds[0]!);
  const names = req?.names ?? [];
  const status = runGet(k);
  if (status !== 0) return status;
  const fmt = parseOutput(a.strings.get('output'));
  const allNs = a.bools.has('all-namespaces');
  const sel = parseSelector(a.strings.get('selector') ?? '');
  const wanted = (o: KubeObject) =>
    o.kind === r.kind &&
    (allNs || !r.namespaced || (o.metadata.namespace ?? 'default') === k.namespace) &&
    (names.length ? names.includes(o.metadata.name) : matches(sel, o.metadata.labels));
  // Widths as the first table left them; each later row widens them if it must.
  const first = tableRows(k, { r, objs: listKind(k, r, allNs).filter(wanted) }, fmt.kind === 'table' && fmt.wide, false, allNs, a.bools.has('no-headers'));
  const widths: number[] = [];
  for (const row of first) row.forEach((c, i) => i < row.length - 1 && (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  // Each change with the time it happened (its row's AGE is as of then).
  const queue: { o: KubeObject; at: number }[] = [];
  const sub = k.ctx.engine.store.watch((e) => {
    if (!wanted(e.object)) return;
    const o = structuredClone(e.object);
    if (e.type === 'DELETED') o.metadata.deletionTimestamp ??= isoSeconds(k.ctx.engine.env.clock.now());
    queue.push({ o, at: k.ctx.engine.env.clock.now() });
  });
  const last = new Map<string, string>();
  try {
    for (;;) {
      try {
        yield { kind: 'watch', ms: POLL_MS };
      } catch (e) {
        // Nothing else can change the cluster (a script): the watch is over.
        if (e instanceof Interrupt && e.idle) return 0;
        throw e;
      }
      let out = '';
      // Controllers react inside the store's notification, so nested changes reach this
      // listener before the change that caused them: print in resourceVersion order.
      const batch = queue.splice(0).sort((x, y) => rv(x.o) - rv(y.o));
      for (const { o, at } of batch) {
        const key = `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
        const text = fmt.kind === 'table' ? watchRow({ ...k, now: at }, r, o, fmt.wide, allNs, widths) : fmt.kind === 'name' ? `${objectName(o)}\n` : printObjects([o], fmt, true);
        // The simulation writes some changes in several steps; a repeated identical row says nothing new.
        if (last.get(key) === text) continue;
        last.set(key, text);
        out += text;
      }
      if (out) k.ctx.out(out);
    }
  } finally {
    sub.dispose();
  }
}

/** An object's resourceVersion as a number (a deletion keeps the last one, sorted after it). */
function rv(o: KubeObject): number {
  return Number(o.metadata.resourceVersion ?? 0) + (o.metadata.deletionTimestamp ? 0.5 : 0);
}

/** One object's row, padded to the remembered widths (kubectl's padding of 3). */
function watchRow(k: Kube, r: ReturnType<typeof resolveResource>, o: KubeObject, wide: boolean, allNs: boolean, widths: number[]): string {
  const [row] = tableRows(k, { r, objs: [o] }, wide, false, allNs, true);
  if (!row) return '';
  return (
    row
      .map((c, i) => {
        if (i === row.length - 1) return c;
        widths[i] = Math.max(widths[i] ?? 0, c.length);
        return c.padEnd(widths[i]! + 3);
      })
      .join('') + '\n'
  );
}
