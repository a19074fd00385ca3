/**
 * Undo for labs: a stack of engine snapshots, one per state-changing command. After each
 * command the engine is snapshotted; if its state differs from the top of the stack (by a
 * fingerprint that ignores the clock, the rng and traffic counters — a `curl` is not a
 * change worth undoing), the snapshot is pushed. Undo pops and restores the one below.
 */

/** The engine's snapshot seam (engine.snapshot()/restore()). */
export interface SnapshotEngine {
  snapshot?(): unknown;
  restore?(s: unknown): void;
}

/** How many undo steps are kept. */
export const UNDO_DEPTH = 50;

/** Keys whose values move with time or traffic, not with what the learner configured. */
const VOLATILE = /^(clockMs|rng|topologyVersion|resourceVersion|pkts|bytes|packets|counters?|conntrack|ct|stats|activeConn|inactConn|lastUsed|timeout|expires|age)$/i;

/** A string that changes only when configured state changes. */
export function fingerprint(snapshot: unknown): string {
  return JSON.stringify(snapshot, (k, v) => (VOLATILE.test(k) ? undefined : v));
}

export class UndoStack {
  private stack: { snap: unknown; fp: string }[] = [];

  constructor(private readonly engine: SnapshotEngine) {}

  private take(): { snap: unknown; fp: string } | undefined {
    if (!this.engine.snapshot) return undefined;
    const snap = this.engine.snapshot();
    return { snap, fp: fingerprint(snap) };
  }

  /** Starts over from the engine's current state. */
  reset(): void {
    const t = this.take();
    this.stack = t ? [t] : [];
  }

  /** The latest state (what progress saves to resume from); undefined without snapshots. */
  top(): unknown {
    return this.stack[this.stack.length - 1]?.snap;
  }

  get canUndo(): boolean {
    return this.stack.length > 1;
  }

  /** After a command: pushes the new state if it changed. Returns true when it did. */
  record(): boolean {
    const t = this.take();
    if (!t) return false;
    const top = this.stack[this.stack.length - 1];
    if (top && top.fp === t.fp) {
      // Same configuration: keep the newer snapshot so resume sees the latest counters.
      top.snap = t.snap;
      return false;
    }
    this.stack.push(t);
    if (this.stack.length > UNDO_DEPTH + 1) this.stack.splice(0, this.stack.length - UNDO_DEPTH - 1);
    return true;
  }

  /** Restores the state before the last state-changing command. */
  undo(): boolean {
    if (this.stack.length < 2 || !this.engine.restore) return false;
    this.stack.pop();
    this.engine.restore(structuredClone(this.top()));
    return true;
  }

  /** Puts a saved state back (resume, reset step) and makes it the new top. */
  restoreFrom(snap: unknown): void {
    if (!this.engine.restore) return;
    this.engine.restore(structuredClone(snap));
    const t = this.take();
    if (t) this.stack.push(t);
  }
}
