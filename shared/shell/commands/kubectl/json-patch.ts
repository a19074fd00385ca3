/**
 * RFC 6902 JSON patch (`kubectl patch --type json -p '[{"op":"replace",...}]'`) with
 * the API server's error words when an operation cannot apply.
 */
import { KubectlError } from './context';

type Any = Record<string, any>;

function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new KubectlError(`The request is invalid: the server rejected our request due to an error in our request`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Any, parts: string[], path: string): { parent: any; key: string } {
  let cur: any = doc;
  for (const p of parts.slice(0, -1)) {
    cur = Array.isArray(cur) ? cur[Number(p)] : cur?.[p];
    if (cur === undefined || cur === null) throw new KubectlError(`The request is invalid: doc is missing path: "${path}": missing value`);
  }
  return { parent: cur, key: parts.at(-1)! };
}

function get(doc: Any, path: string): unknown {
  let cur: any = doc;
  for (const p of parsePointer(path)) {
    cur = Array.isArray(cur) ? cur[Number(p)] : cur?.[p];
    if (cur === undefined) throw new KubectlError(`The request is invalid: doc is missing path: "${path}": missing value`);
  }
  return cur;
}

function put(doc: Any, path: string, value: unknown, op: 'add' | 'replace'): void {
  const parts = parsePointer(path);
  const { parent, key } = parentOf(doc, parts, path);
  if (Array.isArray(parent)) {
    const idx = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(idx) || idx < 0 || idx > parent.length || (op === 'replace' && idx >= parent.length)) {
      throw new KubectlError(`The request is invalid: unable to ${op} nonexistent index: ${path}`);
    }
    if (op === 'add') parent.splice(idx, 0, value);
    else parent[idx] = value;
  } else {
    if (op === 'replace' && !(key in parent)) throw new KubectlError(`The request is invalid: doc is missing key: ${path}: missing value`);
    parent[key] = value;
  }
}

function remove(doc: Any, path: string): unknown {
  const parts = parsePointer(path);
  const { parent, key } = parentOf(doc, parts, path);
  if (Array.isArray(parent)) {
    const idx = Number(key);
    if (!(idx >= 0 && idx < parent.length)) throw new KubectlError(`The request is invalid: unable to remove nonexistent key: ${key}: missing value`);
    return parent.splice(idx, 1)[0];
  }
  if (!(key in parent)) throw new KubectlError(`The request is invalid: unable to remove nonexistent key: ${key}: missing value`);
  const v = parent[key];
  delete parent[key];
  return v;
}

/** Applies the operations to a copy of `doc`. */
export function applyJsonPatch(doc: unknown, ops: unknown[]): Any {
  const out = structuredClone(doc) as Any;
  for (const raw of ops) {
    const o = raw as Any;
    switch (o?.op) {
      case 'add':
      case 'replace':
        put(out, String(o.path), structuredClone(o.value), o.op);
        break;
      case 'remove':
        remove(out, String(o.path));
        break;
      case 'move':
        put(out, String(o.path), remove(out, String(o.from)), 'add');
        break;
      case 'copy':
        put(out, String(o.path), structuredClone(get(out, String(o.from))), 'add');
        break;
      case 'test':
        if (JSON.stringify(get(out, String(o.path))) !== JSON.stringify(o.value)) throw new KubectlError(`The request is invalid: testing value ${o.path} failed: test failed`);
        break;
      default:
        throw new KubectlError(`The request is invalid: Unexpected kind: ${o?.op}`);
    }
  }
  return out;
}
