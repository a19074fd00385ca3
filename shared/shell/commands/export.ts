/** `export NAME[=VALUE]...`, `export -p` / bare `export`: marks variables for the environment. */
import type { Command } from '../command';

/** A value quoted the way `declare -p` prints it. */
function dq(v: string): string {
  return '"' + v.replace(/[\\"$`]/g, '\\$&') + '"';
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'set export attribute for shell variables',
  run(ctx) {
    const sh = ctx.shell;
    let args = ctx.argv.slice(1);
    let unexport = false;
    while (args.length && /^-[pnf]+$/.test(args[0])) {
      if (args[0].includes('n')) unexport = true;
      args = args.slice(1);
    }
    if (args[0] === '--') args = args.slice(1);
    if (args.length && args[0].startsWith('-')) {
      ctx.err(`bash: export: ${args[0].slice(0, 2)}: invalid option\nexport: usage: export [-fn] [name[=value] ...] or export -p\n`);
      return 2;
    }
    if (!sh) return 0;
    if (!args.length) {
      for (const n of sh.varNames()) if (sh.isExported(n)) {
        const v = sh.getVar(n);
        ctx.out(v === undefined ? `declare -x ${n}\n` : `declare -x ${n}=${dq(v)}\n`);
      }
      return 0;
    }
    let status = 0;
    for (const a of args) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a : a.slice(0, eq);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        ctx.err(`bash: export: \`${a}': not a valid identifier\n`);
        status = 1;
        continue;
      }
      if (eq >= 0) sh.setVar(name, a.slice(eq + 1));
      if (unexport) {
        const v = sh.getVar(name);
        sh.unsetVar(name);
        if (v !== undefined) sh.setVar(name, v);
      } else sh.exportVar(name);
    }
    return status;
  },
};
