/**
 * The lab catalog: the built-in labs folder plus the learner's imported labs under the
 * user-data folder. Every sub-folder with a lab.yaml is loaded; one that fails validation
 * is listed with its `file:line:col: reason` problems and the others still load.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabListEntry } from '../../../shared/api/labs';
import { formatProblem, loadLab, type LoadedLab, type LabProblem } from '../../../shared/labs/loader';

/** A folder of lab folders. */
export interface LabRoot {
  dir: string;
  builtIn: boolean;
}

/** One lab folder, loaded or not. */
export type CatalogEntry =
  | { ok: true; id: string; dir: string; builtIn: boolean; loaded: LoadedLab }
  | { ok: false; id: string; dir: string; builtIn: boolean; problems: LabProblem[] };

/** Reads files of one lab folder; refuses paths that leave it. */
export function folderReader(dir: string): (rel: string) => string | undefined {
  const root = path.resolve(dir);
  return (rel) => {
    const p = path.resolve(root, rel);
    if (p !== root && !p.startsWith(root + path.sep)) return undefined;
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
}

/** Loads the lab in `dir`; `label` names it in messages (e.g. `labs/pod-netns`). */
export function loadFolder(dir: string, builtIn: boolean, label = dir): CatalogEntry {
  const r = loadLab(label, folderReader(dir));
  if (r.ok) return { ok: true, id: r.loaded.lab.id, dir, builtIn, loaded: r.loaded };
  return { ok: false, id: path.basename(dir), dir, builtIn, problems: r.problems };
}

export class LabCatalog {
  private entries: CatalogEntry[] = [];

  constructor(private readonly roots: LabRoot[]) {}

  /** Rescans every root. A later root's lab with the same id replaces an earlier one's. */
  scan(): CatalogEntry[] {
    const byId = new Map<string, CatalogEntry>();
    const broken: CatalogEntry[] = [];
    for (const root of this.roots) {
      let names: string[] = [];
      try {
        names = fs.readdirSync(root.dir).sort();
      } catch {
        continue;
      }
      for (const name of names) {
        const dir = path.join(root.dir, name);
        if (!fs.existsSync(path.join(dir, 'lab.yaml'))) continue;
        const label = root.builtIn ? `labs/${name}` : dir;
        const e = loadFolder(dir, root.builtIn, label);
        if (e.ok) byId.set(e.id, e);
        else broken.push(e);
      }
    }
    this.entries = [...byId.values(), ...broken];
    return this.entries;
  }

  get(id: string): CatalogEntry | undefined {
    return this.entries.find((e) => e.ok && e.id === id) ?? this.entries.find((e) => e.id === id);
  }

  /** Replaces one entry after a reload of its folder. */
  put(entry: CatalogEntry): void {
    const i = this.entries.findIndex((e) => e.dir === entry.dir);
    if (i >= 0) this.entries[i] = entry;
    else this.entries.push(entry);
  }

  /** The list the panel shows; `percent` from saved progress. */
  list(percent: Map<string, number>): LabListEntry[] {
    return this.entries.map((e) => {
      const base = { id: e.id, source: e.builtIn ? `builtin:${e.id}` : e.dir, builtIn: e.builtIn };
      if (!e.ok) return { ...base, errors: e.problems.map(formatProblem) };
      const l = e.loaded.lab;
      return {
        ...base,
        title: l.title,
        summary: l.summary,
        difficulty: l.difficulty,
        minutes: l.minutes,
        tags: l.tags,
        ...(percent.has(e.id) ? { percent: percent.get(e.id)! } : {}),
      };
    });
  }

  /**
   * Copies a lab folder into `into` (the user's labs folder), replacing an earlier copy of
   * the same folder name. Returns the new folder.
   */
  static importFolder(src: string, into: string, name = path.basename(path.resolve(src))): string {
    const from = path.resolve(src);
    if (!fs.existsSync(from) || !fs.statSync(from).isDirectory()) throw new Error(`${src} is not a folder`);
    if (!fs.existsSync(path.join(from, 'lab.yaml'))) throw new Error(`${src} has no lab.yaml`);
    if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) throw new Error(`"${name}" is not a usable folder name`);
    const to = path.join(into, name);
    fs.mkdirSync(into, { recursive: true });
    fs.rmSync(to, { recursive: true, force: true });
    fs.cpSync(from, to, { recursive: true, filter: (p) => !fs.lstatSync(p).isSymbolicLink() });
    return to;
  }
}
