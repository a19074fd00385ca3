/**
 * The per-host virtual filesystem: files the learner writes (in memory, one tree per host,
 * shared by every terminal on that host) laid over the files the engine renders from state
 * (`engine.systemFiles(target)`: /run/flannel/subnet.env, CNI conflists, ...), which are
 * read-only because the controllers own them. Nothing here touches the host machine.
 */
import type { Engine } from '../sim/engine';
import type { ShellTarget } from '../model/target';
import type { VirtualFs } from './command';

type Entry = { kind: 'file'; data: string; mtime: number } | { kind: 'dir'; mtime: number };

/** What `ls -l` needs to know about a path. */
export interface FileStat {
  kind: 'file' | 'dir' | 'dev';
  size: number;
  mtime: number;
  /** Rendered by the engine (or the shell) from state; writes are refused. */
  system: boolean;
}

/** Directories every host has, so `ls /` and `cd /tmp` look like a Linux root. */
const SKELETON = ['/', '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/mnt', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp', '/usr', '/usr/bin', '/usr/local', '/usr/sbin', '/var', '/var/log'];
const DEVICES = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/stdin', '/dev/zero']);

const trees = new WeakMap<Engine, Map<string, Map<string, Entry>>>();

/** The key of a host's file tree: every container of a pod has its own root filesystem. */
export function hostKey(target: ShellTarget): string {
  if (target.kind === 'node') return `node/${target.name}`;
  if (target.kind === 'external') return 'external';
  return `pod/${target.namespace}/${target.name}/${target.container ?? ''}`;
}

/** Normalises an absolute path: collapses `//`, `.` and `..`. */
export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** The filesystem of one host, created on first use and kept for the engine's lifetime. */
export class HostFs implements VirtualFs {
  private readonly entries: Map<string, Entry>;

  constructor(
    private readonly engine: Engine,
    private readonly target: ShellTarget,
  ) {
    let byHost = trees.get(engine);
    if (!byHost) trees.set(engine, (byHost = new Map()));
    const key = hostKey(target);
    let entries = byHost.get(key);
    if (!entries) {
      entries = new Map();
      const t = engine.env.clock.now();
      for (const d of SKELETON) entries.set(d, { kind: 'dir', mtime: t });
      byHost.set(key, entries);
    }
    this.entries = entries;
  }

  /** Files rendered now: the engine's, plus /etc/hostname and /etc/hosts unless a controller renders them. */
  private system(): Record<string, string> {
    const ns = this.engine.netnsOf(this.target);
    const base: Record<string, string> = {};
    if (ns) {
      base['/etc/hostname'] = `${ns.hostname}\n`;
      let hosts = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n';
      const addr = ns.addrs.find((a) => !a.ip.startsWith('127.') && a.ip.includes('.'));
      if (addr) hosts += `${addr.ip}\t${ns.hostname}\n`;
      base['/etc/hosts'] = hosts;
    }
    const files = { ...base, ...this.engine.systemFiles(this.target) };
    const out: Record<string, string> = {};
    for (const [p, v] of Object.entries(files)) out[normalizePath(p)] = v;
    return out;
  }

  /** Directories implied by the system files' paths. */
  private systemDirs(sys: Record<string, string>): Set<string> {
    const dirs = new Set<string>();
    for (const p of Object.keys(sys)) for (let d = parentOf(p); ; d = parentOf(d)) {
      dirs.add(d);
      if (d === '/') break;
    }
    return dirs;
  }

  resolve(cwd: string, path: string): string {
    return normalizePath(path.startsWith('/') ? path : `${cwd}/${path}`);
  }

  stat(path: string): FileStat | undefined {
    const p = normalizePath(path);
    const now = this.engine.env.clock.now();
    if (DEVICES.has(p)) return { kind: 'dev', size: 0, mtime: now, system: true };
    const sys = this.system();
    if (p in sys) return { kind: 'file', size: utf8Length(sys[p]), mtime: now, system: true };
    const e = this.entries.get(p);
    if (e) return e.kind === 'file' ? { kind: 'file', size: utf8Length(e.data), mtime: e.mtime, system: false } : { kind: 'dir', size: 4096, mtime: e.mtime, system: false };
    if (this.systemDirs(sys).has(p)) return { kind: 'dir', size: 4096, mtime: now, system: true };
    return undefined;
  }

  /** Why `path`'s parent cannot hold an entry, in strerror words, or undefined when it can. */
  private parentError(p: string): string | undefined {
    const parent = parentOf(p);
    const st = this.stat(parent);
    if (!st) return this.parentError(parent) === 'Not a directory' ? 'Not a directory' : 'No such file or directory';
    if (st.kind !== 'dir') return 'Not a directory';
    return undefined;
  }

  read(path: string): { ok: true; data: string } | { ok: false; error: string } {
    const p = normalizePath(path);
    if (DEVICES.has(p)) return { ok: true, data: '' };
    const sys = this.system();
    if (p in sys) return { ok: true, data: sys[p] };
    const st = this.stat(p);
    if (!st) return { ok: false, error: this.parentError(p) === 'Not a directory' ? 'Not a directory' : 'No such file or directory' };
    if (st.kind === 'dir') return { ok: false, error: 'Is a directory' };
    const e = this.entries.get(p);
    return { ok: true, data: e && e.kind === 'file' ? e.data : '' };
  }

  write(path: string, data: string, append = false): { ok: true } | { ok: false; error: string } {
    const p = normalizePath(path);
    if (DEVICES.has(p)) return { ok: true };
    const st = this.stat(p);
    if (st?.kind === 'dir') return { ok: false, error: 'Is a directory' };
    if (st?.system) {
      // The controller that renders the file may accept the write (sysctls); else it is read-only.
      for (const w of this.engine.fileWriters ?? []) {
        const r = w(this.engine, this.target, p, data, append);
        if (r) return r;
      }
      return { ok: false, error: 'Read-only file system' };
    }
    const perr = this.parentError(p);
    if (perr) return { ok: false, error: perr };
    const prev = this.entries.get(p);
    const old = append && prev?.kind === 'file' ? prev.data : '';
    this.entries.set(p, { kind: 'file', data: old + data, mtime: this.engine.env.clock.now() });
    return { ok: true };
  }

  exists(path: string): boolean {
    return this.stat(path) !== undefined;
  }

  isDir(path: string): boolean {
    return this.stat(path)?.kind === 'dir';
  }

  list(path: string): string[] | undefined {
    const p = normalizePath(path);
    if (!this.isDir(p)) return undefined;
    const prefix = p === '/' ? '/' : p + '/';
    const names = new Set<string>();
    const sys = this.system();
    const add = (full: string) => {
      if (full.startsWith(prefix) && full !== p) names.add(full.slice(prefix.length).split('/')[0]);
    };
    for (const k of this.entries.keys()) add(k);
    for (const k of Object.keys(sys)) add(k);
    if (p === '/dev') for (const d of DEVICES) add(d);
    return [...names].sort();
  }

  mkdir(path: string, parents = false): { ok: true } | { ok: false; error: string } {
    const p = normalizePath(path);
    const st = this.stat(p);
    if (st) return st.kind === 'dir' && parents ? { ok: true } : { ok: false, error: 'File exists' };
    if (parents && p !== '/') {
      const r = this.mkdir(parentOf(p), true);
      if (!r.ok) return r;
    }
    const perr = this.parentError(p);
    if (perr) return { ok: false, error: perr };
    this.entries.set(p, { kind: 'dir', mtime: this.engine.env.clock.now() });
    return { ok: true };
  }

  remove(path: string, recursive = false): { ok: true } | { ok: false; error: string } {
    const p = normalizePath(path);
    const st = this.stat(p);
    if (!st) return { ok: false, error: 'No such file or directory' };
    if (st.kind === 'dir' && !recursive) return { ok: false, error: 'Is a directory' };
    if (st.system || st.kind === 'dev') return { ok: false, error: st.kind === 'dev' ? 'Permission denied' : 'Read-only file system' };
    if (st.kind === 'dir') {
      const prefix = p === '/' ? '/' : p + '/';
      if (Object.keys(this.system()).some((k) => k.startsWith(prefix))) return { ok: false, error: 'Read-only file system' };
      for (const k of [...this.entries.keys()]) if (k.startsWith(prefix)) this.entries.delete(k);
    }
    this.entries.delete(p);
    return { ok: true };
  }
}

/** UTF-8 byte length, for `ls -l` and `wc -c`. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
