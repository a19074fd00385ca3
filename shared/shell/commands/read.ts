/** `read [-r] [-p PROMPT] [NAME]...`: reads one line of stdin into shell variables (REPLY by default). */
import type { Command } from '../command';

export const read: Command = {
  name: 'read',
  summary: 'read a line from the standard input and split it into fields',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let raw = false;
    const names: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-r') raw = true;
      else if (a === '-p') ctx.err(args[++i] ?? '');
      else if (a.startsWith('-') && names.length === 0) {
        ctx.err(`bash: read: ${a.slice(0, 2)}: invalid option\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n`);
        return 2;
      } else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a)) {
        ctx.err(`bash: read: \`${a}': not a valid identifier\n`);
        return 1;
      } else names.push(a);
    }
    if (!ctx.stdin) return 1;
    const nl = ctx.stdin.indexOf('\n');
    let line = nl < 0 ? ctx.stdin : ctx.stdin.slice(0, nl);
    // In `... | while read x` the loop's commands share one stream: this line is now read.
    ctx.consumeStdin?.(nl < 0 ? ctx.stdin.length : nl + 1);
    if (!raw) line = line.replace(/\\(.)/g, '$1');
    if (!names.length) {
      ctx.shell?.setVar('REPLY', line);
      return nl < 0 ? 1 : 0;
    }
    let rest = line.replace(/^[ \t]+/, '');
    names.forEach((n, k) => {
      if (k === names.length - 1) {
        ctx.shell?.setVar(n, rest.replace(/[ \t]+$/, ''));
        return;
      }
      const m = /^(\S*)[ \t]*/.exec(rest)!;
      ctx.shell?.setVar(n, m[1]);
      rest = rest.slice(m[0].length);
    });
    return nl < 0 ? 1 : 0;
  },
};
