import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, type AtomicFs } from './atomic';
import { ProgressStore } from './progress-store';
import { newProgress } from '../../../shared/labs/progress';

const dirs: string[] = [];
function tmpdir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'netlab-atomic-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes and replaces a file', () => {
    const f = path.join(tmpdir(), 'a', 'p.json');
    writeFileAtomic(f, 'one');
    writeFileAtomic(f, 'two');
    expect(fs.readFileSync(f, 'utf8')).toBe('two');
    expect(fs.readdirSync(path.dirname(f))).toEqual(['p.json']);
  });

  it('keeps the old file when a write is interrupted midway', () => {
    const f = path.join(tmpdir(), 'p.json');
    writeFileAtomic(f, 'old contents');
    let writes = 0;
    // Dies after the first 64 KiB piece: the temp file is half written, the rename never happens.
    const dying: AtomicFs = {
      ...fs,
      writeSync: (fd: number, data: string) => {
        if (writes++ === 1) throw new Error('killed');
        return fs.writeSync(fd, data);
      },
    } as AtomicFs;
    expect(() => writeFileAtomic(f, 'x'.repeat(200 * 1024), dying)).toThrow('killed');
    expect(fs.readFileSync(f, 'utf8')).toBe('old contents');
    expect(fs.readdirSync(path.dirname(f))).toEqual(['p.json']);
  });

  it('keeps the old file when the process dies before the rename (temp left behind)', () => {
    const f = path.join(tmpdir(), 'p.json');
    writeFileAtomic(f, 'old');
    const noRename: AtomicFs = { ...fs, renameSync: () => { throw new Error('power cut'); }, unlinkSync: () => {} } as AtomicFs;
    expect(() => writeFileAtomic(f, 'new', noRename)).toThrow('power cut');
    expect(fs.readFileSync(f, 'utf8')).toBe('old');
  });
});

describe('ProgressStore', () => {
  it('saves, loads, and sets aside a corrupt file', () => {
    const d = tmpdir();
    const store = new ProgressStore(d);
    const p = newProgress('pod-netns', ['a', 'b'], 3, 100);
    p.steps[0]!.done = true;
    store.save(p);
    expect(store.load('pod-netns')).toEqual(p);
    expect(store.percentages(['pod-netns', 'other'])).toEqual(new Map([['pod-netns', 50]]));
    fs.writeFileSync(path.join(store.dir, 'pod-netns.json'), '{"format":');
    expect(store.load('pod-netns')).toBeUndefined();
    expect(fs.existsSync(path.join(store.dir, 'pod-netns.json.bad'))).toBe(true);
    expect(() => store.save({ ...p, labId: '../evil' })).toThrow(/bad lab id/);
  });
});
