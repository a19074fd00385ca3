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
