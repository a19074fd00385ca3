import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { createEnv } from '../../model/env';
import { defaultClusterSpec } from '../../model/spec';
import { pickRoute } from './routing';

function engine() {
  const e = new Engine(defaultClusterSpec({ workloads: 'none' }), createEnv(1));
  e.store.create({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } } as any);
  const b = (name: string) => ({ service: { name, port: { number: 80 } } });
  e.store.create({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'a', namespace: 'default' },
    spec: {
      ingressClassName: 'nginx',
      defaultBackend: b('fallback'),
      rules: [
        { host: 'shop.example', http: { paths: [
          { path: '/', pathType: 'Prefix', backend: b('root') },
          { path: '/api', pathType: 'Prefix', backend: b('api') },
          { path: '/api/v2', pathType: 'Exact', backend: b('v2') },
          { path: '/img', pathType: 'ImplementationSpecific', backend: b('img') },
        ] } },
        { host: '*.wild.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: b('wild') }] } },
      ],
    },
  } as any);
  e.store.create({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'ignored', namespace: 'default' }, spec: { rules: [{ host: 'other.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: b('nope') }] } }] } } as any);
  return e;
}

describe('ingress-nginx routing', () => {
  const cases: [string, string, string][] = [
    ['shop.example', '/', 'root'],
    ['shop.example:8080', '/api', 'api'],
    ['shop.example', '/api/', 'api'],
    ['shop.example', '/api/items?x=1', 'api'],
    ['shop.example', '/apix', 'root'],
    ['shop.example', '/api/v2', 'v2'],
    ['shop.example', '/api/v2/x', 'api'],
    ['shop.example', '/imgs/cat.png', 'img'],
    ['a.wild.example', '/x', 'wild'],
    ['a.b.wild.example', '/x', 'fallback'],
    ['other.example', '/', 'fallback'],
  ];
  for (const [host, path, want] of cases) {
    it(`${host}${path} → ${want}`, () => {
      expect(pickRoute(engine(), host, path)?.service).toBe(want);
    });
  }
  it('answers nothing (404) without a default backend', () => {
    const e = engine();
    const ing = e.store.get<any>('Ingress', 'default', 'a')!;
    delete ing.spec.defaultBackend;
    e.store.update(ing);
    expect(pickRoute(e, 'nobody.example', '/')).toBeUndefined();
  });
});
