import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadLab } from './loader';
import { fillDeep, fillString } from './variables';

const good = readFileSync(join(__dirname, '__fixtures__/good.yaml'), 'utf8');
const lines = good.split('\n');

describe('loadLab (properties)', () => {
  it('never throws, and every problem points at a real line of the file', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const r = loadLab('labs/x', (p) => (p === 'lab.yaml' ? text : undefined));
        if (r.ok) return;
        const count = text.split('\n').length;
        for (const p of r.problems) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(count + 1);
          expect(p.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a good lab with any one line removed or garbled either loads or says where', () => {
    fc.assert(
      fc.property(fc.nat(lines.length - 1), fc.string({ maxLength: 20 }), (i, junk) => {
        const edited = [...lines.slice(0, i), junk, ...lines.slice(i + 1)].join('\n');
        const r = loadLab('labs/x', (p) => (p === 'lab.yaml' ? edited : undefined));
        if (!r.ok) for (const p of r.problems) expect(p.file).toBe('labs/x/lab.yaml');
      }),
      { numRuns: 200 },
    );
  });

  it('filling variables is idempotent and leaves text without references alone', () => {
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.stringMatching(/^[a-z_]\w{0,5}$/), fc.string({ maxLength: 8 })), (text, vars) => {
        const safe = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v.replace(/[{}]/g, '')]));
        const once = fillString(text, safe);
        expect(fillString(once, safe)).toBe(once);
        if (!text.includes('{{')) expect(fillDeep(text, safe)).toBe(text);
      }),
    );
  });
});
