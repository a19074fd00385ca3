// Golden cases recorded from the real tools (bash 5.2, coreutils 9, GNU grep, mawk):
// each script runs in one shell session, in order, and must print the same bytes.
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/gnu-cases.json';
import { runScript } from './script';
import { NODE1, shellTestEngine } from './fixture';

describe('shell and text tools against real GNU output', () => {
  const engine = shellTestEngine();
  runScript({ engine, target: NODE1, script: 'mkdir -p /tmp/shdiff' });
  for (const c of fixture.cases) {
    it(c.script, () => {
      // The recording ran in /tmp/shdiff; every case starts there.
      const r = runScript({ engine, target: NODE1, script: c.script + '\n', env: { PWD: '/tmp/shdiff' } });
      expect(r.stdout + r.stderr).toBe(c.output);
    });
  }
});
