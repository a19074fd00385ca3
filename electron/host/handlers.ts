/**
 * The host's own channels: session, topology and terminals. Other lanes add theirs through
 * LabHost.register (labs in electron/host/labs/, walks when the walker lands).
 */
import type { LabHost } from './lab-host';

/** Default terminal size until the client's first resize. */
const DEFAULT_COLS = 80;
const DEFAULT_ROWS = 24;

/** Registers session:*, topology:get and term:* on a host. */
export function registerCoreHandlers(host: LabHost): void {
  host.register('session:info', () => host.session.info);
  host.register('session:reset', (req) => host.reset(req));
  host.register('topology:get', () => host.deps.topology(host.session.engine));
  host.register('term:open', (req, conn) => {
    const t = host.openTerminal(conn, req.target, req.cols ?? DEFAULT_COLS, req.rows ?? DEFAULT_ROWS);
    return { termId: t.id, title: titleOf(req.target) };
  });
  host.register('term:write', (req, conn) => {
    host.terminal(conn, req.termId).write(req.data);
  });
  host.register('term:resize', (req, conn) => {
    host.terminal(conn, req.termId).resize(req.cols, req.rows);
  });
  host.register('term:ack', (req, conn) => {
    host.terminal(conn, req.termId).ack(req.bytes);
  });
  host.register('term:close', (req, conn) => {
    const t = host.terminal(conn, req.termId);
    t.close();
    conn.terminals.delete(req.termId);
  });
}

/** A tab title like the prompt's user@host part. */
function titleOf(target: { kind: string; name?: string; namespace?: string }): string {
  if (target.kind === 'external') return 'root@external';
  if (target.kind === 'pod') return `${target.namespace}/${target.name}`;
  return `root@${target.name}`;
}
