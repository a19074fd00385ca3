// nc -zv through the walker: netcat-openbsd's words on a node (checked against 1.219 in a
// netns: success line, refused/unreachable lines only with -v, getaddrinfo failure),
// BusyBox's in a pod; a socket that took the handshake is open even if its app stays quiet.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec } from '../../model/spec';
import type { ShellTarget } from '../../model/target';
import type { Service } from '../../model/objects';
import { runScript } from '../script';

const engine = createEngine(defaultClusterSpec(), createEnv(5));
const sh = (s: string, t: ShellTarget) => runScript({ engine, target: t, script: s }).output;
const N1: ShellTarget = { kind: 'node', name: 'node-1' };
const CLIENT: ShellTarget = { kind: 'pod', namespace: 'default', name: 'client' };
const ip = (ns: string, name: string) => engine.store.get<Service>('Service', ns, name)!.spec.clusterIP!;

describe('nc on a node (netcat-openbsd)', () => {
  it('reports an open port, and a closed one only with -v', () => {
    expect(sh('nc -zv 10.96.0.1 443; echo $?', N1)).toBe('Connection to 10.96.0.1 443 port [tcp/https] succeeded!\n0\n');
    expect(sh('nc -z 10.96.0.1 443; echo $?', N1)).toBe('0\n');
    expect(sh('nc -z 10.96.0.1 444; echo $?', N1)).toBe('1\n');
    expect(sh('nc -zv 10.96.0.1 444', N1)).toMatch(/^nc: connect to 10\.96\.0\.1 port 444 \(tcp\) failed: [A-Za-z ]+\n$/);
  });
  it('CoreDNS over TCP takes the connection although nc sends no query; -n prints [tcp/*]', () => {
    const dns = ip('kube-system', 'kube-dns');
    expect(sh(`nc -zvn ${dns} 53`, N1)).toBe(`Connection to ${dns} 53 port [tcp/*] succeeded!\n`);
  });
  it('a name it cannot resolve, and usage errors', () => {
    expect(sh('nc -zv nosuch 80; echo $?', N1)).toBe('nc: getaddrinfo for host "nosuch" port 80: Temporary failure in name resolution\n1\n');
    expect(sh('nc -zv 10.96.0.1', N1)).toBe('nc: missing port number\n');
    expect(sh('nc -zq 1 x 1 2>&1 | head -1', N1)).toBe("nc: invalid option -- 'q'\n");
  });
});

describe('nc in a pod (BusyBox)', () => {
  it('nc -zv SERVICE PORT through cluster DNS and kube-proxy', () => {
    expect(sh('nc -zv web 80; echo $?', CLIENT)).toBe(`web (${ip('default', 'web')}:80) open\n0\n`);
    expect(sh('nc -zv nosuch 80; echo $?', CLIENT)).toBe("nc: bad address 'nosuch'\n1\n");
  });
});
