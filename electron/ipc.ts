/**
 * Binds the LabHost to Electron's ipcMain. One invoke channel carries every api request;
 * each message is checked to come from our window's main frame at our origin (never
 * another frame, window or a navigated-away page) before the host validates its payload.
 * Events go back on one channel to that window only.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { ApiResult, Channel } from '../shared/api/contract';
import type { LabHost } from './host/lab-host';
import { isTrustedSender } from './security';

/** The ipc channel of api requests (renderer → main, invoke). */
export const IPC_REQUEST = 'netlab:request';
/** The ipc channel of api events (main → renderer). */
export const IPC_EVENT = 'netlab:event';

/** What an invoke's sender looks like, as far as the check needs. */
function senderInfo(event: IpcMainInvokeEvent, contents: WebContents) {
  const frame = event.senderFrame;
  return {
    frameUrl: frame?.url,
    isMainFrame: !!frame && frame === event.sender.mainFrame,
    isOurWindow: event.sender === contents,
  };
}

/**
 * Serves the api to one window. Returns a remover that drops the handler and closes the
 * window's terminals; call it when the window closes.
 */
export function bindIpc(ipcMain: IpcMain, host: LabHost, contents: WebContents, devServerUrl?: string): () => void {
  const conn = host.connect((event, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT, event, payload);
  });
  ipcMain.handle(IPC_REQUEST, async (event, channel: unknown, payload: unknown): Promise<ApiResult<Channel>> => {
    if (!isTrustedSender(senderInfo(event, contents), devServerUrl)) {
      return { ok: false, error: { code: 'Forbidden', message: 'request from an untrusted frame' } };
    }
    if (typeof channel !== 'string') return { ok: false, error: { code: 'BadRequest', message: 'channel must be a string' } };
    return conn.handle(channel, payload);
  });
  return () => {
    ipcMain.removeHandler(IPC_REQUEST);
    conn.dispose();
  };
}
