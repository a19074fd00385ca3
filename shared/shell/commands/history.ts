/** `history [N]`, `history -c`: this terminal's command history, numbered like bash. */
import type { Command } from '../command';

export const history: Command = {
  name: 'history',
  summary: 'display the command history list',
  run(ctx) {
    const list = ctx.shell?.history() ?? [];
    const args = ctx.argv.slice(1);
    if (args[0] === '-c') {
      ctx.shell?.clearHistory();
      return 0;
    }
    let from = 0;
    if (args.length) {
      if (!/^\d+$/.test(args[0])) {
        ctx.err(args[0].startsWith('-') ? `bash: history: ${args[0].slice(0, 2)}: invalid option\nhistory: usage: history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]\n` : `bash: history: ${args[0]}: numeric argument required\n`);
        return args[0].startsWith('-') ? 2 : 1;
      }
      from = Math.max(0, list.length - Number(args[0]));
    }
    const lines: string[] = [];
    for (let i = from; i < list.length; i++) lines.push(`${String(i + 1).padStart(5)}  ${list[i]}\n`);
    ctx.out(lines.join(''));
    return 0;
  },
};
