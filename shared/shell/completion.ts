/**
 * Tab completion: command names for the first word of a command (only those this host
 * has), file names after it. Returns what to insert and, when ambiguous, the candidates
 * bash would list on the second Tab, laid out in columns like readline.
 */
import type { Shell } from './exec';
import { findCommand } from './commands/index';

export interface Completion {
  /** Text to insert at the cursor (may be empty). */
  insert: string;
  /** Every candidate, when there is more than one. */
  candidates: string[];
}

function lcp(words: string[]): string {
  if (!words.length) return '';
  let p = words[0];
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** Completes the word that ends at the cursor of `line` (the text before the cursor). */
export function complete(before: string, shell: Shell): Completion {
  const m = /(^|[\s;|&<>()])([^\s;|&<>()]*)$/.exec(before)!;
  const word = m[2];
  const head = before.slice(0, before.length - word.length);
  const isCommand = /(^|[;|&(]|&&|\|\|)\s*$/.test(head) || /^\s*([A-Za-z_][A-Za-z0-9_]*=\S*\s+)+$/.test(head);
  if (isCommand && !word.includes('/')) {
    const names = [...new Set(shell.commandNames())].filter((n) => n.startsWith(word)).sort();
    if (names.length === 1) return { insert: names[0].slice(word.length) + ' ', candidates: [] };
    return { insert: lcp(names).slice(word.length), candidates: names };
  }
  // The command may complete its own arguments (kubectl verbs, resource names).
  const words = (head.split(/\|\||&&|[;|&(]/).pop() ?? '').trim().split(/\s+/).filter(Boolean);
  const cmd = words.length ? findCommand(words[0]) : undefined;
  if (cmd?.complete && shell.available(cmd)) {
    let offered: string[] | undefined;
    try {
      offered = cmd.complete([...words, word], { engine: shell.engine, target: shell.target, cwd: shell.cwd });
    } catch {
      offered = undefined;
    }
    if (offered) {
      const names = [...new Set(offered)].filter((n) => n.startsWith(word)).sort();
      if (names.length === 1) return { insert: names[0].slice(word.length) + ' ', candidates: [] };
      return { insert: lcp(names).slice(word.length), candidates: names };
    }
  }
  // File names: complete the last path segment in its directory.
  const slash = word.lastIndexOf('/');
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
  const prefix = word.slice(slash + 1);
  const home = shell.getVar('HOME') ?? '/root';
  const dirExpanded = dirPart.startsWith('~/') ? home + dirPart.slice(1) : dirPart;
  const dir = shell.fs.resolve(shell.cwd, dirExpanded || '.');
  const names = (shell.fs.list(dir) ?? []).filter((n) => n.startsWith(prefix) && (prefix.startsWith('.') || !n.startsWith('.')));
  if (names.length === 1) {
    const isDir = shell.fs.isDir(shell.fs.resolve(dir, names[0]));
    return { insert: names[0].slice(prefix.length) + (isDir ? '/' : ' '), candidates: [] };
  }
  return { insert: lcp(names).slice(prefix.length), candidates: names };
}

/** Candidates in columns, sorted down the columns, as readline prints them. */
export function formatCandidates(items: string[], cols: number): string[] {
  const width = Math.max(...items.map((s) => s.length)) + 2;
  const perRow = Math.max(1, Math.floor(cols / width));
  const rows = Math.ceil(items.length / perRow);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < perRow; c++) {
      const k = c * rows + r;
      if (k >= items.length) break;
      const last = c === perRow - 1 || (c + 1) * rows + r >= items.length;
      line += last ? items[k] : items[k].padEnd(width);
    }
    lines.push(line);
  }
  return lines;
}
