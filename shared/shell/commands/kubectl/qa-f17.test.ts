// QA F17 leftovers: logs -l/--prefix, top without metrics-server, expose with a client
// dry run (never asks the server, so no AlreadyExists). Exact text out.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../sim/create';
import { createEnv } from '../../../model/env';
import { defaultClusterSpec } from '../../../model/spec';
import { runScript } from '../../script';

const setup = () => {
  const e = createEngine(defaultClusterSpec({ workloads: 'none' }), createEnv(7));
  return (script: string) => runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script }).output;
};

describe('kubectl logs -l', () => {
  it("prints each matching pod's log, with --prefix naming pod and container", () => {
    const sh = setup();
    sh('kubectl run a --image=busybox --restart=Never --labels=app=x -- echo from-a\nkubectl run b --image=busybox --restart=Never --labels=app=x -- echo from-b');
    expect(sh('kubectl logs -l app=x')).toBe('from-a\nfrom-b\n');
    expect(sh('kubectl logs -l app=x --prefix')).toBe('[pod/a/a] from-a\n[pod/b/b] from-b\n');
    expect(sh('kubectl logs -l app=none')).toBe('No resources found in default namespace.\n');
    expect(sh('kubectl logs a -l app=x')).toBe('error: only one of a selector or a resource name may be specified\n');
  });
});

describe('kubectl top', () => {
  it('says the Metrics API is not available (no metrics-server), status 1', () => {
    const sh = setup();
    expect(sh('kubectl top pods; echo $?')).toBe('error: Metrics API not available\n1\n');
    expect(sh('kubectl top node')).toBe('error: Metrics API not available\n');
  });
});

describe('kubectl expose --dry-run=client', () => {
  it('prints the Service it would create even when one exists', () => {
    const sh = setup();
    sh('kubectl create deployment web --image=nginx --port=80\nkubectl expose deployment web');
    expect(sh('kubectl expose deployment web --dry-run=client -o yaml')).toBe(
      'apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: web\nstatus:\n  loadBalancer: {}\n',
    );
    expect(sh('kubectl expose deployment web --dry-run=client')).toBe('service/web exposed (dry run)\n');
    expect(sh('kubectl expose deployment web')).toBe('Error from server (AlreadyExists): services "web" already exists\n');
  });
});
