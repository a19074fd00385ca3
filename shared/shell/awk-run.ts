/**
 * Evaluates a parsed awk program over input records: awk's string/number duality (fields
 * that look numeric compare as numbers), field splitting by FS (" " means runs of blanks),
 * $0 rebuilt with OFS when a field is assigned, and printf through the shell's printf rules.
 */
import type { Expr, Item, Stmt } from './awk-parse';
import { compilePosix } from './regex';

/** A field or getline value: a string that compares as a number when it looks like one. */
class StrNum {
  constructor(readonly s: string) {}
}
type Value = number | string | StrNum;

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

function toNum(v: Value): number {
  const s = v instanceof StrNum ? v.s : v;
  if (typeof s === 'number') return s;
  const m = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(s);
  return m ? Number(m[0]) : 0;
}

/** Number to string as awk does: integers plainly, others with %.6g. */
function numStr(n: number): string {
  if (Number.isInteger(n)) return String(n);
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : n < 0 ? '-inf' : 'nan';
  const s = n.toPrecision(6);
  return s.includes('e') ? s.replace(/\.?0+e/, 'e').replace(/e([+-])(\d)$/, 'e$10$2') : s.replace(/\.?0+$/, '');
}

function toStr(v: Value): string {
  return v instanceof StrNum ? v.s : typeof v === 'number' ? numStr(v) : v;
}

function isNumeric(v: Value): boolean {
  return typeof v === 'number' || (v instanceof StrNum && NUMERIC.test(v.s));
}

class Next {}
class Exit {
  constructor(readonly code: number) {}
}
class Break {}
class Continue {}

export interface AwkIO {
  out(t: string): void;
  err(t: string): void;
  /** `printf`-style formatting shared with the shell builtin. */
  sprintf(format: string, args: string[]): string;
}

/** Runs `items` over `inputs` (each a whole file's text); returns awk's exit status. */
export function runAwk(items: Item[], inputs: string[], vars: Record<string, string>, io: AwkIO): number {
  const g = new Map<string, Value>([
    ['FS', ' '], ['OFS', ' '], ['ORS', '\n'], ['NR', 0], ['NF', 0], ['FNR', 0], ['SUBSEP', '\x1c'], ['RSTART', 0], ['RLENGTH', -1],
  ]);
  for (const [k, v] of Object.entries(vars)) g.set(k, new StrNum(v));
  const arrays = new Map<string, Map<string, Value>>();
  let fields: string[] = [''];
  const out: string[] = [];
  const reCache = new Map<string, RegExp>();
  const re = (src: string, global = false): RegExp => {
    const key = (global ? 'g' : '') + src;
    let r = reCache.get(key);
    if (!r) reCache.set(key, (r = compilePosix(src, { extended: true, global })));
    return r;
  };
  const splitFields = (line: string, fs: string): string[] => {
    if (fs === ' ') return line.split(/[ \t\n]+/).filter((x) => x !== '');
    if (line === '') return [];
    if (fs.length === 1 && fs !== '\\') return line.split(fs);
    return line.split(re(fs));
  };
  const setRecord = (line: string) => {
    const f = splitFields(line, toStr(g.get('FS')!));
    fields = [line, ...f];
    g.set('NF', f.length);
  };
  const rebuild = () => {
    fields[0] = fields.slice(1).join(toStr(g.get('OFS')!));
  };
  const arr = (name: string) => {
    let a = arrays.get(name);
    if (!a) arrays.set(name, (a = new Map()));
    return a;
  };
  const getField = (i: number): Value => new StrNum(fields[i] ?? '');
  const setField = (i: number, v: string) => {
    if (i === 0) return setRecord(v);
    while (fields.length <= i) fields.push('');
    fields[i] = v;
    g.set('NF', Math.max(toNum(g.get('NF')!), i));
    fields.length = toNum(g.get('NF')!) + 1;
    rebuild();
  };
  const key = (e: Expr[]) => e.map((x) => toStr(ev(x))).join(toStr(g.get('SUBSEP')!));
  const matchRe = (subject: Value, pat: Expr): boolean => {
    const src = pat.k === 're' ? pat.v : toStr(ev(pat));
    return re(src).test(toStr(subject));
  };
  const assign = (target: Expr, v: Value): Value => {
    if (target.k === 'var') {
      if (target.name === 'NF') {
        g.set('NF', toNum(v));
        fields.length = toNum(v) + 1;
        for (let i = 0; i < fields.length; i++) fields[i] ??= '';
        rebuild();
      } else g.set(target.name, v);
    } else if (target.k === 'idx') arr(target.name).set(key(target.index), v);
    else if (target.k === 'field') setField(Math.trunc(toNum(ev(target.e))), toStr(v));
    return v;
  };
  const call = (name: string, args: Expr[]): Value => {
    const s = (i: number) => toStr(ev(args[i]));
    switch (name) {
      case 'length':
        if (args[0]?.k === 'var' && arrays.has(args[0].name)) return arrays.get(args[0].name)!.size;
        return (args.length ? s(0) : fields[0]).length;
      case 'substr': {
        const str = s(0);
        const m = Math.round(toNum(ev(args[1])));
        const n = args[2] ? Math.round(toNum(ev(args[2]))) : Infinity;
        const start = Math.max(1, m);
        const end = n === Infinity ? str.length + 1 : m + n;
        return end <= start ? '' : str.slice(start - 1, end - 1);
      }
      case 'index':
        return s(0).indexOf(s(1)) + 1;
      case 'split': {
        const name2 = args[1].k === 'var' ? args[1].name : '';
        const parts = splitFields(s(0), args[2] ? (args[2].k === 're' ? args[2].v : s(2)) : toStr(g.get('FS')!));
        const a = arr(name2);
        a.clear();
        parts.forEach((x, i) => a.set(String(i + 1), new StrNum(x)));
        return parts.length;
      }
      case 'sub':
      case 'gsub': {
        const target = args[2] ?? { k: 'field', e: { k: 'num', v: 0 } };
        const src = args[0].k === 're' ? args[0].v : s(0);
        const repl = s(1);
        let n = 0;
        const r = re(src, name === 'gsub');
        r.lastIndex = 0;
        const res = toStr(ev(target)).replace(r, (m) => {
          n++;
          return repl.replace(/\\\\|\\&|&/g, (x) => (x === '&' ? m : x === '\\&' ? '&' : '\\'));
        });
        if (n) assign(target, res);
        return n;
      }
      case 'match': {
        const m = re(args[1].k === 're' ? args[1].v : s(1)).exec(s(0));
        g.set('RSTART', m ? m.index + 1 : 0);
        g.set('RLENGTH', m ? m[0].length : -1);
        return m ? m.index + 1 : 0;
      }
      case 'sprintf':
        return io.sprintf(s(0), args.slice(1).map((a) => toStr(ev(a))));
      case 'tolower':
        return s(0).toLowerCase();
      case 'toupper':
        return s(0).toUpperCase();
      case 'int':
        return Math.trunc(toNum(ev(args[0])));
      case 'sqrt':
        return Math.sqrt(toNum(ev(args[0])));
      case 'exp':
        return Math.exp(toNum(ev(args[0])));
      case 'log':
        return Math.log(toNum(ev(args[0])));
      case 'sin':
        return Math.sin(toNum(ev(args[0])));
      case 'cos':
        return Math.cos(toNum(ev(args[0])));
      case 'atan2':
        return Math.atan2(toNum(ev(args[0])), toNum(ev(args[1])));
      default:
        // rand/srand/system: no chance or host processes in the lab.
        return 0;
    }
  };
  function ev(e: Expr): Value {
    switch (e.k) {
      case 'num':
        return e.v;
      case 'str':
        return e.v;
      case 're':
        return re(e.v).test(fields[0]) ? 1 : 0;
      case 'group':
        return ev(e.e);
      case 'var':
        return g.get(e.name) ?? '';
      case 'idx': {
        const a = arr(e.name);
        const k = key(e.index);
        if (!a.has(k)) a.set(k, '');
        return a.get(k)!;
      }
      case 'field': {
        const i = Math.trunc(toNum(ev(e.e)));
        return i < 0 ? '' : getField(i);
      }
      case 'in':
        return arr(e.name).has(key(e.key)) ? 1 : 0;
      case 'un': {
        if (e.op === '!') return isTrue(ev(e.e)) ? 0 : 1;
        const n = toNum(ev(e.e));
        return e.op === '-' ? -n : n;
      }
      case 'cond':
        return isTrue(ev(e.c)) ? ev(e.a) : ev(e.b);
      case 'call':
        return call(e.name, e.args);
      case 'assign': {
        if (e.op === '=') return assign(e.target, ev(e.e));
        const r = toNum(ev(e.e));
        return assign(e.target, arith(e.op[0], toNum(ev(e.target)), r));
      }
      case 'incdec': {
        const old = toNum(ev(e.target));
        const nv = e.op === '++' ? old + 1 : old - 1;
        assign(e.target, nv);
        return e.prefix ? nv : old;
      }
      case 'bin': {
        if (e.op === '&&') return isTrue(ev(e.a)) && isTrue(ev(e.b)) ? 1 : 0;
        if (e.op === '||') return isTrue(ev(e.a)) || isTrue(ev(e.b)) ? 1 : 0;
        if (e.op === '~' || e.op === '!~') return matchRe(ev(e.a), e.b) === (e.op === '~') ? 1 : 0;
        const a = ev(e.a);
        const b = ev(e.b);
        if (e.op === 'cat') return toStr(a) + toStr(b);
        if (['<', '<=', '==', '!=', '>', '>='].includes(e.op)) {
          const c = isNumeric(a) && isNumeric(b) ? toNum(a) - toNum(b) : toStr(a) < toStr(b) ? -1 : toStr(a) > toStr(b) ? 1 : 0;
          const r = { '<': c < 0, '<=': c <= 0, '==': c === 0, '!=': c !== 0, '>': c > 0, '>=': c >= 0 }[e.op as '<'];
          return r ? 1 : 0;
        }
        return arith(e.op, toNum(a), toNum(b));
      }
    }
  }
  function arith(op: string, a: number, b: number): number {
    if ((op === '/' || op === '%') && b === 0) throw new AwkRuntimeError(op === '/' ? 'division by zero' : 'division by zero in %');
    return op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : op === '%' ? a % b : a ** b;
  }
  function isTrue(v: Value): boolean {
    if (typeof v === 'number') return v !== 0;
    if (v instanceof StrNum) return NUMERIC.test(v.s) ? toNum(v) !== 0 : v.s !== '';
    return v !== '';
  }
  const exec = (s: Stmt): void => {
    switch (s.k) {
      case 'print': {
        let text: string;
        if (s.printf) {
          if (!s.args.length) throw new AwkRuntimeError('printf: no format');
          text = io.sprintf(toStr(ev(s.args[0])), s.args.slice(1).map((a) => toStr(ev(a))));
        } else text = (s.args.length ? s.args.map((a) => toStr(ev(a))).join(toStr(g.get('OFS')!)) : fields[0]) + toStr(g.get('ORS')!);
        if (s.redirect) {
          if (s.redirect.op === '|') throw new AwkRuntimeError('pipes to commands are not available in this shell');
          // Output redirection inside awk is not wired to the filesystem; say so rather than pretend.
          throw new AwkRuntimeError(`cannot open "${toStr(ev(s.redirect.target))}" for output`);
        }
        out.push(text);
        return;
      }
      case 'expr':
        ev(s.e);
        return;
      case 'if':
        if (isTrue(ev(s.c))) exec(s.then);
        else if (s.else) exec(s.else);
        return;
      case 'while':
        if (s.doWhile) {
          do if (loopBody(s.body)) break;
          while (isTrue(ev(s.c)));
        } else while (isTrue(ev(s.c))) if (loopBody(s.body)) break;
        return;
      case 'for':
        if (s.init) exec(s.init);
        for (; !s.c || isTrue(ev(s.c)); s.step && exec(s.step)) if (loopBody(s.body)) break;
        return;
      case 'forin':
        for (const k of [...arr(s.arr).keys()]) {
          g.set(s.v, k);
          if (loopBody(s.body)) break;
        }
        return;
      case 'block':
        for (const x of s.body) exec(x);
        return;
      case 'next':
        throw new Next();
      case 'exit':
        throw new Exit(s.e ? Math.trunc(toNum(ev(s.e))) : 0);
      case 'break':
        throw new Break();
      case 'continue':
        throw new Continue();
      case 'delete':
        if (s.index) arr(s.name).delete(key(s.index));
        else arr(s.name).clear();
        return;
    }
  };
  /** Runs a loop body; true when it broke out. */
  const loopBody = (body: Stmt): boolean => {
    try {
      exec(body);
    } catch (e) {
      if (e instanceof Break) return true;
      if (!(e instanceof Continue)) throw e;
    }
    return false;
  };
  const runAction = (item: Item) => {
    if (!item.action) out.push(fields[0] + toStr(g.get('ORS')!));
    else for (const s of item.action) exec(s);
  };
  const inRange = new Set<Item>();
  let code = 0;
  try {
    for (const it of items) if (it.pattern === 'BEGIN') runAction(it);
    const main = items.filter((it) => it.pattern !== 'BEGIN' && it.pattern !== 'END');
    if (main.length || items.some((it) => it.pattern === 'END')) {
      for (const data of inputs) {
        g.set('FNR', 0);
        const lines = data.split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        for (const line of lines) {
          setRecord(line);
          g.set('NR', toNum(g.get('NR')!) + 1);
          g.set('FNR', toNum(g.get('FNR')!) + 1);
          try {
            for (const it of main) {
              let hit: boolean;
              if (it.range) {
                if (inRange.has(it)) {
                  hit = true;
                  if (isTrue(ev(it.range))) inRange.delete(it);
                } else if (isTrue(ev(it.pattern as Expr))) {
                  hit = true;
                  if (!isTrue(ev(it.range))) inRange.add(it);
                } else hit = false;
              } else hit = !it.pattern || isTrue(ev(it.pattern as Expr));
              if (hit) runAction(it);
            }
          } catch (e) {
            if (!(e instanceof Next)) throw e;
          }
        }
      }
    }
    for (const it of items) if (it.pattern === 'END') runAction(it);
  } catch (e) {
    if (e instanceof Exit) {
      code = e.code;
      try {
        for (const it of items) if (it.pattern === 'END') runAction(it);
      } catch (e2) {
        if (e2 instanceof Exit) code = e2.code;
        else throw e2;
      }
    } else if (e instanceof AwkRuntimeError) {
      io.out(out.join(''));
      io.err(`awk: run time error: ${e.message}\n\tFILENAME="" FNR=${toStr(g.get('FNR')!)} NR=${toStr(g.get('NR')!)}\n`);
      return 2;
    } else throw e;
  }
  io.out(out.join(''));
  return code;
}

/** An error while running (division by zero, an unavailable feature). */
export class AwkRuntimeError extends Error {}


