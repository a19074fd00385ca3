// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { isProxy, reactive } from 'vue';
import { useApi } from './client';
import { createFakeApi } from '../test/fakeApi';

describe('useApi over the preload bridge', () => {
  it('hands the bridge plain copies of reactive payloads (contextBridge cannot clone proxies)', async () => {
    const fake = createFakeApi();
    fake.handle('walk:trace', () => ({}) as never);
    window.netlab = fake;
    const draft = reactive({ from: { kind: 'pod' as const, namespace: 'default', name: 'client' } });
    await useApi().request('walk:trace', { from: draft.from, dst: '10.0.0.1', proto: 'icmp' });
    const sent = fake.calls[0]!.payload as { from: object };
    expect(isProxy(sent.from)).toBe(false);
    expect(sent).toEqual({ from: { kind: 'pod', namespace: 'default', name: 'client' }, dst: '10.0.0.1', proto: 'icmp' });
  });
});
