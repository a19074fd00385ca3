/** `cut -f LIST [-d DELIM] [-s] | -c LIST | -b LIST [FILE]...`: selected fields or characters of each line. */
import type { Command } from '../command';
import { parseOpts, readInputs, toLines } from '../tool-util';

const TRY = "Try 'cut --help' for more information.\n";

/** Parses a cut list (`1,3-5,7-`) into a membership test; undefined when invalid. */
function parseList(list: string): ((n: number) => boolean) | string {
  const ranges: [number, number][] = [];
  for (const part of list.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (!m[1] && !m[3])) return `invalid field value ‘${part}’`;
    const a = m[1] ? Number(m[1]) : 1;
    const b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a;
    if (a === 0 || b === 0) return 'fields and positions are numbered from 1';
    if (b < a) return 'invalid decreasing range';
    ranges.push([a, b]);
  }
  return (n) => ranges.some(([a, b]) => n >= a && n <= b);
}

export const cut: Command = {
  name: 'cut',
  summary: 'remove sections from each line of files',
  run(ctx) {
    const o = parseOpts(ctx, { flags: 'sn', withValue: 'fdcb', long: { 'fields=': 'f', 'delimiter=': 'd', 'characters=': 'c', 'bytes=': 'b', 'only-delimited': 's', 'output-delimiter=': 'o' } });
    if (!o) return 1;
    const modes = ['f', 'c', 'b'].filter((k) => o.opts.has(k));
    if (!modes.length) {
      ctx.err('cut: you must specify a list of bytes, characters, or fields\n' + TRY);
      return 1;
    }
    if (modes.length > 1) {
      ctx.err('cut: only one type of list may be specified\n' + TRY);
      return 1;
    }
    const mode = modes[0];
    const delim = o.opts.get('d')?.at(-1) ?? '\t';
    if (delim.length !== 1) {
      ctx.err('cut: the delimiter must be a single character\n' + TRY);
      return 1;
    }
    if (o.opts.has('d') && mode !== 'f') {
      ctx.err('cut: an input delimiter may be specified only when operating on fields\n' + TRY);
      return 1;
    }
    const sel = parseList(o.opts.get(mode)!.at(-1)!);
    if (typeof sel === 'string') {
      ctx.err(`cut: ${sel}\n` + TRY);
      return 1;
    }
    const outDelim = o.opts.get('o')?.at(-1) ?? (mode === 'f' ? delim : '');
    const { inputs, failed } = readInputs(ctx, o.args);
    const out: string[] = [];
    for (const inp of inputs)
      for (const line of toLines(inp.data)) {
        if (mode === 'f') {
          if (!line.includes(delim)) {
            if (!o.opts.has('s')) out.push(line + '\n');
            continue;
          }
          out.push(line.split(delim).filter((_, i) => sel(i + 1)).join(outDelim) + '\n');
        } else out.push(Array.from(line).filter((_, i) => sel(i + 1)).join(outDelim) + '\n');
      }
    ctx.out(out.join(''));
    return failed ? 1 : 0;
  },
};
