/**
 * LabHost: owns one lab session (an engine) and the terminals opened on it, and answers the
 * api. Both transports (electron/ipc.ts and electron/web.ts) call `connect()` once per
 * window / socket and then `handle(channel, payload)` for every request; events flow back
 * through the connection's `emit`. Plain Node: no 'electron' import, unit-tested as is.
 */
import { parseRequest, type ApiError, type ApiResult, type Channel, type EventMap, type EventName, type RequestOf, type ResponseMap, type SessionInfo } from '../../shared/api/contract';
import type { TopologySnapshot } from '../../shared/api/topology';
import type { WalkRecord } from '../../shared/api/walk';
import type { EngineEnv } from '../../shared/model/env';
import type { ClusterSpec } from '../../shared/model/spec';
import type { Disposable } from '../../shared/model/store';
import type { Engine } from '../../shared/sim/engine';
import { resolveSession, type SessionConfig } from './session-config';
import { TerminalSession, type TerminalFactory } from './terminal-session';
import type { FlowOptions } from './flow';
import { registerCoreHandlers } from './handlers';

/** An error a handler throws to answer with a specific ApiError code. */
export class HostError extends Error {
  constructor(
    readonly code: ApiError['code'],
    message: string,
  ) {
    super(message);
  }
}

/** What the host needs from shared/: injected so tests can use small fakes. */
export interface LabHostDeps {
  createEngine(spec: ClusterSpec, env: EngineEnv): Engine;
  createTerminal: TerminalFactory;
  topology(engine: Engine): TopologySnapshot;
  /** The walk record behind an engine `walk` event, once the walker provides one. */
  walkRecord?(engine: Engine, walkId: string): WalkRecord | undefined;
}

export interface LabHostOptions {
  deps: LabHostDeps;
  /** The cluster of the first session. */
  config?: SessionConfig;
  /** App version reported by session:info. */
  version: string;
  flow?: FlowOptions;
  /** Where a failure outside any request goes (an event fan-out that threw); stderr by default. */
  log?: (message: string) => void;
}

/** Sends one event to one client. */
export type EmitFn = <E extends EventName>(event: E, payload: EventMap[E]) => void;

/** One client of the host (a window or a WebSocket); closing it closes its terminals. */
export interface HostConnection extends Disposable {
  readonly id: number;
  handle(channel: string, payload: unknown): Promise<ApiResult<Channel>>;
}

/** A channel handler; `conn` is the client that asked. Throw HostError for a coded failure. */
export type ChannelHandler<C extends Channel> = (req: RequestOf<C>, conn: ConnectionState) => ResponseMap[C] | Promise<ResponseMap[C]>;

/** The host's bookkeeping for one connection. */
export interface ConnectionState {
  readonly id: number;
  readonly emit: EmitFn;
  readonly terminals: Map<string, TerminalSession>;
}

/** The current session: engine plus what it was built from. */
export interface Session {
  engine: Engine;
  config: SessionConfig;
  info: SessionInfo;
}

export class LabHost implements Disposable {
  private readonly handlers = new Map<string, ChannelHandler<any>>();
  private readonly connections = new Map<number, ConnectionState>();
  private readonly resetListeners = new Set<(s: Session) => void>();
  private engineSub: Disposable | undefined;
  private current!: Session;
  private nextConn = 1;
  private nextTerm = 1;
  readonly deps: LabHostDeps;
  readonly flow: FlowOptions | undefined;

  constructor(private readonly opts: LabHostOptions) {
    this.deps = opts.deps;
    this.flow = opts.flow;
    this.activate(this.buildSession(opts.config ?? {}));
    registerCoreHandlers(this);
  }

  /** The live session (engine, config, info). Replaced by reset(). */
  get session(): Session {
    return this.current;
  }

  /**
   * Adds a channel handler (the seam for lab and walk channels). The channel's request
   * schema must be in shared/api/contract.ts. Returns a remover.
   */
  register<C extends Channel>(channel: C, handler: ChannelHandler<C>): Disposable {
    if (this.handlers.has(channel)) throw new Error(`channel ${channel} already has a handler`);
    this.handlers.set(channel, handler);
    return { dispose: () => this.handlers.get(channel) === handler && this.handlers.delete(channel) };
  }

  /** Opens a client. `emit` receives the client's own terminal events and every broadcast. */
  connect(emit: EmitFn): HostConnection {
    const state: ConnectionState = { id: this.nextConn++, emit, terminals: new Map() };
    this.connections.set(state.id, state);
    return {
      id: state.id,
      handle: (channel, payload) => this.handle(channel, payload, state),
      dispose: () => {
        for (const t of state.terminals.values()) t.close();
        state.terminals.clear();
        this.connections.delete(state.id);
      },
    };
  }

  /** Validates a request with the contract's schema and runs its handler; never throws. */
  async handle(channel: string, payload: unknown, conn: ConnectionState): Promise<ApiResult<Channel>> {
    const parsed = parseRequest(channel, payload);
    if (!parsed.ok) return parsed;
    const handler = this.handlers.get(parsed.channel);
    if (!handler) return { ok: false, error: { code: 'NotFound', message: `${channel}: not available in this build` } };
    try {
      const value = await handler(parsed.value, conn);
      return { ok: true, value } as ApiResult<Channel>;
    } catch (e) {
      if (e instanceof HostError) return { ok: false, error: { code: e.code, message: e.message } };
      return { ok: false, error: { code: 'Internal', message: e instanceof Error ? e.message : String(e) } };
    }
  }

  /** Sends an event to every client. */
  broadcast<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const c of [...this.connections.values()]) c.emit(event, payload);
  }

  /** Called after every reset with the new session (labs re-attach their checks here). */
  onReset(listener: (s: Session) => void): Disposable {
    this.resetListeners.add(listener);
    return { dispose: () => this.resetListeners.delete(listener) };
  }

  /** A fresh cluster: every terminal is closed (clients get onTermExit 129), then topology is re-sent. */
  reset(config: SessionConfig): SessionInfo {
    // Build first: a config the engine refuses leaves the running session untouched.
    const next = this.buildSession(config);
    for (const c of this.connections.values()) {
      for (const t of c.terminals.values()) t.kill(129);
      c.terminals.clear();
    }
    this.activate(next);
    for (const l of [...this.resetListeners]) l(this.current);
    this.broadcast('onTopologyChanged', this.deps.topology(this.current.engine));
    return this.current.info;
  }

  /** Opens a terminal on the current engine for a connection. */
  openTerminal(conn: ConnectionState, target: RequestOf<'term:open'>['target'], cols: number, rows: number): TerminalSession {
    const engine = this.current.engine;
    if (!engine.netnsOf(target)) {
      const what = target.kind === 'pod' ? `pod "${target.namespace}/${target.name}"` : target.kind === 'node' ? `node "${target.name}"` : 'the external host';
      throw new HostError('NotFound', `${what} does not exist in this cluster`);
    }
    const id = `t${this.nextTerm++}`;
    const term = this.deps.createTerminal({ engine, target, cols, rows });
    const session = new TerminalSession(
      id,
      target,
      term,
      {
        data: (termId, data) => conn.emit('onTermData', { termId, data }),
        exit: (termId, code) => {
          conn.terminals.delete(termId);
          conn.emit('onTermExit', { termId, code });
        },
      },
      this.flow,
    );
    conn.terminals.set(id, session);
    session.start();
    return session;
  }

  /** The terminal `termId` of this connection, or a NotFound error. */
  terminal(conn: ConnectionState, termId: string): TerminalSession {
    const t = conn.terminals.get(termId);
    if (!t) throw new HostError('NotFound', `no terminal "${termId}"`);
    return t;
  }

  dispose(): void {
    for (const c of [...this.connections.values()]) {
      for (const t of c.terminals.values()) t.close();
      c.terminals.clear();
    }
    this.connections.clear();
    this.engineSub?.dispose();
    this.resetListeners.clear();
  }

  private buildSession(config: SessionConfig): Session {
    const resolved = resolveSession(config);
    if ('error' in resolved) throw new HostError('BadRequest', resolved.error);
    let engine: Engine;
    try {
      engine = this.deps.createEngine(resolved.spec, resolved.env);
    } catch (e) {
      throw new HostError('BadRequest', e instanceof Error ? e.message : String(e));
    }
    const info: SessionInfo = {
      cni: resolved.cni,
      proxyMode: resolved.spec.proxyMode,
      seed: resolved.seed,
      nodes: resolved.spec.nodes.map((n) => n.name),
      version: this.opts.version,
    };
    return { engine, config, info };
  }

  private activate(session: Session): void {
    this.engineSub?.dispose();
    this.current = session;
    const engine = session.engine;
    let topologyQueued = false;
    this.engineSub = engine.on((e) => {
      if (e.type === 'topology-changed') {
        // One snapshot per burst: a `kubectl apply` can change the topology many times.
        if (topologyQueued) return;
        topologyQueued = true;
        queueMicrotask(() => {
          topologyQueued = false;
          if (this.current.engine === engine) this.guard('topology fan-out', () => this.broadcast('onTopologyChanged', this.deps.topology(engine)));
        });
      } else if (e.type === 'walk') {
        this.guard('walk fan-out', () => {
          const rec = this.deps.walkRecord?.(engine, e.walkId);
          if (rec) this.broadcast('onWalk', rec);
        });
      }
    });
  }

  /** Runs event plumbing that no request is waiting on: a throw is logged, never fatal to the host. */
  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      (this.opts.log ?? ((m: string) => console.error(m)))(`netlab host: ${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
}
