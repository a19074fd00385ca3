/**
 * walk:list / walk:get / walk:trace on the host, backed by the packet walker
 * (shared/sim/walk). Walks the learner's commands make arrive as engine `walk` events and
 * are fanned out as onWalk by LabHost (deps.walkRecord below).
 */
import type { Disposable } from '../../shared/model/store';
import type { Engine } from '../../shared/sim/engine';
import type { WalkRecord } from '../../shared/api/walk';
import { getWalk, listWalks, walkPacket } from '../../shared/sim/walk';
import { HostError, type LabHost } from './lab-host';

/** The record behind a `walk` event, for LabHostDeps.walkRecord. */
export function walkRecord(engine: Engine, id: string): WalkRecord | undefined {
  return getWalk(engine, id);
}

/** Registers the walk channels; dispose to remove them. */
export function registerWalkHandlers(host: LabHost): Disposable {
  const subs = [
    host.register('walk:list', () => listWalks(host.session.engine)),
    host.register('walk:get', (req) => {
      const rec = getWalk(host.session.engine, req.id);
      if (!rec) throw new HostError('NotFound', `no walk "${req.id}"`);
      return rec;
    }),
    host.register('walk:trace', (req) => {
      const engine = host.session.engine;
      if (!engine.netnsOf(req.from)) throw new HostError('NotFound', 'the source host does not exist in this cluster');
      if ((req.proto === 'tcp' || req.proto === 'udp') && req.dport === undefined) throw new HostError('BadRequest', `walk:trace: dport is required for ${req.proto}`);
      return walkPacket(engine, { from: req.from, dst: req.dst, proto: req.proto, dport: req.dport });
    }),
  ];
  return { dispose: () => subs.forEach((s) => s.dispose()) };
}
