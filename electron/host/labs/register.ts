/**
 * The seam into LabHost: registers every lab:* channel on the host and returns the
 * controller (dispose it to unregister). electron/main.ts and web.ts call this once with
 * the built-in labs folder and the user-data folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabListEntry, LabProgressExport } from '../../../shared/api/labs';
import { parseProgress, progressSummary } from '../../../shared/labs/progress';
import { liveWorld } from '../../../shared/labs/live-world';
import { writeFileAtomic } from './atomic';
import { HostError, type LabHost } from '../lab-host';
import { LabCatalog } from './catalog';
import { LabController, type LabControllerOptions } from './controller';
import { importLabZip } from './zip';

export interface LabHandlersOptions extends Partial<Omit<LabControllerOptions, 'host' | 'roots'>> {
  /** The built-in labs folder (the repo's labs/). */
  builtinDir: string;
  userData: string;
  /** Opens a link in the system browser (the renderer has already asked the learner). */
  openExternal?: (url: string) => Promise<void> | void;
}

/** Registers lab:list ... lab:openLink on `host`. */
export function registerLabHandlers(host: LabHost, opts: LabHandlersOptions): LabController {
  const c = new LabController({
    ...opts,
    host,
    roots: [
      { dir: opts.builtinDir, builtIn: true },
      { dir: path.join(opts.userData, 'labs'), builtIn: false },
    ],
    world: opts.world ?? liveWorld,
  });
  const subs = [
    host.register('lab:list', () => c.list()),
    host.register('lab:open', (r) => c.openLab(r.id, r.seed)),
    host.register('lab:state', () => c.state()),
    host.register('lab:check', () => c.check()),
    host.register('lab:hint', (r) => c.hint(r.step)),
    host.register('lab:answer', (r) => c.answer(r.step, r.question, r.answer)),
    host.register('lab:solution', (r) => c.solution(r.step)),
    host.register('lab:undo', () => c.undo()),
    host.register('lab:reset', (r) => c.reset(r.scope)),
    host.register('lab:goto', (r) => c.goto(r.step)),
    host.register('lab:import', (r) => importLab(c, r.path)),
    host.register('lab:exportProgress', (r) => exportProgress(c, r.path)),
    host.register('lab:importProgress', (r) => importProgress(c, r.json)),
    host.register('lab:openLink', async (r) => {
      const u = new URL(r.url);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new HostError('Forbidden', `refusing to open a ${u.protocol} link`);
      if (!opts.openExternal) return { opened: false };
      await opts.openExternal(u.toString());
      return { opened: true };
    }),
  ];
  const dispose = c.dispose.bind(c);
  c.dispose = () => {
    for (const s of subs) s.dispose();
    dispose();
  };
  return c;
}

/** Copies a lab folder (or a .zip) into the user's labs and returns the new list (an invalid one shows its errors). */
async function importLab(c: LabController, src: string): Promise<LabListEntry[]> {
  try {
    if (/\.zip$/i.test(src)) await importLabZip(src, c.userLabsDir);
    else LabCatalog.importFolder(src, c.userLabsDir);
  } catch (e) {
    throw new HostError('BadRequest', e instanceof Error ? e.message : String(e));
  }
  return c.list();
}

/** The open lab's progress as JSON and a readable summary; written beside `file` when given. */
export function exportProgress(c: LabController, file?: string): LabProgressExport {
  const o = c.current;
  if (!o) throw new HostError('NotFound', 'no lab is open');
  // The cluster snapshot is for resuming on this machine; the report carries what the learner did.
  const { cluster: _cluster, ...report } = o.run.progress;
  const json = JSON.stringify(report, null, 2) + '\n';
  const summary = progressSummary(o.run.progress, o.run.lab.title.en, o.run.lab.steps.map((s) => s.checks.length));
  if (!file) return { json, summary };
  writeFileAtomic(file, json);
  writeFileAtomic(file.replace(/\.json$/i, '') + '.txt', summary);
  return { json, summary, path: file };
}

/** Saves imported progress for its lab (the lab must be installed); resumes when opened. */
function importProgress(c: LabController, json: string): LabListEntry[] {
  const r = parseProgress(json);
  if (!r.ok) throw new HostError('BadRequest', `not a progress report: ${r.error}`);
  const entry = c.catalog.get(r.progress.labId);
  if (!entry?.ok) throw new HostError('NotFound', `no lab "${r.progress.labId}" installed`);
  c.store.save(r.progress);
  return c.list();
}

/** For tests and the CLI: is `dir` a folder with a lab.yaml? */
export function isLabFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'lab.yaml'));
}
