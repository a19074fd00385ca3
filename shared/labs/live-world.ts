/**
 * The real LabWorld: hidden commands go through the shell's non-interactive runner and
 * walks through the walker's exchange(), without recording them in the walk history.
 * `quiet` tells the host that the command events it sees meanwhile are the lab's own.
 */
import type { Engine } from '../sim/engine';
import type { WalkRecord } from '../api/walk';
import { runScript } from '../shell/script';
import { exchange } from '../sim/walk/exchange';
import type { LabWorld, WalkAsk } from './world';

/** A world on a live engine. `onHidden(true/false)` brackets every hidden command and walk. */
export function liveWorld(engine: Engine, onHidden: (hidden: boolean) => void = () => {}): LabWorld {
  const hidden = <T>(fn: () => T): T => {
    onHidden(true);
    try {
      return fn();
    } finally {
      onHidden(false);
    }
  };
  return {
    engine,
    run: (target, line) =>
      hidden(() => {
        const r = runScript({ engine, target, script: `${line}\n` });
        return { code: r.code, output: r.output };
      }),
    walk: (ask: WalkAsk) => hidden(() => mergeWalks(exchange(engine, { ...ask, record: false, title: `lab check: ${ask.proto} ${ask.dst}` }))),
  };
}

/**
 * One record for a whole exchange: a userspace proxy or an ingress opens a second
 * connection, so the hops of every leg are joined and the verdict is the last leg's.
 */
function mergeWalks(r: { walks: WalkRecord[]; answeredBy?: string }): WalkRecord {
  const first = r.walks[0]!;
  if (r.walks.length === 1) return first;
  const last = r.walks[r.walks.length - 1]!;
  const answeredBy = r.answeredBy ?? last.answeredBy;
  return {
    ...first,
    verdict: last.verdict,
    ...(last.dropReason ? { dropReason: last.dropReason } : {}),
    hops: r.walks.flatMap((w) => w.hops),
    replyHops: r.walks.flatMap((w) => w.replyHops ?? []),
    connections: r.walks.flatMap((w) => w.connections),
    ...(answeredBy ? { answeredBy } : {}),
  };
}
