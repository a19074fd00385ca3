/**
 * One network namespace: a node's root namespace, a pod's (owned by its pause
 * container), the external host's, or the underlay router's. Plain data plus the
 * lookups the walker and the commands share; controllers and commands mutate it.
 */
import type { Address, FdbEntry, Link, Neighbour, Route, Sysctls } from './types';
import { emptyNetfilter, type NetfilterState } from './netfilter/state';
import { emptyIpsets, emptyIpvs, type IpsetState, type IpvsState } from './ipvs/state';

export type NetnsKind = 'node' | 'pod' | 'external' | 'router';

export class NetNS {
  links: Link[] = [];
  addrs: Address[] = [];
  routes: Route[] = [];
  neigh: Neighbour[] = [];
  fdb: FdbEntry[] = [];
  sysctl: Sysctls = { ipForward: false, proxyArp: [], bridgeNfCallIptables: true };
  nf: NetfilterState = emptyNetfilter();
  ipvs: IpvsState = emptyIpvs();
  ipsets: IpsetState = emptyIpsets();
  nextIfindex = 1;
  /** The name the container runtime gave a pod namespace (`cni-<uuid>`), shown as `link-netns` on the host. */
  runtimeName?: string;

  constructor(
    /** Stable id: `node/node-1`, `pod/default/web-abc`, `external`, `router`. */
    readonly id: string,
    readonly kind: NetnsKind,
    /** What `hostname` prints in a shell of this namespace. */
    public hostname: string,
  ) {}

  link(name: string): Link | undefined {
    return this.links.find((l) => l.name === name);
  }

  linkByIndex(ifindex: number): Link | undefined {
    return this.links.find((l) => l.ifindex === ifindex);
  }

  addrsOf(name: string): Address[] {
    const l = this.link(name);
    return l ? this.addrs.filter((a) => a.ifindex === l.ifindex) : [];
  }
}
