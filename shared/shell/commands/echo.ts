/** `echo`: bash's builtin — `-n`, `-e` (backslash escapes), `-E`; other dashes are text. */
import type { Command } from '../command';

/** Expands echo -e / printf %b escapes; returns the text and whether `\c` cut the output short. */
export function echoEscapes(s: string): { text: string; stop: boolean } {
  const map: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
  let text = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      text += c;
      continue;
    }
    const n = s[++i];
    if (n === 'c') return { text, stop: true };
    if (n in map) text += map[n];
    else if (n === '0') {
      const oct = /^[0-7]{0,3}/.exec(s.slice(i + 1))![0];
      text += String.fromCharCode(oct ? parseInt(oct, 8) : 0);
      i += oct.length;
    } else if (n === 'x' && /^[0-9a-fA-F]/.test(s.slice(i + 1))) {
      const hx = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1))![0];
      text += String.fromCharCode(parseInt(hx, 16));
      i += hx.length;
    } else text += '\\' + n;
  }
  return { text, stop: false };
}

export const echo: Command = {
  name: 'echo',
  summary: 'display a line of text',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let newline = true;
    let escapes = false;
    while (args.length && /^-[neE]+$/.test(args[0])) {
      for (const f of args.shift()!.slice(1)) {
        if (f === 'n') newline = false;
        else escapes = f === 'e';
      }
    }
    const joined = args.join(' ');
    if (!escapes) {
      ctx.out(joined + (newline ? '\n' : ''));
      return 0;
    }
    const r = echoEscapes(joined);
    ctx.out(r.text + (newline && !r.stop ? '\n' : ''));
    return 0;
  },
};
