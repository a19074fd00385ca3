/**
 * Compares a simulated command's output with the real one. Masks only what cannot match
 * between a simulation and a kernel we build by hand (documented in docs/deviations.md):
 * the netns names in `link-netns`, the underlay NICs being veths into a switch namespace
 * here (`eth0@if5`), and dynamic neighbour entries (only PERMANENT ones are compared).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './host';
import { PREFIX } from './names';

export interface Mask {
  name: string;
  apply(text: string): string;
}

export const MASKS: Mask[] = [
  {
    // Our underlay NICs are veths into a switch namespace; on a node they are physical.
    name: 'underlay NICs are veths here',
    apply: (t) =>
      t
        .split(/(?=^\d+: )/m)
        .map((block) => (block.includes(`link-netns ${PREFIX}sw.`) ? block.replace(/^(\d+: [^@:]+)@if\d+:/, '$1:').replace(/ link-netns \S+/g, '') : block))
        .join(''),
  },
  { name: 'netns names', apply: (t) => t.replace(/link-netns \S+/g, 'link-netns <netns>').replace(/link-netnsid \d+/g, 'link-netnsid <id>') },
];

export function masked(text: string): string {
  return MASKS.reduce((t, m) => m.apply(t), text.replace(/\r\n/g, '\n'));
}

/** Keeps only PERMANENT (and proxy) neighbour lines: the others depend on traffic. */
export function permanentNeighbours(text: string): string {
  return text
    .split('\n')
    .filter((l) => /PERMANENT|proxy/.test(l))
    .join('\n');
}

/** A unified diff of two texts, or '' when equal. */
export function unifiedDiff(label: string, expected: string, actual: string): string {
  if (expected === actual) return '';
  const dir = mkdtempSync(join(tmpdir(), 'nlc-diff-'));
  try {
    writeFileSync(join(dir, 'real'), expected);
    writeFileSync(join(dir, 'sim'), actual);
    const r = run(['diff', '-u', '--label', `real: ${label}`, '--label', `sim: ${label}`, join(dir, 'real'), join(dir, 'sim')]);
    return r.stdout || '(texts differ only in ways diff cannot show, e.g. a trailing newline)';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
