/**
 * Compares a simulated command's output with the real one. Masks only what cannot match
 * between a simulation and a kernel we build by hand (documented in docs/deviations.md):
 * the netns names in `link-netns`, the underlay NICs being veths into a switch namespace
 * here (`eth0@if5`), and dynamic neighbour entries (only PERMANENT ones are compared).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './host';

export interface Mask {
  name: string;
  apply(text: string, underlay: string[]): string;
}

export const MASKS: Mask[] = [
  {
    // Our underlay NICs are veths into a switch namespace; on a node they are physical
    // NICs (fq_codel, no peer). `underlay` names them, from the simulated kind 'ether'.
    name: 'underlay NICs are veths here',
    apply: (t, underlay) =>
      t
        .split(/(?=^\d+: )/m)
        .map((block) => {
          const name = /^\d+: ([^@:]+)/.exec(block)?.[1];
          if (!name || !underlay.includes(name)) return block;
          return block
            .replace(/^(\d+: [^@:]+)@if\d+:/, '$1:')
            .replace(/ link-netns \S+/g, '')
            .replace(/ qdisc \S+/, ' qdisc <nic>');
        })
        .join(''),
  },
  // Timers tick in a real kernel; a simulated bridge is always freshly idle.
  {
    name: 'bridge timers',
    apply: (t) => t.replace(/(hello_timer|tcn_timer|topology_change_timer|gc_timer|forward_delay_timer|hold_timer|message_age_timer) +[\d.]+/g, '$1 <t>'),
  },
  // Bridge VLAN filtering is a kernel build option (on in Ubuntu's kernels, off in this one).
  { name: 'bridge vlan options', apply: (t) => t.replace(/ vlan_protocol \S+| vlan_default_pvid \d+| vlan_stats_enabled \d+| vlan_stats_per_port \d+/g, '') },
  // Kernels from 6.x give veth and vxlan devices a 1000-packet queue and print it; the
  // captures we follow (5.x kernels) print none. Version-dependent, so left out.
  {
    name: 'veth/vxlan qlen',
    apply: (t) =>
      t
        .split(/(?=^\d+: )/m)
        .map((b) => (/^\d+: (veth\S*|cali\S*|flannel\.\d+|vxlan\.calico|eth\d+@if\d+):/.test(b) ? b.replace(/^([^\n]*?) qlen 1000/, '$1') : b))
        .join(''),
  },
  { name: 'netns names', apply: (t) => t.replace(/link-netns \S+|link-netnsid \d+/g, 'link-netns <peer>') },
];

export function masked(text: string, underlay: string[] = []): string {
  return MASKS.reduce((t, m) => m.apply(t, underlay), text.replace(/\r\n/g, '\n'));
}

/**
 * Keeps only PERMANENT (and proxy) neighbour lines, sorted: the others depend on traffic,
 * and the kernel lists its neighbour hash table in an order seeded at boot.
 */
export function permanentNeighbours(text: string): string {
  return text
    .split('\n')
    .filter((l) => /PERMANENT|proxy/.test(l))
    .sort()
    .join('\n');
}

/** FDB dump order is the hash table's up to 6.15 and insertion order since: compare as sets. */
export function sortedLines(text: string): string {
  return text.split('\n').filter(Boolean).sort().join('\n');
}

/** Removes one link's block (`N: name: ...` and its indented lines) from ip output. */
export function withoutLink(text: string, name: string): string {
  return text
    .split(/(?=^\d+: )/m)
    .filter((b) => !new RegExp(`^\\d+: ${name.replace(/[.]/g, '\\.')}(@\\S+)?:`).test(b))
    .join('');
}

/** A unified diff of two texts, or '' when equal. */
export function unifiedDiff(label: string, expected: string, actual: string): string {
  if (expected === actual) return '';
  const dir = mkdtempSync(join(tmpdir(), 'nlc-diff-'));
  try {
    writeFileSync(join(dir, 'real'), expected);
    writeFileSync(join(dir, 'sim'), actual);
    const r = run(['diff', '-u', '--label', `real: ${label}`, '--label', `sim: ${label}`, join(dir, 'real'), join(dir, 'sim')]);
    return r.stdout || '(texts differ only in ways diff cannot show, e.g. a trailing newline)';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
