// QA F4: pcap-filter syntax (`tcp port 80`, `icmp or arp`, `net`, `src host`, parentheses).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Packet } from '../../kernel/packet';
import { compileFilter } from './tcpdump-filter';

const pkt = (src: string, dst: string, l4: Packet['l4']): Packet => ({ ip: { src, dst, ttl: 64, proto: l4?.kind ?? 'icmp' }, l4, payload: { kind: 'none' }, mark: 0, length: 60 });
const http = pkt('10.244.2.3', '10.244.1.2', { kind: 'tcp', sport: 40000, dport: 80, flags: 'S' });
const dns = pkt('10.244.1.3', '10.244.2.3', { kind: 'udp', sport: 53, dport: 51000 });
const vxlan = pkt('192.168.56.13', '192.168.56.12', { kind: 'udp', sport: 60482, dport: 8472 });
const ping = pkt('10.244.2.3', '10.244.1.2', { kind: 'icmp', type: 8, code: 0, id: 1, seq: 1 });
const all = { http, dns, vxlan, ping };

function matching(expr: string): string {
  const r = compileFilter(expr);
  if (!r.ok) return `error: ${r.error}`;
  return Object.entries(all)
    .filter(([, p]) => r.pred(p))
    .map(([k]) => k)
    .join(',');
}

describe('tcpdump filters', () => {
  it('protocol qualifier + primitive', () => {
    expect(matching('tcp port 80')).toBe('http');
    expect(matching('udp port 8472')).toBe('vxlan');
    expect(matching('udp port 80')).toBe('');
    expect(matching('tcp dst port 80')).toBe('http');
    expect(matching('src port 53')).toBe('dns');
    expect(matching('port domain')).toBe('dns');
  });
  it('or / and / not, symbols, parentheses and left-to-right precedence', () => {
    expect(matching('icmp or arp')).toBe('ping');
    expect(matching('icmp || tcp')).toBe('http,ping');
    expect(matching('not udp')).toBe('http,ping');
    expect(matching('!udp')).toBe('http,ping');
    expect(matching('host 10.244.2.3 and (tcp or icmp)')).toBe('http,ping');
    expect(matching('(port 80||port 53)&&!icmp')).toBe('http,dns');
    // pcap: `a or b and c` is `(a or b) and c`.
    expect(matching('icmp or tcp and port 80')).toBe('http');
    expect(matching('port 80 or 8472')).toBe('http,vxlan');
  });
  it('host, src/dst host, net', () => {
    expect(matching('src host 10.244.2.3')).toBe('http,ping');
    expect(matching('dst host 10.244.2.3')).toBe('dns');
    expect(matching('net 10.244.0.0/16')).toBe('http,dns,ping');
    expect(matching('dst net 192.168.56.0/24')).toBe('vxlan');
    expect(matching('net 192.168')).toBe('vxlan');
    expect(matching('10.244.1.2')).toBe('http,ping');
    expect(matching('')).toBe('http,dns,vxlan,ping');
  });
  it('errors as tcpdump prints them', () => {
    expect(matching('port')).toBe("error: can't parse filter expression: syntax error");
    expect(matching('tcp and')).toBe("error: can't parse filter expression: syntax error");
    expect(matching('(tcp')).toBe("error: can't parse filter expression: syntax error");
    expect(matching('port 99999')).toBe('error: illegal port number 99999 > 65535');
    expect(matching('net 10.244.0.1/16')).toBe('error: non-network bits set in "10.244.0.1/16"');
    expect(matching('net 10.0.0.0/33')).toBe('error: mask length must be <= 32');
    expect(matching('host nowhere')).toBe("error: unknown host 'nowhere'");
  });
  it('never throws on arbitrary words', () => {
    const word = fc.constantFrom('tcp', 'udp', 'icmp', 'arp', 'ip', 'port', '80', 'host', '10.0.0.1', 'net', '10.0.0.0/8', 'src', 'dst', 'and', 'or', 'not', '!', '(', ')', '&&', '||', 'x');
    fc.assert(fc.property(fc.array(word, { maxLength: 8 }), (ws) => {
      const r = compileFilter(ws.join(' '));
      if (r.ok) for (const p of Object.values(all)) r.pred(p);
    }));
  });
});

describe('tcpdump with pcap filters on the default sandbox', () => {
  const run = async (script: string, host = 'node-3') => {
    const { createEngine } = await import('../../sim/create');
    const { defaultClusterSpec } = await import('../../model/spec');
    const { createEnv } = await import('../../model/env');
    const { runScript } = await import('../script');
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    runScript({ engine: e, target: { kind: 'pod', namespace: 'default', name: 'client' }, script: 'nslookup web >/dev/null; ping -c 1 10.244.1.2 >/dev/null' });
    return runScript({ engine: e, target: { kind: 'node', name: host }, script }).output;
  };
  it('-i cni0 port 53 shows the queries and the replies', async () => {
    const out = await run('tcpdump -i cni0 -nn port 53 2>/dev/null');
    expect(out).toMatch(/^\S+ IP 10\.244\.2\.3\.(\d+) > 10\.96\.0\.10\.53: \1\+ A\? web\.default\.svc\.cluster\.local\. \(47\)\n/);
    expect(out).toMatch(/\n\S+ IP 10\.244\.\d+\.\d+\.53 > 10\.244\.2\.3\.\d+: \d+\*- 1\/0\/0 A 10\.\d+\.\d+\.\d+ \(63\)\n/);
  });
  it('udp port 8472 on eth0, icmp or arp, and tcpdump syntax errors', async () => {
    expect(await run('tcpdump -i eth0 -nn udp port 8472 2>&1 | grep -c OTV')).toBe('2\n');
    expect(await run("tcpdump -i any -nn 'icmp or arp' 2>/dev/null | grep -c ICMP")).toBe('6\n');
    expect(await run('tcpdump -i eth0 -nn tcp port; echo rc=$?; tcpdump -i eth0 port 70000; echo rc=$?')).toBe(
      "tcpdump: can't parse filter expression: syntax error\nrc=1\ntcpdump: illegal port number 70000 > 65535\nrc=1\n",
    );
  });
});
