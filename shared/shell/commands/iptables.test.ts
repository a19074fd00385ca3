import { describe, expect, it } from 'vitest';
import { cluster, node, pod, run } from '../../controllers/kube-proxy/testkit';
import { HostFs } from '../vfs';
import { iptables } from './iptables';

const N = node('node-1');
const TRY = "Try `iptables -h' or 'iptables --help' for more information.\n";

describe('iptables errors and exit codes as iptables v1.8.9 (nf_tables)', () => {
  const e = cluster();
  const cases: [string, string, number][] = [
    ['iptables', `iptables v1.8.9 (nf_tables): no command specified\n${TRY}`, 2],
    ['iptables -Q', `iptables v1.8.9 (nf_tables): unknown option "-Q"\n${TRY}`, 2],
    ['iptables -L FOO', "iptables v1.8.9 (nf_tables): chain `FOO' in table `filter' is incompatible, use 'nft' tool.\n", 1],
    ['iptables -t foo -L', "iptables v1.8.9 (nf_tables): table 'foo' does not exist\nPerhaps iptables or your kernel needs to be upgraded.\n", 3],
    ['iptables -D INPUT 99', 'iptables: Index of deletion too big.\n', 1],
    ['iptables -A INPUT -j NOPE', `iptables v1.8.9 (nf_tables): Chain 'NOPE' does not exist\n${TRY}`, 2],
    ['iptables -N KUBE-FIREWALL', 'iptables: Chain already exists.\n', 1],
    ['iptables -X NOPE', 'iptables: No chain/target/match by that name.\n', 1],
    ['iptables -X KUBE-FIREWALL', 'iptables v1.8.9 (nf_tables):  CHAIN_DEL failed (Device or resource busy): chain KUBE-FIREWALL\n', 4],
    ['iptables -A INPUT --dport 80 -j ACCEPT', `iptables v1.8.9 (nf_tables): unknown option "--dport"\n${TRY}`, 2],
    ['iptables -A INPUT -p tcp --dport abc -j ACCEPT', `iptables v1.8.9 (nf_tables): invalid port/service \`abc' specified\n${TRY}`, 2],
    ['iptables -A INPUT -s 1.2.3.999 -j ACCEPT', `iptables v1.8.9 (nf_tables): host/network \`1.2.3.999' not found\n${TRY}`, 2],
    ['iptables -I INPUT 99 -j ACCEPT', 'iptables: Index of insertion too big.\n', 1],
    ['iptables -C INPUT -j ACCEPT', 'iptables: Bad rule (does a matching rule exist in that chain?).\n', 1],
    ['iptables -P KUBE-FIREWALL DROP', 'iptables: Bad built-in chain name.\n', 1],
    ['iptables -P INPUT FOO', "iptables: Bad policy name. Run `dmesg' for more information.\n", 1],
    ['iptables -A INPUT -m foo -j ACCEPT', `iptables v1.8.9 (nf_tables): Couldn't load match \`foo':No such file or directory\n\n${TRY}`, 2],
    ['iptables -A', `iptables v1.8.9 (nf_tables): option "-A" requires an argument\n${TRY}`, 2],
    ['iptables -A INPUT -j DNAT --to-destination 1.2.3.4', 'iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT\n', 4],
  ];
  for (const [cmd, err, code] of cases) {
    it(cmd, () => expect(run(e, N, cmd)).toEqual({ out: '', err, code }));
  }
  it('--version', () => expect(run(e, N, 'iptables --version').out).toBe('iptables v1.8.9 (nf_tables)\n'));
  it('is not installed in pods', () => expect(iptables.availableOn!(pod('client'), e)).toBe(false));
});

describe('iptables edits', () => {
  it('-I/-A/-D/-R/-C/-N/-F/-X/-P/-Z on a scratch chain, listed with --line-numbers and -v', () => {
    const e = cluster();
    const ok = (c: string) => expect(run(e, N, c)).toEqual({ out: '', err: '', code: 0 });
    ok('iptables -N LAB');
    ok('iptables -A LAB -s 10.0.0.0/8 -j RETURN');
    ok('iptables -I LAB -p tcp --dport 22 -j ACCEPT');
    ok('iptables -A LAB -j DROP');
    ok('iptables -R LAB 3 -j REJECT');
    ok('iptables -C LAB -s 10.0.0.0/8 -j RETURN');
    expect(run(e, N, 'iptables -L LAB -n --line-numbers').out).toBe(
      'Chain LAB (0 references)\n' +
        'num  target     prot opt source               destination         \n' +
        '1    ACCEPT     6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:22\n' +
        '2    RETURN     0    --  10.0.0.0/8           0.0.0.0/0           \n' +
        '3    REJECT     0    --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable\n',
    );
    expect(run(e, N, 'iptables -S LAB 2').out).toBe('-A LAB -s 10.0.0.0/8 -j RETURN\n');
    ok('iptables -D LAB 1');
    ok('iptables -D LAB -s 10.0.0.0/8 -j RETURN');
    expect(run(e, N, 'iptables -S LAB').out).toBe('-N LAB\n-A LAB -j REJECT --reject-with icmp-port-unreachable\n');
    ok('iptables -F LAB');
    ok('iptables -X LAB');
    ok('iptables -P FORWARD DROP');
    expect(run(e, N, 'iptables -S FORWARD').out.split('\n')[0]).toBe('-P FORWARD DROP');
    ok('iptables -Z');
  });

  it('iptables -t nat -nvL KUBE-POSTROUTING counts the packets a curl sends', () => {
    const e = cluster();
    const ip = e.store.get<{ spec: { clusterIP: string } } & import('../../model/objects').KubeObject>('Service', 'default', 'web')!.spec.clusterIP;
    run(e, N, `curl -s http://${ip}/`);
    expect(run(e, N, 'iptables -t nat -nvL KUBE-POSTROUTING').out).toBe(
      'Chain KUBE-POSTROUTING (1 references)\n' +
        ' pkts bytes target     prot opt in     out     source               destination         \n' +
        // The flannel VXLAN packet carrying the request leaves the node unmarked: RETURN.
        '    1   110 RETURN     0    --  *      *       0.0.0.0/0            0.0.0.0/0            mark match ! 0x4000/0x4000\n' +
        '    1    60 MARK       0    --  *      *       0.0.0.0/0            0.0.0.0/0            MARK xor 0x4000\n' +
        '    1    60 MASQUERADE  0    --  *      *       0.0.0.0/0            0.0.0.0/0            /* kubernetes service traffic requiring SNAT */ random-fully\n',
    );
  });

  it('iptables-restore from a file in the shell filesystem, atomic on error', () => {
    const e = cluster();
    const fs = new HostFs(e, N);
    fs.write('/root/lab.rules', '*filter\n:LAB - [0:0]\n-A LAB -s 192.168.56.100/32 -j DROP\nCOMMIT\n');
    expect(run(e, N, 'iptables-restore -n lab.rules')).toEqual({ out: '', err: '', code: 0 });
    expect(run(e, N, 'iptables -S LAB').out).toBe('-N LAB\n-A LAB -s 192.168.56.100/32 -j DROP\n');
    fs.write('/root/bad.rules', '*filter\n:LAB2 - [0:0]\n-A LAB2 -j NOPE\nCOMMIT\n');
    expect(run(e, N, 'iptables-restore -n bad.rules')).toEqual({
      out: '',
      err: "iptables-restore v1.8.9 (nf_tables): Chain 'NOPE' does not exist\nError occurred at line: 3\nTry `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
      code: 2,
    });
    expect(run(e, N, 'iptables -S LAB2').code).toBe(1);
    // A round trip of the whole node through save and restore changes nothing.
    const before = run(e, N, 'iptables-save').out;
    expect(run(e, N, 'iptables-restore', before).code).toBe(0);
    expect(run(e, N, 'iptables-save').out).toBe(before);
  });
});
