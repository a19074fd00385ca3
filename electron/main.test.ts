import { beforeEach, describe, expect, it, vi } from 'vitest';

/** A recording stand-in for the parts of 'electron' main.ts and ipc.ts use. */
const h = vi.hoisted(() => {
  const state: any = {
    windows: [] as any[],
    protocolHandlers: new Map<string, (req: { url: string }) => Promise<Response>>(),
    privileged: [] as any[],
    ipcHandlers: new Map<string, (...a: any[]) => any>(),
    permissionHandler: undefined as any,
    permissionCheck: undefined as any,
    dialogResponse: 0,
    opened: [] as string[],
    appHandlers: new Map<string, (...a: any[]) => void>(),
    order: [] as string[],
    appPath: '',
    userData: '',
  };
  class FakeContents {
    listeners = new Map<string, ((...a: any[]) => void)[]>();
    openHandler: any;
    sent: any[] = [];
    mainFrame = { url: 'app://netlab/index.html' };
    on(ev: string, fn: (...a: any[]) => void) {
      this.listeners.set(ev, [...(this.listeners.get(ev) ?? []), fn]);
      return this;
    }
    emit(ev: string, ...a: any[]) {
      for (const fn of this.listeners.get(ev) ?? []) fn(...a);
    }
    setWindowOpenHandler(fn: any) {
      this.openHandler = fn;
    }
    send(...a: any[]) {
      this.sent.push(a);
    }
    isDestroyed() {
      return false;
    }
  }
  class FakeWindow {
    webContents = new FakeContents();
    loaded: string | undefined;
    handlers = new Map<string, () => void>();
    constructor(public opts: any) {
      state.windows.push(this);
    }
    loadURL(u: string) {
      this.loaded = u;
      return Promise.resolve();
    }
    on(ev: string, fn: () => void) {
      this.handlers.set(ev, fn);
    }
    once(ev: string, fn: () => void) {
      this.handlers.set(ev, fn);
    }
    static getAllWindows() {
      return state.windows;
    }
  }
  return { state, FakeContents, FakeWindow };
});

vi.mock('electron', () => ({
  app: {
    getVersion: () => '0.1.0',
    on: (ev: string, fn: (...a: any[]) => void) => h.state.appHandlers.set(ev, fn),
    whenReady: () => {
      h.state.order.push('whenReady');
      return Promise.resolve();
    },
    requestSingleInstanceLock: () => true,
    enableSandbox: () => h.state.order.push('enableSandbox'),
    quit: vi.fn(),
    getAppPath: () => h.state.appPath,
    getPath: () => h.state.userData,
  },
  BrowserWindow: h.FakeWindow,
  ipcMain: {
    handle: (ch: string, fn: any) => h.state.ipcHandlers.set(ch, fn),
    removeHandler: (ch: string) => h.state.ipcHandlers.delete(ch),
  },
  protocol: {
    registerSchemesAsPrivileged: (s: any) => {
      h.state.order.push('registerSchemesAsPrivileged');
      h.state.privileged.push(...s);
    },
    handle: (scheme: string, fn: any) => h.state.protocolHandlers.set(scheme, fn),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: any) => (h.state.permissionHandler = fn),
      setPermissionCheckHandler: (fn: any) => (h.state.permissionCheck = fn),
      webRequest: { onHeadersReceived: vi.fn() },
    },
  },
  dialog: { showMessageBox: vi.fn(async () => ({ response: h.state.dialogResponse })) },
  shell: { openExternal: vi.fn(async (u: string) => void h.state.opened.push(u)) },
}));

const main = await import('./main');
const { IPC_REQUEST, IPC_EVENT } = await import('./ipc');
const { LabHost } = await import('./host/lab-host');
const { fakeDeps } = await import('./host/testing');
const { CSP } = await import('./security');

function openWindow() {
  const host = new LabHost({ deps: fakeDeps(), version: '0.1.0' });
  const win = main.createWindow(host) as unknown as InstanceType<typeof h.FakeWindow>;
  return { host, win, contents: win.webContents };
}

/** Calls the ipc handler as a message from `contents`' frame `frame`. */
function invoke(sender: any, frame: any, channel: unknown, payload: unknown) {
  return h.state.ipcHandlers.get(IPC_REQUEST)!({ sender, senderFrame: frame }, channel, payload);
}

beforeEach(() => {
  h.state.windows.length = 0;
  h.state.ipcHandlers.clear();
  h.state.opened.length = 0;
});

describe('main process wiring', () => {
  it('creates the window with every security switch set', () => {
    const { win } = openWindow();
    expect(win.opts.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(win.opts.webPreferences.preload).toMatch(/preload[/\\]preload\.cjs$/);
    expect(win.loaded).toBe('app://netlab/index.html');
  });

  it('denies navigation away from the app, but not within it', () => {
    const { contents } = openWindow();
    const nav = (url: string) => {
      const ev = { preventDefault: vi.fn() };
      contents.emit('will-navigate', ev, url);
      return ev.preventDefault.mock.calls.length > 0;
    };
    expect(nav('https://evil.example/')).toBe(true);
    expect(nav('file:///etc/passwd')).toBe(true);
    expect(nav('app://netlab.evil/')).toBe(true);
    expect(nav('app://netlab/index.html#/labs')).toBe(false);
    const att = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', att);
    expect(att.preventDefault).toHaveBeenCalled();
  });

  it('denies window.open; http(s) goes to the browser only after the user confirms', async () => {
    const { contents } = openWindow();
    h.state.dialogResponse = 1; // Cancel
    expect(contents.openHandler({ url: 'https://kubernetes.io/' })).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 0));
    expect(h.state.opened).toEqual([]);
    h.state.dialogResponse = 0; // Open
    expect(contents.openHandler({ url: 'https://kubernetes.io/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 0));
    expect(h.state.opened).toEqual(['https://kubernetes.io/']);
  });

  it('denies every permission request and check', () => {
    main.denyPermissions();
    const cb = vi.fn();
    h.state.permissionHandler({}, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
    expect(h.state.permissionCheck({}, 'clipboard-read')).toBe(false);
  });

  it('serves app:// from the renderer folder with the CSP, nothing outside it', async () => {
    main.registerAppScheme();
    expect(h.state.privileged).toContainEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } });
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'netlab-app-'));
    writeFileSync(join(dir, 'index.html'), '<p>hi</p>');
    main.handleAppProtocol(dir);
    const handler = h.state.protocolHandlers.get('app')!;
    const ok = await handler({ url: 'app://netlab/' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CSP);
    expect(await ok.text()).toBe('<p>hi</p>');
    expect((await handler({ url: 'app://netlab/a%2f..%2f..%2fetc%2fpasswd' })).status).toBe(400);
    expect((await handler({ url: 'app://other/index.html' })).status).toBe(400);
    expect((await handler({ url: 'app://netlab/missing.js' })).status).toBe(404);
  });
});

describe('ipc', () => {
  it('answers our main frame and sends events to our window only', async () => {
    const { contents } = openWindow();
    const r = await invoke(contents, contents.mainFrame, 'term:open', { target: { kind: 'node', name: 'node-1' } });
    expect(r).toEqual({ ok: true, value: { termId: 't1', title: 'root@node-1' } });
    await new Promise((res) => setTimeout(res, 0));
    expect(contents.sent).toContainEqual([IPC_EVENT, 'onTermData', { termId: 't1', data: 'root@node-1:~# ' }]);
  });

  it('rejects a foreign sender, a subframe and a navigated-away frame', async () => {
    const { contents } = openWindow();
    const other = new h.FakeContents();
    expect(await invoke(other, other.mainFrame, 'session:info', {})).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
    expect(await invoke(contents, { url: 'app://netlab/index.html' }, 'session:info', {})).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
    contents.mainFrame.url = 'https://evil.example/';
    expect(await invoke(contents, contents.mainFrame, 'session:info', {})).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
    expect(await invoke(contents, null, 'session:info', {})).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
  });

  it('rejects a malformed payload or channel with BadRequest', async () => {
    const { contents } = openWindow();
    expect(await invoke(contents, contents.mainFrame, 'term:resize', { termId: 't1', cols: -1, rows: 2 })).toMatchObject({ ok: false, error: { code: 'BadRequest' } });
    expect(await invoke(contents, contents.mainFrame, 42, {})).toEqual({ ok: false, error: { code: 'BadRequest', message: 'channel must be a string' } });
    expect(await invoke(contents, contents.mainFrame, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'BadRequest' } });
  });

  it('drops the handler and the terminals when the window closes', async () => {
    const { win, contents } = openWindow();
    await invoke(contents, contents.mainFrame, 'term:open', { target: { kind: 'external' } });
    win.handlers.get('closed')!();
    expect(h.state.ipcHandlers.has(IPC_REQUEST)).toBe(false);
  });
});

describe('start()', () => {
  it('sets up sandbox and scheme before ready, then protocol, permissions, window, and the lab channels', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    h.state.appPath = join(import.meta.dirname, '..');
    h.state.userData = mkdtempSync(join(tmpdir(), 'netlab-userdata-'));
    h.state.order.length = 0;
    await main.start();
    expect(h.state.order.slice(0, 3)).toEqual(['enableSandbox', 'registerSchemesAsPrivileged', 'whenReady']);
    expect(h.state.protocolHandlers.has('app')).toBe(true);
    expect(h.state.permissionHandler).toBeTypeOf('function');
    expect(h.state.windows).toHaveLength(1);
    const contents = h.state.windows[0].webContents;
    expect(await invoke(contents, contents.mainFrame, 'session:info', {})).toMatchObject({ ok: true, value: { nodes: ['node-1', 'node-2', 'node-3'], version: '0.1.0' } });
    const labs = await invoke(contents, contents.mainFrame, 'lab:list', {});
    expect(labs.ok).toBe(true);
    expect(labs.value.length).toBeGreaterThan(0);
    // Closing the last window releases the host and quits.
    h.state.windows[0].handlers.get('closed')!();
    h.state.appHandlers.get('window-all-closed')!();
  });
});
