/**
 * The line being typed at a prompt, readline-style: every edit changes the buffer and
 * returns the exact bytes that bring the screen in line with it (echo, redraw of the
 * tail, cursor moves that respect wrapping at the terminal width). Offsets are screen
 * columns from the start of the prompt; wide (CJK) characters take two.
 */
import { charWidth } from './wcwidth';

/** `ESC [ n X` with n omitted when 1, as terminals accept. */
function csi(n: number, fin: string): string {
  return n === 1 ? `\x1b[${fin}` : `\x1b[${n}${fin}`;
}

export class LineEditor {
  chars: string[] = [];
  pos = 0;
  /** Columns the prompt takes on the cursor's first row. */
  promptLen = 0;
  cols = 80;
  private killed = '';

  get text(): string {
    return this.chars.join('');
  }

  /** Starts a new, empty line after a prompt of `promptLen` columns. */
  reset(promptLen: number): void {
    this.chars = [];
    this.pos = 0;
    this.promptLen = promptLen;
  }

  /** Screen column (from the prompt's start) of buffer index `i`. */
  col(i: number): number {
    let c = this.promptLen;
    for (let k = 0; k < i && k < this.chars.length; k++) c += charWidth(this.chars[k]);
    return c;
  }

  /** Bytes that move the cursor between two offsets (prompt included) of the line. */
  move(from: number, to: number): string {
    const cols = Math.max(1, this.cols);
    const [ra, ca, rb, cb] = [Math.floor(from / cols), from % cols, Math.floor(to / cols), to % cols];
    let s = '';
    if (rb < ra) s += csi(ra - rb, 'A');
    else if (rb > ra) s += csi(rb - ra, 'B');
    if (cb > ca) s += csi(cb - ca, 'C');
    else if (cb < ca) s += csi(ca - cb, 'D');
    return s;
  }

  /**
   * Rewrites the buffer from index `from` (where the cursor is) to the end, erases what
   * the old, longer line left behind, and puts the cursor at `pos`.
   */
  private redraw(from: number, oldEnd: number): string {
    const end = this.col(this.chars.length);
    let s = this.chars.slice(from).join('');
    // A line that ends exactly at the right margin leaves the cursor in the "pending wrap"
    // state; a space and CR put it at the start of the next row, where our arithmetic expects it.
    if (s && end % this.cols === 0) s += ' \r';
    if (oldEnd > end) s += '\x1b[J';
    return s + this.move(end, this.col(this.pos));
  }

  insert(text: string): string {
    const add = Array.from(text);
    if (!add.length) return '';
    const from = this.pos;
    const oldEnd = this.col(this.chars.length);
    // concat, not splice(...add): a pasted megabyte must not blow the argument stack.
    this.chars = this.chars.slice(0, from).concat(add, this.chars.slice(from));
    this.pos += add.length;
    return this.redraw(from, oldEnd);
  }

  backspace(): string {
    if (this.pos === 0) return '\x07';
    const oldEnd = this.col(this.chars.length);
    const at = this.col(this.pos);
    this.pos--;
    this.chars.splice(this.pos, 1);
    return this.move(at, this.col(this.pos)) + this.redraw(this.pos, oldEnd);
  }

  deleteChar(): string {
    if (this.pos >= this.chars.length) return '\x07';
    const oldEnd = this.col(this.chars.length);
    this.chars.splice(this.pos, 1);
    return this.redraw(this.pos, oldEnd);
  }

  /** Moves the cursor to index `to` of the buffer. */
  moveTo(to: number): string {
    const t = Math.max(0, Math.min(this.chars.length, to));
    const s = this.move(this.col(this.pos), this.col(t));
    this.pos = t;
    return s;
  }

  left(): string {
    return this.moveTo(this.pos - 1);
  }
  right(): string {
    return this.moveTo(this.pos + 1);
  }
  home(): string {
    return this.moveTo(0);
  }
  end(): string {
    return this.moveTo(this.chars.length);
  }

  /** Deletes buffer[a, b) and leaves the cursor at a. */
  private cut(a: number, b: number): string {
    if (a >= b) return '';
    this.killed = this.chars.slice(a, b).join('');
    const oldEnd = this.col(this.chars.length);
    const s = this.moveTo(a);
    this.chars.splice(a, b - a);
    return s + this.redraw(a, oldEnd);
  }

  /** Ctrl-U: kill from the start of the line to the cursor. */
  killToStart(): string {
    return this.cut(0, this.pos);
  }

  /** Ctrl-K: kill from the cursor to the end of the line. */
  killToEnd(): string {
    return this.cut(this.pos, this.chars.length);
  }

  /** Ctrl-W: kill the whitespace-delimited word before the cursor. */
  killWordBack(): string {
    let a = this.pos;
    while (a > 0 && /\s/.test(this.chars[a - 1])) a--;
    while (a > 0 && !/\s/.test(this.chars[a - 1])) a--;
    return this.cut(a, this.pos);
  }

  /** Alt-Backspace: kill the alphanumeric word before the cursor. */
  killAlnumBack(): string {
    return this.cut(this.wordStart(), this.pos);
  }

  /** Alt-D: kill to the end of the next alphanumeric word. */
  killAlnumForward(): string {
    return this.cut(this.pos, this.wordEnd());
  }

  yank(): string {
    return this.insert(this.killed);
  }

  private wordStart(): number {
    let a = this.pos;
    while (a > 0 && !/[A-Za-z0-9]/.test(this.chars[a - 1])) a--;
    while (a > 0 && /[A-Za-z0-9]/.test(this.chars[a - 1])) a--;
    return a;
  }

  private wordEnd(): number {
    let b = this.pos;
    while (b < this.chars.length && !/[A-Za-z0-9]/.test(this.chars[b])) b++;
    while (b < this.chars.length && /[A-Za-z0-9]/.test(this.chars[b])) b++;
    return b;
  }

  wordLeft(): string {
    return this.moveTo(this.wordStart());
  }
  wordRight(): string {
    return this.moveTo(this.wordEnd());
  }

  /** Replaces the whole line (history recall), cursor at the end. */
  setText(text: string): string {
    const oldEnd = this.col(this.chars.length);
    const s = this.moveTo(0);
    this.chars = Array.from(text);
    this.pos = this.chars.length;
    return s + this.redraw(0, oldEnd);
  }

  /** Redraws prompt and line in place (a new prompt, e.g. readline's search prompt), cursor at `pos`. */
  replaceAll(prompt: string, text: string, pos: number): string {
    const s = this.move(this.col(this.pos), 0) + '\x1b[J';
    this.promptLen = prompt.length;
    this.chars = Array.from(text);
    this.pos = Math.min(pos, this.chars.length);
    return s + this.repaint(prompt);
  }

  /** The whole line again after `prompt` (Ctrl-L, after a completion listing). */
  repaint(prompt: string): string {
    const end = this.col(this.chars.length);
    let s = prompt + this.text;
    if (this.chars.length && end % this.cols === 0) s += ' \r';
    return s + this.move(end, this.col(this.pos));
  }
}
