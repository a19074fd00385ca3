// dig's query type: `-t TYPE`, `-tTYPE`, a type before the name or after it all ask for it (QA F5).
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec } from '../../model/spec';
import type { Service } from '../../model/objects';
import { runScript } from '../script';

const engine = createEngine(defaultClusterSpec(), createEnv(1));
const sh = (script: string) => runScript({ engine, target: { kind: 'pod', namespace: 'default', name: 'client' }, script });
const SRV = '_http._tcp.web.default.svc.cluster.local';

describe('dig query types', () => {
  it('answers SRV whichever way the type is given', () => {
    const want = '0 100 80 web.default.svc.cluster.local.\n';
    expect(sh(`dig ${SRV} SRV +short`).output).toBe(want);
    expect(sh(`dig -t SRV ${SRV} +short`).output).toBe(want);
    expect(sh(`dig -tsrv ${SRV} +short`).output).toBe(want);
    expect(sh(`dig SRV ${SRV} +short`).output).toBe(want);
    expect(sh(`dig +short srv ${SRV}`).output).toBe(want);
  });
  it('shows the asked type in the question section', () => {
    expect(sh(`dig -t SRV ${SRV}`).stdout).toContain(`;; QUESTION SECTION:\n;${SRV}. IN SRV\n`);
    expect(sh(`dig SRV ${SRV}`).stdout).toMatch(/;; ANSWER SECTION:\n_http\._tcp\.web\.default\.svc\.cluster\.local\. 30 IN SRV 0 100 80 web\.default\.svc\.cluster\.local\.\n/);
  });
  it('takes the name from -q and warns about a type it does not know', () => {
    const ip = engine.store.get<Service>('Service', 'default', 'web')!.spec.clusterIP;
    expect(sh('dig +short -q web.default.svc.cluster.local').output).toBe(`${ip}\n`);
    expect(sh('dig -t BOGUS web.default.svc.cluster.local +short').output).toBe(`;; Warning, ignoring invalid type BOGUS\n${ip}\n`);
    expect(sh('dig +short -t; echo $?').output).toBe("dig: option requires an argument -- 't'\n1\n");
  });
});
