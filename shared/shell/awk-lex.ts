/**
 * awk's tokenizer: numbers, strings with escapes, /regex/ literals (a `/` where an operand
 * is expected starts a regex, after an operand it divides), names, builtin function names
 * and operators; newlines are tokens because they end statements.
 */

/** An awk syntax error, worded like mawk's. */
export class AwkSyntaxError extends Error {}

/** One token of an awk program. */
export type Tok = { t: 'num' | 'str' | 're' | 'name' | 'func' | 'op' | 'nl' | 'eof'; v: string };

export const KEYWORDS = new Set(['BEGIN', 'END', 'print', 'printf', 'if', 'else', 'while', 'for', 'do', 'in', 'next', 'exit', 'break', 'continue', 'delete', 'getline', 'function', 'return']);
export const BUILTINS = new Set(['length', 'substr', 'index', 'split', 'sub', 'gsub', 'match', 'sprintf', 'tolower', 'toupper', 'int', 'sqrt', 'exp', 'log', 'sin', 'cos', 'atan2', 'rand', 'srand', 'system']);
const OPS = ['+=', '-=', '*=', '/=', '%=', '^=', '==', '<=', '>=', '!=', '++', '--', '&&', '||', '>>', '!~', '{', '}', '(', ')', '[', ']', ';', ',', '+', '-', '*', '/', '%', '^', '!', '>', '<', '|', '?', ':', '~', '$', '='];

/** Splits program text into tokens, ending with an `eof` token. */
export function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  // A `/` starts a regex where an operand is expected, and divides after one.
  const operandEnds = () => {
    const last = toks[toks.length - 1];
    return last && (last.t === 'num' || last.t === 'str' || last.t === 'name' || last.t === 're' || (last.t === 'op' && (last.v === ')' || last.v === ']' || last.v === '$' || last.v === '++' || last.v === '--')));
  };
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || (c === '\\' && src[i + 1] === '\n')) {
      i += c === '\\' ? 2 : 1;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      toks.push({ t: 'nl', v: '\n' });
      i++;
      continue;
    }
    if (/[0-9.]/.test(c) && /^(\d+\.?\d*|\.\d+)/.test(src.slice(i))) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(src.slice(i))!;
      toks.push({ t: 'num', v: m[0] });
      i += m[0].length;
      continue;
    }
    if (c === '"') {
      let s = '';
      i++;
      const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' };
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < src.length) {
          s += esc[src[i + 1]] ?? '\\' + src[i + 1];
          i += 2;
        } else s += src[i++];
      }
      if (i >= src.length) throw new AwkSyntaxError('runaway string constant "' + s.slice(0, 10) + ' ...');
      i++;
      toks.push({ t: 'str', v: s });
      continue;
    }
    if (c === '/' && !operandEnds()) {
      let s = '';
      i++;
      while (i < src.length && src[i] !== '/') {
        if (src[i] === '\\' && src[i + 1] === '/') {
          s += '/';
          i += 2;
        } else if (src[i] === '\n') throw new AwkSyntaxError('runaway regular expression /' + s.slice(0, 10) + ' ...');
        else s += src[i++];
      }
      if (i >= src.length) throw new AwkSyntaxError('runaway regular expression /' + s.slice(0, 10) + ' ...');
      i++;
      toks.push({ t: 're', v: s });
      continue;
    }
    const nm = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (nm) {
      i += nm[0].length;
      toks.push({ t: BUILTINS.has(nm[0]) ? 'func' : 'name', v: nm[0] });
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new AwkSyntaxError(`syntax error at or near ${c}`);
    toks.push({ t: 'op', v: op });
    i += op.length;
  }
  toks.push({ t: 'eof', v: '' });
  return toks;
}

