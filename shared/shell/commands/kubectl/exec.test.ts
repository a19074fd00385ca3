// `kubectl exec` running shells by name and by path (QA F14): the image's /bin/sh is the lab's sh.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../sim/create';
import { createEnv } from '../../../model/env';
import { defaultClusterSpec } from '../../../model/spec';
import { runScript } from '../../script';

const engine = createEngine(defaultClusterSpec(), createEnv(5));
const sh = (script: string) => runScript({ engine, target: { kind: 'node', name: 'node-1' }, script });

describe('kubectl exec', () => {
  it('runs sh -c and /bin/sh -c strings in the pod, pipelines included', () => {
    const route = runScript({ engine, target: { kind: 'pod', namespace: 'default', name: 'client' }, script: 'ip route | head -1' }).stdout;
    expect(route).toMatch(/^default via 10\.244\.\d+\.1 dev eth0 \n$/);
    expect(sh('kubectl exec client -- sh -c "hostname; ip route | head -1"').output).toBe(`client\n${route}`);
    expect(sh('kubectl exec client -- /bin/sh -c "hostname; ip route | head -1"').output).toBe(`client\n${route}`);
    expect(sh('kubectl exec client -- /bin/bash -c "cat /etc/resolv.conf | head -1"').output).toMatch(/^search default\.svc\.cluster\.local/);
    expect(sh('kubectl exec client -- /usr/bin/env').stdout).toMatch(/KUBERNETES_SERVICE_HOST=10\.96\.0\.1\n/);
  });
  it('reports a path that is not a binary the way the container runtime would, and the status', () => {
    const r = sh('kubectl exec client -- /opt/nope; echo $?');
    expect(r.output).toBe('bash: /opt/nope: No such file or directory\ncommand terminated with exit code 127\n127\n');
    expect(sh('kubectl exec client -- /bin/sh -c "exit 3"; echo $?').output).toBe('command terminated with exit code 3\n3\n');
  });
});
