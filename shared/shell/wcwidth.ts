/**
 * Terminal column width of a character: 2 for East Asian wide and fullwidth characters
 * (CJK, Hangul, fullwidth forms, most emoji), 0 for combining marks, 1 otherwise — so the
 * line editor's cursor lands right when learners type Chinese text.
 */
const WIDE: [number, number][] = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
];

/** Columns one code point takes on a terminal. */
export function charWidth(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  if (c < 0x300) return 1;
  if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) || (c >= 0xfe00 && c <= 0xfe0f)) return 0;
  for (const [a, b] of WIDE) if (c >= a && c <= b) return 2;
  return 1;
}
