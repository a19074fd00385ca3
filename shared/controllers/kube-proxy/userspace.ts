/**
 * kube-proxy's historic userspace mode (pkg/proxy/userspace, removed in v1.26): for every
 * service port a proxy socket on a random port of the node, KUBE-PORTALS-CONTAINER
 * REDIRECTing pod traffic to it, KUBE-PORTALS-HOST DNATing the node's own traffic to it,
 * and the NodePort equivalents. The proxy accepts the connection in user space and opens a
 * second one to an endpoint (round robin, or sticky for ClientIP affinity), so a trace
 * shows two connections and the pod sees the node as its client.
 */
import type { Engine } from '../../sim/engine';
import type { Disposable } from '../../model/store';
import type { Rule } from '../../kernel/netfilter/state';
import type { Payload } from '../../kernel/packet';
import { setRules } from '../../kernel/netfilter/ops';
import { listen } from '../../sim/apps/sockets';
import { exchange } from '../../sim/walk/exchange';
import { rule, serviceOrigin } from './iptables';
import type { SvcPort } from './model';
import type { NodeTarget } from './sync';

const NAT_CHAINS = ['KUBE-NODEPORT-CONTAINER', 'KUBE-NODEPORT-HOST', 'KUBE-PORTALS-CONTAINER', 'KUBE-PORTALS-HOST'];

export class UserspaceProxy {
  /** node → service port name → proxy port and its socket. */
  private readonly sockets = new Map<string, Map<string, { port: number; sock: Disposable }>>();
  private readonly next = new Map<string, number>();
  private readonly affinity = new Map<string, string>();

  constructor(
    private readonly engine: Engine,
    private readonly nodes: () => NodeTarget[],
  ) {}

  /** A proxy port for the service port on this node (stable while the service lives). */
  private portFor(node: string, spn: string): number {
    const rng = this.engine.env.rng.fork(`userspace-proxy:${node}:${spn}`);
    const used = new Set([...(this.sockets.get(node)?.values() ?? [])].map((s) => s.port));
    for (;;) {
      const p = 32768 + rng.int(60999 - 32768);
      if (!used.has(p)) return p;
    }
  }

  private handler(node: string, p: SvcPort) {
    return (req: { src: string; payload: Payload }) => {
      const eps = p.endpoints;
      if (!eps.length) return { reset: true, process: 'kube-proxy' };
      let ep = p.affinity !== undefined ? eps.find((e) => e.str === this.affinity.get(`${p.spn}|${req.src}`)) : undefined;
      if (!ep) {
        const k = `${node}|${p.spn}`;
        const i = this.next.get(k) ?? 0;
        ep = eps[i % eps.length]!;
        this.next.set(k, i + 1);
        if (p.affinity !== undefined) this.affinity.set(`${p.spn}|${req.src}`, ep.str);
      }
      const r = exchange(this.engine, { from: { kind: 'node', name: node }, dst: ep.ip, proto: p.proto, dport: ep.port, payload: req.payload, record: false, title: `kube-proxy (userspace) → ${ep.str}` });
      if (!r.ok) return { reset: true, walks: r.walks, process: 'kube-proxy' };
      return { ...(r.reply ? { payload: r.reply } : {}), walks: r.walks, process: 'kube-proxy' };
    };
  }

  /** Rewrites every node's portal chains and proxy sockets for the given service ports. */
  sync(ports: Map<string, SvcPort[]>): void {
    for (const n of this.nodes()) {
      const nodeIp = this.engine.spec.nodes.find((x) => x.name === n.name)?.ip ?? '';
      let socks = this.sockets.get(n.name);
      if (!socks) this.sockets.set(n.name, (socks = new Map()));
      const want = new Set<string>();
      const rules: Record<string, Rule[]> = Object.fromEntries(NAT_CHAINS.map((c) => [c, []]));
      const nonLocal: Rule[] = [];
      for (const ps of [...ports].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, v]) => v)) {
        for (const p of ps) {
          want.add(p.spn);
          let s = socks.get(p.spn);
          if (!s) {
            const port = this.portFor(n.name, p.spn);
            s = { port, sock: listen(this.engine, n.ns.id, p.proto, port, this.handler(n.name, p), 'kube-proxy') };
            socks.set(p.spn, s);
          } else {
            s.sock.dispose();
            s.sock = listen(this.engine, n.ns.id, p.proto, s.port, this.handler(n.name, p), 'kube-proxy');
          }
          const R = (args: string[]) => rule('kube-proxy', p.spn, args, serviceOrigin(p));
          const m = ['-m', 'comment', '--comment', p.spn, '-p', p.proto, '-m', p.proto];
          rules['KUBE-PORTALS-CONTAINER']!.push(R(['-d', p.clusterIP!, ...m, '--dport', String(p.port), '-j', 'REDIRECT', '--to-ports', String(s.port)]));
          rules['KUBE-PORTALS-HOST']!.push(R(['-d', p.clusterIP!, ...m, '--dport', String(p.port), '-j', 'DNAT', '--to-destination', `${nodeIp}:${s.port}`]));
          if (p.nodePort) {
            rules['KUBE-NODEPORT-CONTAINER']!.push(R([...m, '--dport', String(p.nodePort), '-j', 'REDIRECT', '--to-ports', String(s.port)]));
            rules['KUBE-NODEPORT-HOST']!.push(R([...m, '--dport', String(p.nodePort), '-j', 'DNAT', '--to-destination', `${nodeIp}:${s.port}`]));
            nonLocal.push(R(['-m', 'comment', '--comment', p.spn, '-m', p.proto, '-p', p.proto, '--dport', String(s.port), '-j', 'ACCEPT']));
          }
        }
      }
      for (const [spn, s] of [...socks]) if (!want.has(spn)) {
        s.sock.dispose();
        socks.delete(spn);
      }
      const nat = n.ns.nf.tables.nat;
      const filter = n.ns.nf.tables.filter;
      for (const c of NAT_CHAINS) nat.chains.set(c, { name: c, rules: rules[c]! });
      filter.chains.set('KUBE-NODEPORT-NON-LOCAL', { name: 'KUBE-NODEPORT-NON-LOCAL', rules: nonLocal });
      nat.touched = filter.touched = true;
      const k = (args: string[]) => rule('kube-proxy', undefined, args);
      const jumps: [typeof nat, string, Rule][] = [
        [nat, 'PREROUTING', k(['-m', 'comment', '--comment', 'handle ClusterIPs; NOTE: this must be before the NodePort rules', '-j', 'KUBE-PORTALS-CONTAINER'])],
        [nat, 'PREROUTING', k(['-m', 'addrtype', '--dst-type', 'LOCAL', '-m', 'comment', '--comment', 'handle service NodePorts; NOTE: this must be the last rule in the chain', '-j', 'KUBE-NODEPORT-CONTAINER'])],
        [nat, 'OUTPUT', k(['-m', 'comment', '--comment', 'handle ClusterIPs; NOTE: this must be before the NodePort rules', '-j', 'KUBE-PORTALS-HOST'])],
        [nat, 'OUTPUT', k(['-m', 'addrtype', '--dst-type', 'LOCAL', '-m', 'comment', '--comment', 'handle service NodePorts; NOTE: this must be the last rule in the chain', '-j', 'KUBE-NODEPORT-HOST'])],
        [filter, 'INPUT', k(['-m', 'comment', '--comment', 'Ensure that non-local NodePort traffic can flow', '-j', 'KUBE-NODEPORT-NON-LOCAL'])],
      ];
      for (const [t, chain, r] of jumps) {
        const c = t.chains.get(chain)!;
        if (!c.rules.some((x) => x.target?.t === 'jump' && r.target?.t === 'jump' && x.target.chain === r.target.chain)) setRules(t, c, [...c.rules, r]);
      }
    }
  }

  /** Closes every proxy socket (switching away from userspace mode). */
  cleanup(): void {
    for (const socks of this.sockets.values()) for (const s of socks.values()) s.sock.dispose();
    this.sockets.clear();
  }
}
