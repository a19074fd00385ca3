/** `tr [-dsc] SET1 [SET2]`: translates, deletes or squeezes characters (ranges, `[:class:]`, escapes). */
import type { Command } from '../command';
import { parseOpts } from '../tool-util';

const CLASSES: Record<string, string> = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digit: '0123456789',
  space: ' \t\n\r\f\v',
  blank: ' \t',
  punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};
CLASSES.alpha = CLASSES.lower + CLASSES.upper;
CLASSES.alnum = CLASSES.alpha + CLASSES.digit;

/** Expands a tr set into its characters, in order. */
function expandSet(s: string): string[] | string {
  const out: string[] = [];
  const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' };
  const chars: string[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s.startsWith('[:', i)) {
      const end = s.indexOf(':]', i + 2);
      const name = end > 0 ? s.slice(i + 2, end) : '';
      if (!(name in CLASSES)) return `invalid character class ‘${name}’`;
      chars.push(`\0class:${name}`);
      i = end + 1;
    } else if (s[i] === '\\' && i + 1 < s.length) chars.push(esc[s[++i]] ?? s[i]);
    else chars.push(s[i]);
  }
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c.startsWith('\0class:')) out.push(...CLASSES[c.slice(7)]);
    else if (chars[i + 1] === '-' && i + 2 < chars.length) {
      const a = c.charCodeAt(0);
      const b = chars[i + 2].charCodeAt(0);
      if (b < a) return `range-endpoints of '${c}-${chars[i + 2]}' are in reverse collating sequence order`;
      for (let k = a; k <= b; k++) out.push(String.fromCharCode(k));
      i += 2;
    } else out.push(c);
  }
  return out;
}

export const tr: Command = {
  name: 'tr',
  summary: 'translate or delete characters',
  run(ctx) {
    const o = parseOpts(ctx, { flags: 'dscC', long: { delete: 'd', 'squeeze-repeats': 's', complement: 'c' } });
    if (!o) return 1;
    const del = o.opts.has('d');
    const squeeze = o.opts.has('s');
    const need = del && !squeeze ? 1 : del && squeeze ? 2 : squeeze ? 1 : 2;
    if (o.args.length < need) {
      ctx.err(`tr: ${o.args.length ? `missing operand after ‘${o.args[o.args.length - 1]}’` : 'missing operand'}\n${need === 2 && o.args.length === 1 ? 'Two strings must be given when translating.\n' : ''}Try 'tr --help' for more information.\n`);
      return 1;
    }
    const s1 = expandSet(o.args[0]);
    const s2 = o.args[1] !== undefined ? expandSet(o.args[1]) : [];
    for (const s of [s1, s2])
      if (typeof s === 'string') {
        ctx.err(`tr: ${s}\n`);
        return 1;
      }
    const set1 = new Set(s1 as string[]);
    const list2 = s2 as string[];
    const comp = o.opts.has('c') || o.opts.has('C');
    const in1 = (c: string) => set1.has(c) !== comp;
    const map = new Map<string, string>();
    if (!del && list2.length) (s1 as string[]).forEach((c, i) => map.set(c, list2[Math.min(i, list2.length - 1)]));
    const squeezeSet = new Set(del || !list2.length ? (squeeze && !del ? (s1 as string[]) : list2) : list2);
    let out = '';
    let prev = '';
    for (const c of ctx.stdin) {
      if (del && in1(c)) continue;
      let t = c;
      if (!del && list2.length && in1(c)) t = comp ? list2[list2.length - 1] : (map.get(c) ?? c);
      if (squeeze && t === prev && squeezeSet.has(t)) continue;
      out += t;
      prev = t;
    }
    ctx.out(out);
    return 0;
  },
};
