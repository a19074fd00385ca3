// QA F11: `kubectl create secret generic|tls` and `create configmap --from-file`, reading
// the shell's files; outputs and errors as kubectl 1.32 with --dry-run=client -o yaml.
import { describe, expect, it } from 'vitest';
import { makeKit } from './test-kit';
import type { KubeObject } from '../../../model/objects';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

const kit = () => {
  const k = makeKit();
  k.add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } } as KubeObject);
  k.fs.write('/root/default.conf', 'server {\n listen 80;\n}\n');
  k.fs.write('/root/a.txt', 'a\n');
  k.fs.write('/root/d/f1', 'q\n');
  k.fs.write('/tmp/nginx.crt', CERT);
  k.fs.write('/tmp/nginx.key', KEY);
  return k;
};

describe('kubectl create secret / configmap from files', () => {
  it('configmap --from-file --from-literal', () => {
    expect(kit().run('kubectl create configmap nginxconfigmap --from-file=default.conf --from-literal=k=v --dry-run=client -o yaml').out).toBe("apiVersion: v1\ndata:\n  default.conf: |\n    server {\n     listen 80;\n    }\n  k: v\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: nginxconfigmap\n");
    expect(kit().run('kubectl create cm c --from-file=d --dry-run=client -o yaml').out).toBe('apiVersion: v1\ndata:\n  f1: |\n    q\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: c\n');
  });

  it('secret generic', () => {
    expect(kit().run('kubectl create secret generic s --from-literal=a=b --from-file=a.txt --from-file=x=default.conf --dry-run=client -o yaml').out).toBe("apiVersion: v1\ndata:\n  a: Yg==\n  a.txt: YQo=\n  x: c2VydmVyIHsKIGxpc3RlbiA4MDsKfQo=\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: s\n");
    const k = kit();
    expect(k.run('kubectl create secret generic s --from-literal=a=b')).toEqual({ out: 'secret/s created\n', err: '', code: 0 });
    expect(k.run("kubectl get secret s -o jsonpath='{.type} {.data.a}'").out).toBe('Opaque Yg==');
    expect(k.run('kubectl create secret generic t --from-file=a.txt --from-file=x=default.conf').code).toBe(0);
    expect(k.run('kubectl describe secret t').out).toBe('Name:         t\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\na.txt:  2 bytes\nx:      23 bytes\n');
    expect(k.run("kubectl create secret generic u --from-literal=k=héllo→ -o jsonpath='{.data.k}'").out).toBe('aMOpbGxv4oaS');
  });

  it('secret tls', () => {
    expect(kit().run('kubectl create secret tls nginxsecret --key /tmp/nginx.key --cert /tmp/nginx.crt --dry-run=client -o yaml').out).toBe(
      'apiVersion: v1\ndata:\n  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=\n  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUUKLS0tLS1FTkQgUFJJVkFURSBLRVktLS0tLQo=\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: nginxsecret\ntype: kubernetes.io/tls\n',
    );
    expect(kit().run('kubectl create secret tls t --cert /tmp/nginx.crt --key /tmp/nginx.key --dry-run=client').out).toBe('secret/t created (dry run)\n');
  });

  it('errors as kubectl prints them', () => {
    const err = (line: string) => {
      const r = kit().run(line);
      return `${r.code} ${r.err}`;
    };
    expect(err('kubectl create secret tls t --dry-run=client -o yaml')).toBe('1 error: key and cert must be specified\n');
    expect(err('kubectl create secret tls t --key nope1 --cert nope2')).toBe('1 error: Cannot read file nope2, open nope2: no such file or directory\n');
    expect(err('kubectl create secret tls t --key /tmp/nginx.crt --cert /tmp/nginx.crt')).toBe('1 error: tls: found a certificate rather than a key in the PEM for the private key\n');
    expect(err('kubectl create secret tls t --key /tmp/nginx.key --cert /tmp/nginx.key')).toBe('1 error: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched\n');
    expect(err('kubectl create secret tls t --key a.txt --cert default.conf')).toBe('1 error: tls: failed to find any PEM data in certificate input\n');
    expect(err('kubectl create secret generic s --from-file=nope')).toBe('1 error: error reading nope: no such file or directory\n');
    expect(err('kubectl create configmap c --from-literal=a')).toBe('1 error: invalid literal source a, expected key=value\n');
    expect(err('kubectl create secret generic s --from-literal=a=b --from-literal=a=c')).toBe('1 error: cannot add key a, another key by that name already exists\n');
    expect(err('kubectl create cm c --from-literal=a=b --from-file=a=a.txt')).toBe('1 error: cannot add key "a", another key by that name already exists in Data for ConfigMap "c"\n');
    expect(err('kubectl create secret generic')).toBe("1 error: exactly one NAME is required, got 0\nSee 'kubectl create secret generic -h' for help and examples\n");
    expect(err('kubectl create secret foo x')).toBe('1 error: unknown command "foo x"\nSee \'kubectl create secret -h\' for help and examples\n');
    expect(err('kubectl create secret')).toMatch(/^1 Create a secret with specified type\.\n[\s\S]*\(applies to all commands\)\.\n$/);
  });
});
