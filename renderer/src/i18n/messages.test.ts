import { describe, expect, it } from 'vitest';
import en from './en';
import zhCN from './zh-CN';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();
}

describe('i18n catalogues', () => {
  it('zh-CN has exactly the keys of en', () => {
    expect(keys(zhCN)).toEqual(keys(en));
  });
  it('placeholders match between languages', () => {
    const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join(',');
    const flat = (o: any, p: string): string => p.split('.').reduce((a, k) => a[k], o);
    for (const k of keys(en)) expect(ph(flat(zhCN, k)), k).toBe(ph(flat(en, k)));
  });
});
