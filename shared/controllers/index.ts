/**
 * THE one table of controllers (like the command table). createEngine starts them in
 * this order: each does its initial sync and then reacts to store watch events
 * synchronously. Other lanes add their factory lines here (services, kube-proxy, DNS,
 * ingress, policy, system pods); keep the CNI first and the workloads right after it.
 */
import type { Controller } from './controller';
import { cniController } from './cni/index';
import { workloadsController } from './workloads/index';
import { sandboxController } from './workloads/sandbox';
import { servicesController } from './services/index';
import { kubeProxyController } from './kube-proxy/index';
import { systemPodsController } from './system-pods/index';
import { dnsController } from './dns/index';
import { ingressController } from './ingress/index';
import { policyController } from './policy/index';

export type { Controller } from './controller';

export const controllerFactories: Array<() => Controller> = [
  // network: the CNI programs nodes and serves CNI ADD/DEL
  cniController,
  // workloads: deployments, replicasets, scheduler, kubelet
  workloadsController,

  // services, kube-proxy, DNS, ingress, policy, system pods: add yours here
  // services: ClusterIP/NodePort allocation, kubernetes Service, endpoints + endpointslices, LB IPs
  servicesController,
  // kube-proxy on every node (and flanneld's iptables rules), plus the netfilter packet hooks
  kubeProxyController,

  // the default sandbox's web Deployment and client pod (after everything that reacts to them)
  sandboxController,
  // kubeadm's own pods: control-plane static pods, kube-proxy, the CNI's pods, CoreDNS, ingress-nginx; the DaemonSet
  // controller. Last, so the sandbox's pods keep the first pod IPs other lanes' goldens expect.
  systemPodsController,
  // cluster DNS: CoreDNS in the coredns pods, resolv.conf for every host, the resolver curl/ping use
  dnsController,
  // ingress-nginx: host/path routing in the controller pods, its own backend choice, a second connection
  ingressController,
  // NetworkPolicy: felix-style cali-* chains under Calico; stored but not enforced under flannel
  policyController,
];

/** Only the engine lane's controllers (CNI, workloads, sandbox): for tests that pin exact output. */
export const ENGINE_CONTROLLERS: Array<() => Controller> = [cniController, workloadsController, sandboxController];
