/**
 * session:diff and topology:mentions on the host. The mode diff is captured at the reset
 * itself: the old cluster's nodes are read once the new one is active (the old engine is
 * intact and no shell is left on it), the new cluster's right after it was built — before
 * a lab attaches to it, so the capture's own commands never count as the learner's.
 * Hunks are computed per machine on first request and kept until the next reset.
 */
import type { Disposable } from '../../shared/model/store';
import type { MachineModeDiff, ModeDiff } from '../../shared/api/inspect';
import { captureModes, diffCaptures, type ModeCapture } from '../../shared/shell/inspect/mode-diff';
import { findMentions } from '../../shared/shell/inspect/mentions';
import type { LabHost, Session } from './lab-host';

/** Hunk lines kept per section (a 100-node iptables → IPVS switch removes hundreds per node). */
export const DIFF_MAX_LINES = 300;
/** Machines whose hunks a request without `machines` gets. */
export const DIFF_DEFAULT_MACHINES = 3;

interface PendingDiff {
  before: ModeCapture;
  after: ModeCapture;
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
    pending = { before: captureModes(prev.engine, modes(prev)), after: captureModes(s.engine, modes(s)) };
  });
  const subs = [
    onReset,
    host.register('session:diff', (req) => {
      if (!pending) return null;
      const full = (pending.full ??= diffCaptures(pending.before, pending.after, { maxLines: DIFF_MAX_LINES }));
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
