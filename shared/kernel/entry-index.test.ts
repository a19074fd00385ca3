import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { candidates, findEntry, replaceEntry } from './entry-index';

type E = { k: string; v: number };
const keyOf = (e: E): string => e.k;
const byV = (e: E): string => String(e.v % 2);

/** Every way the kernel's writers change an entry array, and a query after each. */
const op = fc.oneof(
  fc.record({ t: fc.constant('push' as const), k: fc.constantFrom('a', 'b', 'c', 'd'), v: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ t: fc.constant('filter' as const), v: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ t: fc.constant('splice' as const), i: fc.nat(20) }),
  fc.record({ t: fc.constant('replace' as const), i: fc.nat(20), v: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ t: fc.constant('byV' as const), v: fc.integer({ min: 0, max: 3 }) }),
);

describe('entry index', () => {
  it('finds what findIndex finds, whatever the writers did in between', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.array(op, { maxLength: 60 }), fc.constantFrom('a', 'b', 'c', 'd', 'z'), fc.integer({ min: 0, max: 3 }), (start, ops, qk, qv) => {
        // Some arrays start past SMALL (indexed), others below it (scanned) and grow through it.
        const ns: { arr: E[] } = { arr: Array.from({ length: start }, (_, i) => ({ k: 'abcd'[i % 4]!, v: i % 4 })) };
        for (const o of ops) {
          if (o.t === 'push') ns.arr.push({ k: o.k, v: o.v });
          else if (o.t === 'filter') ns.arr = ns.arr.filter((e) => e.v !== o.v);
          else if (o.t === 'splice' && o.i < ns.arr.length) ns.arr.splice(o.i, 1);
          else if (o.t === 'replace' && o.i < ns.arr.length) replaceEntry(ns.arr, keyOf, o.i, { k: ns.arr[o.i]!.k, v: o.v });
          else if (o.t === 'byV') expect(candidates(ns.arr, byV, String(o.v % 2))).toEqual(ns.arr.filter((e) => byV(e) === String(o.v % 2)));
          for (const k of ['a', 'b', 'z']) {
            expect(findEntry(ns.arr, keyOf, k, (e) => e.v === qv)).toBe(ns.arr.findIndex((e) => e.k === k && e.v === qv));
          }
        }
        expect(findEntry(ns.arr, keyOf, qk, (e) => e.v >= qv)).toBe(ns.arr.findIndex((e) => e.k === qk && e.v >= qv));
        expect(candidates(ns.arr, keyOf, qk)).toEqual(ns.arr.filter((e) => e.k === qk));
      }),
      { numRuns: 500 },
    );
  });
});
