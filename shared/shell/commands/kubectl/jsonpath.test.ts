// QA F10: escaped dots in JSONPath field names name one key (`{.data.config\.conf}`).
import { describe, expect, it } from 'vitest';
import { renderJsonPath } from './jsonpath';
import { makeKit } from './test-kit';
import type { KubeObject } from '../../../model/objects';

describe('jsonpath escaped dots', () => {
  it('reads keys with dots through backslash escapes', () => {
    const data = { data: { 'config.conf': 'mode: ipvs\n' }, metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } } };
    expect(renderJsonPath('{.data.config\\.conf}', data)).toBe('mode: ipvs\n');
    expect(renderJsonPath('{.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}', data)).toBe('{}');
    expect(renderJsonPath('{..config\\.conf}', data)).toBe('mode: ipvs\n');
    expect(renderJsonPath('{.data.config.conf}', data)).toBe('');
  });

  it('works through kubectl get -o jsonpath', () => {
    const k = makeKit();
    k.add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy', namespace: 'kube-system' }, data: { 'config.conf': 'mode: iptables\n' } } as unknown as KubeObject);
    expect(k.run("kubectl -n kube-system get cm kube-proxy -o jsonpath='{.data.config\\.conf}'")).toEqual({ out: 'mode: iptables\n', err: '', code: 0 });
  });
});
