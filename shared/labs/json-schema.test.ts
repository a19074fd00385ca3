import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labJsonSchemaText } from './json-schema';

describe('labs/lab.schema.json', () => {
  it('is up to date with the zod schema (regenerate: netlab lab schema --write)', () => {
    const shipped = readFileSync(join(__dirname, '../../labs/lab.schema.json'), 'utf8');
    expect(shipped).toBe(labJsonSchemaText());
  });

  it('describes the check kinds and requires both languages', () => {
    const s = JSON.parse(labJsonSchemaText());
    const text = JSON.stringify(s);
    for (const k of ['"endpoints"', '"ipvs"', '"walk"', '"question"']) expect(text).toContain(k);
    expect(s.required).toEqual(expect.arrayContaining(['id', 'title', 'summary', 'steps', 'conclusion']));
    expect(s.properties.title.required).toEqual(['zh-CN', 'en']);
  });
});
