/**
 * The learner's progress in one lab: which step is open, what passed, hints used, answers,
 * time per step, the commands run and (from the host) the cluster state to resume from.
 * Plain JSON so it can be saved atomically, exported for the instructor and imported on
 * another machine; the zod schema guards every load and import.
 */
import { z } from 'zod';

const commandRecord = z.object({
  target: z.union([
    z.object({ kind: z.literal('node'), name: z.string() }),
    z.object({ kind: z.literal('pod'), namespace: z.string(), name: z.string(), container: z.string().optional() }),
    z.object({ kind: z.literal('external') }),
  ]),
  line: z.string(),
  code: z.number().int(),
  output: z.string(),
  at: z.number(),
});

export const stepProgressSchema = z.object({
  id: z.string(),
  done: z.boolean(),
  /** Check ids that passed at the last evaluation. */
  passed: z.array(z.string()),
  /** Check ids evaluated so far (a check not in here has no colour yet). */
  evaluated: z.array(z.string()).default([]),
  hintsShown: z.number().int().min(0),
  /** Hint indexes revealed by a mistake rather than by asking. */
  autoHints: z.array(z.number().int()).default([]),
  answers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  /** Grades of the answers, by question id, with what was right. */
  graded: z.record(z.string(), z.object({ correct: z.boolean(), expected: z.string().optional() })).default({}),
  solutionShown: z.boolean().default(false),
  /** Wall-clock ms spent with this step open. */
  activeMs: z.number().min(0).default(0),
  openedAt: z.number().optional(),
  doneAt: z.number().optional(),
});
export type StepProgress = z.infer<typeof stepProgressSchema>;

export const labProgressSchema = z.object({
  format: z.literal('netlab-progress/1'),
  labId: z.string(),
  seed: z.number().int().min(0),
  current: z.number().int().min(0),
  steps: z.array(stepProgressSchema),
  /** Commands the learner ran (newest last, capped), for command checks and the report. */
  commands: z.array(commandRecord).default([]),
  startedAt: z.number(),
  updatedAt: z.number(),
  completedAt: z.number().optional(),
  /** The host's engine snapshot to resume from (opaque here). */
  cluster: z.unknown().optional(),
});
export type LabProgress = z.infer<typeof labProgressSchema>;

/** How many commands progress keeps. */
export const MAX_COMMANDS = 500;

/** Fresh progress for a lab's steps. */
export function newProgress(labId: string, stepIds: string[], seed: number, now: number): LabProgress {
  return {
    format: 'netlab-progress/1',
    labId,
    seed,
    current: 0,
    steps: stepIds.map((id, i) => emptyStep(id, i === 0 ? now : undefined)),
    commands: [],
    startedAt: now,
    updatedAt: now,
  };
}

/** An untouched step. */
export function emptyStep(id: string, openedAt?: number): StepProgress {
  return { id, done: false, passed: [], evaluated: [], hintsShown: 0, autoHints: [], answers: {}, graded: {}, solutionShown: false, activeMs: 0, ...(openedAt !== undefined ? { openedAt } : {}) };
}

/** 0-100: the share of steps done. */
export function percentDone(p: Pick<LabProgress, 'steps'>): number {
  if (p.steps.length === 0) return 0;
  return Math.round((100 * p.steps.filter((s) => s.done).length) / p.steps.length);
}

/**
 * Reconciles saved progress with the lab as it is now (an edited lab may have added,
 * removed or reordered steps): keeps what matches by step id, starts the rest fresh.
 */
export function reconcile(p: LabProgress, stepIds: string[], now: number): LabProgress {
  const byId = new Map(p.steps.map((s) => [s.id, s]));
  const steps = stepIds.map((id) => byId.get(id) ?? emptyStep(id));
  let current = 0;
  while (current < steps.length - 1 && steps[current]!.done) current++;
  current = Math.min(Math.max(p.current, 0), steps.length - 1, current);
  steps[current]!.openedAt ??= now;
  return { ...p, steps, current };
}

/** Parses saved or imported progress; undefined (with the reason) when it is not valid. */
export function parseProgress(json: string): { ok: true; progress: LabProgress } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    return { ok: false, error: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const r = labProgressSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    return { ok: false, error: `${i.path.join('.') || 'progress'}: ${i.message}` };
  }
  return { ok: true, progress: r.data };
}

function minutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** A readable report for the instructor: steps, checks passed, hints used, time, answers. */
export function progressSummary(p: LabProgress, title: string, checkCounts: number[]): string {
  const lines: string[] = [];
  lines.push(`Lab: ${title} (${p.labId}), seed ${p.seed}`);
  lines.push(`Progress: ${percentDone(p)}% (${p.steps.filter((s) => s.done).length}/${p.steps.length} steps)${p.completedAt ? ', completed' : ''}`);
  lines.push(`Hints used: ${p.steps.reduce((n, s) => n + s.hintsShown, 0)}; solutions shown: ${p.steps.filter((s) => s.solutionShown).length}`);
  lines.push('');
  p.steps.forEach((s, i) => {
    const total = checkCounts[i] ?? s.passed.length;
    lines.push(`${i + 1}. ${s.id}: ${s.done ? 'done' : 'not done'}; checks ${s.passed.length}/${total}; hints ${s.hintsShown}; time ${minutes(s.activeMs)}${s.solutionShown ? '; solution shown' : ''}`);
    for (const [q, a] of Object.entries(s.answers)) {
      const g = s.graded[q];
      lines.push(`   ${q}: ${Array.isArray(a) ? a.join(', ') : a}${g ? (g.correct ? ' (right)' : ` (wrong${g.expected ? `; expected ${g.expected}` : ''})`) : ''}`);
    }
  });
  lines.push('');
  lines.push(`Commands run: ${p.commands.length}`);
  return lines.join('\n') + '\n';
}
