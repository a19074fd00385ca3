/**
 * NetworkPolicy semantics (networking.k8s.io/v1), independent of how they are enforced:
 * which pods a policy isolates, which peers and ports its rules admit (podSelector,
 * namespaceSelector, both, ipBlock with except; numeric, named and endPort ports), and the
 * union over every policy that selects a pod. felix.ts renders the same decisions as chains.
 */
import type { Engine } from '../../sim/engine';
import type { KubeObject, LabelSelector, Pod } from '../../model/objects';
import { selectorMatches } from '../../model/objects';
import { cidrContains } from '../../kernel/ip';

type Any = Record<string, any>;

/** A policy direction. */
export type Direction = 'Ingress' | 'Egress';

/** `{}` selects everything; a missing selector selects nothing (peers) or everything (spec.podSelector). */
export function selects(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  if (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length) return true;
  return selectorMatches(sel, labels);
}

/** Policy types in effect (the server defaults them; older objects may lack them). */
export function policyTypes(p: KubeObject): Direction[] {
  const s = (p.spec ?? {}) as Any;
  return (s.policyTypes as Direction[] | undefined) ?? ['Ingress', ...(s.egress ? ['Egress' as const] : [])];
}

/** Does the policy select (isolate) this pod in this direction? */
export function isolates(p: KubeObject, pod: Pod, dir: Direction): boolean {
  return p.metadata.namespace === pod.metadata.namespace && policyTypes(p).includes(dir) && selects(((p.spec ?? {}) as Any).podSelector ?? {}, pod.metadata.labels);
}

/** A resolved peer: the pods it names (their IPs), or a CIDR with exceptions; undefined = any. */
export type Peer = { kind: 'pods'; ips: string[]; key: string } | { kind: 'cidr'; cidr: string; except: string[] };

/** A resolved port: protocol and a numeric range; undefined lo = any port of the protocol. */
export interface PortSpec {
  proto: string;
  lo?: number;
  hi?: number;
}

/** One rule: any of `peers` (undefined = any peer) and any of `ports` (undefined = any port). */
export interface ResolvedRule {
  peers?: Peer[];
  ports?: PortSpec[];
}

function running(engine: Engine): Pod[] {
  return engine.store.list<Pod>('Pod').filter((p) => p.status?.podIP && !p.spec.hostNetwork);
}

/** Resolves a peer entry to pod IPs or a CIDR. */
export function resolvePeer(engine: Engine, policy: KubeObject, peer: Any): Peer {
  if (peer.ipBlock) return { kind: 'cidr', cidr: peer.ipBlock.cidr, except: peer.ipBlock.except ?? [] };
  const nsOk = (ns: string): boolean => {
    if (!peer.namespaceSelector) return ns === policy.metadata.namespace;
    const nso = engine.store.get('Namespace', undefined, ns);
    return selects(peer.namespaceSelector, nso?.metadata.labels);
  };
  const ips = running(engine)
    .filter((p) => nsOk(p.metadata.namespace ?? 'default') && (peer.podSelector ? selects(peer.podSelector, p.metadata.labels) : true))
    .map((p) => p.status!.podIP!)
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return { kind: 'pods', ips, key: JSON.stringify([policy.metadata.namespace, peer.namespaceSelector ?? null, peer.podSelector ?? null]) };
}

/** Named ports resolve against the pods on the far side of the rule (ingress: the selected pods). */
export function resolvePorts(ports: Any[] | undefined, namedFrom: Pod[]): PortSpec[] | undefined {
  if (!ports?.length) return undefined;
  const out: PortSpec[] = [];
  for (const p of ports) {
    const proto = String(p.protocol ?? 'TCP').toLowerCase();
    if (p.port === undefined) out.push({ proto });
    else if (typeof p.port === 'number') out.push({ proto, lo: p.port, hi: p.endPort ?? p.port });
    else {
      const nums = new Set<number>();
      for (const pod of namedFrom)
        for (const c of pod.spec.containers)
          for (const cp of c.ports ?? []) if (cp.name === p.port && String(cp.protocol ?? 'TCP').toLowerCase() === proto) nums.add(cp.containerPort);
      for (const n of [...nums].sort((a, b) => a - b)) out.push({ proto, lo: n, hi: n });
    }
  }
  return out;
}

/** The rules of one direction of a policy, resolved. */
export function resolveRules(engine: Engine, policy: KubeObject, dir: Direction): ResolvedRule[] {
  const s = (policy.spec ?? {}) as Any;
  const key = dir === 'Ingress' ? 'ingress' : 'egress';
  const peerKey = dir === 'Ingress' ? 'from' : 'to';
  const selected = running(engine).filter((p) => isolates(policy, p, dir));
  return ((s[key] ?? []) as Any[]).map((r) => {
    const peers = (r[peerKey] as Any[] | undefined)?.length ? (r[peerKey] as Any[]).map((x) => resolvePeer(engine, policy, x)) : undefined;
    const namedFrom = dir === 'Ingress' ? selected : running(engine);
    const ports = resolvePorts(r.ports, namedFrom);
    return { ...(peers ? { peers } : {}), ...(r.ports?.length ? { ports: ports ?? [] } : {}) };
  });
}

function peerHas(peer: Peer, ip: string): boolean {
  if (peer.kind === 'pods') return peer.ips.includes(ip);
  return cidrContains(peer.cidr, ip) && !peer.except.some((e) => cidrContains(e, ip));
}

/** Is this connection admitted in one direction for `pod`? (The reference semantics the chains must match.) */
export function admitted(engine: Engine, pod: Pod, dir: Direction, peerIp: string, proto: string, port: number): { ok: boolean; policies: string[] } {
  const pols = engine.store.list('NetworkPolicy', pod.metadata.namespace).filter((p) => isolates(p, pod, dir));
  const names = pols.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  if (!pols.length) return { ok: true, policies: [] };
  for (const p of pols) {
    for (const r of resolveRules(engine, p, dir)) {
      const peerOk = !r.peers || r.peers.some((x) => peerHas(x, peerIp));
      const portOk = !r.ports || r.ports.some((x) => x.proto === proto.toLowerCase() && (x.lo === undefined || (port >= x.lo && port <= (x.hi ?? x.lo))));
      if (peerOk && portOk) return { ok: true, policies: [`${p.metadata.namespace}/${p.metadata.name}`] };
    }
  }
  return { ok: false, policies: names };
}
