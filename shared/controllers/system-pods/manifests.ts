/**
 * The objects a kubeadm cluster runs on its own, shaped like kubeadm's and the add-ons'
 * manifests: control-plane static pods, kube-proxy (DaemonSet + ConfigMap), CoreDNS
 * (Deployment, ConfigMap, the kube-dns Service at the 10th service IP), the CNI's pods,
 * and ingress-nginx with its IngressClass and Service.
 */
import type { ClusterSpec, NodeSpec } from '../../model/spec';
import type { KubeObject } from '../../model/objects';
import { nthAddress, parsePrefix } from '../../kernel/ip';

type Any = Record<string, any>;

/** Versions of the images, matching the Kubernetes 1.32 release the nodes report. */
export const IMAGES = {
  etcd: 'registry.k8s.io/etcd:3.5.16-0',
  apiserver: 'registry.k8s.io/kube-apiserver:v1.32.0',
  controllerManager: 'registry.k8s.io/kube-controller-manager:v1.32.0',
  scheduler: 'registry.k8s.io/kube-scheduler:v1.32.0',
  proxy: 'registry.k8s.io/kube-proxy:v1.32.0',
  coredns: 'registry.k8s.io/coredns/coredns:v1.11.3',
  flannel: 'ghcr.io/flannel-io/flannel:v0.26.1',
  calicoNode: 'docker.io/calico/node:v3.29.1',
  calicoControllers: 'docker.io/calico/kube-controllers:v3.29.1',
  ingress: 'registry.k8s.io/ingress-nginx/controller:v1.11.3',
};

/** The cluster DNS Service address: the 10th address of the service CIDR (kubeadm's rule). */
export function clusterDnsIp(spec: ClusterSpec): string {
  return nthAddress(parsePrefix(spec.serviceCIDR)!, 10);
}

const CRITICAL_NODE = { priority: 2000001000, priorityClassName: 'system-node-critical' };
const CRITICAL_CLUSTER = { priority: 2000000000, priorityClassName: 'system-cluster-critical' };
const TOLERATE_ALL = [{ operator: 'Exists' }];
const CP_TOLERATIONS = [
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
];

function container(name: string, image: string, command?: string[], ports?: Any[]): Any {
  return { name, image, ...(command ? { command } : {}), ...(ports ? { ports } : {}) };
}

/** kubeadm's four control-plane static pods on one node (mirror pods owned by the Node). */
export function staticPods(node: NodeSpec, nodeUid: string, cidr: { pod: string; svc: string }): KubeObject[] {
  const ip = node.ip;
  const mk = (component: string, image: string, command: string[]): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${component}-${node.name}`,
      namespace: 'kube-system',
      labels: { component, tier: 'control-plane' },
      annotations: { 'kubernetes.io/config.source': 'file', ...(component === 'etcd' ? { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` } : {}), ...(component === 'kube-apiserver' ? { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` } : {}) },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid: nodeUid, controller: true }],
    },
    spec: {
      containers: [container(component, image, command)],
      hostNetwork: true,
      nodeName: node.name,
      ...CRITICAL_NODE,
      tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
    },
  });
  return [
    mk('etcd', IMAGES.etcd, ['etcd', `--advertise-client-urls=https://${ip}:2379`, '--data-dir=/var/lib/etcd', `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`, `--name=${node.name}`]),
    mk('kube-apiserver', IMAGES.apiserver, ['kube-apiserver', `--advertise-address=${ip}`, '--secure-port=6443', `--service-cluster-ip-range=${cidr.svc}`]),
    mk('kube-controller-manager', IMAGES.controllerManager, ['kube-controller-manager', '--allocate-node-cidrs=true', `--cluster-cidr=${cidr.pod}`, `--service-cluster-ip-range=${cidr.svc}`]),
    mk('kube-scheduler', IMAGES.scheduler, ['kube-scheduler', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf']),
  ];
}

/** A DaemonSet with the usual add-on shape. */
function daemonSet(name: string, namespace: string, labels: Record<string, string>, c: Any, extra: Any = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace, labels, generation: 1 },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [c], hostNetwork: true, nodeSelector: { 'kubernetes.io/os': 'linux' }, ...CRITICAL_NODE, tolerations: TOLERATE_ALL, ...extra } },
      updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
      revisionHistoryLimit: 10,
    },
  };
}

function deployment(name: string, namespace: string, labels: Record<string, string>, replicas: number, c: Any, extra: Any = {}, meta: Any = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: meta.labels ?? labels, generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: { metadata: { labels }, spec: { containers: [c], ...extra } },
    },
  };
}

/** kube-proxy's config.conf as kubeadm writes it; mode "" means iptables. */
export function kubeProxyConfig(spec: ClusterSpec): string {
  const mode = spec.proxyMode === 'iptables' ? '""' : spec.proxyMode;
  return `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: ${spec.podCIDR}
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
metricsBindAddress: ""
mode: ${mode}
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForProxy: ""
`;
}

/** kube-proxy: its ConfigMap and DaemonSet. */
export function kubeProxy(spec: ClusterSpec, apiServer: string): KubeObject[] {
  const labels = { 'k8s-app': 'kube-proxy' };
  const kubeconfig = `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n    server: ${apiServer}\n  name: default\ncontexts:\n- context:\n    cluster: default\n    namespace: default\n    user: default\n  name: default\ncurrent-context: default\nusers:\n- name: default\n  user:\n    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token\n`;
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } }, data: { 'config.conf': kubeProxyConfig(spec), 'kubeconfig.conf': kubeconfig } },
    daemonSet('kube-proxy', 'kube-system', labels, container('kube-proxy', IMAGES.proxy, ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)']), { serviceAccountName: 'kube-proxy' }),
  ];
}

/** CoreDNS: Corefile, Deployment (×2) and the kube-dns Service. */
export function coreDns(spec: ClusterSpec): KubeObject[] {
  const labels = { 'k8s-app': 'kube-dns' };
  const corefile = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${spec.clusterDomain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success ${spec.clusterDomain}
       disable denial ${spec.clusterDomain}
    }
    loop
    reload
    loadbalance
}
`;
  const ports = [
    { containerPort: 53, name: 'dns', protocol: 'UDP' },
    { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
    { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
  ];
  const dnsIp = clusterDnsIp(spec);
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: corefile } },
    deployment('coredns', 'kube-system', labels, 2, container('coredns', IMAGES.coredns, undefined, ports), { dnsPolicy: 'Default', ...CRITICAL_CLUSTER, tolerations: CP_TOLERATIONS, serviceAccountName: 'coredns' }),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
        annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      },
      spec: {
        clusterIP: dnsIp,
        clusterIPs: [dnsIp],
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
        selector: labels,
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    },
  ];
}

/** The CNI's own pods: flannel's DaemonSet in kube-flannel, or calico-node + calico-kube-controllers. */
export function cniObjects(spec: ClusterSpec): KubeObject[] {
  if (spec.cni.plugin === 'flannel') {
    const labels = { app: 'flannel', 'k8s-app': 'flannel', tier: 'node' };
    const netConf = JSON.stringify({ Network: spec.podCIDR, EnableNFTables: false, Backend: { Type: spec.cni.backend } }, null, 2);
    return [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-flannel', labels: { 'k8s-app': 'flannel', 'pod-security.kubernetes.io/enforce': 'privileged' } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-flannel-cfg', namespace: 'kube-flannel', labels }, data: { 'net-conf.json': `${netConf}\n` } },
      daemonSet('kube-flannel-ds', 'kube-flannel', labels, container('kube-flannel', IMAGES.flannel, ['/opt/bin/flanneld', '--ip-masq', '--kube-subnet-mgr']), { serviceAccountName: 'flannel' }),
    ];
  }
  if (spec.cni.plugin === 'calico') {
    return [
      daemonSet('calico-node', 'kube-system', { 'k8s-app': 'calico-node' }, container('calico-node', IMAGES.calicoNode), { serviceAccountName: 'calico-node' }),
      deployment('calico-kube-controllers', 'kube-system', { 'k8s-app': 'calico-kube-controllers' }, 1, container('calico-kube-controllers', IMAGES.calicoControllers), { ...CRITICAL_CLUSTER, tolerations: CP_TOLERATIONS, serviceAccountName: 'calico-kube-controllers' }),
    ];
  }
  return [];
}

/** ingress-nginx (the bare-metal manifest): namespace, controller Deployment, NodePort Service, IngressClass. */
export function ingressNginx(): KubeObject[] {
  const sel = { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' };
  const labels = { ...sel, 'app.kubernetes.io/part-of': 'ingress-nginx', 'app.kubernetes.io/version': '1.11.3' };
  const ports = [
    { containerPort: 80, name: 'http', protocol: 'TCP' },
    { containerPort: 443, name: 'https', protocol: 'TCP' },
    { containerPort: 8443, name: 'webhook', protocol: 'TCP' },
  ];
  const svc = (name: string, type: string, p: Any[]): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'ingress-nginx', labels },
    spec: { type, selector: sel, ports: p, ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', ...(type === 'NodePort' ? { externalTrafficPolicy: 'Cluster' } : {}) },
    status: { loadBalancer: {} },
  });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ingress-nginx', labels: { 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' } } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx', labels }, spec: { controller: 'k8s.io/ingress-nginx' } },
    deployment('ingress-nginx-controller', 'ingress-nginx', sel, 1, container('controller', IMAGES.ingress, ['/nginx-ingress-controller', '--election-id=ingress-nginx-leader', '--controller-class=k8s.io/ingress-nginx', '--ingress-class=nginx'], ports), { dnsPolicy: 'ClusterFirst', nodeSelector: { 'kubernetes.io/os': 'linux' }, serviceAccountName: 'ingress-nginx', terminationGracePeriodSeconds: 300 }, { labels }),
    svc('ingress-nginx-controller', 'NodePort', [
      { appProtocol: 'http', name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
      { appProtocol: 'https', name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' },
    ]),
    svc('ingress-nginx-controller-admission', 'ClusterIP', [{ appProtocol: 'https', name: 'https-webhook', port: 443, protocol: 'TCP', targetPort: 'webhook' }]),
  ];
}
