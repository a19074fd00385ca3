import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec } from '../../model/spec';
import { kubectl } from '../../shell/commands/kubectl';
import { MemFs, splitArgs } from '../../shell/commands/kubectl/test-kit';
import type { CommandContext } from '../../shell/command';
import type { Engine } from '../../sim/engine';

function runner(engine: Engine) {
  const fs = new MemFs();
  return (line: string, stdin = '') => {
    let out = '';
    let err = '';
    const ctx = {
      argv: splitArgs(line), stdin, out: (t: string) => (out += t), err: (t: string) => (err += t), env: {}, cwd: '/root', fs, engine,
      target: { kind: 'node', name: 'node-1' }, netns: engine.netnsOf({ kind: 'node', name: 'node-1' })!,
      terminal: { columns: 80, rows: 24, interactive: false }, openShell: () => false,
    } as CommandContext;
    const code = kubectl.run(ctx);
    return { out, err, code };
  };
}

describe('system pods', () => {
  it('look like a kubeadm cluster', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    e.env.clock.advance(600_000);
    const run = runner(e);
    const lines = run('kubectl get pods -n kube-system -o wide').out.split('\n');
    expect(lines[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES$/);
    const names = lines.slice(1).filter(Boolean).map((l) => l.split(/ +/));
    for (const c of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
      expect(names.find((n) => n[0] === `${c}-node-1`)?.slice(1, 8)).toEqual(['1/1', 'Running', '0', '10m', '192.168.56.11', 'node-1', '<none>']);
    }
    expect(names.filter((n) => /^kube-proxy-[a-z0-9]{5}$/.test(n[0]!)).map((n) => n[6])).toEqual(expect.arrayContaining(['node-1', 'node-2', 'node-3']));
    const dns = names.filter((n) => /^coredns-[a-z0-9]+-[a-z0-9]{5}$/.test(n[0]!));
    expect(dns).toHaveLength(2);
    for (const d of dns) expect(d[5]).toMatch(/^10\.244\./);
    expect(run('kubectl get ds -A').out).toMatch(/kube-flannel +kube-flannel-ds +3 +3 +3 +3 +3 +kubernetes.io\/os=linux +10m\n/);
    expect(run('kubectl get svc -n kube-system kube-dns').out).toBe(
      'NAME       TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE\nkube-dns   ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   10m\n',
    );
    expect(run('kubectl get ns').out).toBe(
      'NAME              STATUS   AGE\ndefault           Active   10m\ningress-nginx     Active   10m\nkube-flannel      Active   10m\nkube-node-lease   Active   10m\nkube-public       Active   10m\nkube-system       Active   10m\n',
    );
    expect(run('kubectl get ingressclass').out).toBe('NAME    CONTROLLER             PARAMETERS   AGE\nnginx   k8s.io/ingress-nginx   <none>       10m\n');
  });

  it('calico runs calico-node per node and calico-kube-controllers', () => {
    const e = createEngine(defaultClusterSpec({ cni: { plugin: 'calico', backend: 'ipip', ipipMode: 'Always' } }), createEnv(1));
    const out = runner(e)('kubectl get pods -n kube-system -o name').out;
    expect(out.match(/pod\/calico-node-/g)).toHaveLength(3);
    expect(out).toMatch(/pod\/calico-kube-controllers-[a-z0-9]+-[a-z0-9]{5}\n/);
  });

  it('switches the proxy mode when the ConfigMap changes and the DaemonSet restarts', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const run = runner(e);
    const before = run('kubectl get pods -n kube-system -l k8s-app=kube-proxy -o name').out;
    const cm = run('kubectl -n kube-system get cm kube-proxy -o yaml').out;
    expect(cm).toContain('    mode: ""\n');
    expect(cm).toContain('    clusterCIDR: 10.244.0.0/16\n');
    expect(run('kubectl apply -f -', cm.replace('    mode: ""\n', '    mode: ipvs\n')).out).toBe('configmap/kube-proxy configured\n');
    expect(e.spec.proxyMode).toBe('iptables');
    expect(run('kubectl -n kube-system rollout restart ds kube-proxy').out).toBe('daemonset.apps/kube-proxy restarted\n');
    expect(e.spec.proxyMode).toBe('ipvs');
    const after = run('kubectl get pods -n kube-system -l k8s-app=kube-proxy -o name').out;
    expect(after.split('\n').filter(Boolean)).toHaveLength(3);
    for (const p of before.split('\n').filter(Boolean)) expect(after).not.toContain(p);
    expect(run('kubectl -n kube-system rollout status ds/kube-proxy').out).toBe('daemon set "kube-proxy" successfully rolled out\n');
    const first = after.split('\n')[0]!.slice('pod/'.length);
    expect(run(`kubectl -n kube-system logs ${first}`).out).toMatch(/^I0101 00:00:00\.000000 {7}1 server_linux\.go:66\] "Using ipvs proxy"\n/);

  });

  it('rollout restart gives a deployment new pods with new IPs', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const run = runner(e);
    const ips = () => run("kubectl get pods -l app=web -o jsonpath={.items[*].status.podIP}").out.split(' ').sort();
    const before = ips();
    run('kubectl rollout restart deploy web');
    const after = ips();
    expect(after).toHaveLength(3);
    for (const ip of after) expect(before).not.toContain(ip);
  });
});

describe('system pods after a CNI switch', () => {
  it('swap flannel pods for calico-node and back', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const run = runner(e);
    e.setCni({ plugin: 'calico', backend: 'ipip', ipipMode: 'Always' });
    const all = run('kubectl get pods -A -o name').out;
    expect(all).not.toContain('flannel');
    expect(all.match(/pod\/calico-node-/g)).toHaveLength(3);
    expect(run('kubectl get ns kube-flannel').err).toBe('Error from server (NotFound): namespaces "kube-flannel" not found\n');
    e.setCni({ plugin: 'flannel', backend: 'vxlan' });
    const back = run('kubectl get pods -A -o name').out;
    expect(back).not.toContain('calico');
    expect(back.match(/pod\/kube-flannel-ds-/g)).toHaveLength(3);
  });
});
