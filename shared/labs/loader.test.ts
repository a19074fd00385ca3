import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadLab, type LoadResult } from './loader';

const good = readFileSync(join(__dirname, '__fixtures__/good.yaml'), 'utf8');

function load(yaml: string, files: Record<string, string> = {}): LoadResult {
  return loadLab('labs/x', (p) => (p === 'lab.yaml' ? yaml : files[p]));
}
function problems(yaml: string, files: Record<string, string> = {}): string[] {
  const r = load(yaml, files);
  return r.ok ? [] : r.problems.map(formatProblem);
}

describe('loadLab', () => {
  it('loads a good lab with its defaults', () => {
    const r = load(good);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.loaded.lab.topology).toEqual({ nodes: 3, segments: 1, cni: 'flannel:vxlan', proxyMode: 'iptables', workloads: 'default', routeHealth: true });
    expect(r.loaded.lab.steps[1]!.hints).toEqual([]);
    expect(r.loaded.bodies[0]!.en).toBe('Run `ip route` on {{victim}}.');
  });

  it('reports a missing field at its parent, with file:line:col', () => {
    const yaml = good.replace('minutes: 5\n', '');
    expect(problems(yaml)).toEqual(['labs/x/lab.yaml:1:1: minutes: required field is missing (expected number)']);
  });

  it('reports a wrong type at the value', () => {
    expect(problems(good.replace('minutes: 5', 'minutes: five'))).toEqual(['labs/x/lab.yaml:5:10: minutes: expected number, got string']);
  });

  it('names the allowed kinds of a check', () => {
    const p = problems(good.replace('kind: route', 'kind: routes'));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^labs\/x\/lab\.yaml:45:15: steps\[1\]\.checks\[0\]\.kind: expected one of "object", "endpoints", "route"/);
  });

  it('points at an unknown field', () => {
    expect(problems(good.replace('tags: [test]', 'tags: [test]\ncolour: red'))).toEqual(['labs/x/lab.yaml:7:1: unknown field "colour"']);
  });

  it('refuses an unknown node, also through a variable', () => {
    expect(problems(good.replace("shells: [node-1, '{{victim}}']", 'shells: [node-1, node-7]'))).toEqual([
      'labs/x/lab.yaml:11:18: shells[1]: unknown node "node-7" (this lab\'s topology has node-1, node-2, node-3)',
    ]);
    const p = problems(good.replace('pick: [node-2, node-3]', 'pick: [node-2, node-9]'));
    expect(p.length).toBeGreaterThan(0);
    expect(p.every((x) => x.includes('unknown node "node-9"'))).toBe(true);
  });

  it('refuses a bad check pattern', () => {
    expect(problems(good.replace("matches: '^default '", "matches: '^(default'"))).toEqual([
      'labs/x/lab.yaml:47:18: steps[1].checks[0].matches: expected a valid regular expression',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const p = problems(good.replace('minutes: 5', 'minutes: [5'));
    expect(p[0]).toMatch(/^labs\/x\/lab\.yaml:\d+:\d+: YAML syntax error: /);
  });

  it('cross-checks questions, answers and variables', () => {
    expect(problems(good.replace('question: which', 'question: what'))).toContain(
      'labs/x/lab.yaml:31:19: steps[0].checks[1].question: no question "what" in this step (have: which)',
    );
    expect(problems(good.replace('answers: [flannel.1]', 'answers: [cni0]'))).toEqual([
      'labs/x/lab.yaml:22:18: steps[0].questions[0].answers: answer "cni0" is not one of the choices',
    ]);
    expect(problems(good.replace('Run `ip route` on {{victim}}.', 'Run it on {{victm}}.'))).toEqual([
      'labs/x/lab.yaml:15:56: steps[0].body.en: unknown variable "victm" (declare it under variables)',
    ]);
  });

  it('reads step bodies and manifests from files and reports missing ones', () => {
    const yaml = good.replace('body: { zh-CN: 删除默认路由。, en: Delete the default route. }', 'body: { file: steps/02 }') + 'manifests:\n  - file: app.yaml\n';
    expect(problems(yaml, { 'steps/02.en.md': '# Two' })).toEqual([
      'labs/x/lab.yaml:42:19: steps[1].body.file: file not found: steps/02.zh-CN.md',
      'labs/x/lab.yaml:56:11: manifests[0].file: file not found: app.yaml',
    ]);
    const r = load(yaml, { 'steps/02.en.md': '# Two', 'steps/02.zh-CN.md': '# 二', 'app.yaml': 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\n' });
    expect(r.ok && r.loaded.bodies[1]).toEqual({ en: '# Two', 'zh-CN': '# 二' });
    expect(problems(yaml, { 'steps/02.en.md': '# Two', 'steps/02.zh-CN.md': '# 二', 'app.yaml': 'kind: Widget\n' })).toEqual([
      'labs/x/lab.yaml:56:5: manifests[0]: manifest document 1: expected apiVersion, kind and metadata.name',
    ]);
  });

  it('says so when lab.yaml is missing', () => {
    expect(loadLab('labs/y', () => undefined)).toEqual({ ok: false, problems: [{ file: 'labs/y/lab.yaml', line: 1, col: 1, path: '', message: 'lab.yaml not found' }] });
  });
});
