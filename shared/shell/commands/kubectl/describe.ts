/**
 * `kubectl describe TYPE [NAME_PREFIX | -l sel]`: kubectl's describers, one object after
 * another separated by a blank line, aligned by the tab writer. Like kubectl, a name
 * that matches no object exactly describes every object whose name starts with it.
 */
import type { KubeObject } from '../../../model/objects';
import { KubectlError, notFound, typeAndNames, type Verb } from './context';
import { DESCRIBERS } from './describe-kinds';
import { annotationsBlock, eventsBlock, labelsBlock, rfc1123 } from './describe-util';
import { endpointsList, formatLabels, formatSelector } from './printers';
import { matches, parseSelector } from './selector';
import { tabwrite } from './tabwriter';
import { ageOf } from './duration';
import type { Engine } from '../../../sim/engine';

type Any = any;

function generic(engine: Engine, o: Any, now: number): string {
  let s = `Name:\t${o.metadata.name}\n`;
  if (o.metadata.namespace) s += `Namespace:\t${o.metadata.namespace}\n`;
  s += labelsBlock('Labels', o.metadata.labels) + annotationsBlock(o.metadata.annotations);
  switch (o.kind) {
    case 'Node': {
      const st = o.status ?? {};
      s += `CreationTimestamp:\t${rfc1123(o.metadata.creationTimestamp)}\n`;
      const taints = (o.spec?.taints ?? []) as Any[];
      s += taints.length ? taints.map((t, i) => `${i ? '' : 'Taints:'}\t${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`).join('') : 'Taints:\t<none>\n';
      s += `Unschedulable:\t${o.spec?.unschedulable ? 'true' : 'false'}\n`;
      s += `Conditions:\n  Type\tStatus\tReason\tMessage\n  ----\t------\t------\t-------\n`;
      for (const c of (st.conditions ?? []) as Any[]) s += `  ${c.type} \t${c.status} \t${c.reason ?? ''} \t${c.message ?? ''}\n`;
      s += `Addresses:\n${((st.addresses ?? []) as Any[]).map((a) => `  ${a.type}:\t${a.address}\n`).join('')}`;
      const ni = st.nodeInfo ?? {};
      s += `System Info:\n  Kernel Version:\t${ni.kernelVersion ?? ''}\n  OS Image:\t${ni.osImage ?? ''}\n  Operating System:\t${ni.operatingSystem ?? 'linux'}\n  Architecture:\t${ni.architecture ?? 'amd64'}\n  Container Runtime Version:\t${ni.containerRuntimeVersion ?? ''}\n  Kubelet Version:\t${ni.kubeletVersion ?? ''}\n`;
      s += `PodCIDR:\t${o.spec?.podCIDR ?? ''}\nPodCIDRs:\t${(o.spec?.podCIDRs ?? []).join(',')}\n`;
      const pods = engine.store.list('Pod').filter((p) => (p.spec as Any)?.nodeName === o.metadata.name);
      s += `Non-terminated Pods:\t(${pods.length} in total)\n  Namespace\tName\tAge\n  ---------\t----\t---\n`;
      for (const p of pods) s += `  ${p.metadata.namespace}\t${p.metadata.name}\t${ageOf(p.metadata.creationTimestamp, now)}\n`;
      break;
    }
    case 'Namespace':
      s += `Status:\t${o.status?.phase ?? 'Active'}\n\nNo resource quota.\n\nNo LimitRange resource.\n`;
      return s;
    case 'ConfigMap': {
      s += '\nData\n====\n';
      for (const [k, v] of Object.entries((o.data ?? {}) as Record<string, string>)) s += `${k}:\n----\n${v}\n\n`;
      s += `\nBinaryData\n====\n\n`;
      break;
    }
    case 'Secret': {
      // kubectl shows sizes, never values (the decoded length of each base64 value); no events
      s += `\nType:\t${o.type ?? 'Opaque'}\n\nData\n====\n`;
      for (const [k, v] of Object.entries((o.data ?? {}) as Record<string, string>)) {
        s += `${k}:\t${Math.floor((v.length * 3) / 4) - (v.endsWith('==') ? 2 : v.endsWith('=') ? 1 : 0)} bytes\n`;
      }
      return s;
    }
    case 'ReplicaSet':
    case 'DaemonSet': {
      s += `Selector:\t${formatSelector(o.spec?.selector)}\n`;
      const st = o.status ?? {};
      if (o.kind === 'ReplicaSet') s += `Replicas:\t${st.replicas ?? 0} current / ${o.spec?.replicas ?? 1} desired\nPods Status:\t${st.readyReplicas ?? 0} Running / 0 Waiting / 0 Succeeded / 0 Failed\n`;
      else s += `Node-Selector:\t${formatLabels(o.spec?.template?.spec?.nodeSelector)}\nDesired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\nCurrent Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\nNumber of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\nNumber of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\nNumber of Nodes Misscheduled: 0\nPods Status:\t${st.numberReady ?? 0} Running / 0 Waiting / 0 Succeeded / 0 Failed\n`;
      break;
    }
    case 'Endpoints':
      s += `Subsets:\n${endpointsList(o).length ? `  Addresses:\t${endpointsList(o).join(',')}\n` : ''}`;
      break;
    case 'IngressClass':
      s += `Controller:\t${o.spec?.controller ?? ''}\n`;
      break;
  }
  return s + eventsBlock(engine, o, now);
}

/** Describes one object. */
export function describeObject(engine: Engine, o: KubeObject, now: number): string {
  return tabwrite((DESCRIBERS[o.kind] ?? generic)(engine, o, now));
}

/** `kubectl describe`. */
export const describe: Verb = {
  name: 'describe',
  summary: 'Show details of a specific resource or group of resources',
  usage: 'kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]',
  flags: [
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'show-events', type: 'string', noOptDefault: 'true' },
  ],
  run(k) {
    if (!k.args.positional.length) throw new KubectlError(`You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.`);
    const store = k.ctx.engine.store;
    const allNs = k.args.bools.has('all-namespaces');
    const sel = parseSelector(k.args.strings.get('selector') ?? '');
    const objs: KubeObject[] = [];
    let code = 0;
    for (const q of typeAndNames(k.args.positional)) {
      const ns = q.r.namespaced && !allNs ? k.namespace : undefined;
      if (!q.names.length) {
        objs.push(...store.list(q.r.kind, ns).filter((o) => matches(sel, o.metadata.labels)));
        continue;
      }
      for (const n of q.names) {
        const exact = store.get(q.r.kind, ns, n);
        const found = exact ? [exact] : store.list(q.r.kind, ns).filter((o) => o.metadata.name.startsWith(n));
        if (!found.length) {
          k.ctx.err(`${notFound(q.r, n).message}\n`);
          code = 1;
        }
        objs.push(...found);
      }
    }
    if (!objs.length && code === 0) {
      k.ctx.err(allNs ? 'No resources found\n' : `No resources found in ${k.namespace} namespace.\n`);
      return 0;
    }
    // kubectl writes "\n\n" before every object but the first.
    k.ctx.out(objs.map((o) => describeObject(k.ctx.engine, o, k.now)).join('\n\n'));
    return code;
  },
};
