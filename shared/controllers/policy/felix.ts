/**
 * NetworkPolicy as Calico's felix programs it (iptables dataplane): per node, in the
 * filter table, FORWARD jumps to cali-FORWARD, which dispatches traffic leaving a local
 * workload to cali-fw-<iface> (egress) and entering one to cali-tw-<iface> (ingress).
 * Those jump to one chain per policy (cali-pi-_… / cali-po-_…) that sets the accept mark
 * 0x10000; a pod no policy selects falls through to its namespace profile (allow all);
 * an isolated pod whose policies set no mark hits "Drop if no policies passed packet".
 * Peers are ipsets (cali40s:…) of pod IPs; ipBlock excepts use the scratch mark 0x40000.
 */
import type { Engine } from '../../sim/engine';
import type { KubeObject, Pod } from '../../model/objects';
import type { Match, Rule, Table, Target } from '../../kernel/netfilter/state';
import type { NetNS } from '../../kernel/netns';
import type { Origin } from '../../kernel/types';
import { sha1Words, calicoVethName } from '../cni/sha1';
import { isolates, resolveRules, type Direction, type Peer, type PortSpec } from './select';

const OWNER = 'calico-felix';
const ACCEPT_MARK = 0x10000;
const EXCEPT_MARK = 0x40000;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

const hashes = new Map<string, string>();
const digest = new Int32Array(5);
const B64_CODES = Array.from(B64, (c) => c.charCodeAt(0));
const codes: number[] = new Array(40).fill(0);

/** B64[byte % 64] of the digest's 20 bytes into codes[at..at+20). */
function b64Digest(h: Int32Array, at: number): void {
  for (let w = 0; w < 5; w++) {
    const v = h[w]!;
    codes[at + w * 4] = B64_CODES[(v >>> 24) & 63]!;
    codes[at + w * 4 + 1] = B64_CODES[(v >>> 16) & 63]!;
    codes[at + w * 4 + 2] = B64_CODES[(v >>> 8) & 63]!;
    codes[at + w * 4 + 3] = B64_CODES[v & 63]!;
  }
}

/** felix-style short hash: base64url of sha1, `n` characters (at most 40). */
export function felixHash(text: string, n: number): string {
  // Memoised: every resync re-derives the same rule ids, tens of thousands on a big cluster.
  let all = hashes.get(text);
  // One character per digest byte (byte % 64) over sha1(text) then sha1(text + '#'); the
  // second digest only when more than 20 characters are asked for (ipset names).
  if (all === undefined || (n > 20 && all.length === 20)) {
    b64Digest(sha1Words(text, digest), 0);
    const long = n > 20;
    if (long) b64Digest(sha1Words(`${text}#`, digest), 20);
    // One flat string (not a rope of concatenations): it is sliced and compared often.
    all = String.fromCharCode(...(long ? codes : codes.slice(0, 20)));
    if (hashes.size > 200_000) hashes.clear();
    hashes.set(text, all);
  }
  return n === all.length ? all : all.slice(0, n);
}

/** The policy chain name: `cali-pi-_` (ingress) or `cali-po-_` (egress) + a hash of `ns/knp.default.name`. */
export function policyChain(p: KubeObject, dir: Direction): string {
  return `cali-p${dir === 'Ingress' ? 'i' : 'o'}-_${felixHash(`${p.metadata.namespace}/knp.default.${p.metadata.name}`, 19)}`;
}

const comment = (text: string): Match => ({ m: 'comment', comment: text });

function rule(chain: string, i: number, parts: Partial<Rule> & { extra?: Match[] }, target: Target, ownerRef?: string): Rule {
  const { extra, ...rest } = parts;
  const matches: Match[] = [comment(`cali:${felixHash(`${chain}#${i}`, 16)}`), ...(extra ?? [])];
  return { ...rest, matches, target, owner: OWNER, ...(ownerRef ? { ownerRef, ...policyOrigin(ownerRef) } : {}) };
}

/** Structured provenance from an ownerRef (`networkpolicy ns/a, ns/b`): the first policy it names. */
function policyOrigin(ref: string): { origin?: Origin } {
  const m = /^networkpolicy ([^/, ]+)\/([^, ]+)/.exec(ref);
  return m ? { origin: { controller: OWNER, object: { kind: 'NetworkPolicy', namespace: m[1]!, name: m[2]! }, detail: `for ${ref.replace('networkpolicy', 'NetworkPolicy')}` } } : {};
}

const mark = (value: number, mask: number): Target => ({ t: 'MARK', value, mask });
const markIs = (value: number, mask: number): Match => ({ m: 'mark', value, mask, inv: false });
const jump = (chain: string, goto = false): Target => ({ t: 'jump', chain, ...(goto ? { goto } : {}) });

/** The chains and ipsets of one node. */
export interface NodeProgram {
  chains: Map<string, Rule[]>;
  ipsets: Map<string, string[]>;
}

function portGroups(ports: PortSpec[] | undefined): Partial<Rule>[] {
  if (!ports) return [{}];
  const byProto = new Map<string, PortSpec[]>();
  for (const p of ports) byProto.set(p.proto, [...(byProto.get(p.proto) ?? []), p]);
  const out: Partial<Rule>[] = [];
  for (const [proto, list] of byProto) {
    const proto_ = { proto: { value: proto, inv: false } };
    if (list.some((p) => p.lo === undefined)) out.push(proto_);
    else out.push({ ...proto_, extra: [{ m: 'multiport', dir: 'dports', ports: list.map((p) => ({ lo: p.lo!, hi: p.hi ?? p.lo! })), inv: false }] } as Partial<Rule> & { extra: Match[] });
  }
  return out;
}

/** The rules of one policy chain. */
function policyRules(engine: Engine, p: KubeObject, dir: Direction, chain: string, ipsets: Map<string, string[]>): Rule[] {
  const out: Rule[] = [];
  const ref = `networkpolicy ${p.metadata.namespace}/${p.metadata.name}`;
  const title = comment(`Policy ${p.metadata.namespace}/knp.default.${p.metadata.name} ${dir.toLowerCase()}`);
  const side = dir === 'Ingress' ? 'src' : 'dst';
  const add = (parts: Partial<Rule> & { extra?: Match[] }, target: Target): void => {
    out.push(rule(chain, out.length, { ...parts, extra: [title, ...(parts.extra ?? [])] }, target, ref));
  };
  for (const r of resolveRules(engine, p, dir)) {
    const peers: (Peer | undefined)[] = r.peers ?? [undefined];
    for (const peer of peers) {
      for (const pg of portGroups(r.ports)) {
        if (r.ports && r.ports.length === 0) continue;
        const pgExtra = (pg as { extra?: Match[] }).extra ?? [];
        const base: Partial<Rule> & { extra?: Match[] } = { ...(pg.proto ? { proto: pg.proto } : {}), extra: [...pgExtra] };
        if (peer?.kind === 'pods') {
          const set = `cali40s:${felixHash(peer.key, 22)}`;
          ipsets.set(set, peer.ips);
          base.extra = [{ m: 'set', name: set, flags: side, inv: false }, ...pgExtra];
        } else if (peer?.kind === 'cidr') {
          for (const ex of peer.except) add({ [side]: { value: ex, inv: false } }, mark(EXCEPT_MARK, EXCEPT_MARK));
          base[side] = { value: peer.cidr, inv: false };
          if (peer.except.length) base.extra = [markIs(0, EXCEPT_MARK), ...pgExtra];
        }
        add(base, mark(ACCEPT_MARK, ACCEPT_MARK));
        if (peer?.kind === 'cidr' && peer.except.length) add({}, mark(0, EXCEPT_MARK));
        add({ extra: [markIs(ACCEPT_MARK, ACCEPT_MARK)] }, { t: 'RETURN' });
      }
    }
  }
  return out;
}

/**
 * A workload chain's rules, memoised by everything they are made of (the chain name, which
 * encodes the pod and direction, its namespace and the policies isolating it): a resync
 * hands back the very array it installed last time, which applyNode recognises without
 * comparing rules. Rules are immutable (netfilter/state.ts), so sharing them is safe.
 */
const workloadChains = new Map<string, Rule[]>();

function workloadRules(c: string, ns: string, dir: Direction, pols: KubeObject[]): Rule[] {
  const key = `${c}|${ns}|${pols.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(',')}`;
  const hit = workloadChains.get(key);
  if (hit) return hit;
  const rs: Rule[] = [
    rule(c, 0, { extra: [{ m: 'conntrack', ctstate: ['RELATED', 'ESTABLISHED'], inv: false }] }, { t: 'ACCEPT' }),
    rule(c, 1, { extra: [{ m: 'conntrack', ctstate: ['INVALID'], inv: false }] }, { t: 'DROP' }),
    rule(c, 2, {}, mark(0, ACCEPT_MARK)),
  ];
  if (pols.length) {
    for (const p of pols) {
      rs.push(rule(c, rs.length, { extra: [markIs(0, ACCEPT_MARK)] }, jump(policyChain(p, dir)), `networkpolicy ${p.metadata.namespace}/${p.metadata.name}`));
    }
    rs.push(rule(c, rs.length, { extra: [comment('Return if policy accepted'), markIs(ACCEPT_MARK, ACCEPT_MARK)] }, { t: 'RETURN' }));
    const names = pols.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ');
    // The last comment names the policies isolating the pod, so a dropped walk says which ones.
    rs.push(rule(c, rs.length, { extra: [comment('Drop if no policies passed packet'), comment(`${dir.toLowerCase()} policies: ${names}`)] }, { t: 'DROP' }, `networkpolicy ${names}`));
  } else {
    const prof = `cali-pr${dir === 'Ingress' ? 'i' : 'o'}-kns.${ns}`;
    rs.push(rule(c, rs.length, {}, jump(prof)));
    rs.push(rule(c, rs.length, { extra: [comment('Return if profile accepted'), markIs(ACCEPT_MARK, ACCEPT_MARK)] }, { t: 'RETURN' }));
    rs.push(rule(c, rs.length, { extra: [comment('Drop if no profiles matched')] }, { t: 'DROP' }));
  }
  if (workloadChains.size > 50_000) workloadChains.clear();
  workloadChains.set(key, rs);
  return rs;
}

/** Builds what felix would program on `node`. */
export function programNode(engine: Engine, node: string, policies: KubeObject[], pods: Pod[]): NodeProgram {
  const chains = new Map<string, Rule[]>();
  const ipsets = new Map<string, string[]>();
  const local = pods.filter((p) => p.spec.nodeName === node);
  const fwd = 'cali-FORWARD';
  chains.set(fwd, [
    rule(fwd, 0, {}, mark(0, 0xe0000)),
    rule(fwd, 1, { in: { value: 'cali+', inv: false } }, jump('cali-from-wl-dispatch')),
    rule(fwd, 2, { out: { value: 'cali+', inv: false } }, jump('cali-to-wl-dispatch')),
    rule(fwd, 3, { extra: [comment('Policy explicitly accepted packet.'), markIs(ACCEPT_MARK, ACCEPT_MARK)] }, { t: 'ACCEPT' }),
  ]);
  const fromD: Rule[] = [];
  const toD: Rule[] = [];
  const profiles = new Set<string>();
  // In interface-name order; each name worked out once, not once per comparison.
  const byIface = local.map((p) => ({ p, key: calicoVethName(p.metadata.namespace!, p.metadata.name) }));
  byIface.sort((a, b) => a.key.localeCompare(b.key));
  for (const { p: pod } of byIface) {
    const ns = pod.metadata.namespace ?? 'default';
    const iface = calicoVethName(ns, pod.metadata.name);
    for (const dir of ['Egress', 'Ingress'] as Direction[]) {
      const c = `cali-${dir === 'Ingress' ? 'tw' : 'fw'}-${iface}`;
      (dir === 'Ingress' ? toD : fromD).push(rule(dir === 'Ingress' ? 'cali-to-wl-dispatch' : 'cali-from-wl-dispatch', (dir === 'Ingress' ? toD : fromD).length, { [dir === 'Ingress' ? 'out' : 'in']: { value: iface, inv: false } }, jump(c, true)));
      const pols = policies.filter((p) => isolates(p, pod, dir)).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
      for (const p of pols) {
        const pc = policyChain(p, dir);
        if (!chains.has(pc)) chains.set(pc, policyRules(engine, p, dir, pc, ipsets));
      }
      if (!pols.length) profiles.add(`cali-pr${dir === 'Ingress' ? 'i' : 'o'}-kns.${ns}|${dir}|${ns}`);
      chains.set(c, workloadRules(c, ns, dir, pols));
    }
  }
  for (const p of profiles) {
    const [name, dir, ns] = p.split('|') as [string, string, string];
    chains.set(name, [
      rule(name, 0, { extra: [comment(`Profile kns.${ns} ${dir.toLowerCase()}`)] }, mark(ACCEPT_MARK, ACCEPT_MARK)),
      rule(name, 1, { extra: [markIs(ACCEPT_MARK, ACCEPT_MARK)] }, { t: 'RETURN' }),
    ]);
  }
  const dropUnknown = (c: string, dir: string): Rule => rule(c, 999, { extra: [comment(`Unknown interface`)] }, { t: 'DROP' }, `calico ${dir}`);
  chains.set('cali-from-wl-dispatch', [...fromD, dropUnknown('cali-from-wl-dispatch', 'egress')]);
  chains.set('cali-to-wl-dispatch', [...toD, dropUnknown('cali-to-wl-dispatch', 'ingress')]);
  return { chains, ipsets };
}

/** Writes a node program into its namespace, replacing whatever felix wrote before. */
export function applyNode(ns: NetNS, prog: NodeProgram | undefined): void {
  const filter: Table = ns.nf.tables.filter;
  for (const name of [...filter.chains.keys()]) if (name.startsWith('cali-') && !prog?.chains.has(name)) filter.chains.delete(name);
  const fwd = filter.chains.get('FORWARD')!;
  const hookRule = (r: Rule) => r.owner === OWNER && r.target?.t === 'jump' && r.target.chain === 'cali-FORWARD';
  const others = fwd.rules.filter((r) => !hookRule(r));
  const hook: Rule = fwd.rules.find(hookRule) ?? { matches: [comment('cali:wUHhoiAYhphO9Mso')], target: jump('cali-FORWARD'), owner: OWNER };
  const want = prog ? [hook, ...others] : others;
  if (want.length !== fwd.rules.length || want.some((r, i) => r !== fwd.rules[i])) filter.chains.set('FORWARD', { ...fwd, rules: want });
  for (const [name, rules] of prog?.chains ?? []) {
    // Unchanged chains keep their rule objects, so their packet counters survive a resync.
    const cur = filter.chains.get(name);
    if (cur && (cur.rules === rules || JSON.stringify(cur.rules) === JSON.stringify(rules))) continue;
    // A memoised array may hold rules this table counted before (a pod deleted and created
    // again): a rewritten chain starts from zero, so those get new rule objects.
    filter.chains.set(name, { name, rules: rules.some((r) => filter.counters.has(r)) ? rules.map((r) => ({ ...r })) : rules });
  }
  if (prog) filter.touched = true;
  // Only felix's policy sets (cali40s:...): the IP-pool sets (cali40masq-ipam-pools...) are the NAT rules'.
  for (const name of [...ns.ipsets.sets.keys()]) if (name.startsWith('cali40s:') && !prog?.ipsets.has(name)) ns.ipsets.sets.delete(name);
  for (const [name, ips] of prog?.ipsets ?? []) ns.ipsets.sets.set(name, { name, type: 'hash:net', entries: new Set(ips) });
}
