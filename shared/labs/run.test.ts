import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from './loader';
import { LabRun } from './run';
import { fakeWorld, smallEngine } from './testing';
import { drawVariables, fillDeep } from './variables';
import { parseProgress, progressSummary } from './progress';

const good = readFileSync(join(__dirname, '__fixtures__/good.yaml'), 'utf8');
const loaded = (() => {
  const r = loadLab('labs/x', (p) => (p === 'lab.yaml' ? good : undefined));
  if (!r.ok) throw new Error('fixture does not load');
  return r.loaded;
})();

function setup(seed = 1) {
  const engine = smallEngine();
  const run = new LabRun(loaded, seed, 0);
  const victim = run.vars.victim!;
  engine.netns.get(`node/${victim}`)!.routes.push({ table: 'main', type: 'unicast', dst: '0.0.0.0/0', via: '192.168.56.1', dev: 'eth0' });
  return { engine, run, victim, world: fakeWorld(engine) };
}

describe('variables', () => {
  it('draws the same variant for the same seed and covers the pool across seeds', () => {
    expect(drawVariables(loaded.lab, 5)).toEqual(drawVariables(loaded.lab, 5));
    const seen = new Set(Array.from({ length: 40 }, (_, s) => drawVariables(loaded.lab, s).victim));
    expect(seen).toEqual(new Set(['node-2', 'node-3']));
    for (let s = 0; s < 40; s++) expect(['2', '3', '4']).toContain(drawVariables(loaded.lab, s).replicas);
    expect(fillDeep({ a: '{{n}}', b: 'x {{n}} {{m}}' }, { n: '3' })).toEqual({ a: 3, b: 'x 3 {{m}}' });
  });
});

describe('LabRun', () => {
  it('fills variables into text, commands and checks', () => {
    const { run, victim } = setup();
    expect(run.bodies[0]!.en).toBe(`Run \`ip route\` on ${victim}.`);
    expect(run.lab.steps[0]!.commands[0]!.shell).toBe(victim);
  });

  it('keeps a step open until every check passes, then unlocks the next', () => {
    const { run, world, victim, engine } = setup();
    let v = run.view(world, 'builtin:tiny', false);
    expect(v.steps.map((s) => [s.locked, s.done])).toEqual([[false, false], [true, false]]);
    expect(v.steps[0]!.checks.map((c) => c.pass)).toEqual([undefined, undefined]);
    run.recordCommand({ target: { kind: 'node', name: victim }, line: 'ip route', code: 0, output: '', at: 1 });
    run.evaluate(world, 1000);
    v = run.view(world, 'builtin:tiny', false);
    expect(v.steps[0]!.checks.map((c) => c.pass)).toEqual([true, false]);
    expect(v.current).toBe(0);
    expect(run.answer(0, 'which', 'eth0', world)).toEqual({ correct: false, expected: 'flannel.1' });
    run.evaluate(world, 2000);
    expect(run.current).toBe(0);
    run.answer(0, 'which', 'flannel.1', world);
    run.evaluate(world, 3000);
    v = run.view(world, 'builtin:tiny', false);
    expect(v.current).toBe(1);
    expect(v.percent).toBe(50);
    expect(v.steps[1]!.locked).toBe(false);
    expect(run.progress.steps[0]!.activeMs).toBe(3000);
    engine.netns.get(`node/${victim}`)!.routes = [];
    run.evaluate(world, 4000);
    expect(run.view(world, 'builtin:tiny', false)).toMatchObject({ percent: 100, completed: true });
  });

  it('reveals hints one at a time, and a mistake hint on its own', () => {
    const { run, world, victim } = setup();
    expect(run.view(world, 's', false).steps[0]).toMatchObject({ hints: [], hintsLeft: 1 });
    expect(run.hint(0)).toBe(true);
    expect(run.hint(0)).toBe(false);
    expect(run.view(world, 's', false).steps[0]).toMatchObject({ hints: [{ en: 'Use ip route.' }], hintsLeft: 0 });
    const other = victim === 'node-2' ? 'node-3' : 'node-2';
    run.recordCommand({ target: { kind: 'node', name: other }, line: 'ip r', code: 0, output: '', at: 1 });
    run.evaluate(world, 10);
    expect(run.view(world, 's', false).steps[0]!.hints.map((h) => h.en)).toEqual(['Use ip route.', 'You are on the wrong node.']);
    expect(run.hint(1)).toBe(false);
  });

  it('hands out the solution, resets a step and the lab', () => {
    const { run, world, victim } = setup();
    expect(run.solution(0, world)).toEqual({ commands: [{ target: { kind: 'node', name: victim }, label: victim, line: 'ip route' }], answers: { which: 'flannel.1' } });
    expect(run.solution(1, world)).toBeUndefined();
    run.recordCommand({ target: { kind: 'node', name: victim }, line: 'ip route', code: 0, output: '', at: 1 });
    run.answer(0, 'which', 'flannel.1', world);
    run.evaluate(world, 5);
    expect(run.current).toBe(1);
    run.resetStep(0, 6);
    expect(run.current).toBe(0);
    expect(run.progress.steps[0]!.done).toBe(false);
    run.resetLab(7);
    expect(run.progress.steps.every((s) => !s.done && s.hintsShown === 0)).toBe(true);
  });

  it('resumes from saved progress and writes a readable report', () => {
    const { run, world, victim } = setup(9);
    run.recordCommand({ target: { kind: 'node', name: victim }, line: 'ip route', code: 0, output: '', at: 1 });
    run.answer(0, 'which', 'flannel.1', world);
    run.hint(0);
    run.evaluate(world, 61_000);
    const saved = parseProgress(JSON.stringify(run.progress));
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    const again = new LabRun(loaded, 1234, 70_000, saved.progress);
    expect(again.seed).toBe(9);
    expect(again.current).toBe(1);
    expect(progressSummary(again.progress, 'Tiny lab', [2, 1])).toBe(
      [
        'Lab: Tiny lab (tiny), seed 9',
        'Progress: 50% (1/2 steps)',
        'Hints used: 1; solutions shown: 0',
        '',
        '1. look: done; checks 2/2; hints 1; time 1m01s',
        '   which: flannel.1 (right)',
        '2. gone: not done; checks 0/1; hints 0; time 0m00s',
        '',
        'Commands run: 1',
        '',
      ].join('\n'),
    );
    expect(parseProgress('{"format":"x"}')).toMatchObject({ ok: false });
    expect(parseProgress('nope')).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON/) });
  });
});
