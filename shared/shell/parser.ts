/**
 * A recursive-descent parser for the part of the bash grammar learners use: lists with
 * `;` and newlines, `&&`/`||`, pipelines (`|`, `|&`, `!`), simple commands with
 * assignments and redirections, here-documents, `if`, `case`, `for`, `while`, `until`, `[[ ]]`, `( )` and `{ }` (the
 * executor bounds and interrupts loops, see job.ts). Functions and
 * background jobs are refused with bash's own `syntax error near unexpected token` words.
 */
import { lex, type HereDoc, type Incomplete, type Token } from './lexer';

/** One redirection, e.g. `2>&1` is { fd: 2, op: '>&', target: '1' }. */
export interface Redir {
  fd: number;
  op: string;
  /** The raw word after the operator (the delimiter for here-documents). */
  target: string;
  heredoc?: HereDoc;
}

export interface SimpleCommand {
  assigns: { name: string; value: string }[];
  /** Raw words, expanded at run time. */
  words: string[];
  redirs: Redir[];
  /** `cmd |& next`: stderr goes down the pipe too. */
  pipeStderr?: boolean;
  /** `for NAME [in WORDS]; do BODY; done` (redirs apply to the whole loop; words stay empty). */
  loop?: { name: string; words: string[] | undefined; body: AndOr[] };
  /** `( LIST )` (a subshell: `sub`) or `{ LIST; }` (this shell). */
  group?: { sub: boolean; body: AndOr[] };
  /** `case WORD in PATTERN[|PATTERN]) LIST;; ... esac` */
  caseOf?: { word: string; items: { patterns: string[]; body: AndOr[] }[] };
  /** `[[ EXPR ]]`: its words, with `op` marking the operators the lexer split out (`&&`, `||`, `<`, `>`, `(`, `)`). */
  dbl?: { words: string[]; op: boolean[] };
  /** `while LIST; do LIST; done`, or `until` (`until: true`): the test list runs before each pass. */
  whileLoop?: { until: boolean; test: AndOr[]; body: AndOr[] };
  /** `if LIST; then LIST; [elif LIST; then LIST;]... [else LIST;] fi` */
  cond?: { clauses: { test: AndOr[]; body: AndOr[] }[]; otherwise?: AndOr[] };
}

export interface Pipeline {
  negate: boolean;
  commands: SimpleCommand[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export type ParseResult =
  | { kind: 'ok'; program: AndOr[]; heredocs: HereDoc[] }
  | { kind: 'incomplete'; why: Incomplete | { kind: 'continuation' } }
  | { kind: 'error'; message: string; line: number };

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'function', 'select', '{', '}', '[[', ']]', 'in', 'time', 'coproc']);
const REDIR_OPS = new Set(['<', '>', '>>', '>|', '<>', '<&', '>&', '&>', '&>>', '<<', '<<-', '<<<']);

class SyntaxError_ {
  constructor(
    readonly message: string,
    readonly line: number,
  ) {}
}
class NeedMore {}

function tokenText(t: Token): string {
  if (t.t === 'word') return t.raw;
  if (t.t === 'op') return t.op;
  return 'newline';
}

/** Parses `src`; never throws. `atEof`: no more input will come (see lex). */
export function parse(src: string, atEof = false): ParseResult {
  const lx = lex(src, atEof);
  if (lx.incomplete) return { kind: 'incomplete', why: lx.incomplete };
  const toks = lx.tokens;
  let p = 0;
  const peek = () => toks[p];
  const unexpected = (t: Token): never => {
    if (t.t === 'eof') throw new NeedMore();
    throw new SyntaxError_(`syntax error near unexpected token \`${tokenText(t)}'`, t.line);
  };
  const skipNewlines = () => {
    while (peek().t === 'newline') p++;
  };

  const isWord = (t: Token, v: string) => t.t === 'word' && t.raw === v;

  /**
   * A list of and-or items up to (not including) the token `stop` accepts: `done`, `fi`, `}`,
   * `)`, `;;`. Empty only where bash allows it (a case item's body).
   */
  const listUntil = (stop: (t: Token) => boolean, allowEmpty = false): AndOr[] => {
    const items: AndOr[] = [];
    skipNewlines();
    while (!stop(peek())) {
      if (peek().t === 'eof') throw new NeedMore();
      items.push(andOr());
      const sep = peek();
      if (sep.t === 'op' && sep.op === ';') {
        p++;
        skipNewlines();
      } else if (sep.t === 'newline') skipNewlines();
      else if (!stop(sep)) unexpected(sep);
    }
    if (!items.length && !allowEmpty) unexpected(peek());
    return items;
  };

  /** A list up to (not including) one of the reserved words in `terms`. */
  const list = (terms: Set<string>): AndOr[] => listUntil((t) => t.t === 'word' && terms.has(t.raw));

  /** `for NAME [in WORD...] ; do LIST ; done` */
  const forLoop = (cmd: SimpleCommand): SimpleCommand => {
    p++;
    const nameTok = peek();
    // A bad name (`for 1x in`) is bash's run-time error, not a syntax error.
    if (nameTok.t !== 'word') unexpected(nameTok);
    p++;
    let words: string[] | undefined;
    skipNewlines();
    if (isWord(peek(), 'in')) {
      p++;
      words = [];
      while (peek().t === 'word') words.push((toks[p++] as { raw: string }).raw);
    }
    const sep = peek();
    if (sep.t === 'op' && sep.op === ';') p++;
    else if (sep.t !== 'newline' && !isWord(sep, 'do')) unexpected(sep);
    skipNewlines();
    if (!isWord(peek(), 'do')) unexpected(peek());
    p++;
    const body = list(new Set(['done']));
    p++;
    cmd.loop = { name: (nameTok as { raw: string }).raw, words, body };
    return trailing(cmd);
  };

  /** `while|until LIST; do LIST; done` */
  const whileLoop = (cmd: SimpleCommand): SimpleCommand => {
    const until = (toks[p++] as { raw: string }).raw === 'until';
    const test = list(new Set(['do']));
    p++;
    const body = list(new Set(['done']));
    p++;
    cmd.whileLoop = { until, test, body };
    return trailing(cmd);
  };

  /** `( LIST )` and `{ LIST; }`: a list up to the closing `)` (an operator) or `}` (a word). */
  const group = (cmd: SimpleCommand, sub: boolean): SimpleCommand => {
    p++;
    const closes = (t: Token) => (sub ? t.t === 'op' && t.op === ')' : t.t === 'word' && t.raw === '}');
    const body = listUntil(closes);
    p++;
    cmd.group = { sub, body };
    return trailing(cmd);
  };

  /** `case WORD in (PATTERN|PATTERN) LIST ;; ... esac` */
  const caseClause = (cmd: SimpleCommand): SimpleCommand => {
    p++;
    const w = peek();
    if (w.t !== 'word') unexpected(w);
    p++;
    skipNewlines();
    if (!isWord(peek(), 'in')) unexpected(peek());
    p++;
    skipNewlines();
    const items: { patterns: string[]; body: AndOr[] }[] = [];
    const isDsemi = (t: Token) => t.t === 'op' && t.op === ';;';
    while (!isWord(peek(), 'esac')) {
      if (peek().t === 'eof') throw new NeedMore();
      if (peek().t === 'op' && (peek() as { op: string }).op === '(') p++;
      const patterns: string[] = [];
      for (;;) {
        const pt = peek();
        if (pt.t !== 'word') unexpected(pt);
        patterns.push((pt as { raw: string }).raw);
        p++;
        const sep = peek();
        if (sep.t === 'op' && sep.op === '|') p++;
        else if (sep.t === 'op' && sep.op === ')') {
          p++;
          break;
        } else unexpected(sep);
      }
      const body = listUntil((t) => isDsemi(t) || isWord(t, 'esac'), true);
      if (isDsemi(peek())) {
        p++;
        skipNewlines();
      }
      items.push({ patterns, body });
    }
    p++;
    cmd.caseOf = { word: (w as { raw: string }).raw, items };
    return trailing(cmd);
  };

  /** `[[ EXPR ]]`: everything up to `]]` is the expression's words, operators included. */
  const dblBracket = (cmd: SimpleCommand): SimpleCommand => {
    p++;
    const words: string[] = [];
    const op: boolean[] = [];
    for (;;) {
      const t = peek();
      if (t.t === 'word' && t.raw === ']]') {
        p++;
        break;
      }
      if (t.t === 'eof') throw new NeedMore();
      // The regex after =~ may hold parentheses: its tokens up to `]]`, `&&` or `||` are one word.
      if (words[words.length - 1] === '=~' && !op[op.length - 1]) {
        let re = '';
        for (let u = peek(); ; u = peek()) {
          if (u.t === 'word' && u.raw !== ']]') re += u.raw;
          else if (u.t === 'op' && (u.op === '(' || u.op === ')')) re += u.op;
          else break;
          p++;
        }
        words.push(re);
        op.push(false);
        continue;
      }
      if (t.t === 'word') {
        words.push(t.raw);
        op.push(false);
      } else if (t.t === 'op' && ['&&', '||', '<', '>', '(', ')'].includes(t.op) && t.fd === undefined) {
        words.push(t.op);
        op.push(true);
      } else if (t.t === 'op') throw new SyntaxError_(`syntax error in conditional expression: unexpected token \`${t.op}'`, t.line);
      p++;
    }
    cmd.dbl = { words, op };
    return trailing(cmd);
  };

  /** `if ... fi` */
  const ifClause = (cmd: SimpleCommand): SimpleCommand => {
    p++;
    const clauses: { test: AndOr[]; body: AndOr[] }[] = [];
    let otherwise: AndOr[] | undefined;
    for (;;) {
      const test = list(new Set(['then']));
      p++;
      const body = list(new Set(['elif', 'else', 'fi']));
      clauses.push({ test, body });
      const t = toks[p++] as { raw: string };
      if (t.raw === 'elif') continue;
      if (t.raw === 'else') {
        otherwise = list(new Set(['fi']));
        p++;
      }
      break;
    }
    cmd.cond = { clauses, otherwise };
    return trailing(cmd);
  };

  /** Only redirections may follow `done` or `fi`. */
  const trailing = (cmd: SimpleCommand): SimpleCommand => {
    for (;;) {
      const t = peek();
      if (!(t.t === 'op' && REDIR_OPS.has(t.op))) break;
      p++;
      const target = peek();
      if (target.t !== 'word') unexpected(target.t === 'eof' ? { t: 'newline', line: target.line } : target);
      p++;
      cmd.redirs.push({ fd: t.fd ?? (t.op.startsWith('<') ? 0 : 1), op: t.op, target: (target as { raw: string }).raw, heredoc: t.heredoc });
    }
    if (peek().t === 'word') unexpected(peek());
    return cmd;
  };

  const simple = (): SimpleCommand => {
    const cmd: SimpleCommand = { assigns: [], words: [], redirs: [] };
    if (isWord(peek(), 'for')) return forLoop(cmd);
    if (isWord(peek(), 'if')) return ifClause(cmd);
    if (isWord(peek(), 'while') || isWord(peek(), 'until')) return whileLoop(cmd);
    if (isWord(peek(), '[[')) return dblBracket(cmd);
    if (isWord(peek(), 'case')) return caseClause(cmd);
    if (isWord(peek(), '{')) return group(cmd, false);
    if (peek().t === 'op' && (peek() as { op: string }).op === '(') return group(cmd, true);
    for (;;) {
      const t = peek();
      if (t.t === 'word') {
        if (cmd.words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(t.raw)) {
          const eq = t.raw.indexOf('=');
          cmd.assigns.push({ name: t.raw.slice(0, eq), value: t.raw.slice(eq + 1) });
        } else if (cmd.words.length === 0 && RESERVED.has(t.raw)) {
          // Compound commands are not part of this shell; bash's words for a token it cannot take.
          unexpected(t);
        } else cmd.words.push(t.raw);
        p++;
        continue;
      }
      if (t.t === 'op' && REDIR_OPS.has(t.op)) {
        p++;
        const target = peek();
        if (target.t !== 'word') {
          if (target.t === 'eof') throw new SyntaxError_("syntax error near unexpected token `newline'", target.line);
          unexpected(target);
        }
        const w = target as Extract<Token, { t: 'word' }>;
        p++;
        const fd = t.fd ?? (t.op.startsWith('<') ? 0 : 1);
        cmd.redirs.push({ fd, op: t.op, target: w.raw, heredoc: t.heredoc });
        continue;
      }
      break;
    }
    if (!cmd.words.length && !cmd.assigns.length && !cmd.redirs.length) unexpected(peek());
    return cmd;
  };

  const pipeline = (): Pipeline => {
    let negate = false;
    while (peek().t === 'word' && (peek() as { raw: string }).raw === '!') {
      negate = !negate;
      p++;
    }
    const commands = [simple()];
    for (;;) {
      const t = peek();
      if (t.t === 'op' && (t.op === '|' || t.op === '|&')) {
        if (t.op === '|&') commands[commands.length - 1].pipeStderr = true;
        p++;
        skipNewlines();
        commands.push(simple());
        continue;
      }
      break;
    }
    return { negate, commands };
  };

  const andOr = (): AndOr => {
    const node: AndOr = { first: pipeline(), rest: [] };
    for (;;) {
      const t = peek();
      if (t.t === 'op' && (t.op === '&&' || t.op === '||')) {
        p++;
        skipNewlines();
        node.rest.push({ op: t.op, pipeline: pipeline() });
        continue;
      }
      return node;
    }
  };

  try {
    const program: AndOr[] = [];
    skipNewlines();
    while (peek().t !== 'eof') {
      program.push(andOr());
      const t = peek();
      if (t.t === 'op' && t.op === ';') {
        p++;
        skipNewlines();
      } else if (t.t === 'newline') skipNewlines();
      else if (t.t !== 'eof') unexpected(t);
    }
    return { kind: 'ok', program, heredocs: lx.heredocs };
  } catch (e) {
    if (e instanceof NeedMore) return { kind: 'incomplete', why: { kind: 'continuation' } };
    if (e instanceof SyntaxError_) return { kind: 'error', message: e.message, line: e.line };
    return { kind: 'error', message: `syntax error: ${String(e)}`, line: 1 };
  }
}

/**
 * Parses input that will get no more lines (end of a script, Ctrl-D at `> `): an open
 * here-document ends at end of file with bash's warning; an open quote is an error.
 */
export function parseAtEof(src: string): ParseResult & { warning?: string } {
  const r = parse(src, true);
  const lastLine = src.split('\n').length - (src.endsWith('\n') ? 1 : 0);
  if (r.kind === 'ok') {
    const doc = r.heredocs.find((d) => !d.complete);
    if (!doc) return r;
    return { ...r, warning: `warning: here-document at line ${doc.line} delimited by end-of-file (wanted \`${doc.delim}')` };
  }
  if (r.kind === 'error') return r;
  if (r.why.kind === 'quote') {
    return { kind: 'error', message: `unexpected EOF while looking for matching \`${r.why.quote}'\nsyntax error: unexpected end of file`, line: lastLine };
  }
  return { kind: 'error', message: 'syntax error: unexpected end of file', line: lastLine + 1 };
}
