/** `tail [-n N | -N | -n +N | -c N] [FILE]...`: the last lines (or from line N); `-f` prints and returns, there is nothing to follow. */
import type { Command } from '../command';
import { parseOpts, readInputs, toLines } from '../tool-util';

export const tail: Command = {
  name: 'tail',
  summary: 'output the last part of files',
  run(ctx) {
    const o = parseOpts(ctx, { flags: 'qvfF', withValue: 'nc', numeric: true, long: { 'lines=': 'n', 'bytes=': 'c', quiet: 'q', silent: 'q', verbose: 'v', follow: 'f' } });
    if (!o) return 1;
    const cv = o.opts.get('c')?.at(-1);
    const spec = cv ?? o.opts.get('n')?.at(-1) ?? '10';
    const m = /^([-+]?)(\d+)$/.exec(spec);
    if (!m) {
      ctx.err(`tail: invalid number of ${cv !== undefined ? 'bytes' : 'lines'}: ‘${spec}’\n`);
      return 1;
    }
    const fromStart = m[1] === '+';
    const n = Number(m[2]);
    const { inputs, failed } = readInputs(ctx, o.args, (f, e) => (e === 'Is a directory' ? `tail: error reading '${f}': Is a directory` : `tail: cannot open '${f}' for reading: ${e}`));
    const headers = (inputs.length > 1 || o.opts.has('v')) && !o.opts.has('q');
    const out: string[] = [];
    inputs.forEach((inp, k) => {
      if (headers) out.push(`${k ? '\n' : ''}==> ${inp.name} <==\n`);
      if (cv !== undefined) {
        out.push(fromStart ? inp.data.slice(Math.max(0, n - 1)) : n ? inp.data.slice(-n) : '');
        return;
      }
      const lines = toLines(inp.data);
      const take = fromStart ? lines.slice(Math.max(0, n - 1)) : n ? lines.slice(-n) : [];
      const endsNl = inp.data.endsWith('\n');
      out.push(take.map((l, i) => l + (i === take.length - 1 && !endsNl ? '' : '\n')).join(''));
    });
    ctx.out(out.join(''));
    return failed ? 1 : 0;
  },
};
