/**
 * What kube-proxy writes when it starts (klog format), from the state it starts in: the
 * proxy mode it read from its ConfigMap, its node's IP, its version. `kubectl logs -n
 * kube-system kube-proxy-xxxxx | grep Using` is how one checks the mode on a real cluster.
 */
import type { Engine } from '../../sim/engine';
import type { Pod } from '../../model/objects';
import { NODE_INFO } from '../../sim/create';

/** klog's header: `I0101 00:00:00.000000       1 file.go:NN] `. */
export function klog(ms: number, file: string, msg: string): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `I${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)}       1 ${file}] ${msg}`;
}

/** kube-proxy's start-up lines for a pod, in the mode the cluster runs now. */
export function kubeProxyStartLog(engine: Engine, pod: Pod): string[] {
  const t = Date.parse(pod.status?.startTime ?? pod.metadata.creationTimestamp ?? '') || engine.env.clock.now();
  const mode = engine.spec.proxyMode;
  const ip = pod.status?.hostIP ?? '';
  const l = (file: string, msg: string) => klog(t, file, msg);
  const lines = [
    l('server_linux.go:66', `"Using ${mode} proxy"`),
    l('server.go:698', `"Successfully retrieved node IP(s)" IPs=["${ip}"]`),
    l('conntrack.go:60', '"Setting nf_conntrack_max" nfConntrackMax=131072'),
    l('server.go:243', '"kube-proxy running in single-stack mode" ipFamily="IPv4"'),
    l('server_linux.go:170', `"Using ${mode} Proxier"`),
  ];
  if (mode === 'iptables') {
    lines.push(l('proxier.go:255', '"Setting route_localnet=1 to allow node-ports on localhost; to change this either disable iptables.localhostNodePorts (--iptables-localhost-nodeports) or set nodePortAddresses (--nodeport-addresses) to filter loopback addresses" ipFamily="IPv4"'));
  }
  lines.push(
    l('server.go:497', `"Version info" version="${NODE_INFO.kubeProxyVersion}"`),
    l('config.go:199', '"Starting service config controller"'),
    l('shared_informer.go:313', 'Waiting for caches to sync for service config'),
    l('config.go:105', '"Starting endpoint slice config controller"'),
    l('shared_informer.go:313', 'Waiting for caches to sync for endpoint slice config'),
    l('shared_informer.go:320', 'Caches are synced for service config'),
    l('shared_informer.go:320', 'Caches are synced for endpoint slice config'),
  );
  return lines;
}
