/**
 * `-o` output formats: yaml and json (keys sorted, as kubectl's unstructured printing
 * does), name (`deployment.apps/web`), jsonpath and custom-columns. Tables live in get.ts.
 */
import YAML from 'yaml';
import type { KubeObject } from '../../../model/objects';
import { KubectlError } from './context';
import { evalPath, JsonPathError, renderJsonPath } from './jsonpath';
import { resourceForKind, typePrefix } from './resources';
import { renderTable } from './table';

/** The formats `-o` accepts in this lab. */
export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string }
  | { kind: 'custom-columns'; columns: { header: string; path: string }[] };

const ALLOWED =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

/** Parses the `-o` value; `allowWide` is false for verbs that print objects, not tables. */
export function parseOutput(value: string | undefined, allowWide = true): OutputFormat {
  if (value === undefined || value === '') return { kind: 'table', wide: false };
  if (value === 'wide' && allowWide) return { kind: 'table', wide: true };
  if (value === 'yaml') return { kind: 'yaml' };
  if (value === 'json') return { kind: 'json' };
  if (value === 'name') return { kind: 'name' };
  const eq = value.indexOf('=');
  const fmt = eq >= 0 ? value.slice(0, eq) : value;
  const arg = eq >= 0 ? value.slice(eq + 1) : '';
  if (fmt === 'jsonpath') {
    if (!arg) throw new KubectlError('error: template format specified but no template given');
    return { kind: 'jsonpath', template: arg };
  }
  if (fmt === 'custom-columns') {
    if (!arg) throw new KubectlError('error: custom-columns format specified but no custom columns given');
    const columns = arg.split(',').map((c) => {
      const i = c.indexOf(':');
      if (i < 0) throw new KubectlError(`error: unexpected custom-columns spec: ${c}, expected <header>:<json-path-expr>`);
      return { header: c.slice(0, i), path: c.slice(i + 1) };
    });
    return { kind: 'custom-columns', columns };
  }
  throw new KubectlError(`error: unable to match a printer suitable for the output format "${value}", allowed formats are: ${ALLOWED}`);
}

/** Deep copy with map keys sorted, the order kubectl's printers use. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

/** YAML as kubectl prints it (go-yaml style: sequences not indented, YAML 1.1 quoting, no folding). */
export function toYaml(v: unknown): string {
  return YAML.stringify(sortKeys(v), { indentSeq: false, lineWidth: 0, schema: 'yaml-1.1' });
}

/** JSON as kubectl prints it: 4-space indent, sorted keys. */
export function toJson(v: unknown): string {
  return `${JSON.stringify(sortKeys(v), null, 4)}\n`;
}

/** `kind.group/name`. */
export function objectName(o: KubeObject): string {
  const r = resourceForKind(o.kind);
  return `${r ? typePrefix(r) : o.kind.toLowerCase()}/${o.metadata.name}`;
}

/** The List wrapper kubectl prints around several objects. */
export function asList(objs: KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items: objs, kind: 'List', metadata: { resourceVersion: '' } };
}

/** Go's `%v` of decoded JSON, which custom-columns prints for maps and lists (`[map[ip:10.244.1.5]]`). */
export function goValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goValue(o[k])}`)
      .join(' ')}]`;
  }
  return String(v);
}

/** Prints objects in a non-table format; `single` prints one object rather than a List; `noHeaders` drops custom-columns' header. */
export function printObjects(objs: KubeObject[], fmt: OutputFormat, single: boolean, noHeaders = false): string {
  const data = single && objs.length === 1 ? objs[0]! : asList(objs);
  switch (fmt.kind) {
    case 'yaml':
      return toYaml(data);
    case 'json':
      return toJson(data);
    case 'name':
      return objs.map((o) => `${objectName(o)}\n`).join('');
    case 'jsonpath':
      try {
        return renderJsonPath(fmt.template, sortKeys(data));
      } catch (e) {
        const msg = e instanceof JsonPathError ? e.message : String(e);
        throw new KubectlError(`error: error parsing jsonpath ${fmt.template}, ${msg}`);
      }
    case 'custom-columns': {
      const rows = noHeaders ? [] : [fmt.columns.map((c) => c.header)];
      for (const o of objs) {
        rows.push(
          fmt.columns.map((c) => {
            const p = c.path.replace(/^\{|\}$/g, '');
            const vals = evalPath(p.startsWith('.') ? p : `.${p}`, o);
            return vals.length ? vals.map(goValue).join(',') : '<none>';
          }),
        );
      }
      return renderTable(rows);
    }
    default:
      return '';
  }
}
