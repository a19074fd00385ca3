/**
 * curl's command line as curl 8.11 reads it: single-letter flags may be bundled (`-sSL`,
 * `-sv`), a value may be attached (`-m1`, `-XPOST`) or follow (`-m 1`), long options take
 * the next word; errors in curl's words (exit 2).
 */

/** Everything the sim's curl acts on. */
export interface CurlOpts {
  verbose: boolean;
  silent: boolean;
  showError: boolean;
  include: boolean;
  head: boolean;
  insecure: boolean;
  location: boolean;
  fail: boolean;
  help: boolean;
  /** -O: save under the URL's last path segment. */
  remoteName: boolean;
  maxTime?: number;
  connectTimeout?: number;
  method?: string;
  data?: string;
  userAgent?: string;
  headers: [string, string][];
  resolve: Map<string, string>;
  output?: string;
  writeOut?: string;
  url?: string;
}

type Flag = 'verbose' | 'silent' | 'showError' | 'include' | 'head' | 'insecure' | 'location' | 'fail' | 'help' | 'remoteName' | 'noop';
type Valued = 'maxTime' | 'connectTimeout' | 'method' | 'data' | 'userAgent' | 'header' | 'resolve' | 'output' | 'writeOut' | 'noopValue';

const SHORT_FLAGS: Record<string, Flag> = { v: 'verbose', s: 'silent', S: 'showError', i: 'include', I: 'head', k: 'insecure', L: 'location', f: 'fail', h: 'help', O: 'remoteName', '4': 'noop', '6': 'noop', N: 'noop', '#': 'noop', q: 'noop', g: 'noop' };
const SHORT_VALUED: Record<string, Valued> = { m: 'maxTime', X: 'method', d: 'data', A: 'userAgent', H: 'header', o: 'output', w: 'writeOut', u: 'noopValue', e: 'noopValue', b: 'noopValue', c: 'noopValue' };
const LONG: Record<string, Flag | Valued> = {
  verbose: 'verbose', silent: 'silent', 'show-error': 'showError', include: 'include', head: 'head', insecure: 'insecure', location: 'location', fail: 'fail', help: 'help', 'remote-name': 'remoteName',
  ipv4: 'noop', ipv6: 'noop', 'no-buffer': 'noop', 'progress-bar': 'noop', compressed: 'noop', 'http1.1': 'noop', globoff: 'noop', 'no-keepalive': 'noop',
  'max-time': 'maxTime', 'connect-timeout': 'connectTimeout', request: 'method', data: 'data', 'data-raw': 'data', 'data-binary': 'data', 'data-ascii': 'data', 'data-urlencode': 'data',
  'user-agent': 'userAgent', header: 'header', resolve: 'resolve', output: 'output', 'write-out': 'writeOut', user: 'noopValue', referer: 'noopValue', cookie: 'noopValue', cacert: 'noopValue',
};
const VALUED = new Set<string>(['maxTime', 'connectTimeout', 'method', 'data', 'userAgent', 'header', 'resolve', 'output', 'writeOut', 'noopValue']);
const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/** Parses argv (without `curl`); a string is the error text to print (exit 2). */
export function parseCurlArgs(args: string[]): CurlOpts | { error: string } {
  const o: CurlOpts = { verbose: false, silent: false, showError: false, include: false, head: false, insecure: false, location: false, fail: false, help: false, remoteName: false, headers: [], resolve: new Map() };
  const bad = (arg: string, why: string) => ({ error: `curl: option ${arg}: ${why}\n${TRY}` });
  const setValue = (what: Valued, v: string, arg: string): { error: string } | undefined => {
    switch (what) {
      case 'maxTime':
      case 'connectTimeout': {
        const n = Number(v);
        if (v.trim() === '' || !(n >= 0)) return bad(arg, 'expected a proper numerical parameter');
        o[what] = n;
        return undefined;
      }
      case 'header': {
        const c = v.indexOf(':');
        if (c > 0) o.headers.push([v.slice(0, c).trim(), v.slice(c + 1).trim()]);
        return undefined;
      }
      case 'resolve': {
        const [host, port, addr] = v.split(':');
        if (host && port && addr) o.resolve.set(`${host}:${port}`, addr);
        return undefined;
      }
      case 'data':
        // Several -d join with '&', as curl does.
        o.data = o.data === undefined ? v : `${o.data}&${v}`;
        return undefined;
      case 'noopValue':
        return undefined;
      default:
        o[what] = v;
        return undefined;
    }
  };
  const setFlag = (f: Flag) => {
    if (f !== 'noop') o[f] = true;
  };
  let onlyUrls = false;
  for (let i = 0; i < args.length; i++) {
    const x = args[i]!;
    if (onlyUrls || !x.startsWith('-') || x === '-') {
      o.url ??= x;
      continue;
    }
    if (x === '--') {
      onlyUrls = true;
      continue;
    }
    if (x.startsWith('--')) {
      const eq = x.indexOf('=');
      const name = x.slice(2);
      const what = LONG[name] ?? (name.startsWith('no-') && LONG[name.slice(3)] && !VALUED.has(LONG[name.slice(3)]!) ? 'noop' : undefined);
      if (!what || eq >= 0) return bad(x, 'is unknown');
      if (VALUED.has(what)) {
        const v = args[++i];
        if (v === undefined) return bad(x, 'requires parameter');
        const e = setValue(what as Valued, v, x);
        if (e) return e;
      } else if (!name.startsWith('no-') || LONG[name]) setFlag(what as Flag);
      continue;
    }
    // A bundle of short options: flags until one that takes a value, which eats the rest.
    for (let k = 1; k < x.length; k++) {
      const ch = x[k]!;
      const flag = SHORT_FLAGS[ch];
      if (flag) {
        setFlag(flag);
        continue;
      }
      const what = SHORT_VALUED[ch];
      if (!what) return bad(x, 'is unknown');
      let v: string | undefined = x.slice(k + 1);
      if (v === '') v = args[++i];
      if (v === undefined) return bad(x, 'requires parameter');
      const e = setValue(what, v, x);
      if (e) return e;
      break;
    }
  }
  return o;
}

/** `curl --help` as curl 8.11 prints it. */
export const CURL_HELP = `Usage: curl [options...] <url>
 -d, --data <data>           HTTP POST data
 -f, --fail                  Fail fast with no output on HTTP errors
 -h, --help <subject>        Get help for commands
 -i, --include               Include response headers in output
 -o, --output <file>         Write to file instead of stdout
 -O, --remote-name           Write output to file named as remote file
 -s, --silent                Silent mode
 -T, --upload-file <file>    Transfer local FILE to destination
 -u, --user <user:password>  Server user and password
 -A, --user-agent <name>     Send User-Agent <name> to server
 -v, --verbose               Make the operation more talkative
 -V, --version               Show version number and quit

This is not the full help; this menu is split into categories.
Use "--help category" to get an overview of all categories.
Use "--help all" to list all options
Use "--help [option]" to view documentation for a given option
`;
