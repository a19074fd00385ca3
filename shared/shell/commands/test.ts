/** `test EXPR` and `[ EXPR ]`: bash's builtin conditions — strings, integers and files of the virtual filesystem. */
import type { Command, CommandContext } from '../command';

class TestError extends Error {}

const UNARY = new Set(['-z', '-n', '-e', '-f', '-d', '-s', '-r', '-w', '-x', '-L', '-h']);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge']);

function int(ctx: CommandContext, name: string, v: string): number {
  if (!/^\s*[-+]?\d+\s*$/.test(v)) throw new TestError(`${name}: ${v}: integer expression expected`);
  return Number(v);
}

/** Evaluates test's arguments (already without the closing `]`). */
function evaluate(ctx: CommandContext, name: string, a: string[]): boolean {
  const orAt = a.indexOf('-o', 1);
  if (orAt > 0 && a.length > 3) return evaluate(ctx, name, a.slice(0, orAt)) || evaluate(ctx, name, a.slice(orAt + 1));
  const andAt = a.indexOf('-a', 1);
  if (andAt > 0 && a.length > 3) return evaluate(ctx, name, a.slice(0, andAt)) && evaluate(ctx, name, a.slice(andAt + 1));
  if (a[0] === '!' && a.length > 1) return !evaluate(ctx, name, a.slice(1));
  if (a[0] === '(' && a[a.length - 1] === ')' && a.length > 2) return evaluate(ctx, name, a.slice(1, -1));
  if (a.length === 0) return false;
  if (a.length === 1) return a[0] !== '';
  if (a.length === 2) {
    const [op, v] = a;
    if (!UNARY.has(op)) throw new TestError(`${name}: ${op}: unary operator expected`);
    if (op === '-z') return v === '';
    if (op === '-n') return v !== '';
    const st = ctx.fs.stat?.(ctx.fs.resolve(ctx.cwd, v));
    if (op === '-f') return st?.kind === 'file';
    if (op === '-d') return st?.kind === 'dir';
    if (op === '-s') return !!st && st.size > 0;
    if (op === '-w') return !!st && !st.system;
    if (op === '-x') return st?.kind === 'dir';
    if (op === '-L' || op === '-h') return false;
    return !!st;
  }
  if (a.length === 3 && BINARY.has(a[1])) {
    const [l, op, r] = a;
    switch (op) {
      case '=':
      case '==':
        return l === r;
      case '!=':
        return l !== r;
      case '<':
        return l < r;
      case '>':
        return l > r;
      case '-eq':
        return int(ctx, name, l) === int(ctx, name, r);
      case '-ne':
        return int(ctx, name, l) !== int(ctx, name, r);
      case '-lt':
        return int(ctx, name, l) < int(ctx, name, r);
      case '-le':
        return int(ctx, name, l) <= int(ctx, name, r);
      case '-gt':
        return int(ctx, name, l) > int(ctx, name, r);
      default:
        return int(ctx, name, l) >= int(ctx, name, r);
    }
  }
  if (a.length === 3) throw new TestError(`${name}: ${a[1]}: binary operator expected`);
  throw new TestError(`${name}: too many arguments`);
}

function run(ctx: CommandContext, bracket: boolean): number {
  let args = ctx.argv.slice(1);
  const name = bracket ? '[' : 'test';
  if (bracket) {
    if (args[args.length - 1] !== ']') {
      ctx.err("bash: [: missing `]'\n");
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return evaluate(ctx, name, args) ? 0 : 1;
  } catch (e) {
    ctx.err(`bash: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

export const test: Command = { name: 'test', summary: 'evaluate conditional expression', run: (ctx) => run(ctx, false) };

export const bracket: Command = { name: '[', summary: 'evaluate conditional expression', run: (ctx) => run(ctx, true) };
