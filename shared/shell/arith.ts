/**
 * `$(( ... ))`: bash's integer arithmetic for the expressions learners write (counters,
 * port sums): + - * / % ** < > <= >= == != && || ! with parentheses, unary minus and variable names.
 */
import { ExpansionError } from './expand';

/** Evaluates an (already parameter-expanded) arithmetic expression. */
export function evalArith(expr: string, env: { getVar(name: string): string | undefined }): number {
  const toks = expr.match(/\s*(\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<=|>=|==|!=|&&|\|\||[-+*/%()<>!])/g);
  const joined = (toks ?? []).join('');
  if (joined.replace(/\s/g, '') !== expr.replace(/\s/g, '')) {
    const bad = expr.replace(/\s/g, '').slice(joined.replace(/\s/g, '').length);
    throw new ExpansionError(`${expr.trim()}: syntax error: invalid arithmetic operator (error token is "${bad}")`);
  }
  const list = (toks ?? []).map((t) => t.trim());
  let p = 0;
  const fail = (): never => {
    throw new ExpansionError(`${expr.trim()}: syntax error: operand expected (error token is "${list.slice(p).join('') || expr.trim()}")`);
  };
  const primary = (): number => {
    const t = list[p++];
    if (t === undefined) return fail();
    if (t === '(') {
      const v = logic();
      if (list[p++] !== ')') fail();
      return v;
    }
    if (t === '-') return -primary();
    if (t === '!') return primary() ? 0 : 1;
    if (t === '+') return primary();
    if (/^\d+$/.test(t)) return Number(t);
    if (/^[A-Za-z_]/.test(t)) {
      const v = env.getVar(t) ?? '';
      return /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : 0;
    }
    return fail();
  };
  const power = (): number => {
    const b = primary();
    if (list[p] === '**') {
      p++;
      return b ** power();
    }
    return b;
  };
  const product = (): number => {
    let v = power();
    while (list[p] === '*' || list[p] === '/' || list[p] === '%') {
      const op = list[p++];
      const r = power();
      if (op !== '*' && r === 0) throw new ExpansionError(`${expr.trim()}: division by 0 (error token is "${list[p - 1]}")`);
      v = op === '*' ? v * r : op === '/' ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (list[p] === '+' || list[p] === '-') v = list[p++] === '+' ? v + product() : v - product();
    return v;
  };
  const compare = (): number => {
    let v = sum();
    while (['<', '>', '<=', '>=', '==', '!='].includes(list[p])) {
      const op = list[p++];
      const r = sum();
      v = Number(op === '<' ? v < r : op === '>' ? v > r : op === '<=' ? v <= r : op === '>=' ? v >= r : op === '==' ? v === r : v !== r);
    }
    return v;
  };
  const logic = (): number => {
    let v = compare();
    while (list[p] === '&&' || list[p] === '||') {
      const op = list[p++];
      const r = compare();
      v = Number(op === '&&' ? v !== 0 && r !== 0 : v !== 0 || r !== 0);
    }
    return v;
  };
  if (!list.length) return 0;
  const v = logic();
  if (p < list.length) fail();
  return v;
}
