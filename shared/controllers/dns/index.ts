/**
 * Cluster DNS: the CoreDNS app in every coredns pod (UDP and TCP 53, answering from the
 * store through records.ts), /etc/resolv.conf for every host (pods per their dnsPolicy,
 * nodes and the external host with systemd-resolved's stub), and the resolver the network
 * commands use (registered with the walker's setNameResolver), so `curl web` from a pod
 * walks a real DNS query to 10.96.0.10 first.
 */
import type { Controller } from '../controller';
import type { Engine } from '../../sim/engine';
import type { Pod } from '../../model/objects';
import type { Disposable, WatchEvent } from '../../model/store';
import type { ShellTarget } from '../../model/target';
import { listen, type AppRequest, type AppResponse } from '../../sim/apps/sockets';
import { setNameResolver } from '../../sim/walk/resolve';
import { lookup } from './records';
import { parseResolvConf, resolveWith, type ResolveResult } from './resolver';
import { clusterDnsIp } from '../system-pods/manifests';

/** systemd-resolved's stub file, as /etc/resolv.conf on an Ubuntu node. */
export const NODE_RESOLV_CONF = `# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).
# Do not edit.
#
# This file might be symlinked as /etc/resolv.conf. If you're looking at
# /etc/resolv.conf and seeing this text, you have followed the symlink.
#
# This is a dynamic resolv.conf file for connecting local clients to the
# internal DNS stub resolver of systemd-resolved. This file lists all
# configured search domains.
#
# Run "resolvectl status" to see details about the uplink DNS servers
# currently in use.
#
# Third party programs should typically not access this file directly, but only
# through the symlink at /etc/resolv.conf. To manage man:resolv.conf(5) in a
# different way, replace this symlink by a static file or a different symlink.
#
# See man:systemd-resolved.service(8) for details about the supported modes of
# operation for /etc/resolv.conf.

nameserver 127.0.0.53
options edns0 trust-ad
search .
`;

/** The resolv.conf the kubelet writes for a pod (ClusterFirst), or the node's for hostNetwork / dnsPolicy Default. */
export function resolvConfFor(engine: Engine, target: ShellTarget): string {
  if (target.kind !== 'pod') return NODE_RESOLV_CONF;
  const pod = engine.store.get<Pod>('Pod', target.namespace, target.name);
  const policy = (pod?.spec.dnsPolicy as string | undefined) ?? 'ClusterFirst';
  if (policy === 'Default' || (pod?.spec.hostNetwork && policy !== 'ClusterFirstWithHostNet')) return NODE_RESOLV_CONF;
  const d = engine.spec.clusterDomain;
  return `search ${target.namespace}.svc.${d} svc.${d} ${d}\nnameserver ${clusterDnsIp(engine.spec)}\noptions ndots:5\n`;
}

/** CoreDNS answering one query. */
function coreDnsHandler(req: AppRequest): AppResponse {
  const q = req.payload;
  if (q.kind !== 'dns-query') return { silent: true, process: 'coredns' };
  const r = lookup(req.engine, q.name, q.qtype);
  return {
    process: 'coredns',
    payload: { kind: 'dns-answer', name: q.name.replace(/\.$/, ''), rcode: r.rcode, answers: r.records.map((x) => `${x.type} ${x.data}`) },
  };
}

/** Resolves a name from a host as its resolver would (resolv.conf from the host's files when given). */
export function resolve(engine: Engine, target: ShellTarget, name: string, opts: { resolvConf?: string; qtype?: 'A' | 'SRV' | 'PTR' | 'AAAA'; search?: boolean; server?: string } = {}): ResolveResult {
  const rc = parseResolvConf(opts.resolvConf ?? resolvConfFor(engine, target));
  if (opts.server) rc.nameservers = [opts.server];
  return resolveWith(engine, target, name, rc, opts.qtype ?? 'A', opts.search ?? true);
}

/** The controller in the table. */
export function dnsController(): Controller {
  let engine!: Engine;
  const open = new Map<string, Disposable[]>();

  function sync(p: Pod, deleted: boolean): void {
    if (p.metadata.namespace !== 'kube-system' || p.metadata.labels?.['k8s-app'] !== 'kube-dns') return;
    const id = `pod/kube-system/${p.metadata.name}`;
    if (deleted || !p.status?.podIP) {
      for (const d of open.get(id) ?? []) d.dispose();
      open.delete(id);
      return;
    }
    if (open.has(id)) return;
    open.set(id, [listen(engine, id, 'udp', 53, coreDnsHandler, 'coredns'), listen(engine, id, 'tcp', 53, coreDnsHandler, 'coredns')]);
  }

  function resyncAll(): void {
    for (const ds of open.values()) for (const d of ds) d.dispose();
    open.clear();
    for (const p of engine.store.list<Pod>('Pod', 'kube-system')) sync(p, false);
  }

  return {
    name: 'dns',
    start(e) {
      engine = e;
      e.fileSources.push((eng, target) => ({ '/etc/resolv.conf': resolvConfFor(eng, target) }));
      setNameResolver(e, (eng, from, name) => resolve(eng, from, name).records.find((r) => r.type === 'A')?.data);
      e.store.watch((ev: WatchEvent) => {
        if (ev.object.kind === 'Pod') sync(ev.object as Pod, ev.type === 'DELETED');
      });
      resyncAll();
    },
    resync: resyncAll,
    restore: () => resyncAll(),
  };
}
