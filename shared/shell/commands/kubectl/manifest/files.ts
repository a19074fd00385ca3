/**
 * `-f FILE|DIR|-`: reads manifests from the shell's virtual filesystem or stdin, in
 * kubectl's order (a directory's .yaml/.yml/.json files sorted by name).
 */
import { KubectlError, type Kube } from '../context';
import { parseManifests, type ManifestDoc } from './parse';

/** Every document named by the -f flags; parse errors abort before anything is written. */
export function readManifests(k: Kube): ManifestDoc[] {
  const files = k.args.lists.get('filename') ?? [];
  const docs: ManifestDoc[] = [];
  for (const f of files) {
    if (f === '-') {
      docs.push(...parseManifests(k.ctx.stdin, 'STDIN'));
      continue;
    }
    if (/^https?:\/\//.test(f)) {
      throw new KubectlError(`error: unable to read URL "${f}", server reported 404 Not Found, status code=404`);
    }
    const path = k.ctx.fs.resolve(k.ctx.cwd, f);
    if (!k.ctx.fs.exists(path)) throw new KubectlError(`error: the path "${f}" does not exist`);
    if (k.ctx.fs.isDir(path)) {
      for (const name of k.ctx.fs.list(path) ?? []) {
        if (!/\.(ya?ml|json)$/.test(name)) continue;
        const full = `${path.replace(/\/$/, '')}/${name}`;
        const r = k.ctx.fs.read(full);
        if (r.ok) docs.push(...parseManifests(r.data, `${f.replace(/\/$/, '')}/${name}`));
      }
      continue;
    }
    const r = k.ctx.fs.read(path);
    if (!r.ok) throw new KubectlError(`error: open ${f}: ${r.error.toLowerCase()}`);
    docs.push(...parseManifests(r.data, f));
  }
  return docs;
}

/** `--dry-run[=client|server|none]`: returns the suffix kubectl prints, or undefined. */
export function dryRunSuffix(k: Kube): string | undefined {
  const v = k.args.strings.get('dry-run');
  if (v === undefined || v === 'none') return undefined;
  if (v === 'client' || v === 'unchanged') return ' (dry run)';
  if (v === 'server') return ' (server dry run)';
  throw new KubectlError(`error: Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}
