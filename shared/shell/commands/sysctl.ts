/**
 * `sysctl` (procps-ng 4.0.2) over the kernel files the engine renders under /proc/sys:
 * read `key`, `-n`, `-a` (the modelled keys), write `-w key=value` (or `key=value`)
 * through the engine's file writers, so `sysctl -w net.ipv4.ip_forward=0` really stops
 * forwarding. Interface names with dots appear with `/`, as sysctl shows them.
 */
import type { Command, CommandContext } from '../command';

const USAGE = `
Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
      --dry-run        Print the key and values but do not write
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
`;

/** `net.ipv4.conf.flannel/1.proxy_arp` → `/proc/sys/net/ipv4/conf/flannel.1/proxy_arp`. */
export function keyToPath(key: string): string {
  if (key.includes('/') && !key.includes('.')) return `/proc/sys/${key}`;
  return `/proc/sys/${key.split('.').map((c) => c.replace(/\//g, '.')).join('/')}`;
}

/** The inverse: path components joined by dots, dots inside a component shown as `/`. */
export function pathToKey(path: string): string {
  return path.replace(/^\/proc\/sys\//, '').split('/').map((c) => c.replace(/\./g, '/')).join('.');
}

function write(ctx: CommandContext, path: string, data: string): { ok: true } | { ok: false; error: string } | undefined {
  for (const w of ctx.engine.fileWriters) {
    const r = w(ctx.engine, ctx.target, path, data, false);
    if (r) return r;
  }
  return undefined;
}

export const sysctl: Command = {
  name: 'sysctl',
  summary: 'read and change kernel parameters (/proc/sys)',
  run(ctx) {
    let values = false;
    let quiet = false;
    let all = false;
    let names = false;
    const items: string[] = [];
    for (const a of ctx.argv.slice(1)) {
      if (a === '-n' || a === '--values') values = true;
      else if (a === '-N' || a === '--names') names = true;
      else if (a === '-q' || a === '--quiet') quiet = true;
      else if (a === '-w' || a === '--write' || a === '-e' || a === '--ignore' || a === '-o' || a === '-x') continue;
      else if (a === '-a' || a === '-A' || a === '-X' || a === '--all') all = true;
      else if (a === '-h' || a === '--help' || a === '-d') {
        ctx.out(USAGE);
        return 0;
      } else if (a === '-V' || a === '--version') {
        ctx.out('sysctl from procps-ng 4.0.2\n');
        return 0;
      } else if (a.startsWith('-')) {
        ctx.err(a.startsWith('--') ? `sysctl: unrecognized option '${a}'\n` : `sysctl: invalid option -- '${a.slice(1, 2)}'\n`);
        ctx.out(USAGE);
        return 0;
      } else items.push(a);
    }
    const files = ctx.engine.systemFiles(ctx.target);
    if (all) {
      for (const path of Object.keys(files).filter((p) => p.startsWith('/proc/sys/')).sort()) {
        const key = pathToKey(path);
        ctx.out(names ? `${key}\n` : values ? files[path]! : `${key} = ${files[path]!.replace(/\n$/, '')}\n`);
      }
      return 0;
    }
    if (items.length === 0) {
      ctx.err(USAGE);
      return 1;
    }
    let code = 0;
    for (const item of items) {
      const eq = item.indexOf('=');
      const key = (eq < 0 ? item : item.slice(0, eq)).trim();
      const path = keyToPath(key);
      const shown = pathToKey(path);
      if (eq < 0 && ctx.argv.includes('-w')) {
        ctx.err(`sysctl: command line(0): invalid syntax, continuing...\n`);
        code = 1;
        continue;
      }
      if (files[path] === undefined) {
        ctx.err(`sysctl: cannot stat ${path}: No such file or directory\n`);
        code = 1;
        continue;
      }
      if (eq >= 0) {
        const value = item.slice(eq + 1).trim();
        const r = write(ctx, path, `${value}\n`);
        if (!r || !r.ok) {
          ctx.err(`sysctl: setting key "${shown}": ${r && !r.ok ? r.error : 'Permission denied'}\n`);
          code = 1;
          continue;
        }
        if (!quiet) ctx.out(values ? `${value}\n` : `${shown} = ${value}\n`);
        continue;
      }
      const v = files[path]!.replace(/\n$/, '');
      ctx.out(names ? `${shown}\n` : values ? `${v}\n` : `${shown} = ${v}\n`);
    }
    return code;
  },
};
