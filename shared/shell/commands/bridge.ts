/**
 * `bridge` (iproute2 6.1): `fdb show [dev X] [br B]` and `link [show]`. The FDB lists,
 * per device in ifindex order, the bridge's own and learned entries, vxlan `dst`
 * entries, and the multicast `self` entries the kernel keeps for every up interface.
 */
import type { Command } from '../command';
import type { NetNS } from '../../kernel/netns';
import type { FdbEntry, Link } from '../../kernel/types';
import { linkFlags } from './iproute2/linkfmt';

/** The multicast addresses the kernel subscribes an up, IPv6-enabled interface to. */
function multicastSelf(ns: NetNS, link: Link): FdbEntry[] {
  if (!link.up || !link.mac || link.kind === 'loopback' || link.kind === 'vxlan' || link.kind === 'ipip' || link.kind === 'tun') return [];
  const tail = link.mac.split(':').slice(3).join(':');
  const e = (mac: string): FdbEntry => ({ mac, dev: link.name, self: true, permanent: true });
  // A bridge with multicast snooping also joins the all-snoopers groups (…:6a).
  if (link.kind === 'bridge') return [e('33:33:00:00:00:01'), e('01:00:5e:00:00:6a'), e('33:33:00:00:00:6a'), e('01:00:5e:00:00:01'), e(`33:33:ff:${tail}`)];
  void ns;
  return [e('33:33:00:00:00:01'), e('01:00:5e:00:00:01'), e(`33:33:ff:${tail}`)];
}

/** One `bridge fdb show` line (the element details quote it). */
export function fdbLine(f: FdbEntry, hideDev: boolean): string {
  let s = `${f.mac} `;
  if (!hideDev) s += `dev ${f.dev} `;
  if (f.vlan !== undefined) s += `vlan ${f.vlan} `;
  if (f.dst) s += `dst ${f.dst} `;
  if (f.master && !f.self) s += `master ${f.master} `;
  if (f.self) s += 'self ';
  if (f.permanent) s += 'permanent';
  return `${s.replace(/ $/, f.permanent ? '' : ' ')}\n`;
}

function fdbShow(ns: NetNS, args: string[], out: (s: string) => void, err: (s: string) => void): number {
  let dev: string | undefined;
  let br: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'dev') dev = args[++i];
    else if (a === 'br') br = args[++i];
    else if (a === 'brport') dev = args[++i];
    else {
      err(`Unknown argument "${a}"\n`);
      return 255;
    }
  }
  for (const d of [dev, br]) {
    if (d !== undefined && !ns.link(d)) {
      err(`Cannot find bridge device "${d}"\n`);
      return 1;
    }
  }
  let text = '';
  for (const link of ns.links) {
    if (dev !== undefined && link.name !== dev) continue;
    if (br !== undefined && link.master !== br && link.name !== br) continue;
    // Newest first within a device, as the kernel's hlist_add_head leaves them (checked).
    const mine = ns.fdb.filter((f) => f.dev === link.name).reverse();
    const bridged = mine.filter((f) => !f.self);
    const self = mine.filter((f) => f.self);
    // Learned entries first, then the port's own permanent ones, as the kernel's hash walk lists them.
    bridged.sort((a, b) => Number(a.permanent) - Number(b.permanent));
    // rtnl_fdb_dump per device: a port's entries from its master bridge come first, then the
    // device's own list; a bridge lists its own (multicast) addresses before its local entries.
    const order = link.kind === 'bridge' ? [...self, ...multicastSelf(ns, link), ...bridged] : [...bridged, ...self, ...multicastSelf(ns, link)];
    for (const f of order) {
      text += fdbLine(f, dev !== undefined);
    }
  }
  out(text);
  return 0;
}

export const bridgeCommand: Command = {
  name: 'bridge',
  summary: 'show / manipulate bridge addresses and devices',
  run(ctx) {
    const [, object, verb, ...rest] = ctx.argv;
    const engine = ctx.engine;
    const ns = ctx.netns;
    if (object === undefined) {
      ctx.err('Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { link | fdb | mdb | vlan | vni | monitor }\n       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |\n                    -o[neline] | -t[imestamp] | -n[etns] name |\n                    -com[pressvlans] -c[olor] -p[retty] -j[son] }\n');
      return 255;
    }
    if ('fdb'.startsWith(object)) {
      if (verb === undefined || 'show'.startsWith(verb) || 'list'.startsWith(verb)) return fdbShow(ns, rest, ctx.out, ctx.err);
      ctx.err(`Command "${verb}" is unknown, try "bridge fdb help".\n`);
      return 255;
    }
    if ('link'.startsWith(object)) {
      if (verb !== undefined && !'show'.startsWith(verb) && !'list'.startsWith(verb)) {
        ctx.err(`Command "${verb}" is unknown, try "bridge link help".\n`);
        return 255;
      }
      let text = '';
      for (const l of ns.links) {
        if (!l.master) continue;
        const state = l.up ? 'forwarding' : 'disabled';
        // bridge resolves the peer's ifindex in this namespace (so a pod's eth0 index 2 prints as
        // this node's ifindex 2), falling back to ifN: the real tool's quirk, reproduced.
        const peerIdx = l.kind === 'veth' ? l.peer.ifindex : undefined;
        const at = peerIdx === undefined ? l.master : ns.linkByIndex(peerIdx)?.name ?? `if${peerIdx}`;
        text += `${l.ifindex}: ${l.name}@${at}: ${linkFlags(engine, ns, l)} mtu ${l.mtu} master ${l.master} state ${state} priority 32 cost 2 \n`;
      }
      ctx.out(text);
      return 0;
    }
    ctx.err(`Object "${object}" is unknown, try "bridge help".\n`);
    return 255;
  },
};
