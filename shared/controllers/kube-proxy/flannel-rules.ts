/**
 * flanneld's own iptables rules (flannel v0.26, pkg/trafficmngr/iptables): FLANNEL-POSTRTG
 * masquerades pod traffic leaving the pod network (but not pod-to-pod, and not what
 * kube-proxy already marked for SNAT), FLANNEL-FWD accepts forwarding to and from pods.
 */
import type { NetNS } from '../../kernel/netns';
import type { Rule } from '../../kernel/netfilter/state';
import { sameRule, setRules } from '../../kernel/netfilter/ops';
import { rule } from './iptables';

/** Writes flannel's chains on one node (idempotent: chains are rewritten, jumps ensured). */
export function programFlannel(ns: NetNS, clusterCIDR: string, nodeSubnet: string): void {
  const f = (args: string[]) => rule('flanneld', undefined, args);
  const masq = ['-m', 'comment', '--comment', 'flanneld masq'];
  const fwd = ['-m', 'comment', '--comment', 'flanneld forward'];
  const nat = ns.nf.tables.nat;
  const filter = ns.nf.tables.filter;
  const put = (t: typeof nat, chain: string, rules: Rule[]) => {
    t.chains.set(chain, { ...(t.chains.get(chain) ?? { name: chain }), rules });
    t.touched = true;
  };
  put(nat, 'FLANNEL-POSTRTG', [
    f(['-m', 'mark', '--mark', '0x4000/0x4000', ...masq, '-j', 'RETURN']),
    f(['-s', nodeSubnet, '-d', clusterCIDR, ...masq, '-j', 'RETURN']),
    f(['-s', clusterCIDR, '-d', nodeSubnet, ...masq, '-j', 'RETURN']),
    f(['!', '-s', clusterCIDR, '-d', nodeSubnet, ...masq, '-j', 'RETURN']),
    f(['-s', clusterCIDR, '!', '-d', '224.0.0.0/4', ...masq, '-j', 'MASQUERADE', '--random-fully']),
    f(['!', '-s', clusterCIDR, '-d', clusterCIDR, ...masq, '-j', 'MASQUERADE', '--random-fully']),
  ]);
  put(filter, 'FLANNEL-FWD', [f(['-s', clusterCIDR, ...fwd, '-j', 'ACCEPT']), f(['-d', clusterCIDR, ...fwd, '-j', 'ACCEPT'])]);
  const ensure = (t: typeof nat, chain: string, r: Rule) => {
    const c = t.chains.get(chain)!;
    if (!c.rules.some((x) => sameRule(x, r))) setRules(t, c, [...c.rules, r]);
  };
  ensure(nat, 'POSTROUTING', f([...masq, '-j', 'FLANNEL-POSTRTG']));
  ensure(filter, 'FORWARD', f([...fwd, '-j', 'FLANNEL-FWD']));
}

/**
 * Calico felix's NAT rules (v3.2x): its hooks at the top of PREROUTING / OUTPUT / POSTROUTING
 * (felix inserts, so they come before kube-proxy's), the floating-IP chains, and
 * cali-nat-outgoing masquerading pod traffic that leaves every IP pool (natOutgoing: true
 * on the default pool), matched through felix's cali40*-ipam-pools ipsets. The rule ids are
 * felix's own (`cali:flqWnvo8yq4ULQLa` is the same on every cluster).
 */
export function programCalicoNat(ns: NetNS, poolCIDR: string): void {
  const f = (id: string, args: string[]) => rule('calico-felix', undefined, ['-m', 'comment', '--comment', `cali:${id}`, ...args]);
  const nat = ns.nf.tables.nat;
  const put = (chain: string, rules: Rule[]) => nat.chains.set(chain, { ...(nat.chains.get(chain) ?? { name: chain }), rules });
  put('cali-PREROUTING', [f('r6XmIziWUJsdOK6Z', ['-j', 'cali-fip-dnat'])]);
  put('cali-OUTPUT', [f('GBTAv2p5CwevEyJm', ['-j', 'cali-fip-dnat'])]);
  put('cali-POSTROUTING', [f('Z-c7XtVd2Bq7s_hA', ['-j', 'cali-fip-snat']), f('nYKhEzDlr11Jccal', ['-j', 'cali-nat-outgoing'])]);
  put('cali-fip-dnat', []);
  put('cali-fip-snat', []);
  put('cali-nat-outgoing', [
    f('flqWnvo8yq4ULQLa', ['-m', 'set', '--match-set', 'cali40masq-ipam-pools', 'src', '-m', 'set', '!', '--match-set', 'cali40all-ipam-pools', 'dst', '-j', 'MASQUERADE', '--random-fully']),
  ]);
  nat.touched = true;
  for (const [chain, id, target] of [
    ['PREROUTING', '6gwbT8clXdHdC1b1', 'cali-PREROUTING'],
    ['OUTPUT', 'tVnHkvAo15HuiPy0', 'cali-OUTPUT'],
    ['POSTROUTING', 'O3lYWMrLQYEMJtB5', 'cali-POSTROUTING'],
  ] as const) {
    const c = nat.chains.get(chain)!;
    const r = f(id, ['-j', target]);
    if (!c.rules.some((x) => sameRule(x, r))) setRules(nat, c, [r, ...c.rules]);
  }
  for (const name of ['cali40masq-ipam-pools', 'cali40all-ipam-pools']) {
    ns.ipsets.sets.set(name, { name, type: 'hash:net', entries: new Set([poolCIDR]), maxelem: 1048576 });
  }
}
