/**
 * The environment the kubelet gives a container: its own `env`, plus the Docker-links
 * style variables of every Service that existed in its namespace when it started
 * (enableServiceLinks), and the `kubernetes` master Service's. Services created later do
 * not appear until the pod is recreated — the lesson of "Connecting Applications with Services".
 */
import type { Engine } from '../../../sim/engine';
import type { Pod, Service } from '../../../model/objects';
import { createdNoLaterThan } from '../../../controllers/workloads/creation-order';

const envName = (s: string): string => s.toUpperCase().replace(/-/g, '_');

function linkVars(svc: Service): Record<string, string> {
  const out: Record<string, string> = {};
  const ip = svc.spec.clusterIP;
  const ports = svc.spec.ports ?? [];
  if (!ip || ip === 'None' || !ports.length) return out;
  const n = envName(svc.metadata.name);
  out[`${n}_SERVICE_HOST`] = ip;
  out[`${n}_SERVICE_PORT`] = String(ports[0]!.port);
  for (const p of ports) if (p.name) out[`${n}_SERVICE_PORT_${envName(p.name)}`] = String(p.port);
  const first = ports[0]!;
  out[`${n}_PORT`] = `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`;
  for (const p of ports) {
    const proto = (p.protocol ?? 'TCP').toLowerCase();
    const pre = `${n}_PORT_${p.port}_${proto.toUpperCase()}`;
    out[pre] = `${proto}://${ip}:${p.port}`;
    out[`${pre}_PROTO`] = proto;
    out[`${pre}_PORT`] = String(p.port);
    out[`${pre}_ADDR`] = ip;
  }
  return out;
}

/** Environment variables of a pod's container. */
export function podEnv(engine: Engine, pod: Pod, container: string): Record<string, string> {
  const out: Record<string, string> = {};
  if ((pod.spec as { enableServiceLinks?: boolean }).enableServiceLinks !== false) {
    for (const s of engine.store.list<Service>('Service', pod.metadata.namespace)) {
      if (createdNoLaterThan(engine.store, s, pod)) Object.assign(out, linkVars(s));
    }
  }
  const master = engine.store.get<Service>('Service', 'default', 'kubernetes');
  if (master) Object.assign(out, linkVars(master));
  const c = pod.spec.containers.find((x) => x.name === container);
  for (const e of (c?.env ?? []) as { name: string; value?: string }[]) out[e.name] = e.value ?? '';
  return out;
}
