/**
 * The Electron security checklist's decisions as plain functions, so they are unit-tested
 * without Electron and shared with the web bridge (same CSP, same origin rules).
 */

/** The scheme the window's renderer is served from instead of file://. */
export const APP_SCHEME = 'app';
/** The host part of the app's URLs: app://netlab/index.html. */
export const APP_HOST = 'netlab';
/** The app's own origin as Chromium reports it for a standard scheme. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The Content-Security-Policy of every page we serve. Styles allow 'unsafe-inline' only
 * because xterm and Cytoscape inject style attributes; no eval, no remote origins.
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The CSP header value (one function so a future nonce or report-uri lands in one place). */
export function cspHeader(): string {
  return CSP;
}

/** Parses a URL, or undefined for anything unparsable (never prefix-match URL strings). */
export function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * May the window navigate to `url`? Only within our own app origin (a reload or an in-app
 * route); everything else, including file:, javascript: and look-alike hosts, is denied.
 * In development the vite dev server's exact origin is allowed too.
 */
export function isAllowedNavigation(url: string, devServerUrl?: string): boolean {
  const u = parseUrl(url);
  if (!u) return false;
  if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return true;
  if (devServerUrl) {
    const dev = parseUrl(devServerUrl);
    if (dev && (dev.protocol === 'http:' || dev.protocol === 'https:') && u.origin === dev.origin) return true;
  }
  return false;
}

/** Links we may hand to the OS browser (after the user confirms): http(s) only. */
export function isExternalLinkAllowed(url: string): boolean {
  const u = parseUrl(url);
  return !!u && (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && u.username === '' && u.password === '';
}

/** What the ipc layer knows about who sent a message. */
export interface SenderInfo {
  /** The sending frame's URL (event.senderFrame.url). */
  frameUrl: string | undefined;
  /** Whether the frame is its window's top frame (senderFrame === webContents.mainFrame). */
  isMainFrame: boolean;
  /** Whether the sending webContents is our app window's. */
  isOurWindow: boolean;
}

/** An ipc message is trusted only from our window's main frame showing our own origin. */
export function isTrustedSender(s: SenderInfo, devServerUrl?: string): boolean {
  if (!s.isOurWindow || !s.isMainFrame || !s.frameUrl) return false;
  return isAllowedNavigation(s.frameUrl, devServerUrl);
}

/**
 * Maps an app:// request to a file under the renderer folder; undefined for anything that
 * would leave it (`..`, encoded slashes, other hosts). '/' serves index.html.
 */
export function appRequestPath(url: string): string | undefined {
  const u = parseUrl(url);
  if (!u || u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return undefined;
  return safeRelativePath(u.pathname);
}

/** A URL pathname as a relative file path inside a served folder, or undefined if it escapes. */
export function safeRelativePath(pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const parts: string[] = [];
  for (const seg of decoded.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return undefined;
    parts.push(seg);
  }
  return parts.length === 0 ? 'index.html' : parts.join('/');
}

/** Content types of what a vite build emits. */
export function contentType(file: string): string {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  const types: Record<string, string> = {
    html: 'text/html; charset=utf-8',
    js: 'text/javascript; charset=utf-8',
    mjs: 'text/javascript; charset=utf-8',
    css: 'text/css; charset=utf-8',
    json: 'application/json; charset=utf-8',
    svg: 'image/svg+xml',
    png: 'image/png',
    ico: 'image/x-icon',
    woff: 'font/woff',
    woff2: 'font/woff2',
    ttf: 'font/ttf',
    map: 'application/json; charset=utf-8',
    md: 'text/markdown; charset=utf-8',
    txt: 'text/plain; charset=utf-8',
  };
  return types[ext] ?? 'application/octet-stream';
}
