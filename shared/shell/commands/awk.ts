/** `awk [-F FS] [-v var=value]... 'program' [FILE]...`: the awk learners use on command output (mawk's messages). */
import type { Command, CommandContext } from '../command';
import { AwkSyntaxError, parseAwk } from '../awk-parse';
import { AwkRuntimeError, runAwk } from '../awk-run';
import { readInputs } from '../tool-util';
import { printf } from './printf';

/** printf formatting for awk's printf/sprintf, through the shell's printf. */
function sprintf(ctx: CommandContext, format: string, args: string[]): string {
  const chunks: string[] = [];
  printf.run({ ...ctx, argv: ['printf', '--', format, ...args], out: (t) => chunks.push(t), err: () => undefined });
  return chunks.join('');
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', '\\': '\\' })[c] ?? '\\' + c);
}

export const awk: Command = {
  name: 'awk',
  summary: 'pattern scanning and text processing language',
  run(ctx) {
    const argv = ctx.argv.slice(1);
    const vars: Record<string, string> = {};

    let i = 0;
    for (; i < argv.length; i++) {
      const a = argv[i];
      if (a === '--') {
        i++;
        break;
      }
      if (a.startsWith('-F')) {
        const v = a.length > 2 ? a.slice(2) : argv[++i];
        if (v === undefined) break;
        vars.FS = v === 't' ? '\t' : unescape(v);
      } else if (a.startsWith('-v')) {
        const v = a.length > 2 ? a.slice(2) : argv[++i];
        const eq = v?.indexOf('=') ?? -1;
        if (!v || eq < 1) {
          ctx.err(`awk: improper assignment: -v ${v ?? ''}\n`);
          return 2;
        }
        vars[v.slice(0, eq)] = unescape(v.slice(eq + 1));
      } else if (a.startsWith('-') && a.length > 1) {
        ctx.err(`awk: not an option: ${a}\n`);
        return 2;
      } else break;
    }
    const program = argv[i++];
    if (program === undefined) {
      ctx.err('usage: awk [-F value] [-v var=value] [--] \'program text\' [file ...]\n');
      return 2;
    }
    let items;
    try {
      items = parseAwk(program);
    } catch (e) {
      if (e instanceof AwkSyntaxError) {
        ctx.err(`awk: line 1: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
    const files: string[] = [];
    for (const a of argv.slice(i)) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(a);
      if (m) vars[m[1]] = m[2];
      else files.push(a);
    }
    const { inputs, failed } = readInputs(ctx, files, (f) => `awk: cannot open ${f} (No such file or directory)`);
    if (failed && !inputs.length) return 2;
    try {
      const code = runAwk(
        items,
        inputs.map((x) => x.data),
        vars,
        { out: ctx.out, err: ctx.err, sprintf: (f, a) => sprintf(ctx, f, a) },
      );
      return failed ? 2 : code;
    } catch (e) {
      if (e instanceof AwkRuntimeError) {
        ctx.err(`awk: run time error: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
  },
};
