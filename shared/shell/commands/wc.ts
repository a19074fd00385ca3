/** `wc [-lwcm] [FILE]...`: line, word and byte counts, aligned as GNU wc aligns them. */
import type { Command } from '../command';
import { parseOpts, readInputs } from '../tool-util';
import { utf8Length } from '../vfs';

export const wc: Command = {
  name: 'wc',
  summary: 'print newline, word, and byte counts',
  run(ctx) {
    const o = parseOpts(ctx, { flags: 'lwcmL', long: { lines: 'l', words: 'w', bytes: 'c', chars: 'm', 'max-line-length': 'L' } });
    if (!o) return 1;
    let which = ['l', 'w', 'm', 'c', 'L'].filter((k) => o.opts.has(k));
    if (!which.length) which = ['l', 'w', 'c'];
    const { inputs, failed } = readInputs(ctx, o.args);
    const count = (d: string): Record<string, number> => {
      // One pass, no intermediate arrays: inputs can be a million lines.
      let l = 0;
      let w = 0;
      let m = 0;
      let longest = 0;
      let col = 0;
      let inWord = false;
      for (let i = 0; i < d.length; i++) {
        const c = d.charCodeAt(i);
        if (c >= 0xdc00 && c <= 0xdfff) continue;
        m++;
        const space = c === 32 || (c >= 9 && c <= 13);
        if (!space && !inWord) w++;
        inWord = !space;
        if (c === 10) {
          l++;
          longest = Math.max(longest, col);
          col = 0;
        } else col++;
      }
      return { l, w, c: utf8Length(d), m, L: Math.max(longest, col) };
    };
    const rows = inputs.map((i) => ({ name: o.args.length ? i.name : '', c: count(i.data) }));
    if (rows.length > 1) {
      const total: Record<string, number> = { l: 0, w: 0, c: 0, m: 0, L: 0 };
      for (const r of rows) for (const k of Object.keys(total)) total[k] = k === 'L' ? Math.max(total[k], r.c[k]) : total[k] + r.c[k];
      rows.push({ name: 'total', c: total });
    }
    const fromStdin = inputs.some((i) => i.name === '(standard input)');
    let width = 1;
    if (!(which.length === 1 && rows.length === 1)) {
      width = fromStdin ? 7 : String(inputs.reduce((a, i) => a + utf8Length(i.data), 0)).length;
    }
    ctx.out(rows.map((r) => which.map((k) => String(r.c[k]).padStart(width)).join(' ') + (r.name ? ` ${r.name}` : '') + '\n').join(''));
    return failed ? 1 : 0;
  },
};
