import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OutputFlow } from './flow';

/** Runs scheduled flushes by hand, so tests see exactly when a flush happens. */
function manual() {
  const queue: (() => void)[] = [];
  return { schedule: (fn: () => void) => queue.push(fn), run: () => queue.splice(0).forEach((f) => f()) };
}

describe('OutputFlow', () => {
  it('coalesces writes made before a flush into one message', () => {
    const sent: string[] = [];
    const m = manual();
    const f = new OutputFlow((c) => sent.push(c), { schedule: m.schedule });
    f.push('a');
    f.push('b');
    f.push('c');
    expect(sent).toEqual([]);
    m.run();
    expect(sent).toEqual(['abc']);
  });

  it('cuts chunks and pauses at the high-water mark until acked', () => {
    const sent: string[] = [];
    const m = manual();
    const f = new OutputFlow((c) => sent.push(c), { chunk: 10, highWater: 30, lowWater: 10, schedule: m.schedule });
    f.push('x'.repeat(100));
    m.run();
    expect(sent.map((s) => s.length)).toEqual([10, 10, 10]);
    expect(f.isPaused).toBe(true);
    expect(f.buffered).toBe(70);
    f.ack(15); // 15 in flight: still above low water
    expect(sent).toHaveLength(3);
    f.ack(5); // 10 in flight: resume up to high water again
    expect(sent).toHaveLength(5);
    f.ack(1000);
    f.ack(1000);
    f.ack(1000);
    expect(sent.join('')).toBe('x'.repeat(100));
  });

  it('never splits a surrogate pair', () => {
    const sent: string[] = [];
    const f = new OutputFlow((c) => sent.push(c), { chunk: 3, highWater: 1000, schedule: (fn) => fn() });
    f.push('ab😀cd');
    for (const s of sent) expect(s).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(sent.join('')).toBe('ab😀cd');
    expect(sent[0]).toBe('ab');
  });

  it('reports drained only after everything went out', () => {
    const sent: string[] = [];
    const m = manual();
    const f = new OutputFlow((c) => sent.push(c), { chunk: 5, highWater: 5, lowWater: 0, schedule: m.schedule });
    let drained = false;
    f.push('0123456789');
    f.whenDrained(() => (drained = true));
    m.run();
    expect(drained).toBe(false);
    f.ack(5);
    expect(drained).toBe(true);
    expect(sent).toEqual(['01234', '56789']);
  });

  it('delivers every character in order whatever the chunking and acks', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 20 }), fc.integer({ min: 2, max: 50 }), fc.integer({ min: 0, max: 100 }), (writes, chunk, extra) => {
        const sent: string[] = [];
        const f = new OutputFlow((c) => sent.push(c), { chunk, highWater: chunk + extra, lowWater: 0, schedule: (fn) => fn() });
        for (const w of writes) f.push(w);
        let guard = 0;
        while (f.buffered > 0 && guard++ < 10_000) f.ack(f.inFlight);
        expect(sent.join('')).toBe(writes.join(''));
        for (const s of sent) expect(s.length).toBeLessThanOrEqual(Math.max(chunk, 2));
      }),
    );
  });
});
