/**
 * Readline's reverse incremental search (Ctrl-R): a query typed character by character
 * finds the newest history line containing it; Ctrl-R again goes to older matches.
 * This holds the search state; the terminal draws it with readline's prompt.
 */
export class HistorySearch {
  query = '';
  /** Index of the matched history line (history.length when nothing matched yet). */
  index: number;
  failed = false;
  private pos = 0;

  constructor(
    private readonly history: readonly string[],
    /** The line being edited when the search started (shown until something matches, restored by Ctrl-G). */
    readonly original: string,
  ) {
    this.index = history.length;
  }

  /** Readline's search prompt. */
  prompt(): string {
    return `(${this.failed ? 'failed ' : ''}reverse-i-search)\`${this.query}': `;
  }

  /** The line to show and the cursor position in it. */
  current(): { text: string; pos: number } {
    if (this.index >= this.history.length) return { text: this.original, pos: this.original.length };
    return { text: this.history[this.index], pos: this.pos };
  }

  /** Extends the query; the current match stays if it still matches. */
  type(text: string): void {
    this.query += text;
    this.find(Math.min(this.index, this.history.length - 1));
  }

  /** Ctrl-R again: the next older match. */
  older(): void {
    if (!this.query) return;
    this.find(this.index - 1);
  }

  /** Backspace: a shorter query, searched again from the newest line. */
  rubout(): void {
    this.query = this.query.slice(0, -1);
    this.failed = false;
    if (!this.query) {
      this.index = this.history.length;
      return;
    }
    this.find(this.history.length - 1);
  }

  private find(from: number): void {
    for (let i = from; i >= 0; i--) {
      const at = this.history[i].indexOf(this.query);
      if (at >= 0) {
        this.index = i;
        this.pos = at;
        this.failed = false;
        return;
      }
    }
    this.failed = true;
  }
}
