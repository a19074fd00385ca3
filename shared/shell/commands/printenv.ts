/**
 * `printenv [NAME]...`: the whole environment as NAME=value lines, or the values of the
 * named variables (status 1 when one is unset), as coreutils and busybox print it.
 */
import type { Command } from '../command';

/** `printenv`. */
export const printenv: Command = {
  name: 'printenv',
  summary: 'print all or part of environment',
  run(ctx) {
    const args = ctx.argv.slice(1);
    const bad = args.find((a) => a.startsWith('-') && a !== '--' && a !== '-0' && a !== '--null');
    if (bad) {
      ctx.err(bad.startsWith('--') ? `printenv: unrecognized option '${bad}'\n` : `printenv: invalid option -- '${bad[1]}'\n`);
      ctx.err("Try 'printenv --help' for more information.\n");
      return 2;
    }
    const nul = args.includes('-0') || args.includes('--null');
    const end = nul ? '\0' : '\n';
    const names = args.filter((a) => !a.startsWith('-'));
    if (!names.length) {
      ctx.out(Object.entries(ctx.env).map(([k, v]) => `${k}=${v}${end}`).join(''));
      return 0;
    }
    let code = 0;
    for (const n of names) {
      // A name with '=' can never be a variable: coreutils skips it and fails.
      const v = n.includes('=') ? undefined : ctx.env[n];
      if (v === undefined) code = 1;
      else ctx.out(v + end);
    }
    return code;
  },
};
