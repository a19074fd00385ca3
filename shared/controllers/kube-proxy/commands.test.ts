/** Exact outputs of the services commands on the default cluster (fixed seed), built from its state. */
import { describe, expect, it } from 'vitest';
import type { Pod, Service } from '../../model/objects';
import { cluster, node, pod, run } from './testkit';

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('curl, ipvsadm, ipset and conntrack outputs', () => {
  const e = cluster({ proxyMode: 'ipvs' });
  const s = e.store.get<Service>('Service', 'default', 'web')!;
  const vip = s.spec.clusterIP!;
  const client = e.store.get<Pod>('Pod', 'default', 'client')!;
  const clientNode = node(client.spec.nodeName!);
  const webIps = e.store
    .list<Pod>('Pod', 'default')
    .filter((p) => p.metadata.name.startsWith('web-'))
    .map((p) => p.status!.podIP!)
    .sort();
  const first = run(e, pod('client'), `curl -v http://${vip}/`);

  it('curl -v prints curl 8.11.1 trace lines on stderr and the body on stdout', () => {
    expect(first.code).toBe(0);
    expect(first.out).toMatch(new RegExp(`^web-[a-z0-9]+-[a-z0-9]{5} \\(client ${esc(client.status!.podIP!)}:\\d+\\)\\n$`));
    expect(first.err).toBe(
      `*   Trying ${vip}:80...\n* Connected to ${vip} (${vip}) port 80\n* using HTTP/1.x\n> GET / HTTP/1.1\n> Host: ${vip}\n> User-Agent: curl/8.11.1\n> Accept: */*\n> \n` +
        `* Request completely sent off\n< HTTP/1.1 200 OK\n< Content-Type: text/plain\n< Content-Length: ${first.out.length}\n< \n* Connection #0 to host ${vip} left intact\n`,
    );
  });

  it('curl -s -o /dev/null -w prints only the write-out', () => {
    expect(run(e, pod('client'), `curl -s -o /dev/null -w %{http_code}\\n http://${vip}/`)).toEqual({ out: '200\n', err: '', code: 0 });
  });

  it('ipvsadm -Lnc shows the connection in TIME_WAIT with two minutes to go', () => {
    const r = run(e, clientNode, 'ipvsadm -Lnc');
    expect(r.out).toMatch(new RegExp(`^IPVS connection entries\\npro expire state       source             virtual            destination\\n(TCP 02:00  TIME_WAIT   ${esc(client.status!.podIP!)}:\\d+ +${esc(`${vip}:80`)} +10\\.244\\.\\d+\\.\\d+:80\\n)+$`));
  });

  it('ipvsadm -Ln --stats counts the connection on the VIP and one real server', () => {
    const out = run(e, clientNode, `ipvsadm -Ln --stats -t ${vip}:80`).out.split('\n');
    expect(out.slice(0, 3)).toEqual(['IP Virtual Server version 1.2.1 (size=4096)', 'Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes', '  -> RemoteAddress:Port']);
    expect(out[3]).toMatch(new RegExp(`^${esc(`TCP  ${vip}:80`.padEnd(33))}        [1-9]        [1-9]        [1-9] +\\d+ +[1-9]\\d*$`));
    expect(out.slice(4, 7).map((l) => l.slice(0, 33).trim())).toEqual(webIps.map((ip) => `-> ${ip}:80`));
  });

  it('ipvsadm --timeout, errors', () => {
    expect(run(e, clientNode, 'ipvsadm -Ln --timeout').out).toBe('Timeout (tcp tcpfin udp): 900 120 300\n');
    expect(run(e, clientNode, 'ipvsadm -A -t 10.0.0.1:80 -s foo')).toEqual({ out: '', err: 'Scheduler not found: ip_vs_foo.ko\n', code: 1 });
    expect(run(e, clientNode, 'ipvsadm -D -t 10.0.0.1:80')).toEqual({ out: '', err: 'No such service\n', code: 1 });
  });

  it('ipvsadm -A/-a edits show up in -S', () => {
    const e2 = cluster({ proxyMode: 'ipvs' });
    const n = node('node-1');
    expect(run(e2, n, 'ipvsadm -A -t 10.0.0.1:80 -s sh -p 60').code).toBe(0);
    expect(run(e2, n, 'ipvsadm -a -t 10.0.0.1:80 -r 10.244.1.9:8080 -m -w 3').code).toBe(0);
    expect(run(e2, n, 'ipvsadm -S -n').out).toContain('-A -t 10.0.0.1:80 -s sh -p 60\n-a -t 10.0.0.1:80 -r 10.244.1.9:8080 -m -w 3\n');
    expect(run(e2, n, 'ipvsadm -a -t 10.0.0.1:80 -r 10.244.1.9:8080 -m')).toEqual({ out: '', err: 'Destination already exists\n', code: 1 });
  });

  it('ipset list -n names kube-proxy\'s sets', () => {
    expect(run(e, clientNode, 'ipset list -n').out).toBe(
      ['KUBE-CLUSTER-IP', 'KUBE-EXTERNAL-IP', 'KUBE-EXTERNAL-IP-LOCAL', 'KUBE-HEALTH-CHECK-NODE-PORT', 'KUBE-IPVS-IPS', 'KUBE-LOAD-BALANCER', 'KUBE-LOAD-BALANCER-LOCAL', 'KUBE-LOOP-BACK', 'KUBE-NODE-PORT-LOCAL-TCP', 'KUBE-NODE-PORT-LOCAL-UDP', 'KUBE-NODE-PORT-TCP', 'KUBE-NODE-PORT-UDP'].map((x) => x + '\n').join(''),
    );
  });

  it('conntrack -C / -F / -L', () => {
    const n = Number(run(e, clientNode, 'conntrack -C').out);
    expect(n).toBeGreaterThan(0);
    expect(run(e, clientNode, 'conntrack -F')).toEqual({ out: '', err: 'conntrack v1.4.7 (conntrack-tools): connection tracking table has been emptied.\n', code: 0 });
    expect(run(e, clientNode, 'conntrack -L')).toEqual({ out: '', err: 'conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n', code: 0 });
    expect(run(e, clientNode, 'conntrack -Q').code).toBe(2);
  });
});
