/**
 * session:diff and topology:mentions on the host. A reset that switches CNI or kube-proxy
 * mode keeps the old engine (intact: no shell is left on it) beside the new one; the first
 * session:diff reads both (a 100-node, 3,000-pod cluster takes seconds, so a reset nobody
 * looks at costs nothing), then drops the old engine and keeps the texts and hunks until
 * the next reset. The capture's commands never reach an open lab (captureModes).
 */
import type { Disposable } from '../../shared/model/store';
import type { MachineModeDiff, ModeDiff } from '../../shared/api/inspect';
import { captureModes, diffCaptures } from '../../shared/shell/inspect/mode-diff';
import { findMentions } from '../../shared/shell/inspect/mentions';
import type { LabHost, Session } from './lab-host';

/** Hunk lines kept per section (a 100-node iptables → IPVS switch removes hundreds per node). */
export const DIFF_MAX_LINES = 300;
/** Machines whose hunks a request without `machines` gets. */
export const DIFF_DEFAULT_MACHINES = 3;

interface PendingDiff {
  before: Session;
  after: Session;
  /** The whole diff, computed on first request (counts for every machine are needed anyway). */
  full?: ModeDiff;
}

/** Registers the inspect channels and the reset hook behind the mode diff; dispose to remove them. */
export function registerInspectHandlers(host: LabHost): Disposable {
  let last: Session = host.session;
  let pending: PendingDiff | undefined;
  const modes = (s: Session) => ({ cni: s.info.cni, proxyMode: s.info.proxyMode });
  const onReset = host.onReset((s) => {
    const prev = last;
    last = s;
    pending = undefined;
    if (prev.info.cni === s.info.cni && prev.info.proxyMode === s.info.proxyMode) return;
    pending = { before: prev, after: s };
  });
  const subs = [
    onReset,
    host.register('session:diff', (req) => {
      if (!pending) return null;
      const full = (pending.full ??= diffCaptures(captureModes(pending.before.engine, modes(pending.before)), captureModes(pending.after.engine, modes(pending.after)), { maxLines: DIFF_MAX_LINES }));
      // The old cluster is no longer needed: let it go.
      pending.before = pending.after;
      const wanted = new Set(req.machines ?? full.machines.slice(0, DIFF_DEFAULT_MACHINES).map((m) => m.machine));
      // Every machine keeps its counts; only the wanted ones carry hunks (complete: true).
      const machines: MachineModeDiff[] = full.machines.map((m) =>
        wanted.has(m.machine) ? { ...m, complete: true } : { ...m, complete: false, sections: m.sections.map((s) => ({ ...s, hunks: [] })) },
      );
      return { ...full, machines };
    }),
    host.register('topology:mentions', (req) => findMentions(host.session.engine, req.id)),
  ];
  return { dispose: () => subs.forEach((s) => s.dispose()) };
}
