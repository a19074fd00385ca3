/**
 * `kubectl apply`'s three-way merge, simplified: the new manifest wins, fields dropped
 * since the last applied manifest are removed, and everything the server or the
 * controllers added (clusterIP, nodePort, status, defaults) is kept. Lists of objects
 * merge by their strategic merge keys (containers by name, ports by port), as kubectl does.
 */
type Any = Record<string, any>;

const isObj = (v: unknown): v is Any => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The merge key for a list under `field`, if its items are keyed. */
function mergeKey(field: string, items: unknown[]): string | undefined {
  if (!items.every(isObj)) return undefined;
  if (field === 'ports') {
    if (items.every((i) => 'containerPort' in (i as Any))) return 'containerPort';
    if (items.every((i) => 'port' in (i as Any))) return 'port';
    return undefined;
  }
  if (['containers', 'initContainers', 'env', 'volumes'].includes(field) && items.every((i) => 'name' in (i as Any))) return 'name';
  return undefined;
}

function mergeList(field: string, live: unknown[], last: unknown[] | undefined, next: unknown[]): unknown[] {
  const key = mergeKey(field, [...next, ...live]);
  if (!key) return structuredClone(next);
  const find = (list: unknown[] | undefined, v: unknown) => (list ?? []).find((i) => isObj(i) && i[key] === v) as Any | undefined;
  const out: unknown[] = next.map((n) => {
    const l = find(live, (n as Any)[key]);
    return l ? mergeMap(l, find(last, (n as Any)[key]), n as Any) : structuredClone(n);
  });
  // Live items the user never applied (added by the server) stay; items the user removed go.
  for (const l of live) {
    const k = (l as Any)[key];
    if (!find(next, k) && !find(last, k)) out.push(structuredClone(l));
  }
  return out;
}

/** Merges `next` into `live`, deleting what `last` had and `next` dropped. */
export function mergeMap(live: Any, last: Any | undefined, next: Any): Any {
  const out: Any = structuredClone(live);
  for (const [k, v] of Object.entries(next)) {
    if (v === null) {
      delete out[k];
      continue;
    }
    const lv = live[k];
    if (isObj(v) && isObj(lv)) out[k] = mergeMap(lv, isObj(last?.[k]) ? last[k] : undefined, v);
    else if (Array.isArray(v) && Array.isArray(lv)) out[k] = mergeList(k, lv, Array.isArray(last?.[k]) ? last[k] : undefined, v);
    else out[k] = structuredClone(v);
  }
  for (const k of Object.keys(last ?? {})) if (!(k in next)) delete out[k];
  return out;
}

/** Deep equality of plain data (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** JSON merge patch (RFC 7386), for `kubectl patch --type merge`. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Any = isObj(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
