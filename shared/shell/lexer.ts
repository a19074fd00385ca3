/**
 * The shell's tokenizer: splits a source text into words and operators the way bash's
 * reader does (quotes, backslashes, `$(...)`, `${...}`, backticks, comments, IO numbers)
 * and collects here-document bodies at the newline that follows their `<<` operator.
 * Words keep their raw text; quote removal and expansion happen at run time (expand.ts),
 * because `$?` and `$(...)` depend on what ran before.
 */

/** A here-document: filled in when the lexer reaches the newline after its `<<WORD`. */
export interface HereDoc {
  delim: string;
  /** `<<-`: leading tabs are stripped from body lines and the delimiter line. */
  strip: boolean;
  /** The delimiter was quoted: the body is taken literally (no `$` expansion). */
  quoted: boolean;
  body: string;
  /** False when the input ended before the delimiter line. */
  complete: boolean;
  /** 1-based line of the `<<` operator, for bash's end-of-file warning. */
  line: number;
}

export type Token =
  | { t: 'word'; raw: string; line: number }
  | { t: 'op'; op: string; line: number; fd?: number; heredoc?: HereDoc }
  | { t: 'newline'; line: number }
  | { t: 'eof'; line: number };

/** Why a source text cannot be run yet: bash would print the `> ` continuation prompt. */
export type Incomplete = { kind: 'quote'; quote: string; line: number } | { kind: 'heredoc'; doc: HereDoc } | { kind: 'backslash' };

export interface LexResult {
  tokens: Token[];
  incomplete?: Incomplete;
  heredocs: HereDoc[];
}

const OPERATORS = ['&>>', '<<<', '<<-', '&&', '||', ';;', '<<', '>>', '&>', '<&', '>&', '<>', '>|', '|&', ';', '&', '|', '<', '>', '(', ')'];
const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);

/** Removes shell quoting from a word without expanding anything (for here-doc delimiters). */
export function removeQuotes(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === "'") {
      const j = raw.indexOf("'", i + 1);
      const end = j < 0 ? raw.length : j;
      out += raw.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      i++;
      while (i < raw.length && raw[i] !== '"') {
        if (raw[i] === '\\' && i + 1 < raw.length && '"\\$`'.includes(raw[i + 1])) i++;
        out += raw[i++];
      }
    } else if (c === '\\' && i + 1 < raw.length) {
      out += raw[++i];
    } else out += c;
  }
  return out;
}

/**
 * Scans one nested construct starting at `i` (just after its opener) up to its closer,
 * honouring quotes and further nesting. Returns the index just past the closer, or -1 with
 * the missing quote/closer when the input ends first.
 */
export function scanNested(src: string, i: number, closer: ')' | '}' | '`'): { end: number; missing?: string } {
  let depth = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (closer === '`') {
      if (c === '`') return { end: i + 1 };
      i++;
      continue;
    }
    if (c === "'") {
      const j = src.indexOf("'", i + 1);
      if (j < 0) return { end: -1, missing: "'" };
      i = j + 1;
      continue;
    }
    if (c === '"') {
      const r = scanDouble(src, i + 1);
      if (r.end < 0) return r;
      i = r.end;
      continue;
    }
    if (c === '`') {
      const r = scanNested(src, i + 1, '`');
      if (r.end < 0) return r;
      i = r.end;
      continue;
    }
    if (c === '$' && (src[i + 1] === '(' || src[i + 1] === '{')) {
      const r = scanNested(src, i + 2, src[i + 1] === '(' ? ')' : '}');
      if (r.end < 0) return r;
      i = r.end;
      continue;
    }
    if (closer === ')' && c === '(') depth++;
    if (c === closer) {
      if (depth === 0) return { end: i + 1 };
      depth--;
    }
    i++;
  }
  return { end: -1, missing: closer };
}

/** Scans a double-quoted string body from `i`; returns the index past the closing quote. */
function scanDouble(src: string, i: number): { end: number; missing?: string } {
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '"') return { end: i + 1 };
    if (c === '`') {
      const r = scanNested(src, i + 1, '`');
      if (r.end < 0) return r.missing === '`' ? { end: -1, missing: '"' } : r;
      i = r.end;
      continue;
    }
    if (c === '$' && (src[i + 1] === '(' || src[i + 1] === '{')) {
      const r = scanNested(src, i + 2, src[i + 1] === '(' ? ')' : '}');
      if (r.end < 0) return { end: -1, missing: r.missing === "'" ? "'" : '"' };
      i = r.end;
      continue;
    }
    i++;
  }
  return { end: -1, missing: '"' };
}

/**
 * Tokenizes a whole source text (one or more lines). Never throws. With `atEof` no more
 * input will come: an open here-document ends at end of input (`complete` stays false, for
 * bash's warning) and a trailing backslash-newline is dropped.
 */
export function lex(src: string, atEof = false): LexResult {
  const tokens: Token[] = [];
  const heredocs: HereDoc[] = [];
  let pending: HereDoc[] = [];
  let expectDelim: { strip: boolean; op: Extract<Token, { t: 'op' }> } | undefined;
  let line = 1;
  let i = 0;
  const lineAt = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (src.charCodeAt(k) === 10) line++;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      // A line continuation between words joins the lines.
      if (i + 2 >= src.length && !atEof) return { tokens, heredocs, incomplete: { kind: 'backslash' } };
      i += 2;
      line++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      tokens.push({ t: 'newline', line });
      i++;
      line++;
      // Here-document bodies start on the line after the operator.
      for (const doc of pending) {
        const body: string[] = [];
        doc.complete = false;
        while (i < src.length) {
          const nl = src.indexOf('\n', i);
          const end = nl < 0 ? src.length : nl;
          let text = src.slice(i, end);
          i = nl < 0 ? src.length : nl + 1;
          line++;
          if (doc.strip) text = text.replace(/^\t+/, '');
          if (text === doc.delim) {
            doc.complete = true;
            break;
          }
          body.push(text);
          if (nl < 0 && !atEof) {
            // The last line has no newline yet: it may still become the delimiter.
            doc.body = body.map((l) => l + '\n').join('');
            return { tokens, heredocs, incomplete: { kind: 'heredoc', doc } };
          }
        }
        doc.body = body.map((l) => l + '\n').join('');
        if (!doc.complete && !atEof) return { tokens, heredocs, incomplete: { kind: 'heredoc', doc } };
      }
      pending = [];
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      const tok: Extract<Token, { t: 'op' }> = { t: 'op', op, line };
      tokens.push(tok);
      i += op.length;
      if (op === '<<' || op === '<<-') expectDelim = { strip: op === '<<-', op: tok };
      else expectDelim = undefined;
      continue;
    }
    // A word: runs to the next unquoted metacharacter.
    const start = i;
    const startLine = line;
    while (i < src.length && !META.has(src[i])) {
      const ch = src[i];
      if (ch === '\\') {
        if (i + 1 >= src.length) {
          // A lone trailing backslash is a literal one (bash prints it).
          i++;
          break;
        }
        if (src[i + 1] === '\n' && i + 2 >= src.length && !atEof) return { tokens, heredocs, incomplete: { kind: 'backslash' } };
        i += 2;
      } else if (ch === "'") {
        const j = src.indexOf("'", i + 1);
        if (j < 0) return { tokens, heredocs, incomplete: { kind: 'quote', quote: "'", line: startLine } };
        i = j + 1;
      } else if (ch === '"') {
        const r = scanDouble(src, i + 1);
        if (r.end < 0) return { tokens, heredocs, incomplete: { kind: 'quote', quote: r.missing ?? '"', line: startLine } };
        i = r.end;
      } else if (ch === '`') {
        const r = scanNested(src, i + 1, '`');
        if (r.end < 0) return { tokens, heredocs, incomplete: { kind: 'quote', quote: r.missing ?? '`', line: startLine } };
        i = r.end;
      } else if (ch === '$' && (src[i + 1] === '(' || src[i + 1] === '{')) {
        const r = scanNested(src, i + 2, src[i + 1] === '(' ? ')' : '}');
        if (r.end < 0) return { tokens, heredocs, incomplete: { kind: 'quote', quote: r.missing ?? ')', line: startLine } };
        i = r.end;
      } else i++;
    }
    const raw = src.slice(start, i);
    lineAt(start, i);
    if (/^\d+$/.test(raw) && (src[i] === '<' || src[i] === '>')) {
      const o = OPERATORS.find((x) => src.startsWith(x, i))!;
      const tok: Extract<Token, { t: 'op' }> = { t: 'op', op: o, line, fd: Number(raw) };
      tokens.push(tok);
      i += o.length;
      expectDelim = o === '<<' || o === '<<-' ? { strip: o === '<<-', op: tok } : undefined;
      continue;
    }
    tokens.push({ t: 'word', raw, line: startLine });
    if (expectDelim) {
      const doc: HereDoc = { delim: removeQuotes(raw), strip: expectDelim.strip, quoted: /['"\\]/.test(raw), body: '', complete: false, line: expectDelim.op.line };
      expectDelim.op.heredoc = doc;
      heredocs.push(doc);
      pending.push(doc);
      expectDelim = undefined;
    }
  }
  if (pending.length && !atEof) return { tokens, heredocs, incomplete: { kind: 'heredoc', doc: pending[0] } };
  tokens.push({ t: 'eof', line });
  return { tokens, heredocs };
}
