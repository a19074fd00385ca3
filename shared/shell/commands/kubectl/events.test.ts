import { expect, it } from 'vitest';
import { createEngine } from '../../../sim/create';
import { createEnv } from '../../../model/env';
import { defaultClusterSpec } from '../../../model/spec';
import { runScript } from '../../script';

it('describe and get events tell what the scheduler, kubelet and controllers did', () => {
  const e = createEngine(defaultClusterSpec(), createEnv(2));
  e.env.clock.advance(90_000);
  const sh = (s: string) => runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script: s }).stdout;
  const pod = e.store.list<any>('Pod', 'default').find((p) => p.metadata.labels?.app === 'web')!;
  const d = sh(`kubectl describe pod ${pod.metadata.name}`);
  expect(d).toContain(
    `Events:\n  Type    Reason     Age   From               Message\n  ----    ------     ----  ----               -------\n  Normal  Scheduled  90s   default-scheduler  Successfully assigned default/${pod.metadata.name} to ${pod.spec.nodeName}\n  Normal  Pulled     90s   kubelet            Container image "nginx:1.27" already present on machine\n`,
  );
  expect(sh('kubectl describe deploy web')).toMatch(/Normal {2}ScalingReplicaSet {2}90s {3}deployment-controller {2}Scaled up replica set web-[a-z0-9]+ from 0 to 3\n$/);
  const ev = sh('kubectl get events').split('\n');
  expect(ev[0]).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/);
  expect(ev.some((l) => /^90s +Normal +Scheduled +pod\/client +Successfully assigned default\/client to node-\d$/.test(l))).toBe(true);
});

it('kubectl logs prints the nginx access lines of requests the pod served', () => {
  const e = createEngine(defaultClusterSpec(), createEnv(2));
  const pod = e.store.list<any>('Pod', 'default').find((p) => p.metadata.labels?.app === 'web')!;
  runScript({ engine: e, target: { kind: 'pod', namespace: 'default', name: 'client' }, script: `curl -s http://${pod.status.podIP}/index.html` });
  const clientIp = e.store.get<any>('Pod', 'default', 'client')!.status.podIP;
  const out = runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script: `kubectl logs ${pod.metadata.name}` }).stdout;
  expect(out).toMatch(new RegExp(`^${clientIp.replace(/\./g, '\\.')} - - \\[01/Jan/2026:00:00:00 \\+0000\\] "GET /index.html HTTP/1.1" 200 \\d+ "-" "curl/[\\d.]+" "-"\\n$`));
  expect(runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script: 'kubectl logs nope' }).stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
});

it('describe pod lays out containers as kubectl does', () => {
  const e = createEngine(defaultClusterSpec(), createEnv(2));
  const pod = e.store.list<any>('Pod', 'default').find((p) => p.metadata.labels?.app === 'web')!;
  const d = runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script: `kubectl describe pod ${pod.metadata.name}` }).stdout;
  expect(d).toContain(`Controlled By:  ReplicaSet/${pod.metadata.ownerReferences[0].name}\nContainers:\n  nginx:\n    Container ID:   containerd://`);
  expect(d).toContain('\n    Image:          nginx:1.27\n    Image ID:       \n    Port:           80/TCP\n    Host Port:      0/TCP\n    State:          Running\n      Started:      Thu, 01 Jan 2026 00:00:00 +0000\n    Ready:          True\n    Restart Count:  0\n');
  expect(d).toContain('Conditions:\n  Type                        Status\n  PodReadyToStartContainers   True \n');
});
