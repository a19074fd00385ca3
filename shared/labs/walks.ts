/**
 * Walks for checks and predictions: resolves a lab's walk spec (`svc/web`, `pods/app=web@node-3`)
 * to a walker request, runs it, and reads facts off the record (who answered, where it
 * was dropped, which client IP the server saw, which device it left by).
 */
import type { Pod, Service } from '../model/objects';
import type { WalkRecord } from '../api/walk';
import type { WalkSpec } from './schema';
import type { LabWorld } from './world';
import { parseTargetRef, podsMatching, resolveTarget } from './targets';

/** Resolves a walk destination (`svc/x[.ns]`, `lb/x`, `node/x`, `pod/..`, `pods/..`, `external`, an IP) to an IP (or returns the text as given, e.g. a DNS name). */
export function resolveDestination(world: LabWorld, to: string): string {
  const { engine } = world;
  if (to === 'external') return engine.spec.external.ip;
  if (to.startsWith('svc/')) {
    const [name, ns] = to.slice(4).split('.');
    const svc = engine.store.get<Service>('Service', ns ?? 'default', name!);
    if (!svc?.spec.clusterIP) throw new Error(`no service ${ns ?? 'default'}/${name}`);
    return svc.spec.clusterIP;
  }
  if (to.startsWith('lb/')) {
    // The external IP a load balancer gave the service (LAB 10).
    const [name, ns] = to.slice(3).split('.');
    const ip = engine.store.get<Service>('Service', ns ?? 'default', name!)?.status?.loadBalancer?.ingress?.[0]?.ip;
    if (!ip) throw new Error(`service ${ns ?? 'default'}/${name} has no load balancer IP`);
    return ip;
  }
  if (to.startsWith('node/')) {
    const node = engine.spec.nodes.find((n) => n.name === to.slice(5));
    if (!node) throw new Error(`no node ${to.slice(5)}`);
    return node.ip;
  }
  if (to.startsWith('pod/') || to.startsWith('pods/')) {
    const ref = parseTargetRef(to);
    const pod =
      ref.kind === 'pod' ? engine.store.get<Pod>('Pod', ref.namespace, ref.name) : ref.kind === 'pods' ? podsMatching(engine, ref)[0] : undefined;
    if (!pod?.status?.podIP) throw new Error(`no running pod for ${to}`);
    return pod.status.podIP;
  }
  return to;
}

/** Runs the walk a spec describes. */
export function runWalkSpec(world: LabWorld, spec: WalkSpec): WalkRecord {
  const from = resolveTarget(world.engine, spec.from);
  if (!from.ok) throw new Error(from.error);
  const dst = resolveDestination(world, spec.to);
  return world.walk({ from: from.target, dst, proto: spec.proto, ...(spec.port !== undefined ? { dport: Number(spec.port) } : {}) });
}

/** The source IP the answering socket saw: the innermost IPv4 header of the last request hop. */
export function clientIpSeen(rec: WalkRecord): string | undefined {
  const last = rec.hops[rec.hops.length - 1];
  const ipv4 = last?.layers.filter((l) => l.name === 'IPv4') ?? [];
  const inner = ipv4[ipv4.length - 1];
  return inner?.fields.find((f) => /^(src|source)/i.test(f.name))?.value;
}

/** A fact about a walk, as a prediction question asks for it. */
export function walkFact(world: LabWorld, rec: WalkRecord, about: string): string | undefined {
  switch (about) {
    case 'verdict':
      return rec.verdict;
    case 'answeredByPod':
      return rec.answeredBy?.startsWith('pod/') ? rec.answeredBy.split('/')[2] : undefined;
    case 'answeredByNode': {
      const a = rec.answeredBy;
      if (!a) return undefined;
      if (a.startsWith('node/')) return a.slice(5);
      if (a.startsWith('pod/')) {
        const [, ns, name] = a.split('/');
        return world.engine.store.get<Pod>('Pod', ns, name!)?.spec.nodeName;
      }
      return a;
    }
    case 'dropHost':
      return rec.verdict === 'delivered' ? undefined : rec.hops[rec.hops.length - 1]?.host;
    case 'clientIp':
      return rec.verdict === 'delivered' ? clientIpSeen(rec) : undefined;
    case 'firstDevice':
      return rec.hops.find((h) => h.direction === 'out' && h.device)?.device;
    default:
      return undefined;
  }
}

/** Why a walk does not meet a walk check, or undefined when it does. */
export function walkMatches(
  rec: WalkRecord,
  check: { expect: string; via?: string; clientIp?: string; answeredBy?: string },
): string | undefined {
  const ok = check.expect === 'not-delivered' ? rec.verdict !== 'delivered' : rec.verdict === check.expect;
  if (!ok) return `walk ${rec.verdict}${rec.dropReason ? ` (${rec.dropReason})` : ''}, expected ${check.expect}`;
  if (check.via) {
    const re = new RegExp(check.via);
    const hops = [...rec.hops, ...(rec.replyHops ?? [])];
    const hit = (h: (typeof hops)[number]) =>
      re.test(h.host) || re.test(h.netns) || (h.device !== undefined && re.test(h.device)) || re.test(h.summary) || (h.rules ?? []).some((r) => re.test(r.ruleText));
    if (!hops.some(hit) && !(rec.dropReason !== undefined && re.test(rec.dropReason))) {
      return `no hop matches /${check.via}/`;
    }
  }
  if (check.clientIp) {
    const seen = clientIpSeen(rec);
    if (!seen || !new RegExp(`^(?:${check.clientIp})$`).test(seen)) return `the server saw client IP ${seen ?? 'none'}, expected /${check.clientIp}/`;
  }
  if (check.answeredBy && !(rec.answeredBy && new RegExp(check.answeredBy).test(rec.answeredBy))) {
    return `answered by ${rec.answeredBy ?? 'nobody'}, expected /${check.answeredBy}/`;
  }
  return undefined;
}

const LIVE = /\{\{\s*ip:([^}\s]+)\s*\}\}/g;

/**
 * Fills `{{ip:pod/default/b}}`, `{{ip:svc/web}}`, `{{ip:node/node-2}}`, `{{ip:lb/web}}` (and
 * `{{mac:node-3 flannel.1}}`, `{{nodeport:ns/name}}`) with the value as it is now: pod IPs and ClusterIPs are allocated at run time, so a lab's
 * text and commands name the object and the learner sees the address.
 */
export function fillLive(text: string, world: LabWorld): string {
  return text
    .replace(LIVE, (m, ref: string) => {
      try {
        return resolveDestination(world, ref);
      } catch {
        return m;
      }
    })
    .replace(LIVE_NODEPORT, (m, ns: string, name: string) => {
      const port = world.engine.store.get<Service>('Service', ns, name)?.spec.ports?.find((p) => p.nodePort)?.nodePort;
      return port === undefined ? m : String(port);
    })
    .replace(LIVE_MAC, (m, ref: string, dev: string) => {
      const t = resolveTarget(world.engine, ref);
      const link = t.ok ? world.engine.netnsOf(t.target)?.link(dev) : undefined;
      return link?.mac ?? m;
    });
}

/** `{{nodeport:ingress-nginx/ingress-nginx-controller}}`: a Service's (first) node port. */
const LIVE_NODEPORT = /\{\{\s*nodeport:([\w.-]+)\/([\w.-]+)\s*\}\}/g;

/** `{{mac:node-3 flannel.1}}`: a device's MAC address on a host, as it is now. */
const LIVE_MAC = /\{\{\s*mac:(\S+)\s+([\w.@-]+)\s*\}\}/g;
