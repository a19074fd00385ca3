// netstat -tln from the socket table (QA F7): a web pod, a CoreDNS pod, the control-plane node.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec } from '../../model/spec';
import type { ShellTarget } from '../../model/target';
import type { Pod } from '../../model/objects';
import { runScript } from '../script';

const engine = createEngine(defaultClusterSpec(), createEnv(5));
const sh = (s: string, t: ShellTarget) => runScript({ engine, target: t, script: s });
const HEAD = 'Active Internet connections (only servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n';
const row = (proto: string, local: string, state: string) => `${proto.padEnd(4)}       0      0 ${local.padEnd(23)} 0.0.0.0:*               ${state.padEnd(11)}\n`;
const podNamed = (ns: string, prefix: string): ShellTarget => {
  const p = engine.store.list<Pod>('Pod', ns).find((x) => x.metadata.name.startsWith(prefix))!;
  return { kind: 'pod', namespace: ns, name: p.metadata.name };
};

describe('netstat', () => {
  it('lists what a pod listens on', () => {
    const web = podNamed('default', 'web-');
    expect(sh('netstat -tln', web).output).toBe(HEAD + row('tcp', '0.0.0.0:80', 'LISTEN'));
    expect(sh('netstat -tl', web).output).toBe(HEAD + row('tcp', '0.0.0.0:http', 'LISTEN'));
    const dns = podNamed('kube-system', 'coredns-');
    expect(sh('netstat -tuln', dns).output).toBe(HEAD + row('tcp', '0.0.0.0:53', 'LISTEN') + row('tcp', '0.0.0.0:9153', 'LISTEN') + row('udp', '0.0.0.0:53', ''));
    expect(sh('netstat -uln', dns).output).toBe(HEAD + row('udp', '0.0.0.0:53', ''));
  });
  it('shows the apiserver on the control-plane node only, and nothing without -l', () => {
    expect(sh('netstat -tln', { kind: 'node', name: 'node-1' }).output).toBe(HEAD + row('tcp', '0.0.0.0:6443', 'LISTEN'));
    expect(sh('netstat -tln', { kind: 'node', name: 'node-2' }).output).toBe(HEAD);
    expect(sh('netstat -tn', { kind: 'node', name: 'node-1' }).output).toBe('Active Internet connections (w/o servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n');
  });
  it('rejects unknown options', () => {
    expect(sh('netstat -tz; echo $?', { kind: 'node', name: 'node-1' }).output).toBe("netstat: invalid option -- 'z'\n1\n");
  });
});
