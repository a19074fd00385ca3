/**
 * Where walks and captures live: the engine's last 100 walks (for the inspector's
 * history and `walk:list` / `walk:get`) and the packets recently seen per device (for
 * tcpdump). Kept beside the engine in a WeakMap; each stored walk emits `{ type: 'walk' }`.
 */
import type { Engine } from '../engine';
import type { Rng } from '../../model/env';
import type { WalkRecord, WalkSummary } from '../../api/walk';
import type { Capture } from './record';
import { expandCapture } from './tcpflow';
import { countPacket } from '../../kernel/links';

/** How many walks and captures are kept. */
export const WALK_HISTORY = 100;
export const CAPTURE_HISTORY = 4000;

interface WalkState {
  walks: WalkRecord[];
  captures: Capture[];
  seq: number;
  /** How many walks are running (an app answering one may start another). */
  depth: number;
  /** Where the last walk ended on the capture timeline (µs), so captures never run backwards. */
  cursorUs: number;
  ports: Rng;
  ipIds: Rng;
  jitter: Rng;
}

const states = new WeakMap<Engine, WalkState>();

/** The walker's per-engine state (history, id counter, its random streams). */
export function walkState(engine: Engine): WalkState {
  let s = states.get(engine);
  if (!s) {
    s = {
      walks: [],
      captures: [],
      seq: 0,
      depth: 0,
      cursorUs: 0,
      ports: engine.env.rng.fork('walk:ports'),
      ipIds: engine.env.rng.fork('walk:ipid'),
      jitter: engine.env.rng.fork('walk:jitter'),
    };
    states.set(engine, s);
  }
  return s;
}

/** An ephemeral port as Linux picks them (net.ipv4.ip_local_port_range 32768-60999). */
export function ephemeralPort(engine: Engine): number {
  return 32768 + walkState(engine).ports.int(60999 - 32768 + 1);
}

/** Stores a finished walk (keeping the last 100) and tells the host. */
export function storeWalk(engine: Engine, rec: WalkRecord): void {
  const s = walkState(engine);
  s.walks.push(rec);
  if (s.walks.length > WALK_HISTORY) s.walks.splice(0, s.walks.length - WALK_HISTORY);
  engine.emit({ type: 'walk', walkId: rec.id });
}

/** Keeps captures of a walk for tcpdump (the last few thousand packets) and counts them on their links (`ip -s link`). */
export function storeCaptures(engine: Engine, caps: Capture[]): void {
  for (const c of caps) {
    const link = c.promisc ? undefined : engine.netns.get(c.netns)?.link(c.device);
    if (!link) continue;
    for (const p of c.tcp ? expandCapture(c) : [c]) countPacket(link, c.direction === 'in' ? 'rx' : 'tx', p.packet.length + (p.packet.eth ? 14 : 0));
  }
  const s = walkState(engine);
  s.captures.push(...caps);
  if (s.captures.length > CAPTURE_HISTORY) s.captures.splice(0, s.captures.length - CAPTURE_HISTORY);
}

/** The walk history, oldest first (what `walk:list` answers). */
export function listWalks(engine: Engine): WalkSummary[] {
  return walkState(engine).walks.map((w) => ({ id: w.id, title: w.title, at: w.at, verdict: w.verdict, hopCount: w.hops.length + (w.replyHops?.length ?? 0) }));
}

/** One stored walk by id (what `walk:get` answers). */
export function getWalk(engine: Engine, id: string): WalkRecord | undefined {
  return walkState(engine).walks.find((w) => w.id === id);
}

/** Captures on one device of one namespace, oldest first. */
export function capturesOn(engine: Engine, netnsId: string, device: string | 'any'): Capture[] {
  // A proxy's inner walk is stored before the walk that carried it, and TCP walks expand into
  // their conversation: order by time.
  return walkState(engine)
    .captures.filter((c) => c.netns === netnsId && (device === 'any' || c.device === device))
    .flatMap(expandCapture)
    .sort((a, b) => a.atUs - b.atUs);
}
