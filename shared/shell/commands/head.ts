/** `head [-n N | -N | -c N] [FILE]...`: the first lines (or bytes); `-n -N` all but the last N. */
import type { Command } from '../command';
import { parseOpts, readInputs, toLines } from '../tool-util';

export const head: Command = {
  name: 'head',
  summary: 'output the first part of files',
  run(ctx) {
    const o = parseOpts(ctx, { flags: 'qv', withValue: 'nc', numeric: true, long: { 'lines=': 'n', 'bytes=': 'c', quiet: 'q', silent: 'q', verbose: 'v' } });
    if (!o) return 1;
    const nv = o.opts.get('n')?.at(-1) ?? '10';
    const cv = o.opts.get('c')?.at(-1);
    const spec = cv ?? nv;
    const m = /^(-?)(\d+)$/.exec(spec);
    if (!m) {
      ctx.err(`head: invalid number of ${cv !== undefined ? 'bytes' : 'lines'}: ‘${spec}’\n`);
      return 1;
    }
    const allBut = m[1] === '-';
    const n = Number(m[2]);
    const { inputs, failed } = readInputs(ctx, o.args, (f, e) => (e === 'Is a directory' ? `head: error reading '${f}': Is a directory` : `head: cannot open '${f}' for reading: ${e}`));
    const headers = (inputs.length > 1 || o.opts.has('v')) && !o.opts.has('q');
    const out: string[] = [];
    inputs.forEach((inp, k) => {
      if (headers) out.push(`${k ? '\n' : ''}==> ${inp.name} <==\n`);
      if (cv !== undefined) {
        out.push(allBut ? inp.data.slice(0, Math.max(0, inp.data.length - n)) : inp.data.slice(0, n));
        return;
      }
      const lines = toLines(inp.data);
      const endsNl = inp.data.endsWith('\n');
      const take = allBut ? lines.slice(0, Math.max(0, lines.length - n)) : lines.slice(0, n);
      const full = take.length === lines.length && !endsNl;
      out.push(take.map((l, i) => l + (full && i === take.length - 1 ? '' : '\n')).join(''));
    });
    ctx.out(out.join(''));
    return failed ? 1 : 0;
  },
};
