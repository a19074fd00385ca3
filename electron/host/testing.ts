/**
 * Small stand-ins for the engine and the virtual terminal, so host and transport tests do
 * not depend on the whole simulation (the integration test uses the real ones).
 */
import type { TopologySnapshot } from '../../shared/api/topology';
import type { EngineEnv } from '../../shared/model/env';
import type { ClusterSpec } from '../../shared/model/spec';
import { NetNS } from '../../shared/kernel/netns';
import { Engine } from '../../shared/sim/engine';
import type { LabHostDeps } from './lab-host';
import type { TerminalLike, TerminalOptions } from './terminal-session';

/** An engine with one namespace per node plus the external host, and nothing else. */
export function fakeEngine(spec: ClusterSpec, env: EngineEnv): Engine {
  const e = new Engine(spec, env);
  for (const n of spec.nodes) e.netns.set(`node/${n.name}`, new NetNS(`node/${n.name}`, 'node', n.name));
  e.netns.set('external', new NetNS('external', 'external', 'external'));
  return e;
}

/** A terminal that echoes input; `yes N` prints N lines, `exit N` exits with N. */
export class FakeTerminal implements TerminalLike {
  private dataCb: ((d: string) => void) | undefined;
  private exitCb: ((c: number) => void) | undefined;
  private line = '';
  disposed = false;
  size: [number, number];

  constructor(readonly opts: TerminalOptions) {
    this.size = [opts.cols, opts.rows];
  }
  private get prompt(): string {
    const t = this.opts.target;
    return `root@${t.kind === 'node' ? t.name : t.kind === 'pod' ? t.name : 'external'}:~# `;
  }
  start(): void {
    this.dataCb?.(this.prompt);
  }
  write(data: string): void {
    for (const ch of data) {
      if (ch !== '\r') {
        this.line += ch;
        this.dataCb?.(ch);
        continue;
      }
      this.dataCb?.('\r\n');
      const [cmd, arg] = this.line.trim().split(/\s+/);
      this.line = '';
      if (cmd === 'exit') return this.exitCb?.(Number(arg ?? 0));
      if (cmd === 'yes') for (let i = 0; i < Number(arg); i++) this.dataCb?.(`line ${i}\r\n`);
      this.dataCb?.(this.prompt);
    }
  }
  resize(cols: number, rows: number): void {
    this.size = [cols, rows];
  }
  onData(cb: (d: string) => void): () => void {
    this.dataCb = cb;
    return () => (this.dataCb = undefined);
  }
  onExit(cb: (c: number) => void): { dispose(): void } {
    this.exitCb = cb;
    return { dispose: () => (this.exitCb = undefined) };
  }
  dispose(): void {
    this.disposed = true;
  }
}

/** A topology with one element per node namespace, versioned by a counter. */
export function fakeTopology(engine: Engine): TopologySnapshot {
  return {
    version: 1,
    cni: engine.spec.cni.plugin,
    proxyMode: engine.spec.proxyMode,
    nodes: engine.spec.nodes.map((n) => ({ id: `node/${n.name}`, kind: 'node', label: n.name, shell: { kind: 'node', name: n.name } })),
    edges: [],
  };
}

/** Deps for a LabHost made of the fakes above; `terminals` collects what was opened. */
export function fakeDeps(terminals: FakeTerminal[] = []): LabHostDeps {
  return {
    createEngine: fakeEngine,
    createTerminal: (o) => {
      const t = new FakeTerminal(o);
      terminals.push(t);
      return t;
    },
    topology: fakeTopology,
  };
}
