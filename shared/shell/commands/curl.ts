/**
 * `curl [-vsSiIkLf4] [-m SECS] [--connect-timeout SECS] [-X METHOD] [-d DATA] [-H 'Name: value']
 * [--resolve HOST:PORT:ADDR] [-o FILE] [-w FORMAT] URL` (options parsed in curl/options.ts):
 * one HTTP exchange through the packet walker (a real walk: netfilter, conntrack, IPVS,
 * routes, the pod's answer), printed as curl 8.11.1 prints it; TLS to ingress-nginx with
 * its certificate checks (curl/tls.ts); failures with curl's messages and exit codes.
 */
import type { Command, CommandContext } from '../command';
import { exchange } from '../../sim/walk/exchange';
import { closeTcpFlows } from '../../kernel/conntrack/table';
import { parseIpv4 } from '../../kernel/netfilter/parse';
import { resolve } from '../../controllers/dns/index';
import { hostResolvConf, hostsLookup } from './dns-util';
import { CURL_HELP, parseCurlArgs, type CurlOpts } from './curl/options';
import { handshakeLines, serverCert, SSL_60_ADVICE, verifyLines } from './curl/tls';

const VERSION = '8.11.1';
const REASONS: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
/** What a SYN to nowhere costs before the kernel gives up (tcp_syn_retries=6). */
const KERNEL_CONNECT_TIMEOUT_MS = 133_600;

/** As glibc does: an address literal, /etc/hosts, then DNS through the host's resolv.conf (a real walk to kube-dns). */
function resolveHost(ctx: CommandContext, host: string): string | undefined {
  if (parseIpv4(host) !== undefined) return host;
  if (host === 'localhost') return '127.0.0.1';
  const h = hostsLookup(ctx, host);
  if (h) return h.ip;
  const r = resolve(ctx.engine, ctx.target, host, { resolvConf: hostResolvConf(ctx) });
  return r.records.find((x) => x.type === 'A')?.data;
}

/** How one transfer ended: an exit code, or a redirect to follow with -L. */
type Step = { code: number; location?: string };

/** One request/response for `url`; prints what curl prints for it. */
function transfer(ctx: CommandContext, o: CurlOpts, url: string): Step {
  const m = /^(?:([a-zA-Z][\w+.-]*):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)/.exec(url);
  const quietErr = o.silent && !o.showError;
  const die = (code: number, msg: string, extra = ''): Step => {
    if (!quietErr) ctx.err(`curl: (${code}) ${msg}\n${extra}`);
    return { code };
  };
  if (!m) return die(3, `URL rejected: Malformed input to a URL function`);
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return die(1, `Protocol "${scheme}" not supported`);
  const tls = scheme === 'https';
  const host = m[2]!;
  const port = m[3] ? Number(m[3]) : tls ? 443 : 80;
  const path = m[4] || '/';
  const v = (line: string) => o.verbose && ctx.err(line + '\n');
  const pinned = o.resolve.get(`${host}:${port}`);
  if (pinned) v(`* Added ${host}:${port}:${pinned} to DNS cache`);
  const ip = pinned ?? resolveHost(ctx, host);
  if (!ip) return die(6, `Could not resolve host: ${host}`);
  if (pinned) v(`* Hostname ${host} was found in DNS cache`);
  else if (parseIpv4(host) === undefined) {
    v(`* Host ${host}:${port} was resolved.`);
    v('* IPv6: (none)');
    v(`* IPv4: ${ip}`);
  }
  v(`*   Trying ${ip}:${port}...`);
  const method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET');
  const defPort = tls ? 443 : 80;
  const hostHeader = o.headers.find(([k]) => k.toLowerCase() === 'host')?.[1] ?? (port === defPort ? host : `${host}:${port}`);
  const headers: Record<string, string> = { Host: hostHeader, 'User-Agent': o.userAgent ?? `curl/${VERSION}`, Accept: '*/*' };
  for (const [k, val] of o.headers) if (k.toLowerCase() !== 'host') headers[k] = val;
  if (o.data !== undefined) {
    headers['Content-Length'] ??= String(o.data.length);
    headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
  }
  // Note where each node's conntrack table stands, to close the flows this request opens.
  const marks = new Map<string, number>();
  for (const [id, ns] of ctx.engine.netns) if (ns.kind === 'node') marks.set(id, ns.nf.conntrack.nextId);
  const r = exchange(ctx.engine, {
    from: ctx.target,
    dst: ip,
    proto: 'tcp',
    dport: port,
    payload: { kind: 'http-request', method, path, host: hostHeader, headers },
    title: `curl ${url}`,
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
  // Both TLS servers of the lab (ingress-nginx, kube-apiserver) negotiate HTTP/2 by ALPN.
  const h2 = tls;
  if (tls) {
    const cert = serverCert(ctx.engine, r.answeredBy, host);
    v(handshakeLines()[0]!);
    if (!cert) return die(35, 'OpenSSL/3.0.15: error:0A00010B:SSL routines::wrong version number');
    for (const line of [...handshakeLines().slice(1), ...verifyLines(cert, o.insecure)]) v(line);
    if (!o.insecure) return die(60, `SSL certificate problem: ${cert.problem}`, SSL_60_ADVICE);
  }
  if (h2) {
    v('* using HTTP/2');
    v(`* [HTTP/2] [1] OPENED stream for ${url}`);
    const pseudo = [[':method', method], [':scheme', scheme], [':authority', hostHeader], [':path', path], ...Object.entries(headers).filter(([k]) => k !== 'Host').map(([k, val]) => [k.toLowerCase(), val])];
    for (const [k, val] of pseudo) v(`* [HTTP/2] [1] [${k}: ${val}]`);
  } else v('* using HTTP/1.x');
  v(`> ${method} ${path} ${h2 ? 'HTTP/2' : 'HTTP/1.1'}`);
  for (const [k, val] of Object.entries(headers)) v(`> ${k}: ${val}`);
  v('> ');
  v(o.data !== undefined ? `* upload completely sent off: ${o.data.length} bytes` : '* Request completely sent off');
  const rep = r.reply;
  if (!rep || rep.kind !== 'http-response') return die(52, 'Empty reply from server');
  const follow = o.location && rep.status >= 300 && rep.status < 400 ? Object.entries(rep.headers).find(([k]) => k.toLowerCase() === 'location')?.[1] : undefined;
  const body = o.head || method === 'HEAD' || follow !== undefined ? '' : rep.body;
  const respHeaders: [string, string][] = [
    ...Object.entries(rep.headers),
    ...(Object.keys(rep.headers).some((k) => k.toLowerCase() === 'content-length') ? [] : [['Content-Length', String(rep.body.length)] as [string, string]]),
  ];
  // HTTP/2 has no reason phrase; curl still writes the space after the code.
  const statusLine = h2 ? `HTTP/2 ${rep.status} ` : `HTTP/1.1 ${rep.status} ${REASONS[rep.status] ?? ''}`.trimEnd();
  if (h2) for (const hd of respHeaders) hd[0] = hd[0].toLowerCase();
  v(`< ${statusLine}`);
  for (const [k, val] of respHeaders) v(`< ${k}: ${val}`);
  v('< ');
  if (o.fail && rep.status >= 400) {
    v(`* The requested URL returned error: ${rep.status}`);
    v(`* closing connection #0`);
    return die(22, `The requested URL returned error: ${rep.status}`);
  }
  const head = `${statusLine}\r\n${respHeaders.map(([k, val]) => `${k}: ${val}\r\n`).join('')}\r\n`;
  const out = (o.include || o.head ? head : '') + body;
  const output = o.output ?? (o.remoteName ? (path.split('?')[0]!.split('/').pop() ?? '') : undefined);
  if (output === '') {
    if (!quietErr) ctx.err('curl: Remote filename has no length\n');
    return die(23, 'Failed writing received data to disk/application');
  }
  if (output && output !== '-') {
    if (output !== '/dev/null') {
      // With -L only the final answer lands in the file.
      const w = follow !== undefined ? { ok: true } : ctx.fs.write(ctx.fs.resolve(ctx.cwd, output), out);
      if (!w.ok) return die(23, `Failure writing output to destination, passed ${out.length} returned 0`);
    }
  } else ctx.out(out);
  v(`* Connection #0 to host ${host} left intact`);
  if (follow !== undefined) {
    const next = /^[a-z]+:\/\//i.test(follow) ? follow : `${scheme}://${host}${m[3] ? `:${port}` : ''}${follow.startsWith('/') ? '' : '/'}${follow}`;
    v(`* Issue another request to this URL: '${next}'`);
    return { code: 0, location: next };
  }
  if (o.writeOut) {
    ctx.out(
      o.writeOut
        .replace(/%\{http_code\}/g, String(rep.status).padStart(3, '0'))
        .replace(/%\{response_code\}/g, String(rep.status).padStart(3, '0'))
        .replace(/%\{remote_ip\}/g, ip)
        .replace(/%\{remote_port\}/g, String(port))
        .replace(/%\{local_ip\}/g, r.local?.ip ?? '')
        .replace(/%\{local_port\}/g, String(r.local?.port ?? ''))
        .replace(/%\{url_effective\}/g, url)
        .replace(/%\{time_total\}/g, (elapsed / 1000).toFixed(6))
        .replace(/\\n/g, '\n'),
    );
  }
  return { code: 0 };
}

export const curl: Command = {
  name: 'curl',
  summary: 'transfer a URL',
  run(ctx) {
    const o = parseCurlArgs(ctx.argv.slice(1));
    if ('error' in o) {
      ctx.err(o.error);
      return 2;
    }
    if (o.help) {
      ctx.out(CURL_HELP);
      return 0;
    }
    if (!o.url) {
      ctx.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
      return 2;
    }
    let url = o.url;
    // -L: curl's default limit is 50 redirects.
    for (let hops = 0; ; hops++) {
      const step = transfer(ctx, o, url);
      if (step.location === undefined) return step.code;
      if (hops >= 50) {
        if (!(o.silent && !o.showError)) ctx.err('curl: (47) Maximum (50) redirects followed\n');
        return 47;
      }
      url = step.location;
    }
  },
};
