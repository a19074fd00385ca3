/**
 * The production wiring of a LabHost: the real engine (shared/sim/create.ts), the real
 * virtual terminal (shared/shell/terminal.ts) and the engine's own topology snapshot.
 * main.ts, web mode and the CLI all start here; tests may use testing.ts's fakes instead.
 */
import { createEngine } from '../../shared/sim/create';
import { VirtualTerminal } from '../../shared/shell/terminal';
import { LabHost, type LabHostDeps } from './lab-host';
import type { SessionConfig } from './session-config';
import type { FlowOptions } from './flow';
import { registerWalkHandlers, walkRecord } from './walk-handlers';

/** Deps backed by shared/. */
export const realDeps: LabHostDeps = {
  createEngine: (spec, env) => createEngine(spec, env),
  createTerminal: (o) => new VirtualTerminal({ engine: o.engine, target: o.target, cols: o.cols, rows: o.rows }),
  topology: (engine) => engine.topology(),
  walkRecord,
};

/** A host on the real engine; throws (with the engine's words) for a config it refuses. */
export function createLabHost(opts: { version: string; config?: SessionConfig; flow?: FlowOptions }): LabHost {
  const host = new LabHost({ deps: realDeps, version: opts.version, config: opts.config, flow: opts.flow });
  registerWalkHandlers(host);
  return host;
}
