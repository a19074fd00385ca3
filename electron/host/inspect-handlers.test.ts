import { describe, expect, it } from 'vitest';
import type { ModeDiff, Mentions } from '../../shared/api/inspect';
import { createLabHost } from './create-host';

describe('inspect channels', () => {
  it('session:diff: null until a reset switches CNI or proxy mode; then per node hunks (first 3 by default, any on request)', async () => {
    const host = createLabHost({ version: '0', config: { nodes: 4 } });
    const conn = host.connect(() => {});
    expect(await conn.handle('session:diff', {})).toEqual({ ok: true, value: null });
    await conn.handle('session:reset', { nodes: 4, cni: 'calico:bgp', proxyMode: 'ipvs' });
    const r = await conn.handle('session:diff', {});
    const diff = (r as { ok: true; value: ModeDiff }).value;
    expect(diff.from).toEqual({ cni: 'flannel:vxlan', proxyMode: 'iptables' });
    expect(diff.to).toEqual({ cni: 'calico:bgp', proxyMode: 'ipvs' });
    expect(diff.machines.map((m) => [m.machine, m.complete])).toEqual([['node-1', true], ['node-2', true], ['node-3', true], ['node-4', false]]);
    const route2 = diff.machines[1]!.sections[0]!;
    expect(route2.command).toBe('ip route');
    expect(route2.hunks[0]!.lines).toContain('-10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 ');
    // node-4 keeps its counts without hunks until asked for.
    const n4 = diff.machines[3]!;
    expect(n4.sections.every((s) => s.hunks.length === 0)).toBe(true);
    expect(n4.sections[0]!.added).toBeGreaterThan(0);
    const one = (await conn.handle('session:diff', { machines: ['node-4'] })) as { ok: true; value: ModeDiff };
    expect(one.value.machines.map((m) => m.complete)).toEqual([false, false, false, true]);
    expect(one.value.machines[3]!.sections[0]!.hunks.flatMap((h) => h.lines)).toContain('-10.244.3.0/24 dev cni0 proto kernel scope link src 10.244.3.1 ');
    // A reset that keeps both modes clears the diff: it would describe the wrong switch.
    await conn.handle('session:reset', { nodes: 4, cni: 'calico:bgp', proxyMode: 'ipvs', seed: 2 });
    expect(await conn.handle('session:diff', {})).toEqual({ ok: true, value: null });
    host.dispose();
  });

  it('topology:mentions answers for the live cluster; a bad request is refused by the contract', async () => {
    const host = createLabHost({ version: '0' });
    const conn = host.connect(() => {});
    const r = (await conn.handle('topology:mentions', { id: 'svc:default/web' })) as { ok: true; value: Mentions };
    expect(r.value.mentions[0]).toMatchObject({ section: 'nat', machines: ['node-1', 'node-2', 'node-3'] });
    expect(r.value.mentions[0]!.lines.some((l) => l.startsWith('-A KUBE-SERVICES -d 10.105.106.67/32 '))).toBe(true);
    expect(await conn.handle('topology:mentions', { id: '' })).toMatchObject({ ok: false, error: { code: 'BadRequest' } });
    expect(await conn.handle('topology:mentions', { id: 'pod:default/nope' })).toEqual({ ok: true, value: { id: 'pod:default/nope', mentions: [], omitted: 0 } });
    host.dispose();
  });
});
