/**
 * Provenance for the inspector: turns the structured origin a controller recorded on a
 * route, neighbour, FDB entry, rule or IPVS entry (kernel/types Origin) into a hop's
 * provenance entry — what was used, who wrote it, for which object, in one sentence.
 * State written without an origin (hand-built test clusters, older owners) falls back
 * to its free-text owner so nothing used at a hop goes unexplained.
 */
import type { Provenance } from '../../api/walk';
import type { RuleHit } from '../../kernel/hooks';
import type { Origin, OriginObject } from '../../kernel/types';

/** `Service default/web`, `Node node-2`. */
export function objectText(o: OriginObject): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** What the owners the kernel and the shell write (no controller, no object) mean. */
const PLAIN_OWNERS: Record<string, Origin> = {
  kernel: { controller: 'kernel', detail: 'made by the kernel itself' },
  'kernel (ARP)': { controller: 'kernel', detail: 'learned by ARP' },
  'kernel (bridge learning)': { controller: 'kernel', detail: 'learned by the bridge from a frame' },
  ip: { controller: 'ip', detail: 'typed in a shell' },
  underlay: { controller: 'lab', detail: 'the underlay network the lab was built with' },
};

/** One provenance entry for state used on `host`, or undefined when nobody is recorded as its writer. */
export function provenance(what: string, host: string, origin: Origin | undefined, owner?: string): Provenance | undefined {
  const o = origin ?? (owner ? PLAIN_OWNERS[owner] ?? { controller: owner } : undefined);
  if (!o) return undefined;
  const tail = o.detail ?? (o.object ? `for ${objectText(o.object)}` : undefined);
  return {
    what,
    controller: o.controller,
    ...(o.object ? { object: { ...o.object } } : {}),
    text: `${o.controller} on ${host}${tail ? `, ${tail}` : ''}`,
  };
}

/** Entries for the rules that matched at a hook, one per rule (its table, chain and number say which). */
export function ruleProvenance(hits: RuleHit[], host: string): Provenance[] {
  const out: Provenance[] = [];
  for (const h of hits) {
    const owner = h.owner?.replace(/ \(.*\)$/, '');
    const p = provenance(`${h.table}/${h.chain} #${h.ruleNum}`, host, h.origin, owner);
    if (p) out.push(p);
  }
  return out;
}

/** The `provenance` field of a hop, present only when something was recorded. */
export function provField(...entries: (Provenance | undefined)[]): { provenance?: Provenance[] } {
  const list = entries.filter((p): p is Provenance => !!p);
  return list.length ? { provenance: list } : {};
}
