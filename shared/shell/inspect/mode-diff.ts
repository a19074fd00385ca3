/**
 * The mode diff: what switching the CNI backend or kube-proxy mode changes on each node,
 * in the words of the tools the learner would type. Each node's `ip route`, `ip -br link`,
 * `iptables -t nat -S` and `ipvsadm -Ln` are run through the shell's own non-interactive
 * runner (so the text is exactly what a shell prints, rendered by the real commands), once
 * on the old cluster and once on the new, and compared as unified diffs (jsdiff).
 *
 * It lives in shared/shell (not shared/sim) because it runs shell commands: sim sits below
 * the shell in the layering.
 */
import { structuredPatch } from 'diff';
import type { Engine } from '../../sim/engine';
import type { DiffHunk, MachineModeDiff, ModeDiff, ModeDiffSection, ModeDiffSectionName } from '../../api/inspect';
import { runScript } from '../script';

/** The command behind each section, in display order. */
export const MODE_DIFF_COMMANDS: Readonly<Record<ModeDiffSectionName, string>> = {
  route: 'ip route',
  // -br: one line per link without the link-netns / ifindex noise that shifts with every pod.
  link: 'ip -br link',
  // -S has no counters and no timestamped header, so only real changes show.
  nat: 'iptables -t nat -S',
  ipvs: 'ipvsadm -Ln',
};

const SECTIONS = Object.keys(MODE_DIFF_COMMANDS) as ModeDiffSectionName[];

/** One machine's section texts at one moment. */
export interface MachineCapture {
  machine: string;
  sections: Record<ModeDiffSectionName, string>;
}

/** A cluster's capture plus the modes it ran. */
export interface ModeCapture {
  cni: string;
  proxyMode: string;
  machines: MachineCapture[];
  /** Nodes left out by the cap (a 100-node cluster's nodes differ alike; reading them all costs seconds). */
  skipped: number;
}

/** Nodes captured at most (in spec order). */
export const MODE_DIFF_MAX_MACHINES = 20;

/** Edit distance beyond which two outputs are listed as removed-then-added instead of aligned (Myers is O(N·D)). */
export const MODE_DIFF_MAX_EDIT = 400;

/**
 * Runs `fn` with the engine's `command` events held back: the capture is the window looking,
 * not the learner typing, so an open lab must not record it (other events pass through).
 */
function withoutCommandEvents<T>(engine: Engine, fn: () => T): T {
  const emit = engine.emit;
  const own = Object.prototype.hasOwnProperty.call(engine, 'emit');
  engine.emit = (e) => {
    if (e.type !== 'command') emit.call(engine, e);
  };
  try {
    return fn();
  } finally {
    if (own) engine.emit = emit;
    else delete (engine as { emit?: unknown }).emit;
  }
}

/** Runs the four commands on every node of `engine` (the shell's stdout and stderr, as a learner sees them). */
export function captureModes(engine: Engine, modes: { cni: string; proxyMode: string }, maxMachines = MODE_DIFF_MAX_MACHINES): ModeCapture {
  const nodes = engine.spec.nodes.slice(0, maxMachines);
  const machines = withoutCommandEvents(engine, () => captureMachines(engine, nodes));
  return { cni: modes.cni, proxyMode: modes.proxyMode, machines, skipped: engine.spec.nodes.length - nodes.length };
}

function captureMachines(engine: Engine, nodes: readonly { name: string }[]): MachineCapture[] {
  const machines: MachineCapture[] = [];
  for (const n of nodes) {
    const target = { kind: 'node' as const, name: n.name };
    if (!engine.netnsOf(target)) continue;
    const sections = {} as Record<ModeDiffSectionName, string>;
    for (const s of SECTIONS) sections[s] = runScript({ engine, target, script: `${MODE_DIFF_COMMANDS[s]}\n` }).output;
    machines.push({ machine: n.name, sections });
  }
  return machines;
}

/** Options of diffCaptures. */
export interface DiffOptions {
  /** Context lines around each change (diff -u's default is 3). */
  context?: number;
  /** Most hunk lines kept per section; the rest are counted in `truncated`. */
  maxLines?: number;
  /** Edit distance beyond which the section is listed coarsely (see MODE_DIFF_MAX_EDIT). */
  maxEdit?: number;
}

const byNaturalName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** Compares two captures machine by machine; a machine only on one side diffs against nothing. */
export function diffCaptures(before: ModeCapture, after: ModeCapture, opts: DiffOptions = {}): ModeDiff {
  const a = new Map(before.machines.map((m) => [m.machine, m.sections]));
  const b = new Map(after.machines.map((m) => [m.machine, m.sections]));
  const names = [...new Set([...a.keys(), ...b.keys()])].sort(byNaturalName);
  const machines: MachineModeDiff[] = names.map((machine) => ({
    machine,
    sections: SECTIONS.map((s) => diffSection(s, a.get(machine)?.[s] ?? '', b.get(machine)?.[s] ?? '', opts)),
  }));
  return { from: { cni: before.cni, proxyMode: before.proxyMode }, to: { cni: after.cni, proxyMode: after.proxyMode }, machines, skipped: Math.max(before.skipped, after.skipped) };
}

/** One section's unified diff, capped at opts.maxLines hunk lines. */
export function diffSection(section: ModeDiffSectionName, oldText: string, newText: string, opts: DiffOptions = {}): ModeDiffSection {
  const patch = structuredPatch('before', 'after', oldText, newText, undefined, undefined, { context: opts.context ?? 3, maxEditLength: opts.maxEdit ?? MODE_DIFF_MAX_EDIT });
  const coarse = !patch;
  const hunks0 = patch ? patch.hunks : [coarseHunk(oldText, newText)];
  const max = opts.maxLines ?? Infinity;
  let added = 0;
  let removed = 0;
  let kept = 0;
  let truncated = 0;
  const hunks: DiffHunk[] = [];
  for (const h of hunks0) {
    // jsdiff marks a missing final newline with a "\ No newline" line; it is not state.
    const lines = h.lines.filter((l) => l[0] === '+' || l[0] === '-' || l[0] === ' ');
    for (const l of lines) {
      if (l[0] === '+') added++;
      else if (l[0] === '-') removed++;
    }
    if (kept >= max) {
      truncated += lines.length;
      continue;
    }
    const room = max - kept;
    const shown = lines.length > room ? lines.slice(0, room) : lines;
    truncated += lines.length - shown.length;
    kept += shown.length;
    hunks.push({ oldStart: h.oldStart, oldLines: h.oldLines, newStart: h.newStart, newLines: h.newLines, lines: shown });
  }
  return { section, command: MODE_DIFF_COMMANDS[section], added, removed, hunks, truncated, ...(coarse ? { coarse } : {}) };
}

const linesOf = (text: string) => (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n').filter((l, i, a) => a.length > 1 || l !== '');

/**
 * Two outputs too far apart to align (an iptables-mode nat table of thousands of rules
 * against IPVS mode's dozens): the lines only the old one has, then those only the new
 * one has, each in its own order, as one hunk without context.
 */
function coarseHunk(oldText: string, newText: string): { oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] } {
  const a = linesOf(oldText);
  const b = linesOf(newText);
  const count = (xs: string[]) => xs.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const inB = count(b);
  const inA = count(a);
  const take = (m: Map<string, number>, l: string) => {
    const n = m.get(l) ?? 0;
    if (n > 0) m.set(l, n - 1);
    return n > 0;
  };
  const removed = a.filter((l) => !take(inB, l)).map((l) => `-${l}`);
  const added = b.filter((l) => !take(inA, l)).map((l) => `+${l}`);
  return { oldStart: 1, oldLines: a.length, newStart: 1, newLines: b.length, lines: [...removed, ...added] };
}
