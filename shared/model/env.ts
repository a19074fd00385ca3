/**
 * Time and chance, injected (CONVENTIONS 4). The engine never reads the wall clock or
 * Math.random: every IP, MAC, name suffix, `statistic` choice and AGE column comes from
 * these, so the same seed and inputs give byte-identical outputs.
 */

/** A virtual clock in milliseconds since the Unix epoch. Only the engine advances it. */
export interface Clock {
  now(): number;
  advance(ms: number): void;
}

/** A seeded random source; fork() gives an independent, named stream. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** `n` lowercase hex digits. */
  hex(n: number): string;
  /** A child stream whose draws do not disturb this one (stable across unrelated changes). */
  fork(label: string): Rng;
  /** The stream's position, for engine snapshots (undo, resume). */
  saveState?(): number;
  /** Rewinds the stream to a position saveState() returned. */
  loadState?(state: number): void;
}

export interface EngineEnv {
  clock: Clock;
  rng: Rng;
}

/** The default epoch for a fresh lab: 2026-01-01T00:00:00Z. */
export const DEFAULT_START_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

export class VirtualClock implements Clock {
  constructor(private t: number = DEFAULT_START_MS) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    if (ms > 0) this.t += ms;
  }
  /** Puts the clock at an instant (engine restore only: undo rewinds time too). */
  set(ms: number): void {
    this.t = ms;
  }
}

/** FNV-1a 32-bit: turns a label into a seed for fork(). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const HEX = '0123456789abcdef';

/** mulberry32: tiny, fast, and good enough for simulation choices. */
export class SeededRng implements Rng {
  private state: number;
  constructor(private readonly seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += HEX[this.int(16)];
    return s;
  }
  fork(label: string): Rng {
    return new SeededRng((hash32(label) ^ Math.imul(this.seed, 0x9e3779b1)) >>> 0);
  }
  saveState(): number {
    return this.state;
  }
  loadState(state: number): void {
    this.state = state >>> 0;
  }
}

export function createEnv(seed = 1, startMs = DEFAULT_START_MS): EngineEnv {
  return { clock: new VirtualClock(startMs), rng: new SeededRng(seed) };
}
