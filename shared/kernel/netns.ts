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
    const i = positions(this).byName.get(name);
    const l = i === undefined ? undefined : this.links[i];
    // The index only ever points into the current array, so a stale entry just falls back to a scan.
    if (l !== undefined && l.name === name) return l;
    // Not indexed (a new name, or one renamed in place): the first link of that name, if any.
    for (const x of this.links) if (x.name === name) return x;
    return undefined;
  }

  linkByIndex(ifindex: number): Link | undefined {
    const i = positions(this).byIfindex.get(ifindex);
    const l = i === undefined ? undefined : this.links[i];
    if (l !== undefined && l.ifindex === ifindex) return l;
    return this.links.find((x) => x.ifindex === ifindex);
  }

  addrsOf(name: string): Address[] {
    const l = this.link(name);
    return l ? this.addrs.filter((a) => a.ifindex === l.ifindex) : [];
  }
}

/**
 * Name / ifindex → position in `links`, rebuilt whenever the array is replaced or changes
 * length (kept outside the object so snapshots never see it). Lookups are the walker's and
 * the CNI's hot path; a node with hundreds of pod veths would otherwise be scanned each time.
 */
interface LinkPositions {
  links: Link[];
  length: number;
  byName: Map<string, number>;
  byIfindex: Map<number, number>;
}

const linkPositions = new WeakMap<NetNS, LinkPositions>();

function positions(ns: NetNS): LinkPositions {
  let c = linkPositions.get(ns);
  const links = ns.links;
  if (c && c.links === links) {
    if (c.length === links.length) return c;
    // Links were appended (addLink pushes): index just the new ones instead of all of them
    // again, so adding a node's hundreds of pod veths stays linear. A stale position (after
    // an in-place sort) is harmless: lookups check the entry and fall back to a scan.
    if (c.length < links.length) {
      for (let i = c.length; i < links.length; i++) {
        c.byName.set(links[i]!.name, i);
        c.byIfindex.set(links[i]!.ifindex, i);
      }
      c.length = links.length;
      return c;
    }
  }
  c = { links, length: links.length, byName: new Map(), byIfindex: new Map() };
  links.forEach((l, i) => {
    c!.byName.set(l.name, i);
    c!.byIfindex.set(l.ifindex, i);
  });
  linkPositions.set(ns, c);
  return c;
}
