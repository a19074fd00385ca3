/**
 * The production wiring of a LabHost: the real engine (shared/sim/create.ts), the real
 * virtual terminal (shared/shell/terminal.ts) and the engine's own topology snapshot.
 * main.ts, web mode and the CLI all start here; tests may use testing.ts's fakes instead.
 */
import { createEngine } from '../../shared/sim/create';
import { VirtualTerminal, type Scheduler } from '../../shared/shell/terminal';
import { LabHost, type LabHostDeps } from './lab-host';
import type { SessionConfig } from './session-config';
import type { FlowOptions } from './flow';
import { registerWalkHandlers, walkRecord } from './walk-handlers';
import { registerInspectHandlers } from './inspect-handlers';
import { unsupportedReason } from './support';
import { resolveSession } from './session-config';
import type { Engine } from '../../shared/sim/engine';

/** Paces a terminal's waiting commands (sleep, ping, a watch) in real time; shared/ has no timers. */
export const realTime: Scheduler = (ms, fn) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

/** Deps backed by shared/. */
export const realDeps: LabHostDeps = {
  createEngine: (spec, env) => {
    const engine = createEngine(spec, env);
    // A choice the simulation does not implement is refused, never silently ignored.
    const why = unsupportedReason(engine);
    if (why) throw new Error(why);
    return engine;
  },
  createTerminal: (o) => new VirtualTerminal({ engine: o.engine, target: o.target, cols: o.cols, rows: o.rows, schedule: realTime }),
  topology: (engine) => engine.topology(),
  walkRecord,
};

/** A host on the real engine; throws (with the engine's words) for a config it refuses. */
export function createLabHost(opts: { version: string; config?: SessionConfig; flow?: FlowOptions }): LabHost {
  const host = new LabHost({ deps: realDeps, version: opts.version, config: opts.config, flow: opts.flow });
  registerWalkHandlers(host);
  registerInspectHandlers(host);
  return host;
}

/** The engine for a session config, or why it cannot be built (the CLI's entry point). */
export function buildEngine(config: SessionConfig): Engine | { error: string } {
  const r = resolveSession(config);
  if ('error' in r) return { error: r.error };
  try {
    return realDeps.createEngine(r.spec, r.env);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
