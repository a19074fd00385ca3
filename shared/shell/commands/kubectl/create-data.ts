/**
 * The data generators of `kubectl create configmap` and `create secret generic|tls`:
 * `--from-literal=k=v`, `--from-file=[key=]path` (a file, or every file of a directory)
 * read from the shell's virtual filesystem, and the TLS pair's PEM checks, with kubectl
 * 1.32's error texts.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { KubectlError, type Kube } from './context';

type Any = Record<string, any>;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 of a string's UTF-8 bytes (Secret data is base64, as the API stores it). */
export function base64(s: string): string {
  const b = utf8ToBytes(s);
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < b.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < b.length ? B64[n & 63]! : '=';
  }
  return out;
}

/** Reads one file of the vfs, or throws the message `missing` gives for it. */
function readOrThrow(k: Kube, path: string, missing = (p: string) => `error reading ${p}: no such file or directory`): string {
  const r = k.ctx.fs.read(k.ctx.fs.resolve(k.ctx.cwd, path));
  if (!r.ok) throw new KubectlError(`error: ${missing(path)}`);
  return r.data;
}

/** Collects key → value from --from-literal and --from-file, in kubectl's order (files first). */
export function collectData(k: Kube, dup: (key: string) => string): Record<string, string> {
  const data: Record<string, string> = {};
  const add = (key: string, v: string) => {
    if (key in data) throw new KubectlError(`error: ${dup(key)}`);
    data[key] = v;
  };
  for (const src of k.args.lists.get('from-file') ?? []) {
    const eq = src.indexOf('=');
    const key = eq > 0 ? src.slice(0, eq) : undefined;
    const path = eq > 0 ? src.slice(eq + 1) : src;
    const full = k.ctx.fs.resolve(k.ctx.cwd, path);
    if (key === undefined && k.ctx.fs.isDir(full)) {
      for (const name of k.ctx.fs.list(full) ?? []) {
        const r = k.ctx.fs.read(`${full}/${name}`);
        if (r.ok) add(name, r.data);
      }
      continue;
    }
    add(key ?? path.slice(path.lastIndexOf('/') + 1), readOrThrow(k, path));
  }
  for (const lit of k.args.lists.get('from-literal') ?? []) {
    const i = lit.indexOf('=');
    if (i <= 0) throw new KubectlError(`error: invalid literal source ${lit}, expected key=value`);
    add(lit.slice(0, i), lit.slice(i + 1));
  }
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `create configmap NAME [--from-file] [--from-literal]`. */
export function configmap(k: Kube, name: string): Any {
  const data = collectData(k, (key) => `cannot add key "${key}", another key by that name already exists in Data for ConfigMap "${name}"`);
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { creationTimestamp: null, name }, ...(Object.keys(data).length ? { data } : {}) };
}

function secretObj(name: string, data: Record<string, string>, type: string | undefined): Any {
  const enc = Object.fromEntries(Object.entries(data).map(([key, v]) => [key, base64(v)]));
  return { apiVersion: 'v1', ...(Object.keys(enc).length ? { data: enc } : {}), kind: 'Secret', metadata: { creationTimestamp: null, name }, ...(type ? { type } : {}) };
}

const pemTypes = (s: string): string[] => [...s.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)].map((m) => m[1]!);

/** The checks of Go's tls.X509KeyPair that do not need the crypto (the key is not matched to the cert). */
function checkPair(cert: string, key: string): void {
  const ct = pemTypes(cert);
  if (!ct.includes('CERTIFICATE')) {
    if (ct.some((t) => t.endsWith('PRIVATE KEY'))) throw new KubectlError('error: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched');
    throw new KubectlError('error: tls: failed to find any PEM data in certificate input');
  }
  const kt = pemTypes(key);
  if (!kt.some((t) => t.endsWith('PRIVATE KEY'))) {
    if (kt.includes('CERTIFICATE')) throw new KubectlError('error: tls: found a certificate rather than a key in the PEM for the private key');
    throw new KubectlError('error: tls: failed to find any PEM data in key input');
  }
}

/** What `kubectl create secret` with no sub-command prints (to stderr, status 1). */
const SECRET_HELP = `Create a secret with specified type.

 A docker-registry type secret is for accessing a container registry.

 A generic type secret indicate an Opaque secret type.

 A tls type secret holds TLS certificate and its associated key.

Available Commands:
  docker-registry   Create a secret for use with a Docker registry
  generic           Create a secret from a local file, directory, or literal value
  tls               Create a TLS secret

Usage:
  kubectl create secret (docker-registry | generic | tls) [options]

Use "kubectl create secret <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).`;

/** `create secret generic|tls NAME ...` (docker-registry is not modelled). */
export function secret(k: Kube, sub: string | undefined, name: string | undefined): { obj: Any; what: string } {
  if (sub !== 'generic' && sub !== 'tls') {
    const rest = k.args.positional.slice(1).join(' ');
    if (sub === undefined) throw new KubectlError(SECRET_HELP);
    throw new KubectlError(`error: unknown command "${rest}"\nSee 'kubectl create secret -h' for help and examples`);
  }
  if (!name) throw new KubectlError(`error: exactly one NAME is required, got 0\nSee 'kubectl create secret ${sub} -h' for help and examples`);
  const type = k.args.strings.get('type');
  if (sub === 'generic') {
    const data = collectData(k, (key) => `cannot add key ${key}, another key by that name already exists`);
    return { obj: secretObj(name, data, type), what: 'secret' };
  }
  const certPath = k.args.strings.get('cert');
  const keyPath = k.args.strings.get('key');
  if (!certPath || !keyPath) throw new KubectlError('error: key and cert must be specified');
  const cannot = (p: string) => `Cannot read file ${p}, open ${p}: no such file or directory`;
  const cert = readOrThrow(k, certPath, cannot);
  const key = readOrThrow(k, keyPath, cannot);
  checkPair(cert, key);
  return { obj: secretObj(name, { 'tls.crt': cert, 'tls.key': key }, 'kubernetes.io/tls'), what: 'secret' };
}
