/** Measuring helpers shared by the bench cases: time, process CPU time, peak memory, and a table row. */
import { performance } from 'node:perf_hooks';
import type { BenchRow } from './services';

/** Heap in MB now (after a GC when node runs with --expose-gc). */
function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Runs `fn` while sampling the heap; returns its result, the time, the process CPU time and the peak heap growth. */
export function measure<T>(fn: () => T): { value: T; ms: number; cpuMs: number; peakMb: number } {
  const base = heapMb();
  const rss0 = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // The heap is collected during a long build, so its growth understates the peak; RSS growth does not shrink back.
  const m = process.memoryUsage();
  const peakMb = Math.max(0, m.heapUsed / 2 ** 20 - base, (m.rss - rss0) / 2 ** 20);
  // CPU time too: on a shared, loaded machine the wall clock includes waiting for a core (GC threads count as well).
  return { value, ms, cpuMs: (cpu.user + cpu.system) / 1000, peakMb };
}

/** A table row: `N ms M MB` against the targets. */
export function row(name: string, ms: number, target?: { ms?: number; mb?: number }, mb?: number): BenchRow {
  const okMs = target?.ms === undefined || ms < target.ms;
  const okMb = target?.mb === undefined || mb === undefined || mb < target.mb;
  const value = `${ms < 10 ? ms.toFixed(3) : ms.toFixed(0)} ms${mb !== undefined ? ` ${mb.toFixed(0)} MB` : ''}`;
  const t = [target?.ms !== undefined ? `< ${target.ms} ms` : '', target?.mb !== undefined ? `< ${target.mb} MB` : ''].filter(Boolean).join(', ');
  return { name, value, ...(t ? { target: t, ok: okMs && okMb } : {}) };
}

