/** `sort [-nrufbhV] [-t SEP] [-k F[,G]]... [FILE]...`: byte-order sort (the C.UTF-8 locale) with numeric and key options. */
import type { Command } from '../command';
import { parseOpts, readInputs, toLines } from '../tool-util';

interface Key {
  start: number;
  end?: number;
  numeric: boolean;
  reverse: boolean;
}

function cmpBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Leading number of a field (sort -n): blanks, sign, digits, one decimal point. */
function numberOf(s: string): number {
  const m = /^\s*(-?\d*\.?\d+|-?\d+\.?)/.exec(s);
  return m ? Number(m[1]) : 0;
}

function human(s: string): number {
  const m = /^\s*(-?\d*\.?\d+)([KMGTPE]?)/i.exec(s);
  if (!m) return 0;
  return Number(m[1]) * 1024 ** ' KMGTPE'.indexOf(m[2].toUpperCase() || ' ');
}

export const sort: Command = {
  name: 'sort',
  summary: 'sort lines of text files',
  run(ctx) {
    const o = parseOpts(ctx, {
      flags: 'nrufbhVs',
      withValue: 'tko',
      long: { 'numeric-sort': 'n', reverse: 'r', unique: 'u', 'ignore-case': 'f', 'ignore-leading-blanks': 'b', 'human-numeric-sort': 'h', 'version-sort': 'V', stable: 's', 'field-separator=': 't', 'key=': 'k', 'output=': 'o' },
    });
    if (!o) return 2;
    const f = (k: string) => o.opts.has(k);
    const sep = o.opts.get('t')?.at(-1);
    if (sep !== undefined && sep.length !== 1) {
      ctx.err(sep ? `sort: multi-character tab ‘${sep}’\n` : 'sort: empty tab\n');
      return 2;
    }
    const keys: Key[] = [];
    for (const k of o.opts.get('k') ?? []) {
      const m = /^(\d+)(?:\.\d+)?([nrb]*)(?:,(\d+)(?:\.\d+)?([nrb]*))?$/.exec(k);
      if (!m || m[1] === '0') {
        const bad = /^\d*/.exec(k)![0] === '' ? k : k;
        ctx.err(m ? `sort: field number is zero: invalid field specification ‘${k}’\n` : `sort: invalid number at field start: invalid count at start of ‘${bad}’\n`);
        return 2;
      }
      const mods = (m[2] ?? '') + (m[4] ?? '');
      keys.push({ start: Number(m[1]), end: m[3] ? Number(m[3]) : undefined, numeric: mods.includes('n') || f('n'), reverse: mods.includes('r') });
    }
    const { inputs, failed } = readInputs(ctx, o.args, (file, e) => `sort: cannot read: ${file}: ${e}`);
    if (failed) return 2;
    const lines = inputs.flatMap((i) => toLines(i.data));
    const fields = (line: string): { text: string; start: number }[] => {
      if (sep !== undefined) return line.split(sep).map((text) => ({ text, start: 0 }));
      // Default fields start at a blank-to-nonblank transition and keep their leading blanks.
      return (line.match(/\s*\S+/g) ?? ['']).map((text) => ({ text, start: 0 }));
    };
    const keyText = (line: string, k: Key): string => {
      const fs = fields(line);
      const slice = fs.slice(k.start - 1, k.end ?? fs.length);
      const text = slice.map((x) => x.text).join(sep ?? '');
      return f('b') ? text.trimStart() : text;
    };
    const compareText = (a: string, b: string, numeric: boolean): number => {
      if (numeric) return numberOf(a) - numberOf(b);
      if (f('h')) return human(a) - human(b);
      if (f('V')) return a.localeCompare(b, 'en', { numeric: true });
      if (f('f')) return cmpBytes(a.toUpperCase(), b.toUpperCase());
      return cmpBytes(a, b);
    };
    const cmpKeys = (a: string, b: string): number => {
      if (keys.length) {
        for (const k of keys) {
          const c = compareText(keyText(a, k), keyText(b, k), k.numeric);
          if (c) return k.reverse ? -c : c;
        }
        return 0;
      }
      return compareText(f('b') ? a.trimStart() : a, f('b') ? b.trimStart() : b, f('n'));
    };
    const sorted = lines
      .map((l, i) => ({ l, i }))
      .sort((x, y) => {
        let c = cmpKeys(x.l, y.l);
        // GNU sort's last resort: the whole line, bytewise (unless -s or -u).
        if (!c && !f('s') && !f('u')) c = cmpBytes(x.l, y.l);
        if (f('r')) c = -c;
        return c || x.i - y.i;
      })
      .map((x) => x.l);
    const result = f('u') ? sorted.filter((l, i) => i === 0 || cmpKeys(sorted[i - 1], l) !== 0) : sorted;
    const text = result.map((l) => l + '\n').join('');
    const outFile = o.opts.get('o')?.at(-1);
    if (outFile !== undefined) {
      const r = ctx.fs.write(ctx.fs.resolve(ctx.cwd, outFile), text);
      if (!r.ok) {
        ctx.err(`sort: open failed: ${outFile}: ${r.error}\n`);
        return 2;
      }
      return 0;
    }
    ctx.out(text);
    return 0;
  },
};
