/**
 * Tab completion for kubectl (the shell's Command.complete seam): verbs, resource types,
 * object names from the store in the namespace given by -n, namespaces after -n, formats
 * after -o; file names after -f.
 */
import type { Engine } from '../../../sim/engine';
import { findResource, RESOURCES } from './resources';

const TYPED = new Set(['get', 'describe', 'delete', 'label', 'annotate', 'patch', 'scale', 'explain', 'edit', 'wait', 'expose', 'taint']);
const POD_VERBS = new Set(['exec', 'logs']);

/** Candidates for the last (partial) word of `kubectl ...`; undefined = complete file names. */
export function completeKubectl(words: string[], engine: Engine, verbs: string[]): string[] | undefined {
  const args = words.slice(1, -1);
  const prev = args.at(-1);
  if (prev === '-f' || prev === '--filename') return undefined;
  if (prev === '-n' || prev === '--namespace') return engine.store.list('Namespace').map((n) => n.metadata.name);
  if (prev === '-o' || prev === '--output') return ['json', 'jsonpath=', 'name', 'wide', 'yaml', 'custom-columns='];
  const nsIdx = args.findIndex((a) => a === '-n' || a === '--namespace');
  const ns = nsIdx >= 0 ? args[nsIdx + 1] ?? 'default' : 'default';
  const positional = args.filter((a, i) => !a.startsWith('-') && !(i > 0 && ['-n', '--namespace', '-o', '--output', '-l', '-c'].includes(args[i - 1]!)));
  if (positional.length === 0) return verbs;
  const verb = positional[0]!;
  if (POD_VERBS.has(verb) && positional.length === 1) return engine.store.list('Pod', ns).map((p) => p.metadata.name);
  if (verb === 'rollout' && positional.length === 1) return ['history', 'restart', 'status'];
  const typeAt = verb === 'rollout' ? 2 : 1;
  if (!TYPED.has(verb) && verb !== 'rollout') return [];
  if (positional.length === typeAt) {
    const types = RESOURCES.flatMap((r) => [r.plural, ...r.short]);
    return verb === 'get' ? [...types, 'all'] : types;
  }
  const r = findResource(positional[typeAt]!);
  if (!r) return [];
  return engine.store.list(r.kind, r.namespaced ? ns : undefined).map((o) => o.metadata.name);
}
