// QA F2: scaling (or labelling) the default sandbox's `web` Deployment must keep its
// ReplicaSet and pods, as on a real cluster (only .spec.replicas / labels change).
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../sim/create';
import { createEnv } from '../../../model/env';
import { defaultClusterSpec } from '../../../model/spec';
import { runScript } from '../../script';

describe('kubectl scale/label on the default sandbox', () => {
  const setup = () => {
    const e = createEngine(defaultClusterSpec(), createEnv(3));
    return (script: string) => runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script }).stdout;
  };

  it('scale 3→5 keeps the ReplicaSet and the 3 existing pods', () => {
    const sh = setup();
    const rs = sh('kubectl get rs -o name').trim();
    expect(rs).toMatch(/^replicaset\.apps\/web-[a-z0-9]+$/);
    const before = sh('kubectl get pods -l app=web -o name').trim().split('\n');
    expect(before).toHaveLength(3);
    expect(sh('kubectl scale deploy web --replicas=5')).toBe('deployment.apps/web scaled\n');
    const table = sh('kubectl get rs');
    expect(table).toMatch(new RegExp(`^NAME +DESIRED +CURRENT +READY +AGE\\n${rs.slice(16)} +5 +5 +5 +\\d+s\\n$`));
    const after = sh('kubectl get pods -l app=web -o name').trim().split('\n');
    expect(after).toHaveLength(5);
    for (const p of before) expect(after).toContain(p);
    expect(sh('kubectl rollout history deploy web')).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n\n');
  });

  it('label keeps the ReplicaSet', () => {
    const sh = setup();
    const rs = sh('kubectl get rs -o name');
    expect(sh('kubectl label deploy web foo=bar')).toBe('deployment.apps/web labeled\n');
    expect(sh('kubectl get rs -o name')).toBe(rs);
  });
});
