/**
 * The one place that drives xterm.js (CONVENTIONS 10): a Terminal with the fit and search
 * addons, themed, sized to its box. Keystrokes go out through `onInput`; output comes in
 * through `write(data, done)` where `done` fires once xterm has parsed it (flow control).
 */
import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import '@xterm/xterm/css/xterm.css';
import { onBeforeUnmount, onMounted, type Ref } from 'vue';

const THEMES: Record<'light' | 'dark', ITheme> = {
  light: { background: '#fbfbfc', foreground: '#1f2733', cursor: '#1f2733', selectionBackground: '#b6d4fe' },
  dark: { background: '#14171d', foreground: '#d6dbe3', cursor: '#d6dbe3', selectionBackground: '#3a4a66' },
};

/** Reads each open terminal's buffer as text, by termId (for the e2e debug handle). */
export const terminalReaders = new Map<string, () => string>();

/** Options of one terminal. */
export interface XtermOptions {
  termId: string;
  theme: () => 'light' | 'dark';
  onInput(data: string): void;
  onResize(cols: number, rows: number): void;
}

/** Mounts an xterm in `container`. */
export function useXterm(container: Ref<HTMLElement | null>, opts: XtermOptions) {
  const term = new Terminal({
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace',
    fontSize: 13,
    scrollback: 10000,
    cursorBlink: true,
    convertEol: false,
    allowProposedApi: true,
    theme: THEMES[opts.theme()],
  });
  const fit = new FitAddon();
  const search = new SearchAddon();
  term.loadAddon(fit);
  term.loadAddon(search);
  const disposers: Array<() => void> = [];
  let observer: ResizeObserver | null = null;
  let lastSize = '';

  function refit(): void {
    const el = container.value;
    if (!el || el.offsetWidth === 0 || el.offsetHeight === 0) return;
    try { fit.fit(); } catch { return; }
    const size = `${term.cols}x${term.rows}`;
    if (size !== lastSize) {
      lastSize = size;
      opts.onResize(term.cols, term.rows);
    }
  }

  onMounted(() => {
    term.open(container.value!);
    refit();
    const d = term.onData((data) => opts.onInput(data));
    disposers.push(() => d.dispose());
    // Ctrl+Shift+C / Ctrl+Shift+V copy and paste like a desktop terminal (plain Ctrl+C stays ^C).
    term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey) return true;
      const k = e.key.toLowerCase();
      if (k === 'c' && term.hasSelection()) { void navigator.clipboard?.writeText(term.getSelection()).catch(() => undefined); return false; }
      if (k === 'v') { void navigator.clipboard?.readText().then((t) => { if (t) term.paste(t); }).catch(() => undefined); return false; }
      return true;
    });
    observer = new ResizeObserver(() => refit());
    observer.observe(container.value!);
    terminalReaders.set(opts.termId, () => bufferText());
  });

  onBeforeUnmount(() => {
    observer?.disconnect();
    for (const d of disposers) d();
    terminalReaders.delete(opts.termId);
    term.dispose();
  });

  /** The whole buffer (scrollback and screen) as text, trailing blanks trimmed per line. */
  function bufferText(): string {
    const b = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < b.length; i++) lines.push(b.getLine(i)?.translateToString(true) ?? '');
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    return lines.join('\n');
  }

  return {
    write(data: string, done: () => void): void { term.write(data, done); },
    focus(): void { term.focus(); },
    refit,
    setTheme(t: 'light' | 'dark'): void { term.options.theme = THEMES[t]; },
    findNext(q: string): boolean { return q ? search.findNext(q) : false; },
    findPrevious(q: string): boolean { return q ? search.findPrevious(q) : false; },
    clearFind(): void { search.clearDecorations(); },
    bufferText,
  };
}
