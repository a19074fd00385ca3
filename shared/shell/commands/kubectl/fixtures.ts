/**
 * Hand-built objects for kubectl's tests: what the engine's controllers would have made
 * (nodes, namespaces, pods with IPs, services), so verbs can be tested without them.
 */
import type { KubeObject } from '../../../model/objects';

/** A Node as the kubelet registers it. */
export function node(name: string, ip: string, controlPlane = false): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
      },
    },
    spec: { podCIDR: '10.244.0.0/24' },
    status: {
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      conditions: [{ type: 'Ready', status: 'True' }],
      nodeInfo: { kubeletVersion: 'v1.32.3', osImage: 'Ubuntu 24.04.1 LTS', kernelVersion: '6.8.0-56-generic', containerRuntimeVersion: 'containerd://2.0.3' },
    },
  };
}

/** A Namespace. */
export function namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
}

/** A running pod with one container. */
export function pod(name: string, ns: string, ip: string, nodeName: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }], nodeName },
    status: {
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      hostIP: '192.168.56.12',
      containerStatuses: [{ name: 'nginx', ready: true, restartCount: 0, image: 'nginx:latest', started: true, state: { running: {} } }],
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

/** A ClusterIP (or other type) Service. */
export function service(name: string, ns: string, clusterIP: string, ports: { port: number; targetPort?: number | string; name?: string; nodePort?: number; protocol?: string }[], selector?: Record<string, string>, type = 'ClusterIP'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { type, clusterIP, clusterIPs: [clusterIP], ports: ports.map((p) => ({ protocol: 'TCP', targetPort: p.port, ...p })), ...(selector ? { selector } : {}) },
    status: { loadBalancer: {} },
  };
}

/** The basic three-node cluster objects. */
export function basicCluster(): KubeObject[] {
  return [
    namespace('default'),
    namespace('kube-system'),
    node('node-1', '192.168.56.11', true),
    node('node-2', '192.168.56.12'),
    node('node-3', '192.168.56.13'),
    service('kubernetes', 'default', '10.96.0.1', [{ name: 'https', port: 443, targetPort: 6443 }]),
  ];
}
