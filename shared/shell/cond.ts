/**
 * `[[ EXPR ]]`, bash's conditional command: `!`, `&&`, `||` and parentheses over the
 * test primaries; words are expanded without field splitting or globbing; the right side
 * of `==`/`!=` is a pattern unless quoted, `=~` an extended regular expression (the match
 * goes to BASH_REMATCH); `<`/`>` compare strings. Status 0 true, 1 false, 2 on an error.
 */
import type { VirtualFs } from './command';
import { expandWord, type ExpandEnv } from './expand';
import { evalArith } from './arith';

class CondError extends Error {}

const UNARY = new Set(['-z', '-n', '-e', '-a', '-f', '-d', '-s', '-r', '-w', '-x', '-L', '-h', '-v']);
const INT_OPS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);

/** A glob pattern (`*`, `?`, `[...]`, backslash escapes) as a whole-string regular expression. */
export function patternRe(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '[' && pattern.indexOf(']', i + 2) > 0) {
      const j = pattern.indexOf(']', i + 2);
      const set = pattern.slice(i + 1, j);
      re += `[${set.startsWith('!') ? '^' + set.slice(1) : set}]`;
      i = j;
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Evaluates `[[ words ]]`; returns the status, printing bash's message on an error. */
export function evalCond(
  dbl: { words: string[]; op: boolean[] },
  env: ExpandEnv,
  fs: VirtualFs,
  cwd: string,
  err: (t: string) => void,
  setVar: (name: string, value: string) => void,
): number {
  const { words, op } = dbl;
  let p = 0;
  const isOp = (k: number, v: string) => k < words.length && words[k] === v && (op[k] || v === '!');
  const value = (k: number) => expandWord(words[k]!, env, false).join('');
  // In [[ ]] the operands of -eq and friends are arithmetic expressions (an unset name is 0).
  const int = (v: string) => {
    try {
      return evalArith(v, env);
    } catch (e) {
      throw new CondError(`${v}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const primary = (): boolean => {
    if (isOp(p, '(')) {
      p++;
      const v = or();
      if (!isOp(p, ')')) throw new CondError("syntax error in conditional expression: expected `)'");
      p++;
      return v;
    }
    const w = words[p];
    if (w === undefined) throw new CondError('unexpected argument to conditional unary operator');
    // Binary: WORD OP WORD.
    const bop = words[p + 1];
    if (bop !== undefined && p + 2 < words.length && (op[p + 1] ? bop === '<' || bop === '>' : ['==', '=', '!=', '=~', ...INT_OPS].includes(bop))) {
      const l = value(p);
      const rawR = words[p + 2]!;
      const r = value(p + 2);
      p += 3;
      if (bop === '==' || bop === '=' || bop === '!=') {
        const quoted = /['"]/.test(rawR);
        const same = quoted ? l === r : patternRe(r).test(l);
        return bop === '!=' ? !same : same;
      }
      if (bop === '=~') {
        let m: RegExpExecArray | null;
        try {
          m = new RegExp(r).exec(l);
        } catch {
          return false;
        }
        setVar('BASH_REMATCH', m ? m[0] : '');
        return m !== null;
      }
      if (bop === '<') return l < r;
      if (bop === '>') return l > r;
      const [a, b] = [int(l), int(r)];
      return bop === '-eq' ? a === b : bop === '-ne' ? a !== b : bop === '-lt' ? a < b : bop === '-le' ? a <= b : bop === '-gt' ? a > b : a >= b;
    }
    if (!op[p] && UNARY.has(w) && p + 1 < words.length && !op[p + 1]) {
      const v = value(p + 1);
      p += 2;
      if (w === '-z') return v === '';
      if (w === '-n') return v !== '';
      if (w === '-v') return env.getVar(v) !== undefined;
      const st = fs.stat?.(fs.resolve(cwd, v));
      if (w === '-f') return st?.kind === 'file';
      if (w === '-d') return st?.kind === 'dir';
      if (w === '-s') return !!st && st.size > 0;
      if (w === '-w') return !!st && !st.system;
      if (w === '-x') return st?.kind === 'dir';
      if (w === '-L' || w === '-h') return false;
      return !!st;
    }
    p++;
    return value(p - 1) !== '';
  };
  const not = (): boolean => {
    if (isOp(p, '!')) {
      p++;
      return !not();
    }
    return primary();
  };
  const and = (): boolean => {
    let v = not();
    while (isOp(p, '&&')) {
      p++;
      const r = not();
      v = v && r;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (isOp(p, '||')) {
      p++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  try {
    if (!words.length) throw new CondError("syntax error near `]]'");
    const v = or();
    if (p < words.length) throw new CondError(`syntax error in conditional expression: unexpected token \`${words[p]}'`);
    return v ? 0 : 1;
  } catch (e) {
    if (!(e instanceof CondError)) throw e;
    err(`bash: ${e.message}\n`);
    return 2;
  }
}
