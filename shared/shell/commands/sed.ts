/**
 * `sed [-n] [-E|-r] [-i] [-e SCRIPT]... [SCRIPT] [FILE]...`: the stream edits learners use —
 * `s/re/repl/[gpI N]`, `p`, `d`, `q`, `=`, with line, `$`, /regex/ and range addresses and
 * `!`. GNU sed's error words for bad scripts (exit 1) and missing files (exit 2).
 */
import type { Command } from '../command';
import { compilePosix, RegexError } from '../regex';

type Addr = { line: number } | { last: true } | { re: RegExp };
interface SedCmd {
  a1?: Addr;
  a2?: Addr;
  negate: boolean;
  op: 's' | 'p' | 'd' | 'q' | '=';
  re?: RegExp;
  repl?: string;
  global?: boolean;
  nth?: number;
  print?: boolean;
}

class SedError extends Error {}

/** Parses a sed script into commands (`;` or newline separated). */
function parseScript(script: string, extended: boolean): SedCmd[] {
  const cmds: SedCmd[] = [];
  let i = 0;
  const n = script.length;
  const ws = () => {
    while (i < n && /[ \t]/.test(script[i])) i++;
  };
  const delimited = (delim: string): string => {
    let out = '';
    while (i < n && script[i] !== delim) {
      if (script[i] === '\\' && i + 1 < n) {
        out += script[i + 1] === delim ? delim : script.slice(i, i + 2);
        i += 2;
      } else if (script[i] === '\n') throw new SedError(`-e expression #1, char ${i + 1}: unterminated \`s' command`);
      else out += script[i++];
    }
    if (i >= n) throw new SedError(`-e expression #1, char ${i}: unterminated \`s' command`);
    i++;
    return out;
  };
  const compile = (src: string, flags = ''): RegExp => {
    try {
      const re = compilePosix(src, { extended, ignoreCase: flags.includes('I') });
      return new RegExp(re.source, re.flags + 'g');
    } catch (e) {
      throw new SedError(`-e expression #1, char ${i}: ${e instanceof RegexError ? e.message : 'Invalid regular expression'}`);
    }
  };
  const addr = (): Addr | undefined => {
    if (/\d/.test(script[i] ?? '')) {
      const m = /^\d+/.exec(script.slice(i))!;
      i += m[0].length;
      return { line: Number(m[0]) };
    }
    if (script[i] === '$') {
      i++;
      return { last: true };
    }
    if (script[i] === '/') {
      i++;
      return { re: compile(delimited('/')) };
    }
    return undefined;
  };
  while (i < n) {
    ws();
    if (script[i] === ';' || script[i] === '\n') {
      i++;
      continue;
    }
    if (i >= n) break;
    const cmd: Partial<SedCmd> & { negate: boolean } = { negate: false };
    cmd.a1 = addr();
    if (cmd.a1 && script[i] === ',') {
      i++;
      cmd.a2 = addr();
      if (!cmd.a2) throw new SedError(`-e expression #1, char ${i}: unexpected \`,'`);
    }
    ws();
    if (script[i] === '!') {
      cmd.negate = true;
      i++;
      ws();
    }
    const op = script[i++];
    if (op === undefined) throw new SedError(`-e expression #1, char ${i - 1}: missing command`);
    if (op === 's') {
      const delim = script[i++];
      if (!delim || delim === '\n' || delim === '\\') throw new SedError(`-e expression #1, char ${i}: unterminated \`s' command`);
      const re = delimited(delim);
      cmd.repl = delimited(delim);
      const flags = /^[gpI0-9]*/.exec(script.slice(i))![0];
      i += flags.length;
      cmd.re = compile(re, flags);
      cmd.global = flags.includes('g');
      cmd.print = flags.includes('p');
      cmd.nth = /\d+/.test(flags) ? Number(/\d+/.exec(flags)![0]) : undefined;
      cmd.op = 's';
    } else if ('pdq='.includes(op)) cmd.op = op as SedCmd['op'];
    else throw new SedError(`-e expression #1, char ${i}: unknown command: \`${op}'`);
    ws();
    if (i < n && script[i] !== ';' && script[i] !== '\n' && script[i] !== '}') throw new SedError(`-e expression #1, char ${i + 1}: extra characters after command`);
    cmds.push(cmd as SedCmd);
  }
  return cmds;
}

/** `&` and `\1`..`\9` in a replacement, and `\n`. */
function substitute(repl: string, m: RegExpExecArray): string {
  return repl.replace(/\\([0-9n&\\])|&/g, (x, c: string | undefined) => (c === undefined ? m[0] : c === 'n' ? '\n' : c === '&' ? '&' : c === '\\' ? '\\' : (m[Number(c)] ?? '')));
}

export const sed: Command = {
  name: 'sed',
  summary: 'stream editor for filtering and transforming text',
  run(ctx) {
    const args = ctx.argv.slice(1);
    const scripts: string[] = [];
    const files: string[] = [];
    let quiet = false;
    let extended = false;
    let inPlace = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-n' || a === '--quiet' || a === '--silent') quiet = true;
      else if (a === '-E' || a === '-r' || a === '--regexp-extended') extended = true;
      else if (a === '-i' || a === '--in-place') inPlace = true;
      else if (a === '-e') scripts.push(args[++i] ?? '');
      else if (/^-[nErie]+$/.test(a) && !a.endsWith('e')) {
        quiet ||= a.includes('n');
        extended ||= a.includes('E') || a.includes('r');
        inPlace ||= a.includes('i');
      } else if (a.startsWith('-') && a !== '-') {
        ctx.err(`sed: invalid option -- '${a.slice(1, 2)}'\nUsage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n`);
        return 1;
      } else if (!scripts.length && !files.length && !args.slice(0, i).includes('-e')) scripts.push(a);
      else files.push(a);
    }
    if (!scripts.length) {
      ctx.err('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n');
      return 1;
    }
    let cmds: SedCmd[];
    try {
      cmds = parseScript(scripts.join('\n'), extended);
    } catch (e) {
      ctx.err(`sed: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
    if (inPlace && !files.length) {
      ctx.err('sed: no input files\n');
      return 1;
    }
    let status = 0;
    const edit = (data: string): string => {
      const lines = data.split('\n');
      const endsNl = data.endsWith('\n');
      if (endsNl) lines.pop();
      const out: string[] = [];
      const active = new Set<SedCmd>();
      const hit = (a: Addr, n: number, line: string) => ('line' in a ? a.line === n : 'last' in a ? n === lines.length : ((a.re.lastIndex = 0), a.re.test(line)));
      for (let k = 0; k < lines.length; k++) {
        let line = lines[k];
        const n = k + 1;
        let deleted = false;
        let quit = false;
        for (const c of cmds) {
          let sel: boolean;
          if (!c.a1) sel = true;
          else if (!c.a2) sel = hit(c.a1, n, line);
          else if (active.has(c)) {
            sel = true;
            if ('line' in c.a2 ? n >= c.a2.line : hit(c.a2, n, line)) active.delete(c);
          } else if (hit(c.a1, n, line)) {
            // The end address is looked for from the next line; a line number already passed ends the range now.
            sel = true;
            if (!('line' in c.a2 && c.a2.line <= n)) active.add(c);
          } else sel = false;
          if (sel === c.negate) continue;
          if (c.op === 'p') out.push(line + '\n');
          else if (c.op === '=') out.push(`${n}\n`);
          else if (c.op === 'd') {
            deleted = true;
            break;
          } else if (c.op === 'q') {
            quit = true;
            break;
          } else if (c.op === 's') {
            let count = 0;
            let changed = false;
            const re = c.re!;
            re.lastIndex = 0;
            line = line.replace(re, (...m: unknown[]) => {
              count++;
              const take = c.nth ? count === c.nth || (c.global === true && count > c.nth) : c.global === true || count === 1;
              if (!take) return m[0] as string;
              changed = true;
              return substitute(c.repl!, m.slice(0, -2) as unknown as RegExpExecArray);
            });
            if (changed && c.print) out.push(line + '\n');
          }
        }
        if (!deleted && !quiet) out.push(line + (k === lines.length - 1 && !endsNl ? '' : '\n'));
        if (quit) break;
      }
      return out.join('');
    };
    if (!files.length) {
      ctx.out(edit(ctx.stdin));
      return 0;
    }
    for (const f of files) {
      const path = ctx.fs.resolve(ctx.cwd, f);
      const r = f === '-' ? { ok: true as const, data: ctx.stdin } : ctx.fs.read(path);
      if (!r.ok) {
        ctx.err(r.error === 'Is a directory' ? `sed: couldn't edit ${f}: not a regular file\n` : `sed: can't read ${f}: ${r.error}\n`);
        status = 2;
        continue;
      }
      const text = edit(r.data);
      if (inPlace) {
        const w = ctx.fs.write(path, text);
        if (!w.ok) {
          ctx.err(`sed: couldn't open temporary file ${f}: ${w.error}\n`);
          status = 4;
        }
      } else ctx.out(text);
    }
    return status;
  },
};
