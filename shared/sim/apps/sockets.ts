/**
 * Simulated applications: a per-namespace socket table. Whoever runs a server in the
 * lab (the default pod HTTP server, CoreDNS, kube-proxy's userspace proxy, an ingress
 * controller) registers a handler with listen(); the walker asks findListener() when a
 * packet is delivered. Kept beside the engine in a WeakMap so engine.ts needs no change.
 */
import type { Engine } from '../engine';
import type { NetNS } from '../../kernel/netns';
import type { Packet, Payload } from '../../kernel/packet';
import type { Disposable } from '../../model/store';
import type { WalkRecord } from '../../api/walk';
import { defaultListener } from './http';

export type SocketProto = 'tcp' | 'udp';

/** What a handler sees: the packet as delivered (after any NAT), and who sent it as the app sees it. */
export interface AppRequest {
  engine: Engine;
  ns: NetNS;
  packet: Packet;
  proto: SocketProto;
  src: string;
  sport: number;
  dst: string;
  dport: number;
  payload: Payload;
}

/** What a handler answers. `walks` are connections it opened itself (a proxy's second leg). */
export interface AppResponse {
  /** The reply payload; omitted for UDP means no answer (the client times out). */
  payload?: Payload;
  /** Reset the connection instead of answering (a proxy whose backend refused). */
  reset?: boolean;
  /** Answer nothing at all (a proxy whose backend timed out). */
  silent?: boolean;
  walks?: WalkRecord[];
  /** Which process answered, for the inspector (`nginx`, `coredns`, `kube-proxy`). */
  process?: string;
}

export type AppHandler = (req: AppRequest) => AppResponse;

/** One listening socket. */
export interface Listener {
  proto: SocketProto;
  port: number;
  process: string;
  handler: AppHandler;
}

const tables = new WeakMap<Engine, Map<string, Map<string, Listener>>>();

function table(engine: Engine, netnsId: string, create: boolean): Map<string, Listener> | undefined {
  let byNs = tables.get(engine);
  if (!byNs) {
    if (!create) return undefined;
    byNs = new Map();
    tables.set(engine, byNs);
  }
  let t = byNs.get(netnsId);
  if (!t && create) {
    t = new Map();
    byNs.set(netnsId, t);
  }
  return t;
}

/** Opens a listening socket in a namespace (`0.0.0.0:port`); dispose() closes it. A later listen() on the same port replaces the handler. */
export function listen(engine: Engine, netnsId: string, proto: SocketProto, port: number, handler: AppHandler, process = 'app'): Disposable {
  const t = table(engine, netnsId, true)!;
  const key = `${proto}:${port}`;
  const l: Listener = { proto, port, process, handler };
  t.set(key, l);
  return { dispose: () => (t.get(key) === l ? void t.delete(key) : undefined) };
}

/** The socket listening on proto/port in `ns`: an explicit one, else the pod's default server. */
export function findListener(engine: Engine, ns: NetNS, proto: SocketProto, port: number): Listener | undefined {
  return table(engine, ns.id, false)?.get(`${proto}:${port}`) ?? defaultListener(engine, ns, proto, port);
}

/** Every explicit listener of a namespace (for `ss -ltn`-like views), sorted by port. */
export function listeners(engine: Engine, netnsId: string): Listener[] {
  return [...(table(engine, netnsId, false)?.values() ?? [])].sort((a, b) => a.port - b.port || a.proto.localeCompare(b.proto));
}
