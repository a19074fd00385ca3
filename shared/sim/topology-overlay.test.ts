import { describe, expect, it } from 'vitest';
import { createEngine } from './create';
import { createEnv } from '../model/env';
import { defaultClusterSpec } from '../model/spec';
import { runScript } from '../shell/script';

describe('the service overlay', () => {
  it('links the web Service to the pods its selector matches, and follows scaling', () => {
    const engine = createEngine(defaultClusterSpec(), createEnv(1));
    const web = engine.topology().nodes.find((n) => n.id === 'svc:default/web')!;
    expect(web.kind).toBe('service');
    expect(web.details).toMatchObject({ type: 'NodePort', selector: 'app=web' });
    const selected = () => engine.topology().edges.filter((e) => e.kind === 'selects' && e.source === 'svc:default/web').map((e) => e.target);
    expect(selected()).toHaveLength(3);
    expect(selected().every((t) => t.startsWith('pod:default/web-'))).toBe(true);
    const before = engine.topologyVersion;
    runScript({ engine, target: { kind: 'node', name: 'node-1' }, script: 'kubectl scale deploy web --replicas=5' });
    expect(selected()).toHaveLength(5);
    expect(engine.topologyVersion).toBeGreaterThan(before);
  });

  it('draws policies and ingresses with what they select, and redraws on change', () => {
    const engine = createEngine(defaultClusterSpec({ cni: { plugin: 'calico', backend: 'bgp' } }), createEnv(1));
    const before = engine.topologyVersion;
    const r = runScript({
      engine,
      target: { kind: 'node', name: 'node-1' },
      script: [
        `kubectl create ingress web --class=nginx --rule="web.example/*=web:80"`,
        `cat > deny.yaml <<EOF\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web-deny\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  policyTypes: [Ingress]\nEOF`,
        'kubectl apply -f deny.yaml',
      ].join('\n'),
    });
    expect(r.code).toBe(0);
    const t = engine.topology();
    expect(engine.topologyVersion).toBeGreaterThan(before);
    expect(t.edges.filter((e) => e.source === 'ing:default/web').map((e) => e.target)).toEqual(['svc:default/web']);
    const governed = t.edges.filter((e) => e.source === 'netpol:default/web-deny').map((e) => e.target);
    expect(governed).toHaveLength(3);
    const ids = new Set(t.nodes.map((n) => n.id));
    expect(t.edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true);
  });
});
