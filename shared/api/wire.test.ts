import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeRequest, decodeServerMessage, encodeEvent, encodeReply, encodeRequest } from './wire';

describe('wire format', () => {
  it('round-trips a request', () => {
    const r = decodeRequest(encodeRequest(3, 'term:write', { termId: 't1', data: 'ls\r' }));
    expect(r).toEqual({ ok: true, request: { id: 3, channel: 'term:write', payload: { termId: 't1', data: 'ls\r' } } });
  });

  it('rejects non-JSON with id null', () => {
    expect(decodeRequest('{nope')).toEqual({ ok: false, id: null, error: { code: 'BadRequest', message: 'message is not valid JSON' } });
  });

  it('keeps the id of a request with a bad channel', () => {
    const r = decodeRequest(JSON.stringify({ id: 9, channel: 42 }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.id).toBe(9);
      expect(r.error.message).toMatch(/^channel: /);
    }
  });

  it('decodes replies and events and ignores anything else', () => {
    expect(decodeServerMessage(encodeReply(1, { ok: true, value: undefined }))).toEqual({ id: 1, result: { ok: true } });
    expect(decodeServerMessage(encodeEvent('onTermExit', { termId: 'a', code: 0 }))).toEqual({ event: 'onTermExit', payload: { termId: 'a', code: 0 } });
    expect(decodeServerMessage('[]')).toBeUndefined();
    expect(decodeServerMessage('null')).toBeUndefined();
    expect(decodeServerMessage('x')).toBeUndefined();
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      decodeRequest(s);
      decodeServerMessage(s);
    }));
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const r = decodeRequest(JSON.stringify(v));
      expect(typeof r.ok).toBe('boolean');
    }));
  });
});
