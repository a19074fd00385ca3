/** `ls [-laA1hd] [PATH]...`: lists the host's virtual filesystem, in columns on a terminal, one per line into a pipe. */
import type { Command, CommandContext } from '../command';
import { parseOpts } from '../tool-util';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Jan  1 00:00` for the last six months, `Jan  1  2025` before that, as ls does. */
function lsDate(ms: number, now: number): string {
  const d = new Date(ms);
  const day = String(d.getUTCDate()).padStart(2);
  const recent = now - ms < 182 * 86400_000 && ms <= now + 3600_000;
  const tail = recent ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}` : ` ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${day} ${tail}`;
}

function human(n: number): string {
  if (n < 1024) return String(n);
  const units = ['K', 'M', 'G', 'T'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return v < 10 ? `${(Math.ceil(v * 10) / 10).toFixed(1)}${units[u]}` : `${Math.ceil(v)}${units[u]}`;
}

/** Padding from column `from` to `to` as GNU ls writes it on a tty: tabs (every 8) where they fit, then spaces. */
function indent(from: number, to: number): string {
  let s = '';
  while (from < to) {
    if (Math.floor(to / 8) > Math.floor((from + 1) / 8)) {
      s += '\t';
      from += 8 - (from % 8);
    } else {
      s += ' ';
      from++;
    }
  }
  return s;
}

/** GNU ls's vertical columns: as many columns as fit the terminal width. */
export function columns(names: string[], width: number): string {
  if (!names.length) return '';
  for (let ncols = Math.min(names.length, Math.max(1, Math.floor(width / 3))); ncols >= 1; ncols--) {
    const nrows = Math.ceil(names.length / ncols);
    const widths: number[] = [];
    for (let c = 0; c * nrows < names.length; c++) widths.push(Math.max(...names.slice(c * nrows, (c + 1) * nrows).map((s) => s.length)));
    const total = widths.reduce((a, w) => a + w + 2, 0) - 2;
    if (total < width || ncols === 1) {
      const lines: string[] = [];
      for (let r = 0; r < nrows; r++) {
        let line = '';
        let pos = 0;
        let start = 0;
        for (let c = 0; c < widths.length; c++) {
          const k = c * nrows + r;
          if (k >= names.length) break;
          line += indent(pos, start) + names[k];
          pos = start + names[k].length;
          start += widths[c] + 2;
        }
        lines.push(line);
      }
      return lines.join('\n') + '\n';
    }
  }
  return '';
}

function longListing(ctx: CommandContext, entries: { name: string; path: string }[], opts: { human: boolean; total: boolean }): string {
  const now = ctx.engine.env.clock.now();
  const rows = entries.map((e) => {
    const st = ctx.fs.stat?.(e.path) ?? { kind: ctx.fs.isDir(e.path) ? 'dir' : 'file', size: 0, mtime: now, system: false };
    const mode = st.kind === 'dir' ? 'drwxr-xr-x' : st.kind === 'dev' ? 'crw-rw-rw-' : st.system ? '-r--r--r--' : '-rw-r--r--';
    return { mode, links: st.kind === 'dir' ? '2' : '1', size: opts.human ? human(st.size) : String(st.size), date: lsDate(st.mtime, now), name: e.name, blocks: st.kind === 'file' ? Math.ceil(st.size / 4096) * 4 : st.kind === 'dir' ? 4 : 0 };
  });
  const lw = Math.max(...rows.map((r) => r.links.length), 1);
  const sw = Math.max(...rows.map((r) => r.size.length), 1);
  const lines = rows.map((r) => `${r.mode} ${r.links.padStart(lw)} root root ${r.size.padStart(sw)} ${r.date} ${r.name}\n`);
  if (opts.total) {
    const total = rows.reduce((a, r) => a + r.blocks, 0);
    lines.unshift(`total ${opts.human ? human(total * 1024) : total}\n`);
  }
  return lines.join('');
}

export const ls: Command = {
  name: 'ls',
  summary: 'list directory contents',
  run(ctx) {
    const o = parseOpts(ctx, { flags: 'laA1hdFrtRS', long: { all: 'a', 'almost-all': 'A', 'human-readable': 'h', directory: 'd', 'color=': 'c', color: 'c' } });
    if (!o) return 2;
    const f = (k: string) => o.opts.has(k);
    const long = f('l');
    const oneLine = f('1') || !ctx.terminal.interactive;
    const targets = o.args.length ? o.args : ['.'];
    let status = 0;
    const files: { name: string; path: string }[] = [];
    const dirs: { name: string; path: string }[] = [];
    for (const t of targets) {
      const p = ctx.fs.resolve(ctx.cwd, t);
      if (!ctx.fs.exists(p)) {
        ctx.err(`ls: cannot access '${t}': No such file or directory\n`);
        status = 2;
      } else if (ctx.fs.isDir(p) && !f('d')) dirs.push({ name: t, path: p });
      else files.push({ name: t, path: p });
    }
    const render = (entries: { name: string; path: string }[], total: boolean) => {
      if (f('r')) entries.reverse();
      if (long) return longListing(ctx, entries, { human: f('h'), total });
      return oneLine ? entries.map((e) => e.name + '\n').join('') : columns(entries.map((e) => e.name), ctx.terminal.columns);
    };
    const out: string[] = [];
    if (files.length) out.push(render(files, false));
    dirs.forEach((d, k) => {
      if (files.length || k > 0) out.push('\n');
      if (targets.length > 1) out.push(`${d.name}:\n`);
      let names = ctx.fs.list(d.path) ?? [];
      if (!f('a') && !f('A')) names = names.filter((n) => !n.startsWith('.'));
      const entries = names.map((n) => ({ name: n, path: ctx.fs.resolve(d.path, n) }));
      if (f('a')) entries.unshift({ name: '.', path: d.path }, { name: '..', path: ctx.fs.resolve(d.path, '..') });
      out.push(render(entries, true));
    });
    ctx.out(out.join(''));
    return status;
  },
};
