/**
 * Saved progress under the user-data folder: `<userData>/labs-progress/<labId>.json`,
 * written atomically. A file that does not parse (a hand edit, an older format) is set
 * aside as `.bad` instead of being overwritten, so nothing is lost silently.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseProgress, type LabProgress } from '../../../shared/labs/progress';
import { snapshotFromJson, snapshotToJson, type EngineSnapshot } from '../../../shared/sim/snapshot';
import { writeFileAtomic, type AtomicFs } from './atomic';

export class ProgressStore {
  readonly dir: string;

  constructor(
    userData: string,
    private readonly io?: AtomicFs,
  ) {
    this.dir = path.join(userData, 'labs-progress');
  }

  private file(labId: string): string {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(labId)) throw new Error(`bad lab id "${labId}"`);
    return path.join(this.dir, `${labId}.json`);
  }

  /** The saved progress of a lab, or undefined. */
  load(labId: string): LabProgress | undefined {
    const f = this.file(labId);
    let text: string;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
    const r = parseProgress(text);
    if (r.ok) {
      // The cluster snapshot is saved as the engine's own tagged JSON (its Maps and Sets survive).
      const c = r.progress.cluster;
      if (typeof c === 'string') {
        try {
          r.progress.cluster = snapshotFromJson(c);
        } catch {
          delete r.progress.cluster;
        }
      }
      return r.progress;
    }
    try {
      fs.renameSync(f, `${f}.bad`);
    } catch {
      /* keep going with fresh progress */
    }
    return undefined;
  }

  save(p: LabProgress): void {
    const cluster = p.cluster === undefined || typeof p.cluster === 'string' ? p.cluster : snapshotToJson(p.cluster as EngineSnapshot);
    writeFileAtomic(this.file(p.labId), JSON.stringify({ ...p, cluster }), this.io);
  }

  remove(labId: string): void {
    fs.rmSync(this.file(labId), { force: true });
  }

  /** Percent done per lab id, for the list. */
  percentages(ids: string[]): Map<string, number> {
    const out = new Map<string, number>();
    for (const id of ids) {
      const p = this.load(id);
      if (p) out.set(id, Math.round((100 * p.steps.filter((s) => s.done).length) / Math.max(1, p.steps.length)));
    }
    return out;
  }
}
