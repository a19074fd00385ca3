import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab, formatProblem } from './loader';
import { LabRun } from './run';
import { engineForLab } from './replay';
import { setUpLab } from './setup';
import { liveWorld } from './live-world';

/** Loads a built-in lab, with `edit` applied to its lab.yaml text. */
function lab(folder: string, edit: (yaml: string) => string = (y) => y) {
  const dir = path.join(__dirname, '../../labs', folder);
  const r = loadLab(`labs/${folder}`, (p) => {
    const f = path.join(dir, p);
    if (!fs.existsSync(f)) return undefined;
    const text = fs.readFileSync(f, 'utf8');
    return p === 'lab.yaml' ? edit(text) : text;
  });
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.loaded;
}

const brokenEdges = (loaded: ReturnType<typeof lab>) => {
  const run = new LabRun(loaded, 1, 0);
  const engine = engineForLab(run);
  expect(setUpLab(liveWorld(engine), run.lab, run.manifests)).toEqual([]);
  return engine.topology().edges.filter((e) => e.state === 'broken').map((e) => `${e.id}: ${e.reason}`);
};

describe('topology.routeHealth', () => {
  it('keeps the troubleshooting lab\'s deleted route off the graph', () => {
    expect(brokenEdges(lab('14-troubleshooting'))).toEqual([]);
  });

  it('by default the graph shows the same fault as a broken tunnel, with the reason', () => {
    const shown = brokenEdges(lab('14-troubleshooting', (y) => y.replace('routeHealth: false', 'routeHealth: true')));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.join('\n')).toContain('node-3 has no route to 10.244.1.0/24');
  });
});
