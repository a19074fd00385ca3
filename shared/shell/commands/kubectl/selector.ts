/**
 * Label selectors as typed on the command line (`-l app=web,tier!=db,env in (a,b),!x`)
 * and field selectors (`--field-selector spec.nodeName=node-2`).
 */
import type { KubeObject } from '../../../model/objects';
import { KubectlError } from './context';

type Req = { key: string; op: 'eq' | 'ne' | 'in' | 'notin' | 'exists' | '!exists'; values: string[] };

/** A parsed selector: a list of requirements, all of which must hold. */
export type Selector = Req[];

const KEY = /^([A-Za-z0-9][-A-Za-z0-9_.]*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Splits on commas outside parentheses. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Parses a label selector or throws kubectl's error. */
export function parseSelector(text: string): Selector {
  const reqs: Req[] = [];
  if (text.trim() === '') return reqs;
  for (const raw of splitTop(text)) {
    const part = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(\S+?)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part))) {
      reqs.push({ key: m[1]!, op: m[2] as 'in' | 'notin', values: m[3]!.split(',').map((v) => v.trim()).filter(Boolean) });
    } else if ((m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part))) {
      reqs.push({ key: m[1]!, op: m[2] === '!=' ? 'ne' : 'eq', values: [m[3]!] });
    } else if ((m = /^!\s*(\S+)$/.exec(part))) reqs.push({ key: m[1]!, op: '!exists', values: [] });
    else if (/^\S+$/.test(part)) reqs.push({ key: part, op: 'exists', values: [] });
    else throw new KubectlError(`error: couldn't parse the selector string "${text}": unable to parse requirement: found '${part}', expected: identifier`);
    const key = reqs.at(-1)!.key;
    if (!KEY.test(key)) {
      throw new KubectlError(`error: unable to parse requirement: <nil>: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`);
    }
  }
  return reqs;
}

/** Does the selector hold for these labels? */
export function matches(sel: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return sel.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'eq':
        return has && l[r.key] === r.values[0];
      case 'ne':
        return !has || l[r.key] !== r.values[0];
      case 'in':
        return has && r.values.includes(l[r.key]!);
      case 'notin':
        return !has || !r.values.includes(l[r.key]!);
      case 'exists':
        return has;
      default:
        return !has;
    }
  });
}

const FIELDS: Record<string, (o: KubeObject) => string> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace ?? '',
  'spec.nodeName': (o) => String((o.spec as Record<string, unknown> | undefined)?.nodeName ?? ''),
  'status.phase': (o) => String((o.status as Record<string, unknown> | undefined)?.phase ?? ''),
  'status.podIP': (o) => String((o.status as Record<string, unknown> | undefined)?.podIP ?? ''),
  'spec.type': (o) => String((o.spec as Record<string, unknown> | undefined)?.type ?? ''),
};

/** Parses `--field-selector` and returns a predicate. */
export function parseFieldSelector(text: string, plural: string): (o: KubeObject) => boolean {
  const preds = text.split(',').filter(Boolean).map((part) => {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(part.trim());
    if (!m) throw new KubectlError(`error: invalid selector: '${text}'; can't understand '${part}'`);
    const get = FIELDS[m[1]!];
    if (!get) throw new KubectlError(`Error from server (BadRequest): Unable to find "/v1, Resource=${plural}" that match label selector "", field selector "${text}": "${m[1]}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    return (o: KubeObject) => (get(o) === m[3]) === (m[2] !== '!=');
  });
  return (o) => preds.every((p) => p(o));
}
