/**
 * The lab runtime on the real engine, shell and walker: a built-in lab opened through the
 * api, a command typed into a real terminal turns its check green, a state change can be
 * undone, and a second app start resumes the saved progress and cluster.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabStateView } from '../../../shared/api/labs';
import type { EventMap, EventName } from '../../../shared/api/contract';
import { createLabHost } from '../create-host';
import { registerLabHandlers } from './register';

const builtinDir = path.join(__dirname, '../../../labs');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const settle = () => new Promise((r) => setTimeout(r, 20));

function start(userData: string) {
  const host = createLabHost({ version: 'test' });
  const labs = registerLabHandlers(host, { builtinDir, userData, watch: false, newSeed: () => 5 });
  const events: { event: EventName; payload: unknown }[] = [];
  const conn = host.connect((event, payload) => events.push({ event, payload }));
  const call = async <T>(ch: string, payload: unknown): Promise<T> => {
    const r = await conn.handle(ch, payload);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  const state = () => events.filter((e) => e.event === 'onLabState').at(-1)?.payload as EventMap['onLabState'] | undefined;
  return { host, labs, conn, call, state, dispose: () => (conn.dispose(), labs.dispose(), host.dispose()) };
}

describe('lab runtime on the real engine', () => {
  it('turns a check green from a real terminal, undoes a change, and resumes after a restart', async () => {
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'netlab-labint-'));
    dirs.push(userData);
    const a = start(userData);
    const list = await a.call<{ id: string; errors?: string[] }[]>('lab:list', {});
    expect(list.filter((l) => l.errors)).toEqual([]);
    expect(list.length).toBeGreaterThanOrEqual(1);
    const opened = await a.call<LabStateView>('lab:open', { id: '02-same-node' });
    expect(opened.shells.map((s) => s.label)).toEqual(['node-2', 'pod/default/a']);

    const t = await a.call<{ termId: string }>('term:open', { target: { kind: 'pod', namespace: 'default', name: 'a' } });
    await a.call('term:write', { termId: t.termId, data: 'ip route\r' });
    await settle();
    expect(a.state()!.steps[0]!.checks.find((c) => c.id === 'route')!.pass).toBe(true);
    const v = await a.call<LabStateView>('lab:answer', { step: 0, question: 'gw', answer: 'cni0' });
    expect(v).toMatchObject({ current: 1, percent: 33 });

    // A state-changing command can be undone: the route comes back.
    const n = await a.call<{ termId: string }>('term:open', { target: { kind: 'node', name: 'node-2' } });
    await a.call('term:write', { termId: n.termId, data: 'ip route del default\r' });
    await settle();
    expect(a.host.session.engine.netns.get('node/node-2')!.routes.some((r) => r.dst === '0.0.0.0/0')).toBe(false);
    expect(a.state()!.canUndo).toBe(true);
    await a.call('lab:undo', {});
    expect(a.host.session.engine.netns.get('node/node-2')!.routes.some((r) => r.dst === '0.0.0.0/0')).toBe(true);
    a.dispose();

    const b = start(userData);
    const resumed = await b.call<LabStateView>('lab:open', { id: '02-same-node' });
    expect(resumed).toMatchObject({ current: 1, percent: 33, seed: 21 });
    expect(b.host.session.engine.store.get('Pod', 'default', 'b')).toBeDefined();
    b.dispose();
  }, 30_000);
});
