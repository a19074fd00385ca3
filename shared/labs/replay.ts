/**
 * Proves a lab can be solved (CONVENTIONS 9): builds its cluster on a fresh engine,
 * replays every step's reference solution command by command, gives the solution's
 * answers, and evaluates the step's checks. `netlab lab validate` and the built-in labs
 * test use it; a check that fails after its solution is a broken lab.
 */
import { createEnv } from '../model/env';
import { defaultClusterSpec, parseCni, type CniSpec } from '../model/spec';
import { createEngine } from '../sim/create';
import { runScript } from '../shell/script';
import type { Engine } from '../sim/engine';
import type { LoadedLab } from './loader';
import { LabRun } from './run';
import { injectFault, sessionConfigOf, setUpLab } from './setup';
import { liveWorld } from './live-world';
import { evaluateCheck } from './evaluate';
import { resolveTarget } from './targets';
import { fillLive } from './walks';
import type { LabWorld } from './world';

/** One check after its step's solution ran. */
export interface ReplayCheck {
  id: string;
  pass: boolean;
  detail?: string;
  message: string;
}

export interface ReplayStep {
  id: string;
  checks: ReplayCheck[];
  /** Solution commands that exited non-zero (with their output), for the author. */
  commandErrors: string[];
  /** Every check already passed before the solution ran: the step teaches nothing. */
  passedBeforeSolution: boolean;
  reached: boolean;
  /** `highlight` ids that name no element of the topology when the step opens. */
  unknownHighlights: string[];
}

export interface ReplayReport {
  seed: number;
  vars: Record<string, string>;
  setupErrors: string[];
  steps: ReplayStep[];
  ok: boolean;
}

/** Builds the engine for a lab the way the host does (same spec, same seed). */
export function engineForLab(run: LabRun): Engine {
  const c = sessionConfigOf(run.lab, run.seed);
  const cni = parseCni(c.cni) as CniSpec;
  const spec = defaultClusterSpec({ nodes: c.nodes, segments: c.segments, cni, proxyMode: c.proxyMode, workloads: c.workloads });
  return createEngine(spec, createEnv(c.seed));
}

/** Replays a loaded lab's solutions with `seed` and reports every check. */
export function replayLab(loaded: LoadedLab, seed: number, makeEngine: (run: LabRun) => Engine = engineForLab): ReplayReport {
  const run = new LabRun(loaded, seed, 0);
  const engine = makeEngine(run);
  const world: LabWorld = liveWorld(engine);
  const setupErrors = setUpLab(world, run.lab, run.manifests);
  const steps: ReplayStep[] = [];
  let t = 0;
  for (let i = 0; i < run.lab.steps.length; i++) {
    const step = run.lab.steps[i]!;
    if (run.current !== i) {
      steps.push({ id: step.id, checks: [], commandErrors: [], passedBeforeSolution: false, reached: false, unknownHighlights: [] });
      continue;
    }
    const before = step.checks.every((c) => evaluateCheck(c, world, run.trail(i), step.questions).pass);
    const unknownHighlights = step.highlight.length ? missingElements(engine, step.highlight) : [];
    const commandErrors: string[] = [];
    for (const c of step.solution.commands) {
      const target = resolveTarget(engine, c.shell);
      if (!target.ok) {
        commandErrors.push(`${c.shell}: ${target.error}`);
        continue;
      }
      const line = fillLive(c.line, world);
      const r = runScript({ engine, target: target.target, script: `${line}\n` });
      run.recordCommand({ target: target.target, line, code: r.code, output: r.output, at: engine.env.clock.now() });
      if (r.code !== 0) commandErrors.push(`${c.shell}$ ${line} → exit ${r.code}: ${r.output.trim().split('\n').slice(-2).join(' / ')}`);
    }
    for (const [q, a] of Object.entries(run.solutionAnswers(i, world))) run.answer(i, q, a, world);
    const outcomes = run.evaluate(world, (t += 1000));
    for (const f of run.takeOpenedActions()) {
      const e = injectFault(world, f);
      if (e) setupErrors.push(`step ${i + 2} onOpen: ${e}`);
    }
    steps.push({
      id: step.id,
      reached: true,
      commandErrors,
      passedBeforeSolution: before && step.checks.length > 0,
      unknownHighlights,
      checks: outcomes.map((o, k) => ({ ...o, message: step.checks[k]!.message.en })),
    });
  }
  const ok = setupErrors.length === 0 && steps.every((s) => s.reached && s.unknownHighlights.length === 0 && s.checks.every((c) => c.pass));
  return { seed: run.seed, vars: run.vars, setupErrors, steps, ok };
}

/** The seeds a lab is replayed with: its fixed seed, else a few so every variant gets tried. */
export function replaySeeds(loaded: LoadedLab): number[] {
  if (loaded.lab.seed !== undefined) return [loaded.lab.seed];
  return Object.keys(loaded.lab.variables).length > 0 ? [1, 2, 3] : [1];
}

/** The report as the validator prints it. */
export function formatReplay(label: string, r: ReplayReport): string {
  const lines: string[] = [];
  const vars = Object.entries(r.vars).map(([k, v]) => `${k}=${v}`).join(' ');
  lines.push(`${r.ok ? 'PASS' : 'FAIL'} ${label} (seed ${r.seed}${vars ? `; ${vars}` : ''})`);
  for (const e of r.setupErrors) lines.push(`  setup: ${e}`);
  r.steps.forEach((s, i) => {
    lines.push(`  step ${i + 1} ${s.id}${s.reached ? '' : ': not reached (an earlier step did not pass)'}`);
    if (s.passedBeforeSolution) lines.push('    warning: every check passed before the solution ran');
    for (const e of s.commandErrors) lines.push(`    command failed: ${e}`);
    for (const h of s.unknownHighlights) lines.push(`    FAIL highlight: no element "${h}" in the topology`);
    for (const c of s.checks) lines.push(`    ${c.pass ? 'pass' : 'FAIL'} ${c.id}: ${c.message}${c.pass ? '' : ` — ${c.detail ?? 'failed'}`}`);
  });
  return lines.join('\n') + '\n';
}

/** Highlight ids with no element in the engine's topology right now. */
function missingElements(engine: Engine, ids: string[]): string[] {
  const t = (engine as unknown as { topology?(): { nodes: { id: string }[]; edges: { id: string }[] } }).topology?.();
  if (!t) return [];
  const known = new Set([...t.nodes.map((n) => n.id), ...t.edges.map((e) => e.id)]);
  return ids.filter((id) => !known.has(id));
}
