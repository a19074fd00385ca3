/**
 * `curl [-v] [-s] [-S] [-i] [-I] [-m SECS] [--connect-timeout SECS] [-H 'Name: value']
 * [--resolve HOST:PORT:ADDR] [-o FILE] [-w FORMAT] URL`: one HTTP exchange through the packet
 * walker (a real walk: netfilter, conntrack, IPVS, routes, the pod's answer), printed as
 * curl 8.11.1 prints it; failures with curl's messages and exit codes (6, 7, 28).
 */
import type { Command, CommandContext } from '../command';
import { exchange } from '../../sim/walk/exchange';
import { closeTcpFlows } from '../../kernel/conntrack/table';
import { parseIpv4 } from '../../kernel/netfilter/parse';
import { resolve } from '../../controllers/dns/index';
import { hostResolvConf, hostsLookup } from './dns-util';

const VERSION = '8.11.1';
const REASONS: Record<number, string> = { 200: 'OK', 301: 'Moved Permanently', 302: 'Found', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
/** What a SYN to nowhere costs before the kernel gives up (tcp_syn_retries=6). */
const KERNEL_CONNECT_TIMEOUT_MS = 133_600;

interface Opts {
  verbose: boolean;
  silent: boolean;
  showError: boolean;
  include: boolean;
  head: boolean;
  maxTime?: number;
  connectTimeout?: number;
  headers: [string, string][];
  resolve: Map<string, string>;
  output?: string;
  writeOut?: string;
  url?: string;
}

function parse(ctx: CommandContext): Opts | number {
  const o: Opts = { verbose: false, silent: false, showError: false, include: false, head: false, headers: [], resolve: new Map() };
  const a = ctx.argv.slice(1);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const val = (): string | undefined => a[++i];
    const need = (v: string | undefined, name: string): v is string => {
      if (v !== undefined) return true;
      ctx.err(`curl: option ${name}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
      return false;
    };
    if (x === '-v' || x === '--verbose') o.verbose = true;
    else if (x === '-s' || x === '--silent') o.silent = true;
    else if (x === '-S' || x === '--show-error') o.showError = true;
    else if (x === '-sS' || x === '-Ss') o.silent = o.showError = true;
    else if (x === '-i' || x === '--include') o.include = true;
    else if (x === '-I' || x === '--head') o.head = true;
    else if (x === '-L' || x === '--location' || x === '-k' || x === '--insecure' || x === '-f' || x === '--fail') continue;
    else if (x === '-m' || x === '--max-time' || x === '--connect-timeout') {
      const v = val();
      if (!need(v, x)) return 2;
      const n = Number(v);
      if (!(n >= 0)) {
        ctx.err(`curl: option ${x}: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
        return 2;
      }
      if (x === '--connect-timeout') o.connectTimeout = n;
      else o.maxTime = n;
    } else if (x === '-H' || x === '--header') {
      const v = val();
      if (!need(v, x)) return 2;
      const c = v.indexOf(':');
      if (c > 0) o.headers.push([v.slice(0, c).trim(), v.slice(c + 1).trim()]);
    } else if (x === '--resolve') {
      const v = val();
      if (!need(v, x)) return 2;
      const [host, port, addr] = v.split(':');
      if (host && port && addr) o.resolve.set(`${host}:${port}`, addr);
    } else if (x === '-o' || x === '--output') {
      const v = val();
      if (!need(v, x)) return 2;
      o.output = v;
    } else if (x === '-w' || x === '--write-out') {
      const v = val();
      if (!need(v, x)) return 2;
      o.writeOut = v;
    } else if (x.startsWith('-') && x.length > 1) {
      ctx.err(`curl: option ${x}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
      return 2;
    } else o.url = x;
  }
  if (!o.url) {
    ctx.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  return o;
}

/** As glibc does: an address literal, /etc/hosts, then DNS through the host's resolv.conf (a real walk to kube-dns). */
function resolveHost(ctx: CommandContext, host: string): string | undefined {
  if (parseIpv4(host) !== undefined) return host;
  if (host === 'localhost') return '127.0.0.1';
  const h = hostsLookup(ctx, host);
  if (h) return h.ip;
  const r = resolve(ctx.engine, ctx.target, host, { resolvConf: hostResolvConf(ctx) });
  return r.records.find((x) => x.type === 'A')?.data;
}

export const curl: Command = {
  name: 'curl',
  summary: 'transfer a URL',
  run(ctx) {
    const o = parse(ctx);
    if (typeof o === 'number') return o;
    const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)/.exec(o.url!);
    const quietErr = o.silent && !o.showError;
    const die = (code: number, msg: string) => {
      if (!quietErr) ctx.err(`curl: (${code}) ${msg}\n`);
      return code;
    };
    if (!m) return die(3, `URL rejected: Malformed input to a URL function`);
    const scheme = m[1] ?? 'http';
    const host = m[2]!;
    const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
    const path = m[4] || '/';
    const ip = o.resolve.get(`${host}:${port}`) ?? resolveHost(ctx, host);
    if (!ip) return die(6, `Could not resolve host: ${host}`);
    const v = (line: string) => o.verbose && ctx.err(line + '\n');
    v(`*   Trying ${ip}:${port}...`);
    const method = o.head ? 'HEAD' : 'GET';
    const hostHeader = o.headers.find(([k]) => k.toLowerCase() === 'host')?.[1] ?? (port === 80 ? host : `${host}:${port}`);
    const headers: Record<string, string> = { Host: hostHeader, 'User-Agent': `curl/${VERSION}`, Accept: '*/*' };
    for (const [k, val] of o.headers) if (k.toLowerCase() !== 'host') headers[k] = val;
    // Note where each node's conntrack table stands, to close the flows this request opens.
    const marks = new Map<string, number>();
    for (const [id, ns] of ctx.engine.netns) if (ns.kind === 'node') marks.set(id, ns.nf.conntrack.nextId);
    const r = exchange(ctx.engine, {
      from: ctx.target,
      dst: ip,
      proto: 'tcp',
      dport: port,
      payload: { kind: 'http-request', method, path, host: hostHeader, headers },
      title: `curl ${o.url}`,
    });
    const now = ctx.engine.env.clock.now();
    const elapsed = Math.max(0, Math.round(r.elapsedMs));
    if (!r.ok) {
      const limit = Math.min(o.connectTimeout ?? Infinity, o.maxTime ?? Infinity);
      if (r.error === 'timeout') {
        if (limit !== Infinity) {
          const ms = Math.round(limit * 1000) + 1;
          ctx.engine.env.clock.advance(ms);
          return die(28, `Connection timed out after ${ms} milliseconds`);
        }
        ctx.engine.env.clock.advance(KERNEL_CONNECT_TIMEOUT_MS);
        return die(28, `Failed to connect to ${host} port ${port} after ${KERNEL_CONNECT_TIMEOUT_MS} ms: Couldn't connect to server`);
      }
      if (r.error === 'reset') return die(56, 'Recv failure: Connection reset by peer');
      return die(7, `Failed to connect to ${host} port ${port} after ${elapsed} ms: Couldn't connect to server`);
    }
    for (const [id, ns] of ctx.engine.netns) if (ns.kind === 'node') closeTcpFlows(ns.nf.conntrack, marks.get(id) ?? 0, now);
    v(`* Connected to ${host} (${ip}) port ${port}`);
    v('* using HTTP/1.x');
    v(`> ${method} ${path} HTTP/1.1`);
    for (const [k, val] of Object.entries(headers)) v(`> ${k}: ${val}`);
    v('> ');
    v('* Request completely sent off');
    const rep = r.reply;
    if (!rep || rep.kind !== 'http-response') return die(52, 'Empty reply from server');
    const body = o.head ? '' : rep.body;
    const respHeaders: [string, string][] = [
      ...Object.entries(rep.headers),
      ...(Object.keys(rep.headers).some((k) => k.toLowerCase() === 'content-length') ? [] : [['Content-Length', String(rep.body.length)] as [string, string]]),
    ];
    const statusLine = `HTTP/1.1 ${rep.status} ${REASONS[rep.status] ?? ''}`.trimEnd();
    v(`< ${statusLine}`);
    for (const [k, val] of respHeaders) v(`< ${k}: ${val}`);
    v('< ');
    const head = `${statusLine}\r\n${respHeaders.map(([k, val]) => `${k}: ${val}\r\n`).join('')}\r\n`;
    const out = (o.include || o.head ? head : '') + body;
    if (o.output && o.output !== '-') {
      if (o.output !== '/dev/null') {
        const w = ctx.fs.write(ctx.fs.resolve(ctx.cwd, o.output), out);
        if (!w.ok) return die(23, `Failure writing output to destination, passed ${out.length} returned 0`);
      }
    } else ctx.out(out);
    v(`* Connection #0 to host ${host} left intact`);
    if (o.writeOut) {
      ctx.out(
        o.writeOut
          .replace(/%\{http_code\}/g, String(rep.status))
          .replace(/%\{remote_ip\}/g, ip)
          .replace(/%\{remote_port\}/g, String(port))
          .replace(/%\{local_ip\}/g, r.local?.ip ?? '')
          .replace(/%\{local_port\}/g, String(r.local?.port ?? ''))
          .replace(/%\{time_total\}/g, (elapsed / 1000).toFixed(6))
          .replace(/\\n/g, '\n'),
      );
    }
    return 0;
  },
};
