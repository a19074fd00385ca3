import { describe, expect, it } from 'vitest';
import type { Deployment, Endpoints, EndpointSlice } from '../../model/objects';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec } from '../../model/spec';

describe('endpoints while a Deployment scales', () => {
  it('are written once per operation, listing every ready pod', () => {
    const e = createEngine(defaultClusterSpec({ nodes: 4 }), createEnv(1));
    const writes: string[] = [];
    e.store.watch((ev) => {
      if (ev.object.kind === 'Endpoints' || ev.object.kind === 'EndpointSlice') writes.push(`${ev.type} ${ev.object.kind}`);
    });
    e.batch(() => {
      const d = e.store.get<Deployment>('Deployment', 'default', 'web')!;
      d.spec.replicas = 40;
      e.store.update(d);
    });
    expect(writes).toEqual(['MODIFIED Endpoints', 'MODIFIED EndpointSlice']);
    const ep = e.store.get<Endpoints>('Endpoints', 'default', 'web')!;
    expect(ep.subsets![0]!.addresses).toHaveLength(40);
    expect(ep.subsets![0]!.notReadyAddresses).toBeUndefined();
    const slice = e.store.list<EndpointSlice>('EndpointSlice', 'default').find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web')!;
    expect(slice.endpoints.filter((x) => x.conditions?.ready)).toHaveLength(40);
  });

  it('work deferred with whenSettled runs at the end of the outermost operation, inside it', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const seen: string[] = [];
    e.on((ev) => seen.push(ev.type));
    e.batch(() => {
      e.batch(() => e.whenSettled(() => seen.push('settled')));
      seen.push('inner done');
    });
    expect(seen.slice(0, 2)).toEqual(['inner done', 'settled']);
    e.whenSettled(() => seen.push('at once'));
    expect(seen.at(-1)).toBe('at once');
  });
});
