/**
 * kubectl's table writer (text/tabwriter with minwidth 0, padding 3, space padding):
 * every column but the last is as wide as its widest cell plus three spaces; the last
 * column is printed as is, so lines carry no trailing spaces.
 */
export function renderTable(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((cell, i) => {
      if (i < r.length - 1) widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((r) => r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(widths[i]! + 3) : cell)).join(''))
    .map((l) => `${l}\n`)
    .join('');
}

/** Aligned `key: value` blocks (describe's sections) share the same tab-writer rules. */
export function renderPairs(pairs: [string, string][], indent = ''): string {
  const w = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${indent}${k.padEnd(w + 2)}${v}`.replace(/\s+$/, '') + '\n').join('');
}
