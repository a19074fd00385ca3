import { describe, expect, it } from 'vitest';
import { ObjectStore, type WatchEvent } from './store';
import { createEnv } from './env';
import type { KubeObject } from './objects';

const cm = (name: string, v: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { v } }) as KubeObject;
/** The ConfigMap's data, to read and change. */
const data = (o: KubeObject): { v: string } => (o as unknown as { data: { v: string } }).data;

describe('ObjectStore hand-over writes', () => {
  it('createOwned / updateOwned store what create / update would, with the same events', () => {
    const run = (owned: boolean) => {
      const s = new ObjectStore(createEnv(1));
      const events: WatchEvent[] = [];
      s.watch((e) => events.push(structuredClone(e)));
      if (owned) s.createOwned(cm('a', '1'));
      else s.create(cm('a', '1'));
      const cur = s.get('ConfigMap', 'default', 'a')!;
      data(cur).v = '2';
      if (owned) s.updateOwned(cur);
      else s.update(cur);
      return { events, stored: s.all(), rv: s.resourceVersion };
    };
    expect(run(true)).toEqual(run(false));
    expect(run(true).stored[0]).toMatchObject({ metadata: { name: 'a', namespace: 'default', resourceVersion: '1002' }, data: { v: '2' } });
  });
  it('create and update still hand out copies', () => {
    const s = new ObjectStore(createEnv(1));
    const made = s.create(cm('a', '1'));
    data(made).v = 'changed';
    expect(data(s.get('ConfigMap', 'default', 'a')!).v).toBe('1');
    const input = s.get('ConfigMap', 'default', 'a')!;
    s.update(input);
    data(input).v = 'changed';
    expect(data(s.get('ConfigMap', 'default', 'a')!).v).toBe('1');
  });
  it('a next version built from peek() shares what it leaves alone; the old version, as watchers saw it, keeps its own metadata', () => {
    const s = new ObjectStore(createEnv(1));
    s.create(cm('a', '1'));
    const seen: WatchEvent[] = [];
    s.watch((e) => seen.push(e));
    const cur = s.peek('ConfigMap', 'default', 'a')!;
    s.updateOwned({ ...cur, metadata: { ...cur.metadata }, status: 'x' } as unknown as KubeObject);
    expect(seen[0]!.old).toBe(cur);
    expect(cur.metadata.resourceVersion).toBe('1001');
    expect(s.peek('ConfigMap', 'default', 'a')!.metadata.resourceVersion).toBe('1002');
    expect(data(s.peek('ConfigMap', 'default', 'a')!)).toBe(data(cur));
  });
});
