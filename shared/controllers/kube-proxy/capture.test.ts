/**
 * Rebuilds the state of a real capture (../shared/reference-outputs/iptables-save-kubeproxy-2.txt:
 * flannel 10.1.0.0/16, services in 10.2.0.0/16, kube-dns with two endpoints, the apiserver at
 * 192.168.1.5:6443) and checks that our generator writes the very same lines for it.
 */
import { describe, expect, it } from 'vitest';
import { portRules } from './iptables';
import { ruleSpec } from '../../kernel/netfilter/format';
import type { SvcPort } from './model';

const port = (spn: string, proto: 'tcp' | 'udp', clusterIP: string, p: number, eps: string[]): SvcPort => ({
  key: spn.split(':')[0]!,
  spn,
  proto,
  clusterIP,
  port: p,
  externalIPs: [],
  lbIPs: [],
  extLocal: false,
  intLocal: false,
  endpoints: eps.map((str) => ({ ip: str.split(':')[0]!, port: Number(str.split(':')[1]), str })),
});

function lines(p: SvcPort): string[] {
  const r = portRules(p, { clusterCIDR: '10.1.0.0/16', node: 'centos-7-01', largeCluster: false });
  const out = r.natServices.map((x) => `-A KUBE-SERVICES ${ruleSpec(x)}`);
  for (const [c, rules] of r.natChains) for (const x of rules) out.push(`-A ${c} ${ruleSpec(x)}`);
  return out;
}

describe('kube-proxy output equals a real node capture, line for line', () => {
  it('kube-system/kube-dns:dns (udp, two endpoints)', () => {
    expect(lines(port('kube-system/kube-dns:dns', 'udp', '10.2.0.10', 53, ['10.1.0.64:53', '10.1.0.67:53'])).sort()).toEqual(
      [
        '-A KUBE-SERVICES -d 10.2.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU',
        '-A KUBE-SVC-TCOU7JCQXEZGVUNU ! -s 10.1.0.0/16 -d 10.2.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-MARK-MASQ',
        '-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment "kube-system/kube-dns:dns -> 10.1.0.64:53" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-TT4D5P4LY4YRBPNS',
        '-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment "kube-system/kube-dns:dns -> 10.1.0.67:53" -j KUBE-SEP-O5LSP4IVD436RT3J',
        '-A KUBE-SEP-TT4D5P4LY4YRBPNS -s 10.1.0.64/32 -m comment --comment "kube-system/kube-dns:dns" -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-TT4D5P4LY4YRBPNS -p udp -m comment --comment "kube-system/kube-dns:dns" -m udp -j DNAT --to-destination 10.1.0.64:53',
        '-A KUBE-SEP-O5LSP4IVD436RT3J -s 10.1.0.67/32 -m comment --comment "kube-system/kube-dns:dns" -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-O5LSP4IVD436RT3J -p udp -m comment --comment "kube-system/kube-dns:dns" -m udp -j DNAT --to-destination 10.1.0.67:53',
      ].sort(),
    );
  });

  it('default/kubernetes:https (the apiserver endpoint)', () => {
    expect(lines(port('default/kubernetes:https', 'tcp', '10.2.0.1', 443, ['192.168.1.5:6443'])).sort()).toEqual(
      [
        '-A KUBE-SERVICES -d 10.2.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y',
        '-A KUBE-SVC-NPX46M4PTMTKRN6Y ! -s 10.1.0.0/16 -d 10.2.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-MARK-MASQ',
        '-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 192.168.1.5:6443" -j KUBE-SEP-54IUPJM2TTG4TKF2',
        '-A KUBE-SEP-54IUPJM2TTG4TKF2 -s 192.168.1.5/32 -m comment --comment "default/kubernetes:https" -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-54IUPJM2TTG4TKF2 -p tcp -m comment --comment "default/kubernetes:https" -m tcp -j DNAT --to-destination 192.168.1.5:6443',
      ].sort(),
    );
  });

  it('a NodePort service without endpoints: only the filter REJECTs (iptables-save-kubeproxy-noendpoints-1)', () => {
    const p = { ...port('jenkins/jenkins:http', 'tcp', '10.2.226.53', 8080, []), nodePort: 32117 };
    const r = portRules(p, { clusterCIDR: '10.1.0.0/16', node: 'x', largeCluster: false });
    expect(r.natChains.size).toBe(0);
    expect(r.filterServices.map((x) => `-A KUBE-SERVICES ${ruleSpec(x)}`)).toEqual([
      '-A KUBE-SERVICES -d 10.2.226.53/32 -p tcp -m comment --comment "jenkins/jenkins:http has no endpoints" -m tcp --dport 8080 -j REJECT --reject-with icmp-port-unreachable',
    ]);
    expect(r.filterExternal.map((x) => `-A KUBE-EXTERNAL-SERVICES ${ruleSpec(x)}`)).toEqual([
      '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "jenkins/jenkins:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 32117 -j REJECT --reject-with icmp-port-unreachable',
    ]);
  });

  it('a NodePort service with endpoints: KUBE-NODEPORTS → KUBE-EXT → KUBE-SVC (iptables-save-kubeproxy-2, jenkins)', () => {
    const p = { ...port('jenkins/jenkins:http', 'tcp', '10.2.226.53', 8080, ['10.1.0.63:8080']), nodePort: 32117 };
    const r = portRules(p, { clusterCIDR: '10.1.0.0/16', node: 'x', largeCluster: false });
    expect(r.natNodePorts.map((x) => ruleSpec(x))).toEqual(['-p tcp -m comment --comment "jenkins/jenkins:http" -m tcp --dport 32117 -j KUBE-EXT-KLKESZFIHQ5XX6FZ']);
    expect(r.natChains.get('KUBE-EXT-KLKESZFIHQ5XX6FZ')!.map((x) => ruleSpec(x))).toEqual([
      '-m comment --comment "masquerade traffic for jenkins/jenkins:http external destinations" -j KUBE-MARK-MASQ',
      '-j KUBE-SVC-KLKESZFIHQ5XX6FZ',
    ]);
    expect(r.natChains.get('KUBE-SEP-PM7R7IIC56RV32VC')).toBeDefined();
  });
});
