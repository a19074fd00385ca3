/**
 * One learner's run through one lab, without I/O: the lab with its variables filled in,
 * the progress, and the rules that move it — checks of the open step are evaluated live
 * and on "Check"; when all pass the step is done and the next unlocks; hints come one at
 * a time or when a declared mistake is seen; answers are graded; solutions are handed out.
 * The host wires this to the engine, the terminals and the disk.
 */
import type { LabCommandView, LabSolutionView, LabStateView, StepView } from '../api/labs';
import type { Fault, Lab, Step } from './schema';
import type { LoadedLab } from './loader';
import type { CommandRecord, LabWorld, LearnerTrail } from './world';
import { drawVariables, fillDeep, type LabVars } from './variables';
import { evaluateCheck, type CheckOutcome } from './evaluate';
import { gradeQuestion } from './questions';
import { emptyStep, MAX_COMMANDS, newProgress, percentDone, reconcile, type LabProgress } from './progress';
import { resolveTarget } from './targets';
import { fillLive } from './walks';

/** Idle gaps longer than this do not count as time spent on a step. */
const IDLE_MS = 5 * 60_000;

export class LabRun {
  readonly vars: LabVars;
  readonly lab: Lab;
  readonly bodies: LoadedLab['bodies'];
  readonly manifests: string[];
  progress: LabProgress;
  private lastTouch: number;
  /** Steps opened since the caller last took them (their onOpen operations are due). */
  private opened: number[] = [];

  constructor(
    readonly loaded: LoadedLab,
    seed: number,
    now: number,
    saved?: LabProgress,
  ) {
    const useSeed = loaded.lab.seed ?? saved?.seed ?? seed;
    this.vars = drawVariables(loaded.lab, useSeed);
    this.lab = fillDeep(loaded.lab, this.vars);
    this.bodies = fillDeep(loaded.bodies, this.vars);
    this.manifests = loaded.manifests.map((m) => fillDeep(m, this.vars));
    const ids = this.lab.steps.map((s) => s.id);
    this.progress = saved && saved.labId === this.lab.id && saved.seed === useSeed ? reconcile(saved, ids, now) : newProgress(this.lab.id, ids, useSeed, now);
    this.lastTouch = now;
  }

  get seed(): number {
    return this.progress.seed;
  }

  get current(): number {
    return this.progress.current;
  }

  get completed(): boolean {
    return this.progress.steps.every((s) => s.done);
  }

  /** What the learner did, for checks. */
  trail(step: number): LearnerTrail {
    return { commands: this.progress.commands, answers: this.progress.steps[step]?.answers ?? {} };
  }

  /** Adds the time since the last touch to the open step (idle gaps excluded). */
  touch(now: number): void {
    const gap = now - this.lastTouch;
    if (gap > 0 && gap < IDLE_MS) this.progress.steps[this.current]!.activeMs += gap;
    this.lastTouch = now;
    this.progress.updatedAt = now;
  }

  /** Records a command the learner ran (from the shell's command events). */
  recordCommand(rec: CommandRecord): void {
    this.progress.commands.push({ ...rec, output: rec.output.slice(0, 20_000) });
    if (this.progress.commands.length > MAX_COMMANDS) this.progress.commands.splice(0, this.progress.commands.length - MAX_COMMANDS);
  }

  /**
   * Evaluates the open step's checks and mistake hints. When every check passes the step
   * is done and the next one opens. Returns the outcomes of the open step's checks.
   */
  evaluate(world: LabWorld, now: number): CheckOutcome[] {
    this.touch(now);
    const i = this.current;
    const step = this.lab.steps[i]!;
    const sp = this.progress.steps[i]!;
    const trail = this.trail(i);
    const outcomes = step.checks.map((c) => evaluateCheck(c, world, trail, step.questions));
    sp.evaluated = outcomes.map((o) => o.id);
    sp.passed = outcomes.filter((o) => o.pass).map((o) => o.id);
    step.hints.forEach((h, hi) => {
      if (!h.when || sp.autoHints.includes(hi)) return;
      if (evaluateCheck(h.when, world, trail, step.questions).pass) sp.autoHints.push(hi);
    });
    if (!sp.done && outcomes.every((o) => o.pass)) {
      sp.done = true;
      sp.doneAt = now;
      if (i < this.lab.steps.length - 1) {
        this.progress.current = i + 1;
        this.progress.steps[i + 1]!.openedAt ??= now;
        this.opened.push(i + 1);
      } else this.progress.completedAt ??= now;
    }
    return outcomes;
  }

  /** The onOpen operations of steps that opened since the last call (the host applies them). */
  takeOpenedActions(): Fault[] {
    const out = this.opened.flatMap((i) => this.lab.steps[i]!.onOpen);
    this.opened = [];
    return out;
  }

  /** Reveals the next hint of a step (mistake hints count as revealed once seen). */
  hint(step: number): boolean {
    const sp = this.progress.steps[step];
    if (!sp || step > this.current) return false;
    const asked = this.askableHints(this.lab.steps[step]!);
    if (sp.hintsShown >= asked.length) return false;
    sp.hintsShown++;
    return true;
  }

  /** Hint indexes a learner can ask for, in order (those not tied to a mistake). */
  private askableHints(step: Step): number[] {
    return step.hints.map((h, i) => (h.when ? -1 : i)).filter((i) => i >= 0);
  }

  /** Records and grades an answer. Predictions run their walk now. */
  answer(step: number, questionId: string, answer: string | string[], world: LabWorld): { correct: boolean; expected?: string } | undefined {
    const q = this.lab.steps[step]?.questions.find((x) => x.id === questionId);
    const sp = this.progress.steps[step];
    if (!q || !sp || step > this.current) return undefined;
    sp.answers[questionId] = answer;
    let g: { correct: boolean; expected?: string };
    try {
      g = gradeQuestion(q, answer, world);
    } catch (e) {
      g = { correct: false, expected: e instanceof Error ? e.message : String(e) };
    }
    sp.graded[questionId] = g.expected !== undefined ? g : { correct: g.correct };
    return g;
  }

  /** The reference solution of a step (marks it as shown, for the report). */
  solution(step: number, world: LabWorld): LabSolutionView | undefined {
    const s = this.lab.steps[step];
    if (!s || step > this.current) return undefined;
    this.progress.steps[step]!.solutionShown = true;
    return { commands: s.solution.commands.map((c) => this.commandView(world, c.shell, c.line)), answers: this.solutionAnswers(step, world) };
  }

  /** The solution's answers with live values filled in (the learner's own answers never are). */
  solutionAnswers(step: number, world: LabWorld): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [q, a] of Object.entries(this.lab.steps[step]?.solution.answers ?? {})) out[q] = Array.isArray(a) ? a.map((x) => fillLive(x, world)) : fillLive(a, world);
    return out;
  }

  /** Forgets a step's progress (and of the steps after it); the step becomes the open one. */
  resetStep(step: number, now: number): void {
    if (step < 0 || step >= this.progress.steps.length) return;
    for (let i = step; i < this.progress.steps.length; i++) this.progress.steps[i] = emptyStep(this.lab.steps[i]!.id);
    this.progress.current = step;
    this.progress.steps[step]!.openedAt = now;
    delete this.progress.completedAt;
  }

  /** Starts over with the same seed. */
  resetLab(now: number): void {
    this.progress = newProgress(this.lab.id, this.lab.steps.map((s) => s.id), this.progress.seed, now);
    this.lastTouch = now;
  }

  /** Opens a step already unlocked (to re-read it); later steps stay as they are. */
  goto(step: number): boolean {
    if (step < 0 || step >= this.lab.steps.length) return false;
    const unlocked = step === 0 || this.progress.steps[step - 1]!.done;
    if (!unlocked) return false;
    this.progress.current = step;
    return true;
  }

  private commandView(world: LabWorld, ref: string, line: string): LabCommandView {
    const r = resolveTarget(world.engine, ref);
    return { target: r.ok ? r.target : { kind: 'node', name: 'node-1' }, label: ref, line: fillLive(line, world) };
  }

  /** The state the panel draws. `checks` are the latest outcomes of the open step, if any. */
  view(world: LabWorld, source: string, canUndo: boolean): LabStateView {
    const p = this.progress;
    const steps: StepView[] = this.lab.steps.map((s, i) => {
      const sp = p.steps[i]!;
      const locked = i > 0 && !p.steps[i - 1]!.done && i > p.current;
      const askable = this.askableHints(s);
      const revealed = [...askable.slice(0, sp.hintsShown), ...sp.autoHints].sort((a, b) => a - b);
      return {
        id: s.id,
        index: i,
        title: s.title,
        body: { 'zh-CN': fillLive(this.bodies[i]!['zh-CN'], world), en: fillLive(this.bodies[i]!.en, world) },
        locked,
        done: sp.done,
        commands: s.commands.map((c) => this.commandView(world, c.shell, c.line)),
        checks: s.checks.map((c) => ({
          id: c.id,
          message: c.message,
          ...(c.failMessage ? { failMessage: c.failMessage } : {}),
          ...(sp.done ? { pass: true } : sp.evaluated.includes(c.id) ? { pass: sp.passed.includes(c.id) } : {}),
        })),
        hints: revealed.map((h) => s.hints[h]!.text),
        hintsLeft: askable.length - Math.min(sp.hintsShown, askable.length),
        questions: s.questions.map((q) => {
          const g = sp.graded[q.id];
          return {
            id: q.id,
            type: q.type,
            prompt: q.prompt,
            ...(q.choices ? { choices: q.choices } : {}),
            ...(sp.answers[q.id] !== undefined ? { answer: sp.answers[q.id] } : {}),
            ...(g ? { correct: g.correct, ...(g.expected !== undefined ? { expected: g.expected } : {}) } : {}),
            ...(g && q.explain ? { explain: q.explain } : {}),
          };
        }),
        ...(sp.done && s.explain ? { explain: s.explain } : {}),
        highlight: s.highlight,
        solutionShown: sp.solutionShown,
      };
    });
    return {
      labId: this.lab.id,
      source,
      title: this.lab.title,
      summary: this.lab.summary,
      steps,
      current: p.current,
      percent: percentDone(p),
      completed: this.completed,
      conclusion: this.lab.conclusion,
      shells: this.lab.shells.map((ref) => this.commandView(world, ref, '')),
      canUndo,
      seed: p.seed,
    };
  }
}
