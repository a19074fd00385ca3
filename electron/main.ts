/**
 * The Electron main process: lifecycle, the one window, and the security checklist
 * (README "Security" lists each item and where it is met). The decisions themselves live
 * in security.ts as plain functions; this file only wires them into Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLabHost } from './host/create-host';
import { registerLabHandlers } from './host/labs/register';
import type { LabHost } from './host/lab-host';
import { bindIpc } from './ipc';
import { APP_ORIGIN, APP_SCHEME, appRequestPath, contentType, cspHeader, isAllowedNavigation, isExternalLinkAllowed } from './security';

/** Built files, relative to out/main/main.js. */
const here = fileURLToPath(new URL('.', import.meta.url));
export const RENDERER_DIR = join(here, '../renderer');
export const PRELOAD_PATH = join(here, '../preload/preload.cjs');

/** electron-vite's dev server, when running `npm run dev`. */
const devServerUrl = process.env.ELECTRON_RENDERER_URL;

/** Must run before `ready`: app:// behaves like https (standard, secure, fetch-able; vite emits crossorigin module scripts, hence corsEnabled). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
}

/** Serves app://netlab/... from the built renderer with the CSP header; nothing outside it. */
export function handleAppProtocol(rendererDir = RENDERER_DIR): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const rel = appRequestPath(request.url);
    const headers = { 'Content-Security-Policy': cspHeader(), 'X-Content-Type-Options': 'nosniff' };
    if (!rel) return new Response('bad request', { status: 400, headers });
    try {
      const body = await readFile(join(rendererDir, rel));
      return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': contentType(rel) } });
    } catch {
      return new Response('not found', { status: 404, headers });
    }
  });
}

/** Denies every permission (camera, notifications, clipboard-read...): the lab needs none. */
export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  if (devServerUrl) {
    // The dev server's pages get the same CSP as app:// ones.
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [cspHeader()] } });
    });
  }
}

/** Asks before handing an http(s) link to the OS browser; anything else is never opened. */
export async function openExternalConfirmed(url: string, parent?: BrowserWindow): Promise<boolean> {
  if (!isExternalLinkAllowed(url)) return false;
  const opts = { type: 'question' as const, buttons: ['Open', 'Cancel'], defaultId: 1, cancelId: 1, message: 'Open this link in your browser?', detail: new URL(url).href };
  const { response } = parent ? await dialog.showMessageBox(parent, opts) : await dialog.showMessageBox(opts);
  if (response !== 0) return false;
  await shell.openExternal(new URL(url).href);
  return true;
}

/** Navigation, new windows and webviews: all denied but in-app navigation. */
export function guardContents(contents: WebContents, parent?: BrowserWindow): void {
  const deny = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url, devServerUrl)) event.preventDefault();
  };
  contents.on('will-navigate', deny);
  contents.on('will-redirect', deny);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalConfirmed(url, parent);
    return { action: 'deny' };
  });
}

/** The window's webPreferences: every checklist switch set explicitly. */
export function webPreferences(preload = PRELOAD_PATH): Electron.WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** Opens the main window on the host; returns it once the page starts loading. */
export function createWindow(host: LabHost): BrowserWindow {
  const win = new BrowserWindow({ width: 1400, height: 900, show: false, title: 'K8s NetLab', backgroundColor: '#1e1e1e', webPreferences: webPreferences() });
  guardContents(win.webContents, win);
  const unbind = bindIpc(ipcMain, host, win.webContents, devServerUrl);
  win.on('closed', unbind);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return win;
}

/** App lifecycle: one instance, one host, one window; quits when it closes. */
export async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  registerAppScheme();
  app.on('web-contents-created', (_e, contents) => guardContents(contents));
  await app.whenReady();
  denyPermissions();
  handleAppProtocol();
  const host = createLabHost({ version: app.getVersion() });
  let win = createWindow(host);
  const labs = registerLabHandlers(host, {
    builtinDir: join(app.getAppPath(), 'labs'),
    userData: app.getPath('userData'),
    openExternal: async (url) => void (await openExternalConfirmed(url, win)),
  });
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createWindow(host);
  });
  app.on('window-all-closed', () => {
    labs.dispose();
    host.dispose();
    app.quit();
  });
}

// Started by Electron; imported by tests (with a mocked 'electron') it does nothing.
if (process.versions.electron) void start();
