/**
 * Lookup indexes over a namespace's entry arrays (routes by destination, neighbours by IP,
 * FDB entries by MAC), so the CNI's inserts are not a scan each: a 100-node mesh writes
 * ~10,000 remote routes, neighbours and FDB entries, and every pod adds more.
 *
 * The arrays stay the plain source of truth (snapshots, commands and the walker read them
 * directly). An index is kept per array object and brought up to date lazily: entries
 * pushed since it was last used are added, and anything else (the array replaced by a
 * `filter`, shortened by a splice, its last element swapped) makes it rebuild. It relies
 * on what every writer does: append with push, or assign a new array; never assign an
 * element in place (except through `replaceEntry`) and never change an entry's key field.
 * The key is a field nobody rewrites (a route's dst, a neighbour's ip, an FDB entry's
 * mac); callers check the candidates' other fields themselves.
 */

/** Arrays shorter than this are scanned, not indexed. */
export const SMALL = 24;

interface EntryIndex<T> {
  length: number;
  last: T | undefined;
  byKey: Map<string, T[]>;
}

/** Per array, one index per key function (routes are looked up by dst and by kind). */
const indexes = new WeakMap<object, Map<unknown, EntryIndex<unknown>>>();

function indexOf<T>(arr: T[], keyOf: (e: T) => string): EntryIndex<T> | undefined {
  return indexes.get(arr)?.get(keyOf) as EntryIndex<T> | undefined;
}

function put<T>(byKey: Map<string, T[]>, key: string, entry: T): void {
  const list = byKey.get(key);
  if (list) list.push(entry);
  else byKey.set(key, [entry]);
}

/**
 * The entries of `arr` whose key is `key`, in array order (so the first that matches
 * is the one `findIndex` would find). `keyOf` must be the same function for an array.
 */
export function candidates<T>(arr: T[], keyOf: (e: T) => string, key: string): readonly T[] {
  let ix = indexOf(arr, keyOf);
  if (ix && ix.length <= arr.length && (ix.length === 0 || arr[ix.length - 1] === ix.last)) {
    for (let i = ix.length; i < arr.length; i++) put(ix.byKey, keyOf(arr[i]!), arr[i]!);
  } else {
    ix = { length: 0, last: undefined, byKey: new Map() };
    for (const e of arr) put(ix.byKey, keyOf(e), e);
    let perArray = indexes.get(arr);
    if (!perArray) indexes.set(arr, (perArray = new Map()));
    perArray.set(keyOf, ix as EntryIndex<unknown>);
  }
  ix.length = arr.length;
  ix.last = arr[arr.length - 1];
  return ix.byKey.get(key) ?? [];
}

/** The position of the first entry with `key` that `match` accepts, or -1 (findIndex, indexed). */
export function findEntry<T>(arr: T[], keyOf: (e: T) => string, key: string, match: (e: T) => boolean): number {
  // A pod's few routes: a scan is cheaper than keeping an index.
  if (arr.length < SMALL) {
    for (let i = 0; i < arr.length; i++) if (keyOf(arr[i]!) === key && match(arr[i]!)) return i;
    return -1;
  }
  for (const e of candidates(arr, keyOf, key)) if (match(e)) return arr.indexOf(e);
  return -1;
}

/** `arr[i] = entry` keeping the index (entry must have the same key as the one it replaces). */
export function replaceEntry<T>(arr: T[], keyOf: (e: T) => string, i: number, entry: T): void {
  const old = arr[i]!;
  arr[i] = entry;
  const perArray = indexes.get(arr);
  if (!perArray) return;
  // Indexes by other keys would still hold the old entry: drop them (they rebuild when next used).
  for (const fn of [...perArray.keys()]) if (fn !== keyOf) perArray.delete(fn);
  const ix = perArray.get(keyOf) as EntryIndex<T> | undefined;
  // Past the indexed part, the entry is picked up like a pushed one.
  if (!ix || i >= ix.length) return;
  const list = ix.byKey.get(keyOf(old));
  const j = list ? list.indexOf(old) : -1;
  if (j < 0) {
    perArray.delete(keyOf);
    return;
  }
  list![j] = entry;
  if (i === ix.length - 1) ix.last = entry;
}
