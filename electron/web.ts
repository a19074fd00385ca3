/**
 * Web mode: serves the built renderer over HTTP and the same api over a WebSocket, bound to
 * 127.0.0.1 only. Browsers and the e2e tests use it; the renderer picks this transport when
 * there is no preload bridge. Message format: shared/api/wire.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeRequest, encodeEvent, encodeReply, WIRE_MAX_FRAME, WIRE_PATH } from '../shared/api/wire';
import type { LabHost } from './host/lab-host';
import { contentType, cspHeader, safeRelativePath } from './security';

export interface WebServerOptions {
  host: LabHost;
  /** The built renderer (the folder holding index.html). */
  root: string;
  /** 0 picks a free port. */
  port?: number;
  /** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
  bind?: string;
  /** Diagnostics (a refused origin, a failed send); silent by default. */
  log?: (line: string) => void;
}

export interface WebServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Headers every response carries. */
function baseHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': cspHeader(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
    // The browser-side twin of the window's permission handler: the lab needs none of these.
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=(), payment=()',
  };
}

/** Starts the server; resolves once it listens. Refuses any non-loopback bind address. */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const bind = opts.bind ?? '127.0.0.1';
  if (!LOOPBACK.has(bind)) throw new Error(`refusing to listen on ${bind}: web mode binds to 127.0.0.1 (or ::1) only`);
  const root = resolve(opts.root);
  const log = opts.log ?? (() => {});
  let port = 0;
  // Requests must name us (127.0.0.1:PORT or localhost:PORT): this stops DNS rebinding.
  const okHost = (h: string | undefined) => !!h && [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(h.toLowerCase());
  const okOrigin = (o: string | undefined) => !!o && [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`].includes(o.toLowerCase());

  const server: Server = createServer((req, res) => {
    void serveStatic(req, res, root, okHost).catch((e: unknown) => {
      log(`web: ${String(e)}`);
      if (!res.headersSent) res.writeHead(500, baseHeaders());
      res.end();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: WIRE_MAX_FRAME });
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== WIRE_PATH || !okHost(req.headers.host) || !okOrigin(req.headers.origin)) {
      log(`web: refused websocket from origin ${String(req.headers.origin)} host ${String(req.headers.host)}`);
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, opts.host, log));
  });

  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(opts.port ?? 0, bind, () => {
      server.off('error', rej);
      res();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = bind === '::1' ? '[::1]' : bind;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((res) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => res());
        server.closeAllConnections();
      }),
  };
}

/** Binds one socket to the host: one connection, its requests answered in order of arrival. */
function attach(ws: WebSocket, host: LabHost, log: (l: string) => void): void {
  const send = (text: string) => {
    if (ws.readyState === ws.OPEN) ws.send(text, (err) => err && log(`web: send failed: ${err.message}`));
  };
  const conn = host.connect((event, payload) => send(encodeEvent(event, payload)));
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      send(encodeReply(null, { ok: false, error: { code: 'BadRequest', message: 'binary frames are not part of the api' } }));
      return;
    }
    const decoded = decodeRequest(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
    if (!decoded.ok) {
      send(encodeReply(decoded.id, { ok: false, error: decoded.error }));
      return;
    }
    const { id, channel, payload } = decoded.request;
    void conn.handle(channel, payload).then((result) => send(encodeReply(id, result)));
  });
  ws.on('error', (e) => log(`web: socket error: ${e.message}`));
  ws.on('close', () => conn.dispose());
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, okHost: (h: string | undefined) => boolean): Promise<void> {
  const headers = baseHeaders();
  if (!okHost(req.headers.host)) {
    res.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('forbidden host\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    return;
  }
  const pathname = (req.url ?? '/').split('?')[0]!;
  const rel = safeRelativePath(pathname);
  if (!rel) {
    res.writeHead(400, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('bad path\n');
    return;
  }
  const file = join(root, rel);
  const st = await stat(file).catch(() => undefined);
  if (!st?.isFile()) {
    const body = rel === 'index.html' ? `The renderer is not built (no ${file}). Run: npm run build:web\n` : 'not found\n';
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(body);
    return;
  }
  const data = await readFile(file);
  res.writeHead(200, { ...headers, 'Content-Type': contentType(file), 'Content-Length': String(data.length) });
  res.end(req.method === 'HEAD' ? undefined : data);
}
