import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { setApi } from '../api/client';
import { createFakeApi, type FakeApi } from '../test/fakeApi';
import { useInspectStore } from './inspect';
import type { Mentions, ModeDiff } from '../../../shared/api/inspect';

let api: FakeApi;
beforeEach(() => {
  setActivePinia(createPinia());
  api = createFakeApi();
  setApi(api);
});

const mentionsOf = (id: string): Mentions => ({ id, mentions: [{ section: 'nat', command: 'iptables -t nat -S', machines: ['node-1'], lines: [`-A X -d ${id}`], more: 0 }], omitted: 0 });

describe('inspect store', () => {
  it('keeps the answer for the element selected last, whatever order the answers arrive in', async () => {
    const release: Record<string, () => void> = {};
    api.handle('topology:mentions', ({ id }) => new Promise<Mentions>((r) => (release[id] = () => r(mentionsOf(id)))));
    const s = useInspectStore();
    const first = s.loadMentions('pod:default/a');
    const second = s.loadMentions('svc:default/web');
    release['svc:default/web']!();
    await second;
    release['pod:default/a']!();
    await first;
    expect(s.mentions?.id).toBe('svc:default/web');
    await s.loadMentions(null);
    expect(s.mentions).toBeNull();
  });

  it('merges one machine\'s hunks into the diff; an error is kept for the panel', async () => {
    const section = { section: 'route' as const, command: 'ip route', added: 1, removed: 0, truncated: 0, hunks: [] };
    const diff: ModeDiff = { from: { cni: 'a', proxyMode: 'iptables' }, to: { cni: 'b', proxyMode: 'ipvs' }, skipped: 0, machines: [{ machine: 'node-1', complete: true, sections: [section] }, { machine: 'node-4', complete: false, sections: [section] }] };
    const full = { ...section, hunks: [{ oldStart: 1, oldLines: 0, newStart: 1, newLines: 1, lines: ['+x'] }] };
    api.handle('session:diff', (req) => (req.machines ? { ...diff, machines: [diff.machines[0]!, { machine: 'node-4', complete: true, sections: [full] }] } : diff));
    const s = useInspectStore();
    await s.loadDiff();
    await s.loadMachine('node-4');
    expect(s.diff!.machines.map((m) => [m.machine, m.complete, m.sections[0]!.hunks.length])).toEqual([['node-1', true, 0], ['node-4', true, 1]]);
    api.handle('session:diff', () => { throw new Error('boom'); });
    await s.loadDiff();
    expect(s.diff).toBeNull();
    expect(s.diffError).toBe('boom');
  });
});
