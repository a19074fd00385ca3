/**
 * kubectl's describers for the kinds the lab models, written with tabs exactly as
 * kubectl's describe.go writes them; tabwrite() then aligns them the same way.
 */
import type { Engine } from '../../../sim/engine';
import type { KubeObject } from '../../../model/objects';
import { annotationsBlock, endpointsText, eventsBlock, labelsBlock, rfc1123, serviceEndpoints } from './describe-util';
import { formatLabels, formatSelector, podStatus } from './printers';

/** A terminated container state's lines, as kubectl's describe prints them (reason, exit code, start and end). */
function terminatedLines(t: Any, i: string): string {
  return `${i}  Reason:\t${t.reason ?? ''}\n${i}  Exit Code:\t${t.exitCode ?? 0}\n${i}  Started:\t${rfc1123(t.startedAt)}\n${i}  Finished:\t${rfc1123(t.finishedAt)}\n`;
}

type Any = any;
const L1 = '  ';
const L2 = '    ';

function containerBlock(c: Any, status: Any | undefined, indent: string, pod: boolean): string {
  let s = `${indent}${c.name}:\n`;
  // Fields sit at kubectl's LEVEL_2 (four spaces) under both a pod's and a template's container name.
  const i = L2;
  if (pod) s += `${i}Container ID:\t${status?.containerID ?? ''}\n`;
  s += `${i}Image:\t${c.image}\n`;
  if (pod) s += `${i}Image ID:\t${status?.imageID ?? ''}\n`;
  const ports = (c.ports ?? []) as Any[];
  if (!ports.length) s += `${i}Port:\t<none>\n${i}Host Port:\t<none>\n`;
  else {
    s += `${i}Port${ports.length > 1 ? 's' : ''}:\t${ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ')}\n`;
    s += `${i}Host Port${ports.length > 1 ? 's' : ''}:\t${ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ')}\n`;
  }
  if (c.command) s += `${i}Command:\n${(c.command as string[]).map((x) => `${i}  ${x}\n`).join('')}`;
  if (c.args) s += `${i}Args:\n${(c.args as string[]).map((x) => `${i}  ${x}\n`).join('')}`;
  if (pod) {
    const st = status?.state ?? {};
    if (st.running) s += `${i}State:\tRunning\n${i}  Started:\t${rfc1123(st.running.startedAt)}\n`;
    else if (st.waiting) s += `${i}State:\tWaiting\n${i}  Reason:\t${st.waiting.reason ?? ''}\n`;
    else if (st.terminated) s += `${i}State:\tTerminated\n${terminatedLines(st.terminated, i)}`;
    else s += `${i}State:\tWaiting\n`;
    const last = status?.lastState?.terminated;
    if (last) s += `${i}Last State:\tTerminated\n${terminatedLines(last, i)}`;
    s += `${i}Ready:\t${status?.ready ? 'True' : 'False'}\n${i}Restart Count:\t${status?.restartCount ?? 0}\n`;
  }
  const env = (c.env ?? []) as Any[];
  s += env.length ? `${i}Environment:\n${env.map((e) => `${i}  ${e.name}:\t${e.value ?? ''}\n`).join('')}` : `${i}Environment:\t<none>\n`;
  s += `${i}Mounts:\t<none>\n`;
  return s;
}

function tolerationsText(tols: Any[] | undefined, indent: string): string {
  if (!tols?.length) return `${indent}Tolerations:\t<none>\n`;
  return tols
    .map((t, i) => {
      let s = t.key ?? '';
      if (t.value) s += `=${t.value}`;
      if (t.effect) s += `:${t.effect}`;
      if (t.operator === 'Exists' && !t.value) s += ` op=Exists`;
      if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
      return `${indent}${i === 0 ? 'Tolerations:' : ''}\t${s}\n`;
    })
    .join('');
}

function describePod(engine: Engine, o: Any, now: number): string {
  const st = o.status ?? {};
  const spec = o.spec ?? {};
  const node = spec.nodeName ? `${spec.nodeName}/${st.hostIP ?? ''}` : '<none>';
  let s = `Name:\t${o.metadata.name}\nNamespace:\t${o.metadata.namespace}\nPriority:\t${spec.priority ?? 0}\n`;
  if (spec.priorityClassName) s += `Priority Class Name:\t${spec.priorityClassName}\n`;
  s += `Service Account:\t${spec.serviceAccountName ?? 'default'}\nNode:\t${node}\n`;
  if (st.startTime) s += `Start Time:\t${rfc1123(st.startTime)}\n`;
  s += labelsBlock('Labels', o.metadata.labels) + annotationsBlock(o.metadata.annotations);
  s += `Status:\t${podStatus(o)}\n`;
  if (st.message) s += `Message:\t${st.message}\n`;
  s += `IP:\t${st.podIP ?? ''}\nIPs:${st.podIPs?.length ? '\n' + (st.podIPs as Any[]).map((p) => `  IP:\t${p.ip}\n`).join('') : '\t<none>\n'}`;
  const owner = (o.metadata.ownerReferences ?? []).find((r: Any) => r.controller);
  if (owner) s += `Controlled By:\t${owner.kind}/${owner.name}\n`;
  s += 'Containers:\n';
  for (const c of spec.containers ?? []) s += containerBlock(c, (st.containerStatuses ?? []).find((x: Any) => x.name === c.name), L1, true);
  const conds = (st.conditions ?? []) as Any[];
  if (conds.length) s += `Conditions:\n  Type\tStatus\n${conds.map((c) => `  ${c.type} \t${c.status} \n`).join('')}`;
  s += `Volumes:\t<none>\nQoS Class:\t${st.qosClass ?? 'BestEffort'}\nNode-Selectors:\t${formatLabels(spec.nodeSelector)}\n`;
  s += tolerationsText(spec.tolerations, '');
  return s + eventsBlock(engine, o, now);
}

function describeService(engine: Engine, o: Any, now: number): string {
  const spec = o.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  let s = `Name:\t${o.metadata.name}\nNamespace:\t${o.metadata.namespace}\n`;
  s += labelsBlock('Labels', o.metadata.labels) + annotationsBlock(o.metadata.annotations);
  s += `Selector:\t${formatLabels(spec.selector)}\nType:\t${type}\n`;
  if (type !== 'ExternalName') {
    s += `IP Family Policy:\t${spec.ipFamilyPolicy ?? 'SingleStack'}\nIP Families:\t${(spec.ipFamilies ?? ['IPv4']).join(',')}\n`;
    s += `IP:\t${spec.clusterIP ?? ''}\nIPs:\t${(spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])).join(',')}\n`;
  } else s += `External Name:\t${spec.externalName}\n`;
  if (spec.externalIPs?.length) s += `External IPs:\t${spec.externalIPs.join(',')}\n`;
  const lb = ((o.status?.loadBalancer?.ingress ?? []) as Any[]).map((i) => i.ip ?? i.hostname);
  if (lb.length) s += `LoadBalancer Ingress:\t${lb.join(', ')}\n`;
  for (const p of (spec.ports ?? []) as Any[]) {
    const name = p.name || '<unset>';
    s += `Port:\t${name}\t${p.port}/${p.protocol ?? 'TCP'}\n`;
    s += `TargetPort:\t${p.targetPort ?? p.port}/${p.protocol ?? 'TCP'}\n`;
    if (p.nodePort) s += `NodePort:\t${name}\t${p.nodePort}/${p.protocol ?? 'TCP'}\n`;
    s += `Endpoints:\t${endpointsText(serviceEndpoints(engine, o, p.name)).replace('<none>', '')}\n`;
  }
  s += `Session Affinity:\t${spec.sessionAffinity ?? 'None'}\n`;
  if (type === 'NodePort' || type === 'LoadBalancer') s += `External Traffic Policy:\t${spec.externalTrafficPolicy ?? 'Cluster'}\n`;
  if (type !== 'ExternalName') s += `Internal Traffic Policy:\t${spec.internalTrafficPolicy ?? 'Cluster'}\n`;
  if (spec.healthCheckNodePort) s += `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`;
  return s + eventsBlock(engine, o, now);
}

function describeDeployment(engine: Engine, o: Any, now: number): string {
  const spec = o.spec ?? {};
  const st = o.status ?? {};
  let s = `Name:\t${o.metadata.name}\nNamespace:\t${o.metadata.namespace}\nCreationTimestamp:\t${rfc1123(o.metadata.creationTimestamp)}\n`;
  s += labelsBlock('Labels', o.metadata.labels) + annotationsBlock(o.metadata.annotations);
  s += `Selector:\t${formatSelector(spec.selector)}\n`;
  s += `Replicas:\t${spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`;
  s += `StrategyType:\t${spec.strategy?.type ?? 'RollingUpdate'}\nMinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`;
  const ru = spec.strategy?.rollingUpdate;
  if (ru) s += `RollingUpdateStrategy:\t${ru.maxUnavailable} max unavailable, ${ru.maxSurge} max surge\n`;
  const t = spec.template ?? {};
  s += `Pod Template:\n${labelsBlock('Labels', t.metadata?.labels, L1)}`;
  if (t.metadata?.annotations) s += annotationsBlock(t.metadata.annotations, L1);
  s += `${L1}Containers:\n`;
  for (const c of t.spec?.containers ?? []) s += containerBlock(c, undefined, '   ', false);
  s += `${L1}Volumes:\t<none>\n${L1}Node-Selectors:\t${formatLabels(t.spec?.nodeSelector)}\n${tolerationsText(t.spec?.tolerations, L1)}`;
  const conds = (st.conditions ?? []) as Any[];
  if (conds.length) s += `Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n${conds.map((c) => `  ${c.type} \t${c.status}\t${c.reason ?? ''}\n`).join('')}`;
  const rss = engine.store.list('ReplicaSet', o.metadata.namespace).filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === o.metadata.uid)) as Any[];
  const cur = rss.find((rs) => formatSelector(rs.spec.template?.metadata?.labels ? { matchLabels: rs.spec.template.metadata.labels } : undefined) && (rs.spec.replicas ?? 0) > 0) ?? rss[0];
  const old = rss.filter((rs) => rs !== cur && (rs.spec.replicas ?? 0) > 0);
  const rsText = (rs: Any) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 0} replicas created)`;
  s += `OldReplicaSets:\t${old.length ? old.map(rsText).join(', ') : '<none>'}\nNewReplicaSet:\t${cur ? rsText(cur) : '<none>'}\n`;
  return s + eventsBlock(engine, o, now);
}

function backendText(engine: Engine, ns: string, b: Any | undefined): string {
  const svc = b?.service;
  if (!svc) return '<default>';
  const port = svc.port?.number ?? svc.port?.name ?? '';
  const so = engine.store.get('Service', ns, svc.name) as Any | undefined;
  if (!so) return `${svc.name}:${port} (<error: services "${svc.name}" not found>)`;
  const sp = ((so.spec.ports ?? []) as Any[]).find((p) => p.port === svc.port?.number || (p.name && p.name === svc.port?.name));
  const eps = sp ? serviceEndpoints(engine, so, sp.name) : [];
  return `${svc.name}:${port} (${eps.join(',')})`;
}

function describeIngress(engine: Engine, o: Any, now: number): string {
  const spec = o.spec ?? {};
  const ns = o.metadata.namespace;
  const addr = ((o.status?.loadBalancer?.ingress ?? []) as Any[]).map((i) => i.ip ?? i.hostname).join(',');
  let s = `Name:\t${o.metadata.name}\n${labelsBlock('Labels', o.metadata.labels)}Namespace:\t${ns}\nAddress:\t${addr}\n`;
  s += `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`;
  const def = spec.defaultBackend ? backendText(engine, ns, spec.defaultBackend) : '<default>';
  s += `Default backend:\t${def}\n`;
  if (spec.tls?.length) {
    s += 'TLS:\n';
    for (const t of spec.tls as Any[]) s += t.secretName ? `${L1}${t.secretName} terminates ${(t.hosts ?? []).join(',')}\n` : `${L1}SNI routes ${(t.hosts ?? []).join(',')}\n`;
  }
  s += `Rules:\n  Host\tPath\tBackends\n${L1}----\t----\t--------\n`;
  let count = 0;
  for (const r of (spec.rules ?? []) as Any[]) {
    if (!r.http) continue;
    count++;
    s += `${L1}${r.host || '*'}\t\n`;
    for (const p of r.http.paths as Any[]) s += `${L2}\t${p.path ?? '/'} \t${backendText(engine, ns, p.backend)}\n`;
  }
  if (count === 0) s += `${L1}*\t*\t${def}\n`;
  return s + annotationsBlock(o.metadata.annotations) + eventsBlock(engine, o, now);
}

function peerText(p: Any, indent: string): string {
  // kubectl's order: namespaceSelector before podSelector when a peer has both.
  let s = '';
  if (p.namespaceSelector) s += `${indent}NamespaceSelector: ${formatSelector(p.namespaceSelector)}\n`;
  if (p.podSelector) s += `${indent}PodSelector: ${formatSelector(p.podSelector)}\n`;
  if (p.ipBlock && !p.podSelector && !p.namespaceSelector) s += `${indent}IPBlock:\n${indent}  CIDR: ${p.ipBlock.cidr}\n${indent}  Except: ${(p.ipBlock.except ?? []).join(', ')}\n`;
  return s;
}

function describePolicy(_engine: Engine, o: Any): string {
  const spec = o.spec ?? {};
  let s = `Name:\t${o.metadata.name}\nNamespace:\t${o.metadata.namespace}\nCreated on:\t${o.metadata.creationTimestamp?.replace('T', ' ').replace('Z', ' +0000 UTC')}\n`;
  s += labelsBlock('Labels', o.metadata.labels) + annotationsBlock(o.metadata.annotations) + 'Spec:\n';
  const sel = formatSelector(spec.podSelector);
  s += `  PodSelector:     ${sel === '<none>' ? '<none> (Allowing the specific traffic to all pods in this namespace)' : sel}\n`;
  const types = (spec.policyTypes ?? ['Ingress']) as string[];
  for (const [dir, key, peerKey, word] of [['Ingress', 'ingress', 'from', 'From'], ['Egress', 'egress', 'to', 'To']] as const) {
    const rules = (spec[key] ?? []) as Any[];
    if (!types.includes(dir)) {
      s += `  Not affecting ${dir.toLowerCase()} traffic\n`;
      continue;
    }
    s += `  Allowing ${dir.toLowerCase()} traffic:\n`;
    if (!rules.length) {
      s += `    <none> (Selected pods are isolated for ${dir.toLowerCase()} connectivity)\n`;
      continue;
    }
    rules.forEach((r, i) => {
      if (i > 0) s += '    ----------\n';
      const ports = (r.ports ?? []) as Any[];
      s += ports.length ? ports.map((p) => `    To Port: ${p.port ?? '<any>'}${p.endPort ? `-${p.endPort}` : ''}/${p.protocol ?? 'TCP'}\n`).join('') : `    To Port: <any> (traffic allowed to all ports)\n`;
      const peers = (r[peerKey] ?? []) as Any[];
      if (!peers.length) s += `    ${word}: <any> (traffic not restricted by ${dir === 'Ingress' ? 'source' : 'destination'})\n`;
      else s += peers.map((p) => `    ${word}:\n${peerText(p, '      ')}`).join('');
    });
  }
  s += `  Policy Types: ${types.join(', ')}\n`;
  return s;
}

/** Describers by kind; others use the generic one. */
export const DESCRIBERS: Record<string, (engine: Engine, o: KubeObject, now: number) => string> = {
  Pod: describePod,
  Service: describeService,
  Deployment: describeDeployment,
  Ingress: describeIngress,
  NetworkPolicy: describePolicy,
};
