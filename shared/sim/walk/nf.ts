/**
 * Calls into engine.hooks (netfilter, conntrack, IPVS) at the kernel's hook points and
 * turns the outcome into a hop. The walker never knows what is behind the hooks
 * (kernel/hooks.ts); the services work plugs its evaluator in there.
 */
import type { NetNS } from '../../kernel/netns';
import type { NfHook } from '../../kernel/hooks';
import type { FlowTuple, Packet } from '../../kernel/packet';
import type { CarryCtx, CarryEnd } from './context';
import { icmpError, rejectKind, tcpReset } from './errors';
import { provField, ruleProvenance } from './provenance';

/** `DNAT dst 10.96.0.10:53 → 10.244.1.2:53`: the side of the tuple the translation changed. */
function natText(nat: { kind: string; before: FlowTuple; after: FlowTuple }): string {
  const { before: b, after: a } = nat;
  const parts: string[] = [];
  if (b.src !== a.src || b.sport !== a.sport) parts.push(`src ${b.src}:${b.sport} → ${a.src}:${a.sport}`);
  if (b.dst !== a.dst || b.dport !== a.dport) parts.push(`dst ${b.dst}:${b.dport} → ${a.dst}:${a.dport}`);
  return `${nat.kind} ${parts.join(', ') || 'unchanged'}`;
}

/** Runs one hook. Returns the (possibly rewritten) packet, or how the walk ended here. */
export function runHook(ctx: CarryCtx, ns: NetNS, hook: NfHook, packet: Packet, inDev?: string, outDev?: string): { packet: Packet } | { end: CarryEnd } {
  const out = ctx.engine.hooks.netfilter(ns, { hook, packet, ...(inDev ? { inDev } : {}), ...(outDev ? { outDev } : {}) });
  // A hook that walked no rule and changed nothing is not a hop worth showing (conntrack state alone is not).
  const noteworthy = out.hits.length > 0 || out.evaluated > 0 || out.verdict !== 'ACCEPT' || out.nat;
  if (noteworthy) {
    const last = out.hits[out.hits.length - 1];
    const what = out.nat ? natText(out.nat) : out.verdict;
    const summary = out.reason ?? `${hook}: ${what}${last ? ` (${last.table}/${last.chain} rule ${last.ruleNum})` : ''}, ${out.evaluated} rules evaluated`;
    ctx.rec.add(ns, out.verdict === 'ACCEPT' ? 'netfilter' : 'drop', 'local', outDev ?? inDev, summary, out.packet, {
      rules: out.hits.map(({ origin: _origin, ...h }) => h),
      evaluated: out.evaluated,
      ...(out.nat ? { nat: { kind: out.nat.kind, before: { ...out.nat.before }, after: { ...out.nat.after } } } : {}),
      ...(out.conntrack ? { conntrack: { ...out.conntrack } } : {}),
      ...provField(...ruleProvenance(out.hits, ns.hostname)),
    });
  }
  if (out.verdict === 'ACCEPT') return { packet: out.packet };
  const rule = out.hits[out.hits.length - 1];
  const where = rule ? ` by ${rule.table}/${rule.chain} rule ${rule.ruleNum}: ${rule.ruleText}` : ` by the ${hook} policy`;
  if (out.verdict === 'DROP') return { end: { kind: 'dropped', reason: out.reason ?? `dropped at ${hook} on ${ns.hostname}${where}`, ns } };
  const kind = rejectKind(out.rejectWith);
  const error = kind === 'tcp-reset' ? tcpReset(ctx, ns, packet) : icmpError(ctx, ns, packet, kind, false);
  return { end: { kind: 'rejected', reason: out.reason ?? `rejected at ${hook} on ${ns.hostname}${where}`, ns, ...(error ? { error } : {}) } };
}
