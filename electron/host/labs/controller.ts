/**
 * The lab runtime in the host: opens a lab (a fresh cluster built from lab.yaml, manifests
 * applied, faults injected), listens to the engine (commands, walks, object changes) and
 * re-evaluates the open step live, keeps an undo stack of engine snapshots, persists
 * progress atomically after every change and resumes it on reopen, and hot-reloads the
 * open lab's folder on save. It answers the lab:* channels through LabHost.register.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabStateView } from '../../../shared/api/labs';
import type { Disposable } from '../../../shared/model/store';
import type { Engine, EngineEvent } from '../../../shared/sim/engine';
import type { LabWorld } from '../../../shared/labs/world';
import { LabRun } from '../../../shared/labs/run';
import { injectFault, sessionConfigOf, setUpLab } from '../../../shared/labs/setup';
import { formatProblem } from '../../../shared/labs/loader';
import { HostError, type LabHost } from '../lab-host';
import { LabCatalog, loadFolder, type CatalogEntry, type LabRoot } from './catalog';
import { ProgressStore } from './progress-store';
import { UndoStack, type SnapshotEngine } from './undo';

export interface LabControllerOptions {
  host: LabHost;
  /** Built-in labs first, then the user's labs folder. */
  roots: LabRoot[];
  /** The user-data folder (progress and imported labs live under it). */
  userData: string;
  /** Builds the world checks see (the live shell runner and walker by default). */
  world: (engine: Engine, onHidden: (hidden: boolean) => void) => LabWorld;
  /** Wall clock (time per step in the report). */
  now?: () => number;
  /** A seed for a learner who opens a lab for the first time. */
  newSeed?: () => number;
  /** Reload the open lab when its folder changes (default true). */
  watch?: boolean;
}

/** The open lab. */
interface OpenLab {
  entry: Extract<CatalogEntry, { ok: true }>;
  run: LabRun;
  engine: Engine;
  world: LabWorld;
  undo: UndoStack;
  /** Engine state when each step opened (for "reset step"). */
  stepStart: Map<number, unknown>;
  problems: string[];
  subs: Disposable[];
}

export class LabController implements Disposable {
  readonly catalog: LabCatalog;
  readonly store: ProgressStore;
  private open: OpenLab | undefined;
  private hidden = 0;
  private queued = false;
  private watcher: fs.FSWatcher | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly newSeed: () => number;
  private readonly hostSub: Disposable;
  /** True while this controller itself resets the host (so its own reset does not close the lab). */
  private resetting = false;

  constructor(private readonly opts: LabControllerOptions) {
    this.catalog = new LabCatalog(opts.roots);
    this.store = new ProgressStore(opts.userData);
    this.now = opts.now ?? Date.now;
    this.newSeed = opts.newSeed ?? (() => Math.floor(Math.random() * 2 ** 31));
    this.catalog.scan();
    // A "new cluster" from the window ends the lab: its checks would look at the wrong cluster.
    this.hostSub = opts.host.onReset(() => {
      if (!this.resetting) this.close();
    });
  }

  /** The folder imported labs are copied into. */
  get userLabsDir(): string {
    return path.join(this.opts.userData, 'labs');
  }

  list() {
    const ids = this.catalog.scan().filter((e) => e.ok).map((e) => e.id);
    return this.catalog.list(this.store.percentages(ids));
  }

  /** Opens a lab: resumes saved progress (and its cluster) or starts fresh. */
  openLab(id: string, seed?: number): LabStateView {
    const entry = this.catalog.get(id);
    if (!entry) throw new HostError('NotFound', `no lab "${id}"`);
    if (!entry.ok) throw new HostError('BadRequest', `lab "${id}" is invalid:\n${entry.problems.map(formatProblem).join('\n')}`);
    const saved = seed === undefined ? this.store.load(entry.id) : undefined;
    const run = new LabRun(entry.loaded, seed ?? this.newSeed(), this.now(), saved);
    this.start(entry, run, saved?.cluster);
    this.watch(entry.dir);
    return this.persistAndView();
  }

  /** Builds the cluster for `run` on the host and attaches to it. */
  private start(entry: Extract<CatalogEntry, { ok: true }>, run: LabRun, cluster?: unknown): void {
    this.detach();
    this.resetting = true;
    try {
      this.opts.host.reset(sessionConfigOf(run.lab, run.seed));
    } finally {
      this.resetting = false;
    }
    const engine = this.opts.host.session.engine;
    const world = this.opts.world(engine, (h) => (this.hidden += h ? 1 : -1));
    const problems = setUpLab(world, run.lab, run.manifests);
    const undo = new UndoStack(engine as unknown as SnapshotEngine);
    if (cluster !== undefined) undo.restoreFrom(cluster);
    undo.reset();
    const open: OpenLab = { entry, run, engine, world, undo, stepStart: new Map([[run.current, undo.top()]]), problems, subs: [] };
    open.subs.push(engine.on((e) => this.onEngineEvent(open, e)));
    this.open = open;
  }

  private onEngineEvent(open: OpenLab, e: EngineEvent): void {
    if (this.open !== open || this.hidden > 0) return;
    if (e.type === 'command') {
      open.run.recordCommand({ target: e.target, line: e.line, code: e.code, output: e.output, at: open.engine.env.clock.now() });
      open.undo.record();
    }
    if (e.type === 'command' || e.type === 'walk' || e.type === 'objects-changed') this.schedule();
  }

  /** Coalesces a burst of events into one evaluation, one save and one onLabState. */
  private schedule(): void {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      if (!this.open) return;
      this.evaluate();
      this.opts.host.broadcast('onLabState', this.persistAndView());
    });
  }

  private evaluate(): void {
    const o = this.requireOpen();
    const before = o.run.current;
    o.run.evaluate(o.world, this.now());
    const actions = o.run.takeOpenedActions();
    for (const f of actions) {
      const e = injectFault(o.world, f);
      if (e) o.problems.push(e);
    }
    if (actions.length) o.undo.record();
    if (o.run.current !== before && !o.stepStart.has(o.run.current)) o.stepStart.set(o.run.current, o.undo.top());
  }

  private requireOpen(): OpenLab {
    if (!this.open) throw new HostError('NotFound', 'no lab is open');
    return this.open;
  }

  /** Saves progress (with the cluster) and returns the panel's view. */
  private persistAndView(): LabStateView {
    const o = this.requireOpen();
    o.run.touch(this.now());
    o.run.progress.cluster = o.undo.top();
    try {
      this.store.save(o.run.progress);
    } catch (e) {
      o.problems = [...o.problems.filter((p) => !p.startsWith('progress not saved')), `progress not saved: ${e instanceof Error ? e.message : String(e)}`];
    }
    const v = o.run.view(o.world, o.entry.builtIn ? `builtin:${o.entry.id}` : o.entry.dir, o.undo.canUndo);
    return o.problems.length ? { ...v, problems: o.problems } : v;
  }

  state(): LabStateView | null {
    return this.open ? this.persistAndView() : null;
  }

  check(): LabStateView {
    this.requireOpen();
    this.evaluate();
    return this.persistAndView();
  }

  hint(step: number): LabStateView {
    this.requireOpen().run.hint(step);
    return this.persistAndView();
  }

  answer(step: number, question: string, answer: string | string[]): LabStateView {
    const o = this.requireOpen();
    if (!o.run.answer(step, question, answer, o.world)) throw new HostError('BadRequest', `no question "${question}" in an open step ${step + 1}`);
    this.evaluate();
    return this.persistAndView();
  }

  /** The solution to replay into the terminals; its answers are given at once. */
  solution(step: number) {
    const o = this.requireOpen();
    const sol = o.run.solution(step, o.world);
    if (!sol) throw new HostError('BadRequest', `step ${step + 1} is not open yet`);
    for (const [q, a] of Object.entries(sol.answers)) o.run.answer(step, q, a, o.world);
    this.persistAndView();
    return sol;
  }

  undo(): LabStateView {
    const o = this.requireOpen();
    if (!o.undo.undo()) throw new HostError('BadRequest', 'nothing to undo');
    this.evaluate();
    return this.persistAndView();
  }

  reset(scope: 'step' | 'lab'): LabStateView {
    const o = this.requireOpen();
    if (scope === 'lab') {
      o.run.resetLab(this.now());
      this.start(o.entry, o.run);
    } else {
      const snap = o.stepStart.get(o.run.current);
      if (snap !== undefined) o.undo.restoreFrom(snap);
      o.run.resetStep(o.run.current, this.now());
    }
    return this.persistAndView();
  }

  goto(step: number): LabStateView {
    if (!this.requireOpen().run.goto(step)) throw new HostError('BadRequest', `step ${step + 1} is locked`);
    return this.persistAndView();
  }

  /** The open lab, for export. */
  get current(): OpenLab | undefined {
    return this.open;
  }

  /** Reloads the open lab from its folder (hot reload on save). Keeps the cluster if only text changed. */
  reload(): void {
    const o = this.open;
    if (!o) return;
    const e = loadFolder(o.entry.dir, o.entry.builtIn, o.entry.builtIn ? `labs/${path.basename(o.entry.dir)}` : o.entry.dir);
    if (!e.ok) {
      o.problems = e.problems.map(formatProblem);
      this.opts.host.broadcast('onLabState', this.persistAndView());
      return;
    }
    this.catalog.put(e);
    const clusterOf = (l: typeof e.loaded) => JSON.stringify([l.lab.topology, l.lab.faults, l.lab.variables, l.manifests]);
    const run = new LabRun(e.loaded, o.run.seed, this.now(), o.run.progress);
    if (clusterOf(e.loaded) === clusterOf(o.entry.loaded)) {
      o.entry = e;
      o.run = run;
      o.problems = [];
    } else {
      this.start(e, run);
    }
    this.evaluate();
    this.opts.host.broadcast('onLabState', this.persistAndView());
  }

  private watch(dir: string): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.opts.watch === false) return;
    try {
      this.watcher = fs.watch(dir, { recursive: true }, () => {
        clearTimeout(this.reloadTimer);
        // Editors save in several writes; reload once they are done.
        this.reloadTimer = setTimeout(() => this.reload(), 150);
      });
    } catch {
      this.watcher = undefined;
    }
  }

  private detach(): void {
    for (const s of this.open?.subs ?? []) s.dispose();
    this.open = undefined;
  }

  /** Leaves the lab (the cluster stays as the sandbox). */
  close(): void {
    this.detach();
    this.watcher?.close();
    this.watcher = undefined;
    clearTimeout(this.reloadTimer);
  }

  dispose(): void {
    this.close();
    this.hostSub.dispose();
  }
}
