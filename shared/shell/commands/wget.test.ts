// BusyBox wget in pods (QA F7): the "Declare Network Policy" walkthrough, -qO-, -O FILE, and failures.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec } from '../../model/spec';
import type { Pod, Service } from '../../model/objects';
import type { ShellTarget } from '../../model/target';
import { runScript } from '../script';
import { parseWgetArgs } from './wget';

const node: ShellTarget = { kind: 'node', name: 'node-1' };
const pod = (name: string): ShellTarget => ({ kind: 'pod', namespace: 'default', name });

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: access-nginx
spec:
  podSelector:
    matchLabels:
      app: nginx
  ingress:
  - from:
    - podSelector:
        matchLabels:
          access: "true"
`;

describe('wget (BusyBox)', () => {
  it('walks the Declare Network Policy page: exists, then times out, then exists with access=true', () => {
    const e = createEngine(defaultClusterSpec({ workloads: 'none', cni: { plugin: 'calico', backend: 'ipip', ipipMode: 'Always' } }), createEnv(9));
    const sh = (s: string, t: ShellTarget = node) => runScript({ engine: e, target: t, script: s });
    sh('kubectl create deployment nginx --image=nginx; kubectl expose deployment nginx --port=80');
    sh('kubectl run busybox --image=busybox:1.28 -- sleep 3600; kubectl run busybox-ok --image=busybox:1.28 --labels="access=true" -- sleep 3600');
    const ip = e.store.get<Service>('Service', 'default', 'nginx')!.spec.clusterIP!;
    expect(sh('wget --spider --timeout=1 nginx; echo $?', pod('busybox')).output).toBe(`Connecting to nginx (${ip}:80)\nremote file exists\n0\n`);
    sh(`cat > p.yaml <<'EOF'\n${POLICY}EOF\nkubectl apply -f p.yaml`);
    const t0 = e.env.clock.now();
    expect(sh('wget --spider --timeout=1 nginx; echo $?', pod('busybox')).output).toBe(`Connecting to nginx (${ip}:80)\nwget: download timed out\n1\n`);
    expect(e.env.clock.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(sh('wget --spider -T 1 nginx', pod('busybox-ok')).output).toBe(`Connecting to nginx (${ip}:80)\nremote file exists\n`);
  });

  it('prints the page with -qO-, saves files with -O and by name, and refuses to overwrite', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(5));
    // The default server's page names the client's port, which differs per connection.
    const sh = (s: string) => {
      const r = runScript({ engine: e, target: pod('client'), script: s });
      return { ...r, output: r.output.replace(/(\(client [\d.]+:)\d+\)/g, '$1PORT)') };
    };
    // One backend by its pod IP, so every fetch gets the same page.
    const web = e.store.list<Pod>('Pod', 'default').find((p) => p.metadata.name.startsWith('web-'))!;
    const ip = web.status!.podIP!;
    const page = sh(`curl -s ${ip}`).output;
    expect(page).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5} /);
    expect(sh(`wget -qO- ${ip}`).output).toBe(page);
    expect(sh(`wget -q -O - http://${ip}/`).output).toBe(page);
    expect(sh('wget -qO- web').output).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5} /);
    const size = runScript({ engine: e, target: pod('client'), script: `curl -s ${ip}` }).stdout.length;
    const bar = (f: string) => `${f.padEnd(20)} 100% |${'*'.repeat(32)}|${String(size).padStart(6)}  0:00:00 ETA\n`;
    expect(sh(`wget -O- ${ip} 2>/dev/null`).output).toBe(page);
    expect(sh(`wget -O- ${ip} 2>&1 >/dev/null`).output).toBe(`Connecting to ${ip} (${ip}:80)\nwriting to stdout\n${bar('-')}written to stdout\n`);
    expect(sh(`cd /tmp; wget ${ip}; cat index.html`).output).toBe(`Connecting to ${ip} (${ip}:80)\nsaving to 'index.html'\n${bar('index.html')}'index.html' saved\n${page}`);
    expect(sh(`cd /tmp; wget -q ${ip}; echo $?`).output).toBe("wget: can't open 'index.html': File exists\n1\n");
    expect(sh(`cd /tmp; wget -qO out.html ${ip}:80/ && cat out.html`).output).toBe(page);
  });

  it("reports busybox's errors with status 1", () => {
    const e = createEngine(defaultClusterSpec(), createEnv(5));
    const sh = (s: string) => runScript({ engine: e, target: pod('client'), script: s });
    expect(sh('wget -q nosuchname; echo $?').output).toBe("wget: bad address 'nosuchname'\n1\n");
    const podIp = e.store.get<Pod>('Pod', 'default', 'client')!.status!.podIP!;
    expect(sh(`wget -qO- ${podIp}:9999; echo $?`).output).toBe(`wget: can't connect to remote host (${podIp}): Connection refused\n1\n`);
    expect(sh('wget -Z web; echo $?').output).toMatch(/^wget: invalid option -- 'Z'\nBusyBox v1\.36\.1 .*\n\nUsage: wget /);
    expect(sh('wget; echo $?').output).toMatch(/ URL\.\.\.\n[\s\S]*\n1\n$/);
    expect(runScript({ engine: e, target: node, script: 'wget web' }).output).toBe('bash: wget: command not found\n');
  });

  it('parses bundled flags and attached values', () => {
    expect(parseWgetArgs(['-qO-', '-T5', 'x'])).toMatchObject({ quiet: true, output: '-', timeoutS: 5, urls: ['x'] });
    expect(parseWgetArgs(['--output-document=f', '--timeout', '2', '-s', 'y'])).toMatchObject({ output: 'f', timeoutS: 2, spider: true, urls: ['y'] });
    expect(parseWgetArgs(['-T', 'x'])).toEqual({ error: "wget: invalid number 'x'\n" });
  });
});
