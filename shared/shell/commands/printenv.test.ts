// printenv (QA F7): the Services walkthrough's `kubectl exec POD -- printenv | grep SERVICE`.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec } from '../../model/spec';
import { runScript } from '../script';

const engine = createEngine(defaultClusterSpec(), createEnv(5));
const sh = (script: string) => runScript({ engine, target: { kind: 'node', name: 'node-1' }, script });

describe('printenv', () => {
  it('prints the pod environment through kubectl exec', () => {
    const out = sh('kubectl exec client -- printenv | grep SERVICE').stdout;
    expect(out).toMatch(/^KUBERNETES_SERVICE_HOST=10\.96\.0\.1$/m);
    expect(out).toMatch(/^KUBERNETES_SERVICE_PORT=443$/m);
    expect(sh('kubectl exec client -- printenv KUBERNETES_SERVICE_HOST KUBERNETES_SERVICE_PORT').output).toBe('10.96.0.1\n443\n');
  });
  it('prints named variables, failing for unset ones, and rejects unknown options', () => {
    expect(sh('X=1 printenv X; echo $?').output).toBe('1\n0\n');
    expect(sh('export A=a; printenv A NOPE A; echo $?').output).toBe('a\na\n1\n');
    expect(sh('export A=a; printenv | grep ^A=').output).toBe('A=a\n');
    expect(sh('printenv -z; echo $?').output).toBe("printenv: invalid option -- 'z'\nTry 'printenv --help' for more information.\n2\n");
  });
});
