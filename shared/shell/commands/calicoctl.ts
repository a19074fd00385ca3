/**
 * `calicoctl` (v3.29): `node status` from the node-to-node BGP mesh state (sessions a lab
 * can break), `ipam show [--show-blocks]` from Calico's IPAM blocks, `get ippool|nodes
 * [-o wide]` from the pool and the nodes. On nodes of a
 * cluster without Calico it says what the real one says: the process is not running.
 */
import type { Command } from '../command';
import type { Engine } from '../../sim/engine';
import { sessionKey, runsBird } from '../../controllers/cni/calico';
import { parsePrefix } from '../../kernel/ip';

/** A tablewriter-style table: centred headers, left-aligned cells, `+---+` borders. */
export function asciiTable(headers: string[], rows: string[][], align: ('l' | 'r')[] = []): string {
  const w = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = `+${w.map((n) => '-'.repeat(n + 2)).join('+')}+\n`;
  const centre = (s: string, n: number) => {
    const left = Math.floor((n - s.length) / 2);
    return ' '.repeat(left) + s + ' '.repeat(n - s.length - left);
  };
  let out = line + `|${headers.map((h, i) => ` ${centre(h, w[i]!)} `).join('|')}|\n` + line;
  for (const r of rows) out += `|${r.map((c, i) => ` ${align[i] === 'r' ? c.padStart(w[i]!) : c.padEnd(w[i]!)} `).join('|')}|\n`;
  return out + line;
}

function since(engine: Engine, ms: number): string {
  const d = new Date(ms).toISOString();
  const today = new Date(engine.env.clock.now()).toISOString().slice(0, 10);
  return d.slice(0, 10) === today ? d.slice(11, 19) : d.slice(0, 10);
}

function nodeStatus(engine: Engine, node: string): { out: string; code: number } {
  const cni = engine.spec.cni;
  if (cni.plugin !== 'calico' || !engine.cni) return { out: 'Calico process is not running.\n', code: 1 };
  if (!runsBird({ backend: cni.backend })) {
    return { out: 'Calico process is running.\n\nNone of the BGP backend processes (BIRD or GoBGP) are running.\n', code: 0 };
  }
  const state = engine.cni.state;
  const rows: string[][] = [];
  for (const peer of engine.spec.nodes) {
    if (peer.name === node) continue;
    const s = state.bgp[sessionKey(node, peer.name)];
    if (!s) continue;
    rows.push([peer.ip, 'node-to-node mesh', s.up ? 'up' : 'start', since(engine, s.since), s.up ? 'Established' : 'Active Socket: Connection refused']);
  }
  let out = 'Calico process is running.\n\nIPv4 BGP status\n';
  out += rows.length ? asciiTable(['PEER ADDRESS', 'PEER TYPE', 'STATE', 'SINCE', 'INFO'], rows) : 'No IPv4 peers found.\n';
  out += '\nIPv6 BGP status\nNo IPv6 peers found.\n\n';
  return { out, code: 0 };
}

function ipamShow(engine: Engine, blocks: boolean): { out: string; code: number } {
  const state = engine.cni?.state;
  if (engine.spec.cni.plugin !== 'calico' || !state) {
    return { out: 'Failed to get IPAM information: resource does not exist: IPPool(default-ipv4-ippool)\n', code: 1 };
  }
  const pool = parsePrefix(engine.spec.podCIDR)!;
  const pct = (n: number, of: number) => `${Math.floor((n * 100) / of)}%`;
  const poolSize = 2 ** (32 - pool.len);
  let used = 0;
  const rows: string[][] = [];
  for (const n of engine.spec.nodes) {
    const net = state.nodes[n.name];
    if (!net) continue;
    const inUse = Object.keys(state.ipam[n.name]?.used ?? {}).length;
    used += inUse;
    rows.push(['Block', net.subnet, '64', `${inUse} (${pct(inUse, 64)})`, `${64 - inUse} (${pct(64 - inUse, 64)})`]);
  }
  rows.sort((a, b) => (parsePrefix(a[1]!)!.net - parsePrefix(b[1]!)!.net));
  const poolRow = ['IP Pool', engine.spec.podCIDR, String(poolSize), `${used} (${pct(used, poolSize)})`, `${poolSize - used} (${pct(poolSize - used, poolSize)})`];
  return { out: asciiTable(['GROUPING', 'CIDR', 'IPS TOTAL', 'IPS IN USE', 'IPS FREE'], blocks ? [poolRow, ...rows] : [poolRow], ['l', 'l', 'r', 'l', 'l']), code: 0 };
}

/** Go's tabwriter as calicoctl uses it: every column padded to its widest cell plus 3. */
export function tabwrite(rows: string[][]): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `${r.map((c, i) => c.padEnd(w[i]! + 3)).join('')}\n`).join('');
}

/** `calicoctl get ippool|nodes [-o wide]` from the cluster spec and the CNI state. */
function get(engine: Engine, args: string[]): { out: string; code: number } {
  const kind = args[0] ?? '';
  const wide = args.includes('-o') && args[args.indexOf('-o') + 1] === 'wide' || args.includes('-owide') || args.includes('--output=wide');
  const cni = engine.spec.cni;
  if (cni.plugin !== 'calico') {
    return { out: `resource does not exist: ${/^ippools?$/.test(kind) ? 'IPPool' : 'Node'} with error: the server could not find the requested resource\n`, code: 1 };
  }
  if (/^(ippools?|pools?)$/.test(kind)) {
    const ipip = cni.backend === 'ipip' ? (cni.ipipMode ?? 'Always') : 'Never';
    const vxlan = cni.backend === 'vxlan' ? 'Always' : 'Never';
    const rows = wide
      ? [['NAME', 'CIDR', 'NAT', 'IPIPMODE', 'VXLANMODE', 'DISABLED', 'DISABLEBGPEXPORT', 'SELECTOR'], ['default-ipv4-ippool', engine.spec.podCIDR, 'true', ipip, vxlan, 'false', 'false', 'all()']]
      : [['NAME', 'CIDR', 'SELECTOR'], ['default-ipv4-ippool', engine.spec.podCIDR, 'all()']];
    return { out: tabwrite(rows), code: 0 };
  }
  if (/^(nodes?|no)$/.test(kind)) {
    const rows = [wide ? ['NAME', 'ASN', 'IPV4', 'IPV6'] : ['NAME']];
    for (const n of engine.spec.nodes) {
      const seg = engine.spec.segments.find((x) => x.name === n.segment);
      const len = seg ? parsePrefix(seg.cidr)!.len : 24;
      rows.push(wide ? [n.name, '(64512)', `${n.ip}/${len}`, ''] : [n.name]);
    }
    return { out: tabwrite(rows), code: 0 };
  }
  return { out: `Failed to get resources: resource type '${kind}' is not supported\n`, code: 1 };
}

const USAGE = `Usage:
  calicoctl [options] <command> [<args>...]

    create       Create a resource by file, directory or stdin.
    replace      Replace a resource by file, directory or stdin.
    apply        Apply a resource by file, directory or stdin.  This creates a resource
                 if it does not exist, and replaces a resource if it does exists.
    patch        Patch a pre-exisiting resource in place.
    delete       Delete a resource identified by file, directory, stdin or resource type and
                 name.
    get          Get a resource identified by file, directory, stdin or resource type and
                 name.
    label        Add or update labels of resources.
    convert      Convert config files between different API versions.
    ipam         IP address management.
    node         Calico node management.
    version      Display the version of this binary.
    datastore    Calico datastore management.

Options:
  -h --help                    Show this screen.
  -l --log-level=<level>       Set the log level (one of panic, fatal, error,
                               warn, info, debug) [default: panic]
     --context=<context>       The name of the kubeconfig context to use.
     --allow-version-mismatch  Allow client and cluster versions mismatch.

Description:
  The calicoctl command line tool is used to manage Calico network and security
  policy, to view and manage endpoint configuration, and to manage a Calico
  node instance.

  See 'calicoctl <command> --help' to read about a specific subcommand.
`;

export const calicoctl: Command = {
  name: 'calicoctl',
  summary: 'manage Calico: BGP peer status, IPAM blocks',
  availableOn: (target) => target.kind === 'node',
  run(ctx) {
    const args = ctx.argv.slice(1).filter((a) => !a.startsWith('--allow-version-mismatch'));
    const node = ctx.target.kind === 'node' ? ctx.target.name : '';
    let r: { out: string; code: number } | undefined;
    if (args[0] === 'node' && args[1] === 'status') r = nodeStatus(ctx.engine, node);
    else if (args[0] === 'ipam' && args[1] === 'show') r = ipamShow(ctx.engine, args.includes('--show-blocks'));
    else if (args[0] === 'get' && args[1]) r = get(ctx.engine, args.slice(1));
    else if (args[0] === 'version') {
      const calico = ctx.engine.spec.cni.plugin === 'calico';
      r = { out: `Client Version:    v3.29.1\nGit commit:        ddfc3b1ea\n${calico ? 'Cluster Version:   v3.29.1\nCluster Type:      k8s,bgp,kubeadm,kdd\n' : 'Unable to retrieve Cluster Version or Type: resource does not exist: ClusterInformation(default) with error: the server could not find the requested resource (get ClusterInformations.crd.projectcalico.org default)\n'}`, code: 0 };
    }
    if (!r) {
      ctx.err(args.length && !['-h', '--help'].includes(args[0]!) ? `Invalid option: '${args.join(' ')}'.\n\n${USAGE}` : USAGE);
      return 1;
    }
    // calicoctl prints "not running" on stdout and still fails; only real errors go to stderr.
    (r.out.startsWith('Failed') || r.out.startsWith('resource does not exist') ? ctx.err : ctx.out)(r.out);
    return r.code;
  },
};
