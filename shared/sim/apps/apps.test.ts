import { describe, expect, it } from 'vitest';
import type { Pod } from '../../model/objects';
import { cluster, node, pod, run } from '../../controllers/kube-proxy/testkit';
import { findListener, type AppRequest } from './sockets';

const podIp = (e: ReturnType<typeof cluster>, name: string) => e.store.get<Pod>('Pod', 'default', name)!.status!.podIP!;
const findPod = (e: ReturnType<typeof cluster>, prefix: string) => e.store.list<Pod>('Pod', 'default').find((p) => p.metadata.name.startsWith(prefix))!;

describe('default pod servers (QA F6)', () => {
  it('hello-app listens on 8080 without a declared containerPort and answers its own body', () => {
    const e = cluster();
    expect(run(e, node('node-1'), 'kubectl create deployment hello --image=gcr.io/google-samples/hello-app:1.0').code).toBe(0);
    const p = findPod(e, 'hello-');
    const r = run(e, node('node-1'), `curl -s ${podIp(e, p.metadata.name)}:8080`);
    expect(r.out).toBe(`Hello, world!\nVersion: 1.0.0\nHostname: ${p.metadata.name}\n`);
    expect(r.code).toBe(0);
    // It does not serve 80: refused, as a real hello-app pod.
    expect(run(e, node('node-1'), `curl -s ${podIp(e, p.metadata.name)}`).code).toBe(7);
  });

  it('an image with no known port and no ports: serves 80', () => {
    const e = cluster();
    expect(run(e, node('node-1'), 'kubectl run bb --image=busybox').code).toBe(0);
    const ip = podIp(e, 'bb');
    expect(run(e, node('node-2'), `curl -s ${ip}`).out).toMatch(/^bb \(client [\d.]+:\d+\)\n$/);
    expect(run(e, node('node-2'), `curl -s ${ip}:8080`).code).toBe(7);
  });
});

describe('kube-apiserver behind the kubernetes Service (QA F13)', () => {
  const ask = (e: ReturnType<typeof cluster>, nodeName: string, path: string, method = 'GET') => {
    const l = findListener(e, e.netns.get(`node/${nodeName}`)!, 'tcp', 6443);
    if (!l) return undefined;
    const r = l.handler({ payload: { kind: 'http-request', method, path, host: '10.96.0.1', headers: {} } } as AppRequest);
    return r.payload?.kind === 'http-response' ? { status: r.payload.status, body: r.payload.body } : undefined;
  };

  it('the control-plane node answers /version, /healthz and a 403 Status for anonymous elsewhere', () => {
    const e = cluster();
    const v = ask(e, 'node-1', '/version')!;
    expect(v.status).toBe(200);
    expect(JSON.parse(v.body)).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.0', platform: 'linux/amd64' });
    expect(ask(e, 'node-1', '/healthz')).toEqual({ status: 200, body: 'ok' });
    const f = ask(e, 'node-1', '/api/v1/namespaces/default/pods')!;
    expect(f.status).toBe(403);
    expect(JSON.parse(f.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"',
      reason: 'Forbidden',
      details: { kind: 'pods' },
      code: 403,
    });
    expect(JSON.parse(ask(e, 'node-1', '/')!.body).message).toBe('forbidden: User "system:anonymous" cannot get path "/"');
    expect(ask(e, 'node-2', '/version')).toBeUndefined();
  });

  it('the kubernetes Service reaches it: curl -k gets the answers (was refused, curl exit 7)', () => {
    const e = cluster();
    const v = run(e, pod('client'), 'curl -sk https://10.96.0.1/version');
    expect(v.code).toBe(0);
    expect(JSON.parse(v.out).gitVersion).toBe('v1.32.0');
    expect(run(e, pod('client'), 'curl -k https://kubernetes.default.svc/healthz').out).toBe('ok');
    expect(JSON.parse(run(e, node('node-2'), 'curl -sk https://192.168.56.11:6443/api').out).message).toBe('forbidden: User "system:anonymous" cannot get path "/api"');
    expect(run(e, pod('client'), 'curl -sk https://192.168.56.12:6443/version').code).toBe(7);
  });
});
