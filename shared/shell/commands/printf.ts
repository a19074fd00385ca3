/** `printf`: bash's builtin — %s %b %c %d %i %u %o %x %X %f %e %g %% with flags, width and precision; the format repeats while arguments remain. */
import type { Command } from '../command';
import { echoEscapes } from './echo';

export const printf: Command = {
  name: 'printf',
  summary: 'format and print data',
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args[0] === '--') args.shift();
    if (!args.length) {
      ctx.err('printf: usage: printf [-v var] format [arguments]\n');
      return 2;
    }
    const format = args.shift()!;
    let status = 0;
    let k = 0;
    const next = () => (k < args.length ? args[k++] : undefined);
    const num = (v: string | undefined): number => {
      if (v === undefined || v === '') return 0;
      if (/^['"]/.test(v)) return v.codePointAt(1) ?? 0;
      const t = v.trim();
      if (/^[-+]?0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
      if (/^[-+]?0[0-7]+$/.test(t)) return parseInt(t, 8);
      if (/^[-+]?\d+(\.\d*)?(e[-+]?\d+)?$/i.test(t)) return Number(t);
      ctx.err(`bash: printf: ${v}: invalid number\n`);
      status = 1;
      return parseFloat(t) || 0;
    };
    const chunks: string[] = [];
    for (let round = 0; round === 0 || (k < args.length && k > 0); round++) {
      const startK = k;
      let stop = false;
      for (let i = 0; i < format.length && !stop; i++) {
        const c = format[i];
        if (c === '\\') {
          const m = /^\\(0[0-7]{0,3}|[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/s.exec(format.slice(i))!;
          const esc = m[1];
          if (/^[0-7]/.test(esc)) chunks.push(String.fromCharCode(parseInt(esc, 8)));
          else {
            const r = echoEscapes('\\' + esc);
            chunks.push(r.text);
          }
          i += m[0].length - 1;
          continue;
        }
        if (c !== '%') {
          chunks.push(c);
          continue;
        }
        const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([a-zA-Z%])/.exec(format.slice(i));
        if (!m) {
          chunks.push(c);
          continue;
        }
        i += m[0].length - 1;
        const [, flags, w, p, conv] = m;
        if (conv === '%') {
          chunks.push('%');
          continue;
        }
        const width = w === '*' ? num(next()) : w ? Number(w) : 0;
        const prec = p === '*' ? num(next()) : p !== undefined ? Number(p) : undefined;
        const arg = next();
        let s: string;
        switch (conv) {
          case 's':
            s = arg ?? '';
            if (prec !== undefined) s = s.slice(0, prec);
            break;
          case 'b': {
            const r = echoEscapes(arg ?? '');
            s = r.text;
            if (r.stop) stop = true;
            break;
          }
          case 'c':
            s = (arg ?? '').slice(0, 1);
            break;
          case 'd':
          case 'i':
          case 'u': {
            const n = Math.trunc(num(arg));
            s = String(Math.abs(n));
            if (prec !== undefined) s = s.padStart(prec, '0');
            s = (n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
            break;
          }
          case 'o':
          case 'x':
          case 'X': {
            const n = Math.trunc(num(arg));
            s = (n >>> 0).toString(conv === 'o' ? 8 : 16);
            if (conv === 'X') s = s.toUpperCase();
            if (flags.includes('#') && n !== 0) s = (conv === 'o' ? '0' : conv === 'x' ? '0x' : '0X') + s;
            break;
          }
          case 'f':
          case 'F':
          case 'e':
          case 'g': {
            const n = num(arg);
            s = conv === 'e' ? n.toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2') : conv === 'g' ? String(Number(n.toPrecision(prec || 6))) : n.toFixed(prec ?? 6);
            if (n >= 0 && flags.includes('+')) s = '+' + s;
            break;
          }
          default:
            ctx.err(`bash: printf: \`${conv}': invalid format character\n`);
            ctx.out(chunks.join(''));
            return 1;
        }
        if (s.length < width) {
          if (flags.includes('-')) s = s.padEnd(width);
          else if (flags.includes('0') && /[diuoxXfFeg]/.test(conv)) {
            const sign = /^[-+ ]/.test(s) ? s[0] : '';
            s = sign + s.slice(sign.length).padStart(width - sign.length, '0');
          } else s = s.padStart(width);
        }
        chunks.push(s);
      }
      if (stop || k === startK) break;
    }
    ctx.out(chunks.join(''));
    return status;
  },
};
