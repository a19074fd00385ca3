/**
 * The controller seam: the roles a real cluster runs (CNI plugin, scheduler, kubelet,
 * kube-proxy, CoreDNS...) as objects the engine starts in table order. Each does its
 * initial sync in start() and then reacts to store watch events synchronously, so the
 * same seed and inputs always give the same state (no timers).
 */
import type { Engine } from '../sim/engine';

export interface Controller {
  name: string;
  /** Initial sync; subscribe to engine.store.watch here. */
  start(engine: Engine): void;
  /** Re-derive everything from the store (after a restore or a lab's bulk change). */
  resync?(): void;
  /** Internal state as plain data, for engine snapshots (undo, lab resume). */
  snapshot?(): unknown;
  /** Puts back what snapshot() returned. */
  restore?(state: unknown): void;
}
