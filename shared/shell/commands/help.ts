/** `help`: the commands this host's shell knows, from the command table, with their summaries. */
import type { Command } from '../command';
import { allCommands } from './index';

export const help: Command = {
  name: 'help',
  summary: 'list the commands available on this host',
  run(ctx) {
    const args = ctx.argv.slice(1);
    const here = allCommands().filter((c) => !c.availableOn || c.availableOn(ctx.target, ctx.engine));
    if (args.length) {
      let status = 0;
      for (const a of args) {
        const c = here.find((x) => x.name === a);
        if (c) ctx.out(`${c.name} - ${c.summary}\n`);
        else {
          ctx.err(`bash: help: no help topics match \`${a}'.  Try \`help help' or \`man -k ${a}' or \`info ${a}'.\n`);
          status = 1;
        }
      }
      return status;
    }
    const names = [...new Set(here.map((c) => c.name))].sort();
    const width = Math.max(...names.map((n) => n.length)) + 2;
    const lines = ['Commands available on this host (type `help NAME` for one line about NAME):', ''];
    for (const n of names) lines.push(`  ${n.padEnd(width)}${here.find((c) => c.name === n)!.summary}`);
    ctx.out(lines.join('\n') + '\n');
    return 0;
  },
};
