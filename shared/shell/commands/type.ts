/** `type NAME...`: says whether a name is an alias, a shell builtin or a command on this host. */
import type { Command } from '../command';
import { aliasQuote } from './alias';
import { allCommands } from './index';
import { commandPath, NO_FILE } from './which';

/** Commands bash runs itself even though a file of the same name may exist. */
const BUILTIN = new Set([...NO_FILE, 'echo', 'printf', 'pwd', 'true', 'false', 'test', '[']);

export const type: Command = {
  name: 'type',
  summary: 'display information about command type',
  run(ctx) {
    let status = 0;
    for (const a of ctx.argv.slice(1)) {
      const al = ctx.shell?.aliases.get(a);
      const c = allCommands().find((x) => x.name === a && (!x.availableOn || x.availableOn(ctx.target, ctx.engine)));
      if (al !== undefined) ctx.out(`${a} is aliased to \`${aliasQuote(al).slice(1, -1)}'\n`);
      else if (c && BUILTIN.has(a)) ctx.out(`${a} is a shell builtin\n`);
      else if (c) ctx.out(`${a} is ${commandPath(a)}\n`);
      else {
        ctx.err(`bash: type: ${a}: not found\n`);
        status = 1;
      }
    }
    return status;
  },
};
