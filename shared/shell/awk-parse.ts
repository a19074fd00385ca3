/**
 * The awk language subset learners use on command output: `pattern { action }` items,
 * BEGIN/END, /regex/ patterns, fields ($1, $NF, $(i+1)), NR/NF/FS/OFS, variables and
 * arrays, print/printf, if/while/for/for-in, next/exit, and the common string functions.
 * This file turns program text into a tree; awk-run.ts evaluates it.
 */
import { AwkSyntaxError, KEYWORDS, tokenize, type Tok } from './awk-lex';

export { AwkSyntaxError, BUILTINS } from './awk-lex';

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 're'; v: string }
  | { k: 'var'; name: string }
  | { k: 'idx'; name: string; index: Expr[] }
  | { k: 'field'; e: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'un'; op: string; e: Expr }
  | { k: 'assign'; op: string; target: Expr; e: Expr }
  | { k: 'incdec'; op: '++' | '--'; prefix: boolean; target: Expr }
  | { k: 'cond'; c: Expr; a: Expr; b: Expr }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'in'; key: Expr[]; name: string }
  | { k: 'group'; e: Expr };

export type Stmt =
  | { k: 'print'; args: Expr[]; printf: boolean; redirect?: { op: string; target: Expr } }
  | { k: 'expr'; e: Expr }
  | { k: 'if'; c: Expr; then: Stmt; else?: Stmt }
  | { k: 'while'; c: Expr; body: Stmt; doWhile?: boolean }
  | { k: 'for'; init?: Stmt; c?: Expr; step?: Stmt; body: Stmt }
  | { k: 'forin'; v: string; arr: string; body: Stmt }
  | { k: 'block'; body: Stmt[] }
  | { k: 'next' }
  | { k: 'exit'; e?: Expr }
  | { k: 'break' }
  | { k: 'continue' }
  | { k: 'delete'; name: string; index?: Expr[] };

export interface Item {
  pattern?: Expr | 'BEGIN' | 'END';
  range?: Expr;
  action?: Stmt[];
}

/** Parses an awk program. */
export function parseAwk(src: string): Item[] {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const isOp = (v: string) => peek().t === 'op' && peek().v === v;
  const isName = (v: string) => peek().t === 'name' && peek().v === v;
  const fail = (): never => {
    const t = peek();
    throw new AwkSyntaxError(`syntax error at or near ${t.t === 'eof' ? 'end of file' : t.t === 'nl' ? 'end of line' : t.v}`);
  };
  const expect = (v: string) => (isOp(v) ? p++ : fail());
  const nls = () => {
    while (peek().t === 'nl') p++;
  };
  const terms = () => {
    while (peek().t === 'nl' || isOp(';')) p++;
  };

  const primary = (): Expr => {
    const t = peek();
    if (t.t === 'num') return p++, { k: 'num', v: Number(t.v) };
    if (t.t === 'str') return p++, { k: 'str', v: t.v };
    if (t.t === 're') return p++, { k: 're', v: t.v };
    if (t.t === 'op' && t.v === '$') {
      p++;
      return { k: 'field', e: incdec() };
    }
    if (t.t === 'op' && t.v === '(') {
      p++;
      const first = expr();
      if (isOp(',')) {
        const key = [first];
        while (isOp(',')) {
          p++;
          key.push(expr());
        }
        expect(')');
        if (!isName('in')) fail();
        p++;
        return { k: 'in', key, name: (toks[p++] as Tok).v };
      }
      expect(')');
      return { k: 'group', e: first };
    }
    if (t.t === 'op' && (t.v === '-' || t.v === '+' || t.v === '!')) {
      p++;
      return { k: 'un', op: t.v, e: t.v === '!' ? unaryOperand() : power() };
    }
    if (t.t === 'func') {
      p++;
      const args: Expr[] = [];
      if (isOp('(')) {
        p++;
        if (!isOp(')')) {
          args.push(expr());
          while (isOp(',')) {
            p++;
            nls();
            args.push(expr());
          }
        }
        expect(')');
      } else if (t.v !== 'length') fail();
      return { k: 'call', name: t.v, args };
    }
    if (t.t === 'name' && !KEYWORDS.has(t.v)) {
      p++;
      if (isOp('[')) {
        p++;
        const index = [expr()];
        while (isOp(',')) {
          p++;
          index.push(expr());
        }
        expect(']');
        return { k: 'idx', name: t.v, index };
      }
      return { k: 'var', name: t.v };
    }
    return fail();
  };
  const unaryOperand = (): Expr => comparison(false);
  const incdec = (): Expr => {
    if (isOp('++') || isOp('--')) {
      const op = toks[p++].v as '++' | '--';
      return { k: 'incdec', op, prefix: true, target: incdec() };
    }
    const e = primary();
    if ((isOp('++') || isOp('--')) && (e.k === 'var' || e.k === 'idx' || e.k === 'field')) {
      const op = toks[p++].v as '++' | '--';
      return { k: 'incdec', op, prefix: false, target: e };
    }
    return e;
  };
  const power = (): Expr => {
    const a = incdec();
    if (isOp('^')) {
      p++;
      return { k: 'bin', op: '^', a, b: power() };
    }
    return a;
  };
  const binLevel = (next: () => Expr, ops: string[]) => (): Expr => {
    let a = next();
    while (peek().t === 'op' && ops.includes(peek().v)) {
      const op = toks[p++].v;
      a = { k: 'bin', op, a, b: next() };
    }
    return a;
  };
  const mul = binLevel(power, ['*', '/', '%']);
  const add = binLevel(mul, ['+', '-']);
  // Concatenation: juxtaposed operands that could not be anything else.
  const concat = (): Expr => {
    let a = add();
    for (;;) {
      const t = peek();
      const starts = t.t === 'num' || t.t === 'str' || t.t === 'func' || (t.t === 'name' && !KEYWORDS.has(t.v)) || (t.t === 'op' && ['$', '(', '!', '-', '+', '++', '--'].includes(t.v));
      if (!starts || (t.t === 'op' && (t.v === '-' || t.v === '+'))) return a;
      a = { k: 'bin', op: 'cat', a, b: add() };
    }
  };
  let noGt = false;
  const comparison = (allowIn = true): Expr => {
    let a = concat();
    for (;;) {
      const t = peek();
      if (t.t === 'op' && ['<', '<=', '!=', '==', '>=', '>'].includes(t.v) && !(noGt && t.v === '>')) {
        p++;
        a = { k: 'bin', op: t.v, a, b: concat() };
      } else if (t.t === 'op' && (t.v === '~' || t.v === '!~')) {
        p++;
        a = { k: 'bin', op: t.v, a, b: concat() };
      } else if (allowIn && t.t === 'name' && t.v === 'in') {
        p++;
        a = { k: 'in', key: [a], name: toks[p++].v };
      } else return a;
    }
  };
  const and = (): Expr => {
    let a = comparison();
    while (isOp('&&')) {
      p++;
      nls();
      a = { k: 'bin', op: '&&', a, b: comparison() };
    }
    return a;
  };
  const or = (): Expr => {
    let a = and();
    while (isOp('||')) {
      p++;
      nls();
      a = { k: 'bin', op: '||', a, b: and() };
    }
    return a;
  };
  const ternary = (): Expr => {
    const c = or();
    if (!isOp('?')) return c;
    p++;
    const a = ternary();
    expect(':');
    return { k: 'cond', c, a, b: ternary() };
  };
  function expr(): Expr {
    const left = ternary();
    const t = peek();
    if (t.t === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '^='].includes(t.v)) {
      if (left.k !== 'var' && left.k !== 'idx' && left.k !== 'field') fail();
      p++;
      return { k: 'assign', op: t.v, target: left, e: expr() };
    }
    return left;
  }

  const simpleStmt = (): Stmt => {
    const t = peek();
    if (t.t === 'name' && (t.v === 'print' || t.v === 'printf')) {
      p++;
      const args: Expr[] = [];
      noGt = true;
      const paren = isOp('(');
      if (!isOp(';') && !isOp('}') && peek().t !== 'nl' && peek().t !== 'eof' && !isOp('>') && !isOp('|')) {
        args.push(expr());
        while (isOp(',')) {
          p++;
          nls();
          args.push(expr());
        }
      }
      noGt = false;
      if (paren && args.length === 1 && args[0].k === 'group') args[0] = args[0].e;
      let redirect: { op: string; target: Expr } | undefined;
      if (isOp('>') || isOp('>>') || isOp('|')) {
        const op = toks[p++].v;
        redirect = { op, target: concat() };
      }
      return { k: 'print', args, printf: t.v === 'printf', redirect };
    }
    if (t.t === 'name' && t.v === 'next') return p++, { k: 'next' };
    if (t.t === 'name' && t.v === 'break') return p++, { k: 'break' };
    if (t.t === 'name' && t.v === 'continue') return p++, { k: 'continue' };
    if (t.t === 'name' && t.v === 'exit') {
      p++;
      return { k: 'exit', e: isOp(';') || isOp('}') || peek().t === 'nl' || peek().t === 'eof' ? undefined : expr() };
    }
    if (t.t === 'name' && t.v === 'delete') {
      p++;
      const name = toks[p++].v;
      if (!isOp('[')) return { k: 'delete', name };
      p++;
      const index = [expr()];
      while (isOp(',')) {
        p++;
        index.push(expr());
      }
      expect(']');
      return { k: 'delete', name, index };
    }
    return { k: 'expr', e: expr() };
  };
  const stmt = (): Stmt => {
    nls();
    const t = peek();
    if (isOp('{')) {
      p++;
      const body = stmts();
      expect('}');
      return { k: 'block', body };
    }
    if (t.t === 'name' && t.v === 'if') {
      p++;
      expect('(');
      const c = expr();
      expect(')');
      const then = stmt();
      const save = p;
      terms();
      if (isName('else')) {
        p++;
        return { k: 'if', c, then, else: stmt() };
      }
      p = save;
      return { k: 'if', c, then };
    }
    if (t.t === 'name' && t.v === 'while') {
      p++;
      expect('(');
      const c = expr();
      expect(')');
      return { k: 'while', c, body: stmt() };
    }
    if (t.t === 'name' && t.v === 'do') {
      p++;
      const body = stmt();
      terms();
      if (!isName('while')) fail();
      p++;
      expect('(');
      const c = expr();
      expect(')');
      return { k: 'while', c, body, doWhile: true };
    }
    if (t.t === 'name' && t.v === 'for') {
      p++;
      expect('(');
      if (peek().t === 'name' && toks[p + 1].t === 'name' && toks[p + 1].v === 'in' && toks[p + 3]?.v === ')') {
        const v = toks[p].v;
        const arr = toks[p + 2].v;
        p += 4;
        return { k: 'forin', v, arr, body: stmt() };
      }
      const init = isOp(';') ? undefined : simpleStmt();
      expect(';');
      nls();
      const c = isOp(';') ? undefined : expr();
      expect(';');
      nls();
      const step = isOp(')') ? undefined : simpleStmt();
      expect(')');
      return { k: 'for', init, c, step, body: stmt() };
    }
    if (isOp(';')) {
      p++;
      return { k: 'block', body: [] };
    }
    return simpleStmt();
  };
  function stmts(): Stmt[] {
    const body: Stmt[] = [];
    terms();
    while (!isOp('}') && peek().t !== 'eof') {
      body.push(stmt());
      // A statement ends at `;`, a newline or `}`; one that itself ended with `}` needs none.
      const closedByBrace = toks[p - 1]?.t === 'op' && toks[p - 1].v === '}';
      if (!closedByBrace && !isOp('}') && peek().t !== 'eof' && !isOp(';') && peek().t !== 'nl') fail();
      terms();
    }
    return body;
  }

  const items: Item[] = [];
  terms();
  while (peek().t !== 'eof') {
    const item: Item = {};
    if (isName('BEGIN') || isName('END')) item.pattern = toks[p++].v as 'BEGIN' | 'END';
    else if (!isOp('{')) {
      item.pattern = expr();
      if (isOp(',')) {
        p++;
        item.range = expr();
      }
    }
    if (isOp('{')) {
      p++;
      item.action = stmts();
      expect('}');
    } else if (item.pattern === 'BEGIN' || item.pattern === 'END') fail();
    items.push(item);
    terms();
  }
  return items;
}
