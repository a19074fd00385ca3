import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runLabCli } from './cli-lab';
import { loadFolder } from './host/labs/catalog';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function cli(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), cwd }, out: () => out.join(''), err: () => err.join('') };
}

describe('netlab lab', () => {
  it('scaffolds a lab that loads, and refuses a bad id or an existing folder', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'netlab-cli-'));
    dirs.push(cwd);
    const c = cli(cwd);
    expect(await runLabCli(['new', 'my-lab'], c.io)).toBe(0);
    expect(c.out()).toContain('created my-lab/');
    expect(fs.readdirSync(path.join(cwd, 'my-lab', 'steps')).sort()).toEqual(['01.en.md', '01.zh-CN.md']);
    const e = loadFolder(path.join(cwd, 'my-lab'), false);
    expect(e.ok).toBe(true);
    expect(await runLabCli(['new', 'my-lab'], c.io)).toBe(1);
    expect(await runLabCli(['new', 'My Lab'], c.io)).toBe(2);
    expect(c.err()).toContain('"My Lab" is not a valid lab id');
  });

  it('reports schema errors with file:line and exits 1; usage errors exit 2', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'netlab-cli-'));
    dirs.push(cwd);
    fs.mkdirSync(path.join(cwd, 'bad'));
    fs.writeFileSync(path.join(cwd, 'bad', 'lab.yaml'), 'id: bad\ntitle: { en: x }\n');
    const c = cli(cwd);
    expect(await runLabCli(['validate', 'bad'], c.io)).toBe(1);
    expect(c.out()).toContain('FAIL bad\n  bad/lab.yaml:1:1: summary: required field is missing (expected object)\n');
    expect(c.out()).toContain('  bad/lab.yaml:1:1: difficulty: required field is missing (expected one of "beginner", "intermediate", "advanced")\n');
    expect(c.out()).toContain('  bad/lab.yaml:2:8: title.zh-CN: required field is missing (expected string)\n');
    expect(c.out()).toContain('0 passed, 1 failed');
    expect(await runLabCli(['validate'], c.io)).toBe(2);
    expect(await runLabCli(['validate', '--seed', 'x', 'bad'], c.io)).toBe(2);
    expect(await runLabCli(['frobnicate'], c.io)).toBe(2);
    expect(await runLabCli(['validate', '--nope', 'bad'], c.io)).toBe(2);
  });
});
