/**
 * A small harness for kubectl's tests: a bare Engine (no controllers) with a fixed seed,
 * an in-memory filesystem, and `run('kubectl get pods')` returning stdout, stderr and status.
 */
import type { CommandContext, VirtualFs } from '../../command';
import { Engine } from '../../../sim/engine';
import { createEnv } from '../../../model/env';
import { defaultClusterSpec } from '../../../model/spec';
import type { KubeObject } from '../../../model/objects';
import type { ShellTarget } from '../../../model/target';
import { NetNS } from '../../../kernel/netns';
import { kubectl } from '../kubectl';

/** A flat in-memory filesystem (paths are absolute; `/` is the only root). */
export class MemFs implements VirtualFs {
  readonly files = new Map<string, string>();
  resolve(cwd: string, path: string): string {
    const parts = (path.startsWith('/') ? path : `${cwd}/${path}`).split('/');
    const out: string[] = [];
    for (const p of parts) {
      if (p === '' || p === '.') continue;
      if (p === '..') out.pop();
      else out.push(p);
    }
    return `/${out.join('/')}`;
  }
  read(path: string) {
    const d = this.files.get(path);
    if (d !== undefined) return { ok: true as const, data: d };
    return { ok: false as const, error: this.isDir(path) ? 'Is a directory' : 'No such file or directory' };
  }
  write(path: string, data: string, append = false) {
    this.files.set(path, append ? (this.files.get(path) ?? '') + data : data);
    return { ok: true as const };
  }
  exists(path: string): boolean {
    return this.files.has(path) || this.isDir(path);
  }
  isDir(path: string): boolean {
    return path === '/' || [...this.files.keys()].some((k) => k.startsWith(`${path}/`));
  }
  list(path: string): string[] | undefined {
    if (!this.isDir(path)) return undefined;
    const pre = path === '/' ? '/' : `${path}/`;
    return [...new Set([...this.files.keys()].filter((k) => k.startsWith(pre)).map((k) => k.slice(pre.length).split('/')[0]!))].sort();
  }
  mkdir() {
    return { ok: true as const };
  }
  remove(path: string) {
    return this.files.delete(path) ? { ok: true as const } : { ok: false as const, error: 'No such file or directory' };
  }
}

/** Splits a command line the way a simple shell would (quotes, backslashes). */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let q: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === q) q = undefined;
      else if (c === '\\' && q === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      q = c;
      has = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else cur += c;
  }
  if (has || cur) out.push(cur);
  return out;
}

/** A test cluster: an engine plus a runner for kubectl lines. */
export interface Kit {
  engine: Engine;
  fs: MemFs;
  opened: ShellTarget[];
  run(line: string, stdin?: string): { out: string; err: string; code: number };
  add(...objs: KubeObject[]): void;
}

/** Makes a kit; `setup` may register controllers before objects are added. */
export function makeKit(seed = 1, setup?: (e: Engine) => void): Kit {
  const engine = new Engine(defaultClusterSpec({ workloads: 'none' }), createEnv(seed));
  setup?.(engine);
  const fs = new MemFs();
  const opened: ShellTarget[] = [];
  const run = (line: string, stdin = '') => {
    let out = '';
    let err = '';
    const ctx: CommandContext = {
      argv: splitArgs(line),
      stdin,
      out: (t) => (out += t),
      err: (t) => (err += t),
      env: {},
      cwd: '/root',
      fs,
      engine,
      target: { kind: 'node', name: 'node-1' },
      netns: engine.netnsOf({ kind: 'node', name: 'node-1' }) ?? new NetNS('node/node-1', 'node', 'node-1'),
      terminal: { columns: 120, rows: 40, interactive: false },
      openShell: (t) => {
        opened.push(t);
        return true;
      },
    };
    const code = kubectl.run(ctx);
    return { out, err, code };
  };
  return { engine, fs, opened, run, add: (...objs) => objs.forEach((o) => engine.store.create(o)) };
}
