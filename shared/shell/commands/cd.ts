/** `cd`: changes the shell's directory (`cd`, `cd -`, `cd ~/x`, relative and absolute). */
import type { Command } from '../command';

export const cd: Command = {
  name: 'cd',
  summary: 'change the shell working directory',
  run(ctx) {
    const args = ctx.argv.slice(1).filter((a, i) => !(i === 0 && (a === '--' || a === '-L' || a === '-P')));
    if (args.length > 1) {
      ctx.err('bash: cd: too many arguments\n');
      return 1;
    }
    let dest: string | undefined = args[0];
    let print = false;
    if (dest === undefined || dest === '') {
      dest = ctx.shell?.getVar('HOME') ?? ctx.env.HOME;
      if (!dest) {
        ctx.err('bash: cd: HOME not set\n');
        return 1;
      }
    } else if (dest === '-') {
      dest = ctx.shell?.getVar('OLDPWD');
      if (!dest) {
        ctx.err('bash: cd: OLDPWD not set\n');
        return 1;
      }
      print = true;
    }
    const path = ctx.fs.resolve(ctx.cwd, dest);
    if (!ctx.fs.exists(path)) {
      ctx.err(`bash: cd: ${args[0]}: No such file or directory\n`);
      return 1;
    }
    if (!ctx.fs.isDir(path)) {
      ctx.err(`bash: cd: ${args[0]}: Not a directory\n`);
      return 1;
    }
    ctx.shell?.setCwd(path);
    if (print) ctx.out(path + '\n');
    return 0;
  },
};
