/**
 * `wget [-qsS] [--spider] [-O FILE] [-T SEC|--timeout=SEC] [-U AGENT] [--header STR] URL...`
 * as BusyBox 1.36 has it in busybox/alpine pods: one HTTP GET per URL through the packet
 * walker's exchange() (netfilter, conntrack, IPVS, policies, the pod's answer), with
 * busybox's messages (`Connecting to nginx (10.96.0.12:80)`, `remote file exists`,
 * `wget: download timed out`) and its exit status 1 for every failure.
 */
import type { Command, CommandContext } from '../command';
import { exchange } from '../../sim/walk/exchange';
import { closeTcpFlows } from '../../kernel/conntrack/table';
import { parseIpv4 } from '../../kernel/netfilter/parse';
import { resolve } from '../../controllers/dns/index';
import { hostResolvConf, hostsLookup } from './dns-util';

/** BusyBox's usage text, printed (to stderr) for bad options or no URL. */
export const WGET_USAGE = `BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.

Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
\t[--post-data STR | --post-file FILE] [-Y on/off]
\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...

Retrieve files via HTTP or FTP

\t--spider\tOnly check URL existence: $? is 0 if exists
\t--header STR\tAdd STR (of form 'header: value') to headers
\t--post-data STR\tSend STR using POST method
\t--post-file FILE\tSend FILE using POST method
\t--no-check-certificate\tDon't validate the server's certificate
\t-c\t\tContinue retrieval of aborted transfer
\t-q\t\tQuiet
\t-P DIR\t\tSave to DIR (default .)
\t-S    \t\tShow server response
\t-T SEC\t\tNetwork read timeout is SEC seconds
\t-O FILE\t\tSave to FILE ('-' for stdout)
\t-o LOGFILE\tLog messages to FILE
\t-U STR\t\tUse STR for User-Agent header
\t-Y on/off\tUse proxy
`;

const REASONS: Record<number, string> = { 200: 'OK', 301: 'Moved Permanently', 302: 'Found', 308: 'Permanent Redirect', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
/** What a SYN to nowhere costs before the kernel gives up (tcp_syn_retries=6). */
const KERNEL_CONNECT_TIMEOUT_MS = 127_000;
/** BusyBox's default network timeout (-T). */
const DEFAULT_TIMEOUT_S = 900;

/** Parsed command line. */
export interface WgetOpts {
  quiet: boolean;
  spider: boolean;
  serverResponse: boolean;
  output?: string;
  dir?: string;
  timeoutS: number;
  userAgent: string;
  headers: [string, string][];
  postData?: string;
  urls: string[];
}

/** Parses busybox wget's options (bundled short flags, attached or separate values, --long=value). */
export function parseWgetArgs(args: string[]): WgetOpts | { error: string } {
  const o: WgetOpts = { quiet: false, spider: false, serverResponse: false, timeoutS: DEFAULT_TIMEOUT_S, userAgent: 'Wget', headers: [], urls: [] };
  const withValue: Record<string, (v: string) => string | void> = {
    O: (v) => void (o.output = v),
    o: () => undefined,
    P: (v) => void (o.dir = v),
    T: (v) => (/^\d+(\.\d+)?$/.test(v) ? void (o.timeoutS = Number(v)) : `wget: invalid number '${v}'\n`),
    U: (v) => void (o.userAgent = v),
    Y: () => undefined,
    header: (v) => {
      const i = v.indexOf(':');
      if (i > 0) o.headers.push([v.slice(0, i).trim(), v.slice(i + 1).trim()]);
    },
    'post-data': (v) => void (o.postData = v),
  };
  const longs: Record<string, string> = { 'output-document': 'O', timeout: 'T', 'user-agent': 'U', 'directory-prefix': 'P', 'output-file': 'o', proxy: 'Y', header: 'header', 'post-data': 'post-data' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      if (name === 'spider') o.spider = true;
      else if (name === 'quiet') o.quiet = true;
      else if (name === 'server-response') o.serverResponse = true;
      else if (name === 'no-check-certificate' || name === 'continue' || name === 'no-verbose') continue;
      else if (longs[name]) {
        const v = eq < 0 ? args[++i] : a.slice(eq + 1);
        if (v === undefined) return { error: `wget: option '--${name}' requires an argument\n${WGET_USAGE}` };
        const bad = withValue[longs[name]!]!(v);
        if (bad) return { error: bad };
      } else return { error: `wget: unrecognized option '${a}'\n${WGET_USAGE}` };
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j]!;
        if (f === 'q') o.quiet = true;
        else if (f === 's') o.spider = true;
        else if (f === 'S') o.serverResponse = true;
        else if (f === 'c') continue;
        else if (withValue[f]) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return { error: `wget: option requires an argument -- '${f}'\n${WGET_USAGE}` };
          const bad = withValue[f]!(v);
          if (bad) return { error: bad };
          break;
        } else return { error: `wget: invalid option -- '${f}'\n${WGET_USAGE}` };
      }
    } else o.urls.push(a);
  }
  return o;
}

/** As musl's getaddrinfo does: an address literal, /etc/hosts, then DNS with the search list. */
function resolveHost(ctx: CommandContext, host: string): string | undefined {
  if (parseIpv4(host) !== undefined) return host;
  if (host === 'localhost') return '127.0.0.1';
  const h = hostsLookup(ctx, host);
  if (h) return h.ip;
  return resolve(ctx.engine, ctx.target, host, { resolvConf: hostResolvConf(ctx) }).records.find((x) => x.type === 'A')?.data;
}

/** BusyBox's progress line once a transfer is complete. */
function progressLine(file: string, size: number): string {
  const shown = size < 100_000 ? String(size).padStart(6) : `${String(Math.round(size / 1024)).padStart(5)}k`;
  return `${file.slice(0, 20).padEnd(20)} 100% |${'*'.repeat(32)}|${shown}  0:00:00 ETA\n`;
}

/** Fetches one URL (following redirects); returns the exit status. */
function fetch(ctx: CommandContext, o: WgetOpts, url: string): number {
  const fail = (msg: string) => (ctx.err(`wget: ${msg}\n`), 1);
  for (let hops = 0; hops < 20; hops++) {
    const m = /^(?:([a-zA-Z][\w+.-]*):\/\/)?([^/:?#]*)(?::(\d*))?([^#]*)/.exec(url);
    const scheme = (m?.[1] ?? 'http').toLowerCase();
    if (!m || (scheme !== 'http' && scheme !== 'https')) return fail(`not an http or ftp url: ${url}`);
    const host = m[2]!;
    if (!host) return fail(`bad address ''`);
    const tls = scheme === 'https';
    const port = m[3] ? Number(m[3]) : tls ? 443 : 80;
    const path = m[4] || '/';
    const ip = resolveHost(ctx, host);
    if (!ip) return fail(`bad address '${host}'`);
    if (!o.quiet) ctx.err(`Connecting to ${host}${m[3] ? `:${port}` : ''} (${ip}:${port})\n`);
    if (tls) ctx.err('wget: note: TLS certificate validation not implemented\n');
    const hostHeader = m[3] ? `${host}:${port}` : host;
    const headers: Record<string, string> = { Host: hostHeader, 'User-Agent': o.userAgent };
    for (const [k, v] of o.headers) headers[k] = v;
    if (o.postData !== undefined) {
      headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
      headers['Content-Length'] = String(o.postData.length);
    }
    const marks = new Map<string, number>();
    for (const [id, ns] of ctx.engine.netns) if (ns.kind === 'node') marks.set(id, ns.nf.conntrack.nextId);
    const method = o.postData !== undefined ? 'POST' : 'GET';
    const r = exchange(ctx.engine, { from: ctx.target, dst: ip, proto: 'tcp', dport: port, payload: { kind: 'http-request', method, path, host: hostHeader, headers }, title: `wget ${url}` });
    if (!r.ok) {
      if (r.error === 'timeout') {
        if (o.timeoutS * 1000 < KERNEL_CONNECT_TIMEOUT_MS) {
          ctx.engine.env.clock.advance(Math.round(o.timeoutS * 1000));
          return fail('download timed out');
        }
        ctx.engine.env.clock.advance(KERNEL_CONNECT_TIMEOUT_MS);
        return fail(`can't connect to remote host (${ip}): Connection timed out`);
      }
      if (r.error === 'reset') return fail('error getting response: Connection reset by peer');
      const why = r.error === 'refused' ? 'Connection refused' : r.error === 'no-route' ? 'Network is unreachable' : 'No route to host';
      return fail(`can't connect to remote host (${ip}): ${why}`);
    }
    const now = ctx.engine.env.clock.now();
    for (const [id, ns] of ctx.engine.netns) if (ns.kind === 'node') closeTcpFlows(ns.nf.conntrack, marks.get(id) ?? 0, now);
    const rep = r.reply;
    if (!rep || rep.kind !== 'http-response') return fail('error getting response');
    const status = `HTTP/1.1 ${rep.status} ${REASONS[rep.status] ?? ''}`.trimEnd();
    if (o.serverResponse) ctx.err(`  ${status}\n${Object.entries(rep.headers).map(([k, v]) => `  ${k}: ${v}\n`).join('')}`);
    const location = Object.entries(rep.headers).find(([k]) => k.toLowerCase() === 'location')?.[1];
    if (rep.status >= 300 && rep.status < 400 && location) {
      url = /^[a-z]+:\/\//i.test(location) ? location : `${scheme}://${hostHeader}${location.startsWith('/') ? '' : '/'}${location}`;
      continue;
    }
    if (rep.status !== 200 && rep.status !== 204 && rep.status !== 206) return fail(`server returned error: ${status}`);
    if (o.spider) {
      if (!o.quiet) ctx.err('remote file exists\n');
      return 0;
    }
    const toStdout = o.output === '-';
    let file = o.output ?? (path.split('?')[0]!.split('/').pop() || 'index.html');
    if (!toStdout && o.output === undefined && o.dir) file = `${o.dir.replace(/\/$/, '')}/${file}`;
    const body = rep.body;
    if (toStdout) {
      if (!o.quiet) ctx.err('writing to stdout\n');
      ctx.out(body);
      if (!o.quiet) ctx.err(`${progressLine('-', body.length)}written to stdout\n`);
      return 0;
    }
    const target = ctx.fs.resolve(ctx.cwd, file);
    // Without -O busybox refuses to overwrite (it opens with O_EXCL).
    if (o.output === undefined && ctx.fs.exists(target)) return fail(`can't open '${file}': File exists`);
    if (!o.quiet) ctx.err(`saving to '${file}'\n`);
    const w = ctx.fs.write(target, body);
    if (!w.ok) return fail(`can't open '${file}': ${w.error}`);
    if (!o.quiet) ctx.err(`${progressLine(file.split('/').pop()!, body.length)}'${file}' saved\n`);
    return 0;
  }
  return fail('too many redirections');
}

/** `wget` (BusyBox), in pods: node images' GNU wget prints differently and is not modelled. */
export const wget: Command = {
  name: 'wget',
  summary: 'retrieve files via HTTP (BusyBox)',
  availableOn: (t) => t.kind === 'pod',
  run(ctx) {
    const o = parseWgetArgs(ctx.argv.slice(1));
    if ('error' in o) {
      ctx.err(o.error);
      return 1;
    }
    if (!o.urls.length) {
      ctx.err(WGET_USAGE);
      return 1;
    }
    let code = 0;
    for (const u of o.urls) code = fetch(ctx, o, u) || code;
    return code;
  },
};
