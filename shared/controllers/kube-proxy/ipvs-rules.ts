/**
 * The smaller iptables rule set kube-proxy's IPVS mode keeps (pkg/proxy/ipvs/proxier.go
 * writeIptablesRules, v1.32) and the ipsets it matches against (pkg/proxy/ipvs/ipset.go).
 */
import type { IpsetType } from '../../kernel/ipvs/state';
import type { Rule } from '../../kernel/netfilter/state';
import { rule, type GenOptions } from './iptables';

/** kube-proxy's ipsets: name, type, comment (ipset.go). */
export const SETS: [string, IpsetType, string][] = [
  ['KUBE-CLUSTER-IP', 'hash:ip,port', 'Kubernetes service cluster ip + port for masquerade purpose'],
  ['KUBE-EXTERNAL-IP', 'hash:ip,port', 'Kubernetes service external ip + port for masquerade and filter purpose'],
  ['KUBE-EXTERNAL-IP-LOCAL', 'hash:ip,port', 'Kubernetes service external ip + port with externalTrafficPolicy=local'],
  ['KUBE-HEALTH-CHECK-NODE-PORT', 'bitmap:port', 'Kubernetes health check node port'],
  ['KUBE-IPVS-IPS', 'hash:ip', 'Kubernetes service IPs'],
  ['KUBE-LOAD-BALANCER', 'hash:ip,port', 'Kubernetes service lb portal'],
  ['KUBE-LOAD-BALANCER-LOCAL', 'hash:ip,port', 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local'],
  ['KUBE-LOOP-BACK', 'hash:ip,port,ip', 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose'],
  ['KUBE-NODE-PORT-LOCAL-TCP', 'bitmap:port', 'Kubernetes nodeport TCP port with externalTrafficPolicy=local'],
  ['KUBE-NODE-PORT-LOCAL-UDP', 'bitmap:port', 'Kubernetes nodeport UDP port with externalTrafficPolicy=local'],
  ['KUBE-NODE-PORT-TCP', 'bitmap:port', 'Kubernetes nodeport TCP port for masquerade purpose'],
  ['KUBE-NODE-PORT-UDP', 'bitmap:port', 'Kubernetes nodeport UDP port for masquerade purpose'],
];

/** The fixed iptables rules of IPVS mode. */
export function ipvsRules(o: Omit<GenOptions, 'node'>, hasLb: boolean): { table: 'nat' | 'filter'; chain: string; rules: Rule[] }[] {
  const k = (args: string[]) => rule('kube-proxy', undefined, args);
  const set = (name: string, flags: string) => ['-m', 'set', '--match-set', name, flags];
  return [
    {
      table: 'nat',
      chain: 'KUBE-SERVICES',
      rules: [
        k(['!', '-s', o.clusterCIDR, '-m', 'comment', '--comment', 'Kubernetes service cluster ip + port for masquerade purpose', ...set('KUBE-CLUSTER-IP', 'dst,dst'), '-j', 'KUBE-MARK-MASQ']),
        ...(hasLb ? [k(['-m', 'comment', '--comment', 'Kubernetes service lb portal', ...set('KUBE-LOAD-BALANCER', 'dst,dst'), '-j', 'KUBE-LOAD-BALANCER'])] : []),
        k(['-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'KUBE-NODE-PORT']),
        k([...set('KUBE-CLUSTER-IP', 'dst,dst'), '-j', 'ACCEPT']),
        ...(hasLb ? [k([...set('KUBE-LOAD-BALANCER', 'dst,dst'), '-j', 'ACCEPT'])] : []),
      ],
    },
    {
      table: 'nat',
      chain: 'KUBE-POSTROUTING',
      rules: [
        k(['-m', 'comment', '--comment', 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose', ...set('KUBE-LOOP-BACK', 'dst,dst,src'), '-j', 'MASQUERADE']),
        k(['-m', 'mark', '!', '--mark', '0x4000/0x4000', '-j', 'RETURN']),
        k(['-j', 'MARK', '--xor-mark', '0x4000']),
        k(['-m', 'comment', '--comment', 'kubernetes service traffic requiring SNAT', '-j', 'MASQUERADE', '--random-fully']),
      ],
    },
    { table: 'nat', chain: 'KUBE-MARK-MASQ', rules: [k(['-j', 'MARK', '--or-mark', '0x4000'])] },
    { table: 'nat', chain: 'KUBE-LOAD-BALANCER', rules: [k(['-j', 'KUBE-MARK-MASQ'])] },
    {
      table: 'nat',
      chain: 'KUBE-NODE-PORT',
      rules: [
        k(['-p', 'tcp', '-m', 'comment', '--comment', 'Kubernetes nodeport TCP port for masquerade purpose', ...set('KUBE-NODE-PORT-TCP', 'dst'), '-j', 'KUBE-MARK-MASQ']),
        k(['-p', 'udp', '-m', 'comment', '--comment', 'Kubernetes nodeport UDP port for masquerade purpose', ...set('KUBE-NODE-PORT-UDP', 'dst'), '-j', 'KUBE-MARK-MASQ']),
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
    { table: 'filter', chain: 'KUBE-NODE-PORT', rules: [k(['-m', 'comment', '--comment', 'Kubernetes health check node port', ...set('KUBE-HEALTH-CHECK-NODE-PORT', 'dst'), '-j', 'ACCEPT'])] },
    {
      table: 'filter',
      chain: 'KUBE-IPVS-FILTER',
      rules: [
        k([...set('KUBE-LOAD-BALANCER', 'dst,dst'), '-j', 'RETURN']),
        k([...set('KUBE-CLUSTER-IP', 'dst,dst'), '-j', 'RETURN']),
        k([...set('KUBE-EXTERNAL-IP', 'dst,dst'), '-j', 'RETURN']),
        k([...set('KUBE-EXTERNAL-IP-LOCAL', 'dst,dst'), '-j', 'RETURN']),
        k([...set('KUBE-HEALTH-CHECK-NODE-PORT', 'dst'), '-j', 'RETURN']),
        k(['-m', 'conntrack', '--ctstate', 'NEW', ...set('KUBE-IPVS-IPS', 'dst'), '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable']),
      ],
    },
  ];
}

export function ipvsJumps(): { table: 'nat' | 'filter'; chain: string; rule: Rule }[] {
  const j = (comment: string, target: string) => rule('kube-proxy', undefined, ['-m', 'comment', '--comment', comment, '-j', target]);
  return [
    { table: 'nat', chain: 'PREROUTING', rule: j('kubernetes service portals', 'KUBE-SERVICES') },
    { table: 'nat', chain: 'OUTPUT', rule: j('kubernetes service portals', 'KUBE-SERVICES') },
    { table: 'nat', chain: 'POSTROUTING', rule: j('kubernetes postrouting rules', 'KUBE-POSTROUTING') },
    { table: 'filter', chain: 'INPUT', rule: j('kubernetes ipvs access filter', 'KUBE-IPVS-FILTER') },
    { table: 'filter', chain: 'INPUT', rule: j('kubernetes health check rules', 'KUBE-NODE-PORT') },
    { table: 'filter', chain: 'FORWARD', rule: j('kubernetes forwarding rules', 'KUBE-FORWARD') },
    { table: 'filter', chain: 'OUTPUT', rule: j('kubernetes ipvs access filter', 'KUBE-IPVS-OUT-FILTER') },
  ];
}
