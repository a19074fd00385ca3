import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
// @ts-expect-error plain ESM helper without type declarations
import { electronBinary, freePort, newestMtime } from './lib.mjs';

describe('scripts/lib.mjs', () => {
  it('reports the Electron binary or why it is missing, never both', () => {
    const r = electronBinary();
    expect(('path' in r) !== ('reason' in r)).toBe(true);
    if ('reason' in r) expect(r.reason).toMatch(/electron|Electron|missing/);
  });

  it('finds a port nobody listens on', async () => {
    const port: number = await freePort();
    expect(port).toBeGreaterThan(0);
    const s = createServer();
    await new Promise<void>((res, rej) => {
      s.once('error', rej);
      s.listen(port, '127.0.0.1', () => res());
    });
    s.close();
  });

  it('takes the newest mtime of a tree, ignoring node_modules and dot folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlab-mtime-'));
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'a', 'x.ts'), '');
    writeFileSync(join(dir, 'node_modules', 'y.js'), '');
    utimesSync(join(dir, 'a', 'x.ts'), 1000, 1000);
    utimesSync(join(dir, 'node_modules', 'y.js'), 5000, 5000);
    expect(newestMtime(dir)).toBe(1_000_000);
    expect(newestMtime(join(dir, 'nope'))).toBe(0);
  });
});
