import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap, EventName } from '../../../shared/api/contract';
import type { LabStateView } from '../../../shared/api/labs';
import type { Engine } from '../../../shared/sim/engine';
import { fakeWorld } from '../../../shared/labs/testing';
import { LabHost } from '../lab-host';
import { fakeDeps, fakeEngine } from '../testing';
import { registerLabHandlers } from './register';

const fixture = fs.readFileSync(path.join(__dirname, '../../../shared/labs/__fixtures__/good.yaml'), 'utf8');
const dirs: string[] = [];
const tick = () => new Promise((r) => setTimeout(r, 0));
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** An engine whose snapshot is its nodes' routes, so undo can be tested without the full engine. */
function snapEngine(...args: Parameters<typeof fakeEngine>): Engine {
  const e = fakeEngine(...args);
  const seam = e as unknown as { snapshot(): unknown; restore(s: unknown): void };
  seam.snapshot = () => [...e.netns.values()].map((ns) => ({ id: ns.id, routes: structuredClone(ns.routes) }));
  seam.restore = (s: unknown) => {
    for (const x of s as { id: string; routes: [] }[]) e.netns.get(x.id)!.routes = structuredClone(x.routes);
  };
  return e;
}

function setup(userData?: string) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netlab-labs-'));
  dirs.push(root);
  const builtin = path.join(root, 'labs');
  fs.mkdirSync(path.join(builtin, 'tiny'), { recursive: true });
  fs.writeFileSync(path.join(builtin, 'tiny', 'lab.yaml'), fixture);
  fs.mkdirSync(path.join(builtin, 'broken'));
  fs.writeFileSync(path.join(builtin, 'broken', 'lab.yaml'), 'id: broken\ntitle: 3\n');
  const ud = userData ?? path.join(root, 'user');
  const host = new LabHost({ deps: { ...fakeDeps(), createEngine: snapEngine }, version: 't' });
  let t = 1000;
  const labs = registerLabHandlers(host, { builtinDir: builtin, userData: ud, world: (engine) => fakeWorld(engine), now: () => (t += 1000), newSeed: () => 1, watch: false });
  const events: { event: EventName; payload: unknown }[] = [];
  const conn = host.connect((event, payload) => events.push({ event, payload }));
  const call = async <T>(ch: string, payload: unknown): Promise<T> => {
    const r = await conn.handle(ch, payload);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  const lastState = () => events.filter((e) => e.event === 'onLabState').at(-1)?.payload as EventMap['onLabState'] | undefined;
  return { host, labs, call, events, lastState, root, ud };
}

describe('lab runtime in the host', () => {
  it('lists good and broken labs, with file:line reasons for the broken one', async () => {
    const { call } = setup();
    const list = await call<{ id: string; errors?: string[]; title?: unknown }[]>('lab:list', {});
    expect(list.map((l) => l.id)).toEqual(['tiny', 'broken']);
    expect(list[1]!.errors).toContain('labs/broken/lab.yaml:2:8: title: expected object, got number');
    expect(list[1]!.errors).toContain('labs/broken/lab.yaml:1:1: steps: required field is missing (expected array)');
    await expect(call('lab:open', { id: 'broken' })).rejects.toThrow(/BadRequest: lab "broken" is invalid/);
  });

  it('opens a lab, evaluates live on command events, unlocks, undoes and resumes', async () => {
    const { host, call, lastState, ud, labs } = setup();
    let v = await call<LabStateView>('lab:open', { id: 'tiny' });
    expect(v).toMatchObject({ labId: 'tiny', current: 0, percent: 0, canUndo: false, seed: 1 });
    const victim = (v.shells[1]!.target as { name: string }).name;
    const engine = host.session.engine;
    expect(engine.spec.nodes).toHaveLength(3);
    engine.emit({ type: 'command', target: { kind: 'node', name: victim }, line: 'ip route', argv: ['ip', 'route'], code: 0, output: '' });
    await tick();
    expect(lastState()!.steps[0]!.checks.map((c) => c.pass)).toEqual([true, false]);
    v = await call<LabStateView>('lab:answer', { step: 0, question: 'which', answer: 'flannel.1' });
    expect(v.current).toBe(1);
    expect(v.percent).toBe(50);

    // A state-changing command can be undone.
    engine.netns.get(`node/${victim}`)!.routes.push({ table: 'main', type: 'unicast', dst: '0.0.0.0/0', via: '192.168.56.1', dev: 'eth0' });
    engine.emit({ type: 'command', target: { kind: 'node', name: victim }, line: 'ip route add default via 192.168.56.1', argv: [], code: 0, output: '' });
    await tick();
    expect(lastState()).toMatchObject({ current: 1, canUndo: true, percent: 50 });
    v = await call<LabStateView>('lab:undo', {});
    expect(engine.netns.get(`node/${victim}`)!.routes).toEqual([]);
    expect(v).toMatchObject({ completed: true, percent: 100 });

    // Reopening (another app start) resumes the saved progress.
    labs.dispose();
    const again = setup(ud);
    const r = await again.call<LabStateView>('lab:open', { id: 'tiny' });
    expect(r).toMatchObject({ percent: 100, seed: 1 });
    const exp = await again.call<{ json: string; summary: string }>('lab:exportProgress', {});
    expect(JSON.parse(exp.json)).not.toHaveProperty('cluster');
    expect(exp.summary).toContain('Progress: 100% (2/2 steps), completed');
  });

  it('reveals hints, hands out the solution with its answers, resets a step and the lab', async () => {
    const { call } = setup();
    await call('lab:open', { id: 'tiny' });
    let v = await call<LabStateView>('lab:hint', { step: 0 });
    expect(v.steps[0]!.hints.map((h) => h.en)).toEqual(['Use ip route.']);
    await expect(call('lab:solution', { step: 1, confirm: true })).rejects.toThrow(/step 2 is not open yet/);
    const sol = await call<{ commands: { line: string }[] }>('lab:solution', { step: 0, confirm: true });
    expect(sol.commands.map((c) => c.line)).toEqual(['ip route']);
    v = await call<LabStateView>('lab:state', {});
    expect(v.steps[0]!.questions[0]).toMatchObject({ answer: 'flannel.1', correct: true });
    expect(v.steps[0]!.solutionShown).toBe(true);
    v = await call<LabStateView>('lab:reset', { scope: 'step' });
    expect(v.steps[0]).toMatchObject({ solutionShown: false, hints: [] });
    v = await call<LabStateView>('lab:reset', { scope: 'lab' });
    expect(v).toMatchObject({ current: 0, percent: 0 });
  });

  it('imports a lab folder and a progress report; a new cluster from the window closes the lab', async () => {
    const { call, root, host } = setup();
    const src = path.join(root, 'mine');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'lab.yaml'), fixture.replace('id: tiny', 'id: mine'));
    const list = await call<{ id: string; builtIn: boolean }[]>('lab:import', { path: src });
    expect(list.find((l) => l.id === 'mine')).toMatchObject({ builtIn: false });
    await expect(call('lab:import', { path: path.join(root, 'nope') })).rejects.toThrow(/BadRequest/);
    await call('lab:open', { id: 'mine' });
    const exp = await call<{ json: string }>('lab:exportProgress', { path: path.join(root, 'report.json') });
    expect(fs.readFileSync(path.join(root, 'report.txt'), 'utf8')).toContain('Lab: Tiny lab (mine)');
    const again = await call<{ id: string; percent?: number }[]>('lab:importProgress', { json: exp.json });
    expect(again.find((l) => l.id === 'mine')!.percent).toBe(0);
    await expect(call('lab:importProgress', { json: '{"x":1}' })).rejects.toThrow(/not a progress report/);
    host.reset({});
    expect(await call('lab:state', {})).toBeNull();
  });
});

// The archives are made with the `zip` tool; without it there is nothing to import from.
const hasZip = (() => {
  try {
    return fs.existsSync('/usr/bin/zip') || fs.existsSync('/bin/zip');
  } catch {
    return false;
  }
})();

describe('importing a lab from a .zip', () => {
  it.skipIf(!hasZip)('imports a zipped lab folder and refuses an archive without a lab', async () => {
    const { execFileSync } = await import('node:child_process');
    const { call, root } = setup();
    const src = path.join(root, 'zipped-lab');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'lab.yaml'), fixture.replace('id: tiny', 'id: zipped-lab'));
    execFileSync('zip', ['-qr', path.join(root, 'zipped-lab.zip'), 'zipped-lab'], { cwd: root });
    const list = await call<{ id: string; builtIn: boolean }[]>('lab:import', { path: path.join(root, 'zipped-lab.zip') });
    expect(list.find((l) => l.id === 'zipped-lab')).toMatchObject({ builtIn: false });
    fs.writeFileSync(path.join(root, 'notes.txt'), 'hello');
    execFileSync('zip', ['-q', path.join(root, 'nolab.zip'), 'notes.txt'], { cwd: root });
    await expect(call('lab:import', { path: path.join(root, 'nolab.zip') })).rejects.toThrow(/holds no lab\.yaml/);
  });
});

describe('hot reload of the open lab', () => {
  it('takes text changes without a new cluster, and shows problems of a broken save while the old version stays', async () => {
    const { call, labs, host, root, lastState } = setup();
    await call('lab:open', { id: 'tiny' });
    const engine = host.session.engine;
    const file = path.join(root, 'labs', 'tiny', 'lab.yaml');
    fs.writeFileSync(file, fixture.replace('en: Tiny lab', 'en: Tiny lab edited'));
    labs.reload();
    expect(lastState()!.title.en).toBe('Tiny lab edited');
    expect(host.session.engine).toBe(engine);
    fs.writeFileSync(file, fixture.replace('minutes: 5', 'minutes: soon'));
    labs.reload();
    expect(lastState()!.problems).toEqual(['labs/tiny/lab.yaml:5:10: minutes: expected number, got string']);
    expect(lastState()!.title.en).toBe('Tiny lab edited');
    fs.writeFileSync(file, fixture.replace('nodes: 3', 'nodes: 4'));
    labs.reload();
    expect(host.session.engine).not.toBe(engine);
    expect(host.session.engine.spec.nodes).toHaveLength(4);
    expect(lastState()!.problems).toBeUndefined();
  });
});
