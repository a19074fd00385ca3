/**
 * Every built-in lab proves itself (CONVENTIONS 9): it loads without problems and its
 * reference solution, replayed on a fresh cluster for each seed it is validated with,
 * passes every check. `npm test` fails on an unsolvable lab.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadLab } from '../shared/labs/loader';
import { formatReplay, replayLab, replaySeeds } from '../shared/labs/replay';
import { loadFolder } from '../electron/host/labs/catalog';

const root = __dirname;
const folders = fs.readdirSync(root).filter((n) => fs.existsSync(path.join(root, n, 'lab.yaml'))).sort();

describe('built-in labs', () => {
  it('are all listed with unique ids', () => {
    const ids = folders.map((f) => {
      const e = loadFolder(path.join(root, f), true, `labs/${f}`);
      return e.ok ? e.id : f;
    });
    expect(new Set(ids).size).toBe(ids.length);
    expect(folders.every((f, i) => ids[i] === f)).toBe(true);
  });

  for (const readme of ['README.md', 'README.zh-CN.md']) {
    it(`the example in ${readme} validates and solves`, () => {
      const text = fs.readFileSync(path.join(root, readme), 'utf8');
      const yaml = text.split('```yaml\n')[1]?.split('```')[0];
      expect(yaml).toBeDefined();
      const r = loadLab(`labs/${readme}`, (p) => (p === 'lab.yaml' ? yaml : undefined));
      if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
      const replay = replayLab(r.loaded, 1);
      if (!replay.ok) throw new Error(formatReplay(readme, replay));
    }, 60_000);
  }

  for (const f of folders) {
    it(`${f} loads and its solution passes every check`, () => {
      const e = loadFolder(path.join(root, f), true, `labs/${f}`);
      if (!e.ok) throw new Error(e.problems.map(formatProblem).join('\n'));
      expect(e.loaded.lab.steps.length).toBeGreaterThanOrEqual(3);
      expect(e.loaded.lab.steps.length).toBeLessThanOrEqual(8);
      // The course's own bar (LABS.md): every step has a hint, a solution and an explanation.
      for (const s of e.loaded.lab.steps) {
        expect(s.hints.length, `${f} ${s.id}: hints`).toBeGreaterThan(0);
        expect(s.solution.commands.length + Object.keys(s.solution.answers).length, `${f} ${s.id}: solution`).toBeGreaterThan(0);
        expect(s.explain, `${f} ${s.id}: explain`).toBeDefined();
      }
      for (const seed of replaySeeds(e.loaded)) {
        const r = replayLab(e.loaded, seed);
        if (!r.ok) throw new Error(formatReplay(`labs/${f}`, r));
        expect(r.steps.some((s) => s.passedBeforeSolution), formatReplay(`labs/${f}`, r)).toBe(false);
      }
    }, 60_000);
  }
});
