import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec, type CniSpec } from '../../model/spec';
import { runScript } from '../../shell/script';
import { exchange } from '../../sim/walk/exchange';
import type { Pod } from '../../model/objects';

const PODS = `apiVersion: v1
kind: Namespace
metadata:
  name: myproject
  labels:
    project: myproject
---
apiVersion: v1
kind: Pod
metadata:
  name: db
  labels:
    role: db
spec:
  containers:
  - name: redis
    image: redis
    ports:
    - name: redis
      containerPort: 6379
---
apiVersion: v1
kind: Pod
metadata:
  name: frontend
  labels:
    role: frontend
spec:
  containers:
  - name: c
    image: busybox
---
apiVersion: v1
kind: Pod
metadata:
  name: other
  labels:
    role: other
spec:
  containers:
  - name: c
    image: busybox
---
apiVersion: v1
kind: Pod
metadata:
  name: mp
  namespace: myproject
spec:
  containers:
  - name: c
    image: busybox
`;

// The NetworkPolicy reference example from the Kubernetes docs (ports by name here, to cover named ports).
const TEST_POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: test-network-policy
  namespace: default
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - ipBlock:
        cidr: 192.168.56.0/24
        except:
        - 192.168.56.100/32
    - namespaceSelector:
        matchLabels:
          project: myproject
    - podSelector:
        matchLabels:
          role: frontend
    ports:
    - protocol: TCP
      port: redis
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/24
    ports:
    - protocol: TCP
      port: 32000
      endPort: 32768
`;

const DENY_ALL_INGRESS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
spec:
  podSelector: {}
  policyTypes:
  - Ingress
`;

const ALLOW_ALL_INGRESS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-all-ingress
spec:
  podSelector: {}
  ingress:
  - {}
  policyTypes:
  - Ingress
`;

function cluster(cni: CniSpec) {
  const e = createEngine(defaultClusterSpec({ cni }), createEnv(1));
  const node = { kind: 'node' as const, name: 'node-1' };
  const sh = (script: string) => runScript({ engine: e, target: node, script });
  const r = sh(`cat > /root/pods.yaml <<'EOF'\n${PODS}EOF\nkubectl apply -f /root/pods.yaml`);
  expect(r.code).toBe(0);
  const ip = (ns: string, name: string) => e.store.get<Pod>('Pod', ns, name)!.status!.podIP!;
  const reach = (from: { kind: 'pod'; namespace: string; name: string } | { kind: 'external' }, ns: string, pod: string, port: number) =>
    exchange(e, { from, dst: ip(ns, pod), proto: 'tcp', dport: port, payload: { kind: 'http-request', method: 'GET', path: '/', host: 'x', headers: {} } });
  const apply = (y: string) => sh(`kubectl apply -f - <<'EOF'\n${y}EOF`);
  return { e, sh, reach, apply, ip };
}

const pod = (name: string, namespace = 'default') => ({ kind: 'pod' as const, namespace, name });

describe('NetworkPolicy under Calico', () => {
  it('enforces the docs example: peers union, named port, ipBlock except', () => {
    const { reach, apply } = cluster({ plugin: 'calico', backend: 'ipip', ipipMode: 'Always' });
    expect(reach(pod('other'), 'default', 'db', 6379).ok).toBe(true);
    expect(apply(TEST_POLICY).stdout).toBe('networkpolicy.networking.k8s.io/test-network-policy created\n');
    const matrix: [string, ReturnType<typeof pod> | { kind: 'external' }, number, boolean][] = [
      ['frontend pod, named port', pod('frontend'), 6379, true],
      ['pod in a namespace the namespaceSelector picks', pod('mp', 'myproject'), 6379, true],
      ['other pod', pod('other'), 6379, false],
      ['frontend to a port the rule does not name', pod('frontend'), 80, false],
      ['client outside, in the ipBlock except', { kind: 'external' }, 6379, false],
    ];
    for (const [what, from, port, ok] of matrix) expect([what, reach(from, 'default', 'db', port).ok]).toEqual([what, ok]);
    const denied = reach(pod('other'), 'default', 'db', 6379);
    expect(denied.error).toBe('timeout');
    expect(denied.reason).toMatch(/cali-tw-cali[0-9a-f]{11}.*Drop if no policies passed packet.*default\/test-network-policy/);
  });

  it('default deny, then allow all: the additive union', () => {
    const { reach, apply } = cluster({ plugin: 'calico', backend: 'bgp' });
    apply(DENY_ALL_INGRESS);
    expect(reach(pod('frontend'), 'default', 'db', 6379).ok).toBe(false);
    expect(reach(pod('mp', 'myproject'), 'default', 'db', 6379).ok).toBe(false);
    apply(ALLOW_ALL_INGRESS);
    expect(reach(pod('frontend'), 'default', 'db', 6379).ok).toBe(true);
  });

  it('shows felix chains in iptables and blocks DNS with a default-deny egress', () => {
    const { e, sh, apply } = cluster({ plugin: 'calico', backend: 'ipip', ipipMode: 'Always' });
    apply(TEST_POLICY);
    const db = e.store.get<Pod>('Pod', 'default', 'db')!;
    const save = runScript({ engine: e, target: { kind: 'node', name: db.spec.nodeName! }, script: 'iptables-save -t filter' }).stdout;
    expect(save).toContain('-A FORWARD -m comment --comment "cali:wUHhoiAYhphO9Mso" -j cali-FORWARD');
    expect(save).toMatch(/-A cali-pi-_\S+ -p tcp -m comment --comment "cali:\S+" -m comment --comment "Policy default\/knp.default.test-network-policy ingress" -m set --match-set cali40s:\S+ src -m multiport --dports 6379 -j MARK --set-xmark 0x10000\/0x10000/);
    // Counters survive a resync that changes nothing in a chain (felix rewrites only what changed).
    const nodeNs = e.netns.get(`node/${db.spec.nodeName}`)!;
    const tw = [...nodeNs.nf.tables.filter.chains.keys()].find((c) => c.startsWith('cali-tw-'))!;
    const before = nodeNs.nf.tables.filter.chains.get(tw)!.rules;
    e.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'unrelated', namespace: 'default' } } as any);
    e.store.update({ ...e.store.get('Namespace', undefined, 'default')!, metadata: { ...e.store.get('Namespace', undefined, 'default')!.metadata, annotations: { touched: 'yes' } } });
    expect(nodeNs.nf.tables.filter.chains.get(tw)!.rules).toBe(before);
    const lookups = () => runScript({ engine: e, target: { kind: 'pod', namespace: 'default', name: 'frontend' }, script: 'nslookup kubernetes.default' });
    expect(lookups().code).toBe(0);
    apply(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-egress\nspec:\n  podSelector: {}\n  policyTypes:\n  - Egress\n`);
    expect(lookups().stdout).toContain(';; no servers could be reached');
    expect(sh('kubectl get netpol').stdout).toMatch(/^NAME +POD-SELECTOR +AGE\ndeny-egress +<none> +0s\ntest-network-policy +role=db +0s\n$/);
  });
});

describe('NetworkPolicy under flannel', () => {
  it('is accepted but not enforced', () => {
    const { reach, apply } = cluster({ plugin: 'flannel', backend: 'vxlan' });
    expect(apply(DENY_ALL_INGRESS).stdout).toBe('networkpolicy.networking.k8s.io/default-deny-ingress created\n');
    expect(reach(pod('other'), 'default', 'db', 6379).ok).toBe(true);
  });
});
