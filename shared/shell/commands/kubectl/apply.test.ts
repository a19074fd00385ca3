import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import YAML from 'yaml';
import { makeKit } from './test-kit';
import { basicCluster } from './fixtures';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
`;

function kit() {
  const k = makeKit(7);
  k.add(...basicCluster());
  return k;
}

describe('kubectl apply', () => {
  it('creates, then reports unchanged, then configured', () => {
    const k = kit();
    k.fs.write('/root/web.yaml', WEB);
    expect(k.run('kubectl apply -f web.yaml')).toEqual({ out: 'deployment.apps/web created\nservice/web created\n', err: '', code: 0 });
    expect(k.run('kubectl apply -f web.yaml').out).toBe('deployment.apps/web unchanged\nservice/web unchanged\n');
    k.fs.write('/root/web.yaml', WEB.replace('replicas: 2', 'replicas: 3'));
    expect(k.run('kubectl apply -f /root/web.yaml').out).toBe('deployment.apps/web configured\nservice/web unchanged\n');
    expect(k.engine.store.get<any>('Deployment', 'default', 'web')!.spec.replicas).toBe(3);
    expect(k.engine.store.get<any>('Deployment', 'default', 'web')!.metadata.generation).toBe(2);
  });

  it('keeps what the server added (clusterIP) across applies', () => {
    const k = kit();
    k.run('kubectl apply -f -', WEB);
    const svc = k.engine.store.get<any>('Service', 'default', 'web')!;
    svc.spec.clusterIP = '10.96.5.5';
    svc.spec.clusterIPs = ['10.96.5.5'];
    k.engine.store.update(svc);
    expect(k.run('kubectl apply -f -', WEB).out).toBe('deployment.apps/web unchanged\nservice/web unchanged\n');
    expect(k.engine.store.get<any>('Service', 'default', 'web')!.spec.clusterIP).toBe('10.96.5.5');
  });

  it('round-trips: get -o yaml holds what was applied plus defaults', () => {
    const k = kit();
    k.run('kubectl apply -f -', WEB);
    const y = YAML.parse(k.run('kubectl get deploy web -o yaml').out);
    expect(y.spec.replicas).toBe(2);
    expect(y.spec.template.spec.containers[0]).toEqual({
      image: 'nginx:1.27',
      imagePullPolicy: 'IfNotPresent',
      name: 'nginx',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    });
    expect(y.spec.strategy).toEqual({ rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' });
    expect(JSON.parse(y.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).spec.replicas).toBe(2);
    const s = YAML.parse(k.run('kubectl get svc web -o yaml').out);
    expect(s.spec).toMatchObject({ internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', sessionAffinity: 'None', type: 'ClusterIP' });
  });

  it('prints validation errors as the API server words them and writes nothing', () => {
    const k = kit();
    const bad = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 0\n`;
    expect(k.run('kubectl apply -f -', bad)).toEqual({
      out: '',
      err: 'The Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n',
      code: 1,
    });
    expect(k.engine.store.get('Service', 'default', 'web')).toBeUndefined();
    expect(k.run('kubectl apply -f -', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n spec: 1\n').err).toBe(
      'error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: did not find expected key\n',
    );
    expect(k.run('kubectl apply -f -', 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n').err).toBe(
      'error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n',
    );
    expect(k.run('kubectl apply -f nope.yaml').err).toBe('error: the path "nope.yaml" does not exist\n');
    expect(k.run('kubectl apply -f -', 'metadata:\n  name: x\n').err).toBe(
      'error: error validating "STDIN": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false\n',
    );
    expect(k.run('kubectl apply -f -', WEB.split('---')[0]!.replace('replicas: 2', 'replica: 2').replace('image: nginx', 'imagee: nginx')).err).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagee"\n',
    );
    expect(k.run('kubectl apply -f -', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: "80"\n').err).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field Service.spec.ports.port of type int32\n',
    );
  });

  it('random manifests either apply or fail with a kubectl error, leaving the store unchanged on failure', () => {
    const k = kit();
    const field = fc.oneof(fc.integer({ min: -5, max: 70000 }), fc.string({ maxLength: 6 }), fc.constant(null), fc.boolean());
    const manifest = fc.record({
      apiVersion: fc.constantFrom('v1', 'apps/v1', 'networking.k8s.io/v1', 'x/v9'),
      kind: fc.constantFrom('Service', 'Deployment', 'Pod', 'Ingress', 'NetworkPolicy', 'ConfigMap', 'Namespace', 'Bogus'),
      metadata: fc.record({ name: fc.constantFrom('web', 'Web', '', 'a-b', 'x.y'), labels: fc.option(fc.dictionary(fc.constantFrom('app', 'a/b', '-x'), fc.constantFrom('web', '', '-'))) }),
      spec: fc.option(
        fc.record({
          ports: fc.option(fc.array(fc.record({ port: field, name: fc.option(fc.constantFrom('http', 'HTTP')), nodePort: fc.option(field) }), { maxLength: 3 })),
          replicas: fc.option(field),
          selector: fc.option(fc.record({ matchLabels: fc.option(fc.dictionary(fc.constantFrom('app'), fc.constantFrom('web', 'db'))) })),
          template: fc.option(fc.record({ metadata: fc.record({ labels: fc.constant({ app: 'web' }) }), spec: fc.record({ containers: fc.array(fc.record({ name: fc.constantFrom('c', 'C'), image: fc.option(fc.constant('nginx')) }), { maxLength: 2 }) }) })),
          type: fc.option(fc.constantFrom('ClusterIP', 'NodePort', 'Weird')),
          policyTypes: fc.option(fc.array(fc.constantFrom('Ingress', 'Egress', 'Sideways'))),
        }),
      ),
    });
    fc.assert(
      fc.property(manifest, (m) => {
        const before = JSON.stringify(k.engine.store.all());
        const r = k.run('kubectl apply -f -', YAML.stringify(m));
        if (r.code === 0) {
          expect(r.out).toMatch(/ (created|configured|unchanged)\n$/);
        } else {
          expect(r.err).toMatch(/^(error: |Error from server \(|The \w+ "[^"]*" is invalid: )/);
          expect(JSON.stringify(k.engine.store.all())).toBe(before);
        }
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});

describe('kubectl create and delete', () => {
  it('creates from generators like the real ones', () => {
    const k = kit();
    expect(k.run('kubectl create deployment web --image=nginx --replicas=2 --port=80 --dry-run=client -o yaml').out).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx
        name: nginx
        ports:
        - containerPort: 80
        resources: {}
status: {}
`);
    expect(k.run('kubectl create service nodeport web --tcp=80:8080 --dry-run=client -o yaml').out).toBe(`apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  ports:
  - name: 80-8080
    port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: web
  type: NodePort
status:
  loadBalancer: {}
`);
    expect(k.run('kubectl create ingress web --rule=foo.com/bar*=svc1:8080,tls=my-cert --dry-run=client -o yaml').out).toBe(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  creationTimestamp: null
  name: web
spec:
  rules:
  - host: foo.com
    http:
      paths:
      - backend:
          service:
            name: svc1
            port:
              number: 8080
        path: /bar
        pathType: Prefix
  tls:
  - hosts:
    - foo.com
    secretName: my-cert
status:
  loadBalancer: {}
`);
    expect(k.run('kubectl create deployment web --image=nginx').out).toBe('deployment.apps/web created\n');
    expect(k.run('kubectl create deployment web --image=nginx').err).toBe('error: failed to create deployment: deployments.apps "web" already exists\n');
    expect(k.run('kubectl create namespace team-a').out).toBe('namespace/team-a created\n');
    expect(k.run('kubectl create ns team-a').err).toBe('Error from server (AlreadyExists): namespaces "team-a" already exists\n');
    expect(k.run('kubectl create svc clusterip web --tcp=80').out).toBe('service/web created\n');
    expect(k.run('kubectl create deployment x').err).toBe('error: required flag(s) "image" not set\n');
  });

  it('deletes by name, by label, from files, with cascade', () => {
    const k = kit();
    k.run('kubectl apply -f -', WEB);
    const d = k.engine.store.get('Deployment', 'default', 'web')!;
    k.add({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-abc', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid!, controller: true }] }, spec: {} });
    expect(k.run('kubectl delete deploy web').out).toBe('deployment.apps "web" deleted\n');
    expect(k.engine.store.get('ReplicaSet', 'default', 'web-abc')).toBeUndefined();
    expect(k.run('kubectl delete svc web nope')).toEqual({ out: 'service "web" deleted\n', err: 'Error from server (NotFound): services "nope" not found\n', code: 1 });
    k.fs.write('/root/web.yaml', WEB);
    k.run('kubectl apply -f web.yaml');
    expect(k.run('kubectl delete -f web.yaml').out).toBe('deployment.apps "web" deleted\nservice "web" deleted\n');
    expect(k.run('kubectl delete -f web.yaml').err).toBe(
      'Error from server (NotFound): error when deleting "web.yaml": deployments.apps "web" not found\nError from server (NotFound): error when deleting "web.yaml": services "web" not found\n',
    );
    expect(k.run('kubectl delete pods -l app=web').err).toBe('No resources found in default namespace.\n');
    k.run('kubectl apply -f -', WEB);
    // delete -f needs only kind, namespace and name: a manifest with a typo still deletes.
    expect(k.run('kubectl delete -f -', WEB.replace('replicas: 2', 'replica: 2')).out).toBe('deployment.apps "web" deleted\nservice "web" deleted\n');
  });
});

describe('YAML round trip (property)', () => {
  it('get -o yaml keeps every applied field', () => {
    const k = kit();
    const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
    fc.assert(
      fc.property(fc.dictionary(label, label, { minKeys: 1, maxKeys: 3 }), fc.integer({ min: 0, max: 5 }), fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 3 }), (labels, replicas, ports) => {
        const dep = {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'rt', labels },
          spec: {
            replicas,
            selector: { matchLabels: labels },
            template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', ports: ports.map((p) => ({ containerPort: p })) }] } },
          },
        };
        const r = k.run('kubectl apply -f -', YAML.stringify(dep));
        expect(r.code).toBe(0);
        const got = YAML.parse(k.run('kubectl get deploy rt -o yaml').out);
        expect(got.metadata.labels).toEqual(labels);
        expect(got.spec.replicas).toBe(replicas);
        expect(got.spec.selector).toEqual({ matchLabels: labels });
        expect(got.spec.template.spec.containers[0].ports.map((p: { containerPort: number }) => p.containerPort)).toEqual(ports);
        expect(got.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
        k.run('kubectl delete deploy rt');
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('exec -it POD -- sh hands the terminal to the pod shell', () => {
    const k = kit();
    k.add({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }, { name: 'd', image: 'busybox' }] }, status: { phase: 'Running', podIP: '10.244.1.9' } } as any);
    const r = k.run('kubectl exec -it p -- sh');
    expect(r).toEqual({ out: '', err: 'Defaulted container "c" out of: c, d\n', code: 0 });
    expect(k.opened).toEqual([{ kind: 'pod', namespace: 'default', name: 'p', container: 'c' }]);
    expect(k.run('kubectl exec -it p -c e -- sh').err).toBe('Error from server (BadRequest): container e is not valid for pod p\n');
    expect(k.run('kubectl exec p').err).toBe('error: you must specify at least one command for the container\n');
  });
});
