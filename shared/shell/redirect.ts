/**
 * Redirections of one simple command, applied left to right as bash does (`>f 2>&1` and
 * `2>&1 >f` differ): file descriptors map to sinks; files are created (or truncated) when
 * opened and receive their bytes when the command ends; here-documents and `<` set stdin.
 */
import type { VirtualFs } from './command';
import { expandHeredoc, expandString, expandWord, ExpansionError, type ExpandEnv } from './expand';
import type { Redir } from './parser';

/** Where bytes written to a file descriptor go. */
export type Sink = { write(t: string): void };

/** The streams a command gets after its redirections, plus the files to fill afterwards. */
export interface Redirected {
  fds: Map<number, Sink>;
  files: { path: string; chunks: string[] }[];
  stdin: string;
}

/** Applies `redirs`; on failure prints bash's error and returns the status (fatal: an expansion error). */
export function applyRedirections(
  redirs: Redir[],
  io: { out(t: string): void; err(t: string): void; stdin: string },
  xenv: ExpandEnv,
  fs: VirtualFs,
  cwd: string,
): Redirected | { status: number; fatal?: boolean } {
  const fds = new Map<number, Sink>([
    [1, { write: io.out }],
    [2, { write: io.err }],
  ]);
  const files: { path: string; chunks: string[] }[] = [];
  let stdin = io.stdin;
  const fileSink = (path: string, append: boolean): Sink | string => {
    const p = fs.resolve(cwd, path);
    if (p === '/dev/stdout') return fds.get(1)!;
    if (p === '/dev/stderr') return fds.get(2)!;
    const r = fs.write(p, '', append);
    if (!r.ok) return r.error;
    const f = { path: p, chunks: [] as string[] };
    files.push(f);
    return { write: (t) => f.chunks.push(t) };
  };
  for (const r of redirs) {
    let target: string;
    try {
      if (r.op === '<<' || r.op === '<<-') {
        const doc = r.heredoc!;
        stdin = doc.quoted ? doc.body : expandHeredoc(doc.body, xenv);
        continue;
      }
      if (r.op === '<<<') {
        stdin = expandString(r.target, xenv) + '\n';
        continue;
      }
      const fields = expandWord(r.target, xenv);
      if (fields.length !== 1) {
        io.err(`bash: ${r.target}: ambiguous redirect\n`);
        return { status: 1 };
      }
      target = fields[0];
    } catch (e) {
      io.err(`bash: ${e instanceof ExpansionError ? e.message : String(e)}\n`);
      return { status: 1, fatal: e instanceof ExpansionError };
    }
    if ((r.op === '>&' || r.op === '<&') && /^\d+$/.test(target)) {
      const src = fds.get(Number(target));
      if (Number(target) === 0 && r.op === '<&') continue;
      if (!src) {
        io.err(`bash: ${target}: Bad file descriptor\n`);
        return { status: 1 };
      }
      fds.set(r.fd, src);
      continue;
    }
    if ((r.op === '>&' || r.op === '<&') && target === '-') {
      fds.set(r.fd, { write: () => undefined });
      continue;
    }
    if (r.op === '<' || r.op === '<>' || r.op === '<&') {
      const rd = fs.read(fs.resolve(cwd, target));
      if (!rd.ok) {
        io.err(`bash: ${target}: ${rd.error}\n`);
        return { status: 1 };
      }
      stdin = rd.data;
      continue;
    }
    const both = r.op === '&>' || r.op === '&>>' || (r.op === '>&' && r.fd === 1);
    const sink = fileSink(target, r.op === '>>' || r.op === '&>>');
    if (typeof sink === 'string') {
      io.err(`bash: ${target}: ${sink}\n`);
      return { status: 1 };
    }
    fds.set(r.fd, sink);
    if (both) fds.set(2, sink);
  }
  return { fds, files, stdin };
}
