/**
 * What a check can look at: the engine, a hidden shell for read-only commands, the
 * walker, and what the learner did (commands run, answers given). The host (and the
 * validator) builds this from the real engine, shell and walker; tests pass fakes.
 */
import type { Engine } from '../sim/engine';
import type { ShellTarget } from '../model/target';
import type { WalkRecord } from '../api/walk';

/** A walk request, as the walker takes it. */
export interface WalkAsk {
  from: ShellTarget;
  dst: string;
  proto: 'tcp' | 'udp' | 'icmp';
  dport?: number;
}

/** One command the learner ran (from the shell's `command` events). */
export interface CommandRecord {
  target: ShellTarget;
  line: string;
  code: number;
  output: string;
  /** Virtual time it ran. */
  at: number;
}

/** The running cluster as checks see it. */
export interface LabWorld {
  engine: Engine;
  /** Runs a read-only command line in a hidden shell (never shown, never logged). */
  run(target: ShellTarget, line: string): { code: number; output: string };
  /** Walks a packet through the cluster now. */
  walk(ask: WalkAsk): WalkRecord;
}

/** What the learner did so far. */
export interface LearnerTrail {
  commands: CommandRecord[];
  /** Answers by question id (a string, or a list for multiple choice). */
  answers: Record<string, string | string[]>;
}
