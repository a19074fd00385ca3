/**
 * kube-proxy's iptables mode, as v1.32 (the version our nodes report; same rules as 1.30+)
 * writes it in pkg/proxy/iptables/proxier.go syncProxyRules: the per-service rules of
 * KUBE-SERVICES / KUBE-NODEPORTS / KUBE-EXTERNAL-SERVICES, the KUBE-SVC / KUBE-SVL /
 * KUBE-EXT / KUBE-SEP chains, and the fixed chains and jumps every node has. Rules are
 * written as kube-proxy writes its arguments and go through the one iptables parser.
 */
import { parseRule } from '../../kernel/netfilter/parse';
import type { Rule } from '../../kernel/netfilter/state';
import type { Origin } from '../../kernel/types';
import { extChain, probability, sepChain, svcChain, svlChain } from './hash';
import { externallyAccessible, type Endpoint, type SvcPort } from './model';

/** Parses kube-proxy's argument list into a rule (a failure here is a bug in this file). */
export function rule(owner: string, ref: string | undefined, args: string[], origin?: Origin): Rule {
  const r = parseRule(args);
  if (!r.ok) throw new Error(`kube-proxy generated an invalid rule (${r.error}): ${args.join(' ')}`);
  r.rule.owner = owner;
  if (ref) r.rule.ownerRef = ref;
  if (origin) r.rule.origin = origin;
  return r.rule;
}

/** Provenance of a service port's rules and IPVS entries: kube-proxy, for the Service. */
export function serviceOrigin(p: SvcPort): Origin {
  const [namespace, name] = p.key.split('/') as [string, string];
  return { controller: 'kube-proxy', object: { kind: 'Service', namespace, name }, detail: `for Service port ${p.spn}` };
}

/** Provenance of one endpoint's rules and real server: kube-proxy, from the EndpointSlice listing it. */
export function endpointOrigin(p: SvcPort, e: Endpoint): Origin | undefined {
  if (!e.slice) return undefined;
  const [namespace, service] = p.key.split('/') as [string, string];
  return { controller: 'kube-proxy', object: { kind: 'EndpointSlice', namespace, name: e.slice, service }, detail: `for endpoint ${e.str} of ${p.spn}, listed in EndpointSlice ${namespace}/${e.slice}` };
}

/** One service port's share of a node's rules. */
export interface PortRules {
  natServices: Rule[];
  natNodePorts: Rule[];
  filterServices: Rule[];
  filterExternal: Rule[];
  filterNodePorts: Rule[];
  /** KUBE-SVC / KUBE-SVL / KUBE-EXT / KUBE-SEP chains of this port. */
  natChains: Map<string, Rule[]>;
}

export interface GenOptions {
  /** --cluster-cidr, for the local-traffic detector (`! -s 10.244.0.0/16`). */
  clusterCIDR: string;
  /** The node being programmed (local endpoints for *TrafficPolicy: Local). */
  node: string;
  /** More than 1000 endpoints: kube-proxy leaves out per-endpoint comments. */
  largeCluster: boolean;
}

/** Does this port's output depend on which node it is for? */
export function nodeDependent(p: SvcPort): boolean {
  return p.extLocal || p.intLocal;
}

/** The rules for one service port on one node. */
export function portRules(p: SvcPort, o: GenOptions): PortRules {
  const out: PortRules = { natServices: [], natNodePorts: [], filterServices: [], filterExternal: [], filterNodePorts: [], natChains: new Map() };
  const svcOrigin = serviceOrigin(p);
  const R = (args: string[], origin: Origin | undefined = svcOrigin) => rule('kube-proxy', p.spn, args, origin ?? svcOrigin);
  const proto = p.proto;
  const port = String(p.port);
  const svc = svcChain(p.spn, proto);
  const svl = svlChain(p.spn, proto);
  const ext = extChain(p.spn, proto);
  const all = p.endpoints;
  const local = all.filter((e) => e.node === o.node);
  const hasEndpoints = all.length > 0;
  const accessible = externallyAccessible(p);
  const usesCluster = all.length > 0 && (!p.intLocal || (accessible && !p.extLocal));
  const usesLocal = local.length > 0 && (p.intLocal || (accessible && p.extLocal));
  const internalChain = p.intLocal ? svl : svc;
  const hasInternal = p.intLocal ? local.length > 0 : hasEndpoints;
  const externalPolicyChain = p.extLocal ? svl : svc;
  const hasExternal = p.extLocal ? local.length > 0 : hasEndpoints;
  const usesExt = hasEndpoints && accessible;

  let intFilter: [string, string] | undefined;
  let extFilter: [string, string] | undefined;
  if (!hasEndpoints) intFilter = extFilter = ['REJECT', `${p.spn} has no endpoints`];
  else {
    if (!hasInternal) intFilter = ['DROP', `${p.spn} has no local endpoints`];
    if (!hasExternal) extFilter = ['DROP', `${p.spn} has no local endpoints`];
  }
  const m = ['-m', proto, '-p', proto];

  // Capture the clusterIP.
  if (hasInternal) out.natServices.push(R(['-m', 'comment', '--comment', `${p.spn} cluster IP`, ...m, '-d', p.clusterIP!, '--dport', port, '-j', internalChain]));
  else out.filterServices.push(R(['-m', 'comment', '--comment', intFilter![1], ...m, '-d', p.clusterIP!, '--dport', port, '-j', intFilter![0]]));
  // Capture externalIPs.
  for (const ip of p.externalIPs) {
    if (hasEndpoints) out.natServices.push(R(['-m', 'comment', '--comment', `${p.spn} external IP`, ...m, '-d', ip, '--dport', port, '-j', ext]));
    if (!hasExternal) out.filterExternal.push(R(['-m', 'comment', '--comment', extFilter![1], ...m, '-d', ip, '--dport', port, '-j', extFilter![0]]));
  }
  // Capture load-balancer ingress.
  for (const ip of p.lbIPs) {
    if (hasEndpoints) out.natServices.push(R(['-m', 'comment', '--comment', `${p.spn} loadbalancer IP`, ...m, '-d', ip, '--dport', port, '-j', ext]));
  }
  if (!hasExternal) for (const ip of p.lbIPs) out.filterExternal.push(R(['-m', 'comment', '--comment', extFilter![1], ...m, '-d', ip, '--dport', port, '-j', extFilter![0]]));
  // Capture nodeports.
  if (p.nodePort) {
    const np = String(p.nodePort);
    if (hasEndpoints) out.natNodePorts.push(R(['-m', 'comment', '--comment', p.spn, ...m, '--dport', np, '-j', ext]));
    if (!hasExternal) out.filterExternal.push(R(['-m', 'comment', '--comment', extFilter![1], '-m', 'addrtype', '--dst-type', 'LOCAL', ...m, '--dport', np, '-j', extFilter![0]]));
  }
  if (p.healthCheckNodePort) {
    out.filterNodePorts.push(R(['-m', 'comment', '--comment', `${p.key} health check node port`, '-m', 'tcp', '-p', 'tcp', '--dport', String(p.healthCheckNodePort), '-j', 'ACCEPT']));
  }
  if (!hasEndpoints) return out;

  const chain = (name: string) => {
    let c = out.natChains.get(name);
    if (!c) out.natChains.set(name, (c = []));
    return c;
  };
  // The external traffic chain.
  if (usesExt) {
    const c = chain(ext);
    if (!p.extLocal) c.push(R(['-m', 'comment', '--comment', `masquerade traffic for ${p.spn} external destinations`, '-j', 'KUBE-MARK-MASQ']));
    else {
      c.push(R(['-m', 'comment', '--comment', `pod traffic for ${p.spn} external destinations`, '-s', o.clusterCIDR, '-j', svc]));
      c.push(R(['-m', 'comment', '--comment', `masquerade LOCAL traffic for ${p.spn} external destinations`, '-m', 'addrtype', '--src-type', 'LOCAL', '-j', 'KUBE-MARK-MASQ']));
      c.push(R(['-m', 'comment', '--comment', `route LOCAL traffic for ${p.spn} external destinations`, '-m', 'addrtype', '--src-type', 'LOCAL', '-j', svc]));
    }
    if (hasExternal) c.push(R(['-j', externalPolicyChain]));
  }
  // Internal traffic: masquerade off-cluster sources (the local-traffic detector).
  if (hasInternal) {
    chain(internalChain).push(R(['-m', 'comment', '--comment', `${p.spn} cluster IP`, ...m, '-d', p.clusterIP!, '--dport', port, '!', '-s', o.clusterCIDR, '-j', 'KUBE-MARK-MASQ']));
  }
  const comment = (text: string) => (o.largeCluster ? [] : ['-m', 'comment', '--comment', text]);
  const toEndpoints = (name: string, eps: Endpoint[]) => {
    const c = chain(name);
    if (p.affinity !== undefined) {
      for (const e of eps) {
        const sep = sepChain(p.spn, proto, e.str);
        c.push(R([...comment(`${p.spn} -> ${e.str}`), '-m', 'recent', '--name', sep, '--rcheck', '--seconds', String(p.affinity), '--reap', '-j', sep]));
      }
    }
    eps.forEach((e, i) => {
      const stat = i < eps.length - 1 ? ['-m', 'statistic', '--mode', 'random', '--probability', probability(eps.length - i)] : [];
      c.push(R([...comment(`${p.spn} -> ${e.str}`), ...stat, '-j', sepChain(p.spn, proto, e.str)]));
    });
  };
  if (usesCluster) toEndpoints(svc, all);
  if (usesLocal) toEndpoints(svl, local);
  const reachable = new Map<string, Endpoint>();
  if (usesCluster) for (const e of all) reachable.set(e.str, e);
  if (usesLocal) for (const e of local) reachable.set(e.str, e);
  for (const e of [...reachable.values()]) {
    const sep = sepChain(p.spn, proto, e.str);
    const c = chain(sep);
    const epOrigin = endpointOrigin(p, e);
    c.push(R([...comment(p.spn), '-s', e.ip, '-j', 'KUBE-MARK-MASQ'], epOrigin));
    const aff = p.affinity !== undefined ? ['-m', 'recent', '--name', sep, '--set'] : [];
    c.push(R([...comment(p.spn), ...aff, ...m, '-j', 'DNAT', '--to-destination', e.str], epOrigin));
  }
  return out;
}

/** Chains kube-proxy (and the kubelet) own in each table, created on every node. */
export const FIXED_CHAINS = {
  mangle: ['KUBE-IPTABLES-HINT', 'KUBE-KUBELET-CANARY', 'KUBE-PROXY-CANARY'],
  nat: ['KUBE-KUBELET-CANARY', 'KUBE-MARK-MASQ', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-PROXY-CANARY', 'KUBE-SERVICES'],
  filter: ['KUBE-EXTERNAL-SERVICES', 'KUBE-FIREWALL', 'KUBE-FORWARD', 'KUBE-KUBELET-CANARY', 'KUBE-NODEPORTS', 'KUBE-PROXY-CANARY', 'KUBE-PROXY-FIREWALL', 'KUBE-SERVICES'],
} as const;

/** The jumps from built-in chains, in the order EnsureRule(Prepend) leaves them. */
export function jumpRules(): { table: 'nat' | 'filter'; chain: string; rule: Rule; append?: boolean }[] {
  const k = (args: string[]) => rule('kube-proxy', undefined, args);
  const kl = (args: string[]) => rule('kubelet', undefined, args);
  const NEW = ['-m', 'conntrack', '--ctstate', 'NEW'];
  const j = (comment: string, target: string, extra: string[] = []) => k([...extra, '-m', 'comment', '--comment', comment, '-j', target]);
  return [
    { table: 'filter', chain: 'INPUT', rule: j('kubernetes load balancer firewall', 'KUBE-PROXY-FIREWALL', NEW) },
    { table: 'filter', chain: 'INPUT', rule: j('kubernetes health check service ports', 'KUBE-NODEPORTS') },
    { table: 'filter', chain: 'INPUT', rule: j('kubernetes externally-visible service portals', 'KUBE-EXTERNAL-SERVICES', NEW) },
    { table: 'filter', chain: 'INPUT', rule: kl(['-j', 'KUBE-FIREWALL']), append: true },
    { table: 'filter', chain: 'FORWARD', rule: j('kubernetes load balancer firewall', 'KUBE-PROXY-FIREWALL', NEW) },
    { table: 'filter', chain: 'FORWARD', rule: j('kubernetes forwarding rules', 'KUBE-FORWARD') },
    { table: 'filter', chain: 'FORWARD', rule: j('kubernetes service portals', 'KUBE-SERVICES', NEW) },
    { table: 'filter', chain: 'FORWARD', rule: j('kubernetes externally-visible service portals', 'KUBE-EXTERNAL-SERVICES', NEW) },
    { table: 'filter', chain: 'OUTPUT', rule: j('kubernetes load balancer firewall', 'KUBE-PROXY-FIREWALL', NEW) },
    { table: 'filter', chain: 'OUTPUT', rule: j('kubernetes service portals', 'KUBE-SERVICES', NEW) },
    { table: 'filter', chain: 'OUTPUT', rule: kl(['-j', 'KUBE-FIREWALL']), append: true },
    { table: 'nat', chain: 'PREROUTING', rule: j('kubernetes service portals', 'KUBE-SERVICES') },
    { table: 'nat', chain: 'OUTPUT', rule: j('kubernetes service portals', 'KUBE-SERVICES') },
    { table: 'nat', chain: 'POSTROUTING', rule: j('kubernetes postrouting rules', 'KUBE-POSTROUTING') },
  ];
}

/** The fixed contents of kube-proxy's (and the kubelet's) own chains. */
export function fixedChainRules(): { table: 'nat' | 'filter'; chain: string; rules: Rule[] }[] {
  const k = (args: string[]) => rule('kube-proxy', undefined, args);
  return [
    { table: 'nat', chain: 'KUBE-MARK-MASQ', rules: [k(['-j', 'MARK', '--or-mark', '0x4000'])] },
    {
      table: 'nat',
      chain: 'KUBE-POSTROUTING',
      rules: [
        k(['-m', 'mark', '!', '--mark', '0x4000/0x4000', '-j', 'RETURN']),
        k(['-j', 'MARK', '--xor-mark', '0x4000']),
        k(['-m', 'comment', '--comment', 'kubernetes service traffic requiring SNAT', '-j', 'MASQUERADE', '--random-fully']),
      ],
    },
    {
      table: 'filter',
      chain: 'KUBE-FORWARD',
      rules: [
        k(['-m', 'conntrack', '--ctstate', 'INVALID', '-j', 'DROP']),
        k(['-m', 'comment', '--comment', 'kubernetes forwarding rules', '-m', 'mark', '--mark', '0x4000/0x4000', '-j', 'ACCEPT']),
        k(['-m', 'comment', '--comment', 'kubernetes forwarding conntrack rule', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT']),
      ],
    },
    {
      table: 'filter',
      chain: 'KUBE-FIREWALL',
      rules: [
        rule('kubelet', undefined, ['!', '-s', '127.0.0.0/8', '-d', '127.0.0.0/8', '-m', 'comment', '--comment', 'block incoming localnet connections', '-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT', '-j', 'DROP']),
      ],
    },
  ];
}

/** The last rule of nat KUBE-SERVICES. */
export function nodePortsJump(): Rule {
  return rule('kube-proxy', undefined, ['-m', 'comment', '--comment', 'kubernetes service nodeports; NOTE: this must be the last rule in this chain', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'KUBE-NODEPORTS']);
}
