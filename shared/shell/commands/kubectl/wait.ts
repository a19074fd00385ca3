/**
 * `kubectl wait --for=condition=Ready|delete|jsonpath=... TYPE [NAME | -l sel]`. The lab's
 * controllers settle at once, so a wait is answered from current state; one that would
 * never be met times out with kubectl's words.
 */
import type { KubeObject } from '../../../model/objects';
import { KubectlError, notFound, typeAndNames, type Verb } from './context';
import { evalPath } from './jsonpath';
import { objectName } from './output';
import { resourceForKind, qualifiedPlural } from './resources';
import { matches, parseSelector } from './selector';

type Any = Record<string, any>;

/** `kubectl wait`. */
export const wait: Verb = {
  name: 'wait',
  summary: 'Experimental: Wait for a specific condition on one or many resources',
  usage: 'kubectl wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath=\'{}\'[=value]] [options]',
  flags: [
    { name: 'for', type: 'string' },
    { name: 'timeout', type: 'string' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all', type: 'bool' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
  ],
  run(k) {
    const cond = k.args.strings.get('for');
    if (!cond) throw new KubectlError('error: --for must be specified');
    const reqs = typeAndNames(k.args.positional);
    if (!reqs.length) throw new KubectlError('error: resource(s) were provided, but no name was specified');
    const objs: KubeObject[] = [];
    const sel = parseSelector(k.args.strings.get('selector') ?? '');
    for (const q of reqs) {
      if (q.names.length) {
        for (const n of q.names) {
          const o = k.ctx.engine.store.get(q.r.kind, q.r.namespaced ? k.namespace : undefined, n);
          if (o) objs.push(o);
          else if (cond !== 'delete') throw notFound(q.r, n);
        }
      } else if (k.args.strings.has('selector') || k.args.bools.has('all')) {
        const ns = q.r.namespaced && !k.args.bools.has('all-namespaces') ? k.namespace : undefined;
        objs.push(...k.ctx.engine.store.list(q.r.kind, ns).filter((o) => matches(sel, o.metadata.labels)));
      } else throw new KubectlError('error: resource(s) were provided, but no name was specified');
    }
    if (!objs.length && cond !== 'delete') throw new KubectlError(`error: no matching resources found`);
    for (const o of objs) {
      let met: boolean;
      const m = /^condition=([^=]+)(?:=(.*))?$/i.exec(cond);
      const jp = /^jsonpath=(.+?)(?:=(.*))?$/.exec(cond);
      if (cond === 'delete') met = false;
      else if (cond === 'create') met = true;
      else if (m) {
        const want = (m[2] ?? 'True').toLowerCase();
        met = (((o.status as Any)?.conditions ?? []) as Any[]).some((c) => String(c.type).toLowerCase() === m[1]!.toLowerCase() && String(c.status).toLowerCase() === want);
      } else if (jp) {
        const vals = evalPath(jp[1]!.replace(/^'|'$/g, '').replace(/^\{|\}$/g, ''), o);
        met = jp[2] === undefined ? vals.length > 0 : vals.some((v) => String(v) === jp[2]);
      } else throw new KubectlError(`error: unrecognized condition: "${cond}"`);
      const r = resourceForKind(o.kind)!;
      if (!met) {
        throw new KubectlError(`error: timed out waiting for the condition on ${qualifiedPlural(r)}/${o.metadata.name}`);
      }
      k.ctx.out(`${objectName(o)} condition met\n`);
    }
    return 0;
  },
};
