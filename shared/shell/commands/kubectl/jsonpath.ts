/**
 * kubectl's JSONPath templates (`-o jsonpath='{.items[*].metadata.name}'`): text with
 * `{...}` actions, field paths, `[n]`, `[*]`, `[a:b]`, `..field`, filters `[?(@.a=="b")]`,
 * string literals and `{range ...}{end}`. Several results print space-separated; maps and
 * lists print as JSON, as kubectl does.
 */

type Node =
  | { t: 'text'; s: string }
  | { t: 'path'; p: string }
  | { t: 'range'; p: string; body: Node[] };

export class JsonPathError extends Error {}

function parseTemplate(tpl: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < tpl.length) {
    const open = tpl.indexOf('{', i);
    if (open < 0) {
      stack.at(-1)!.push({ t: 'text', s: tpl.slice(i) });
      break;
    }
    if (open > i) stack.at(-1)!.push({ t: 'text', s: tpl.slice(i, open) });
    const close = findClose(tpl, open);
    if (close < 0) throw new JsonPathError(`unclosed action`);
    const action = tpl.slice(open + 1, close).trim();
    i = close + 1;
    if (action.startsWith('range ')) {
      const n: Node = { t: 'range', p: action.slice(6).trim(), body: [] };
      stack.at(-1)!.push(n);
      stack.push(n.body);
    } else if (action === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
    } else if (/^"(.*)"$/s.test(action) || /^'(.*)'$/s.test(action)) {
      stack.at(-1)!.push({ t: 'text', s: unquote(action.slice(1, -1)) });
    } else stack.at(-1)!.push({ t: 'path', p: action });
  }
  if (stack.length > 1) throw new JsonPathError('unclosed range');
  return root;
}

function findClose(s: string, open: number): number {
  let q: string | undefined;
  for (let j = open + 1; j < s.length; j++) {
    const c = s[j]!;
    if (q) {
      if (c === '\\') j++;
      else if (c === q) q = undefined;
    } else if (c === '"' || c === "'") q = c;
    else if (c === '}') return j;
  }
  return -1;
}

function unquote(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

/**
 * Reads a field name from `start`: letters, digits, `_-/`, and backslash-escaped characters,
 * so `config\.conf` or `kubectl\.kubernetes\.io/last-applied-configuration` name one key.
 */
function readField(p: string, start: number): { name: string; end: number } {
  let name = '';
  let j = start;
  while (j < p.length) {
    const c = p[j]!;
    if (c === '\\' && j + 1 < p.length) {
      name += p[j + 1];
      j += 2;
    } else if (/[A-Za-z0-9_\-/]/.test(c)) {
      name += c;
      j++;
    } else break;
  }
  return { name, end: j };
}

/** Evaluates a path (`.items[*].metadata.name`) against a value; returns every match. */
export function evalPath(path: string, data: unknown): unknown[] {
  let cur: unknown[] = [data];
  let p = path.trim();
  if (p.startsWith('$')) p = p.slice(1);
  let i = 0;
  while (i < p.length) {
    if (p.startsWith('..', i)) {
      const f = readField(p, i + 2);
      if (!f.name) throw new JsonPathError(`invalid recursive descent at ${p.slice(i)}`);
      cur = cur.flatMap((v) => descend(v, f.name));
      i = f.end;
    } else if (p[i] === '.') {
      const f = readField(p, i + 1);
      if (f.name === '') {
        i += 1;
        continue;
      }
      cur = cur.flatMap((v) => (isObj(v) && f.name in v ? [v[f.name]] : []));
      i = f.end;
    } else if (p[i] === '[') {
      const close = p.indexOf(']', i);
      if (close < 0) throw new JsonPathError(`unterminated array`);
      let inner = p.slice(i + 1, close);
      if (inner.startsWith('?(')) {
        const end = p.indexOf(')]', i);
        inner = p.slice(i + 3, end);
        cur = cur.flatMap((v) => (Array.isArray(v) ? v.filter((el) => filterMatch(inner, el)) : []));
        i = end + 2;
        continue;
      }
      i = close + 1;
      if (/^'.*'$|^".*"$/.test(inner)) {
        const k = inner.slice(1, -1);
        cur = cur.flatMap((v) => (isObj(v) && k in v ? [v[k]] : []));
      } else if (inner === '*') cur = cur.flatMap((v) => (Array.isArray(v) ? v : isObj(v) ? Object.values(v) : []));
      else if (/^-?\d*:-?\d*$/.test(inner)) {
        const [a, b] = inner.split(':');
        cur = cur.flatMap((v) => (Array.isArray(v) ? v.slice(a ? Number(a) : 0, b ? Number(b) : undefined) : []));
      } else if (/^-?\d+$/.test(inner)) {
        const n = Number(inner);
        cur = cur.flatMap((v) => {
          if (!Array.isArray(v)) return [];
          const idx = n < 0 ? v.length + n : n;
          if (idx < 0 || idx >= v.length) throw new JsonPathError(`array index out of bounds: index ${n}, length ${v.length}`);
          return [v[idx]];
        });
      } else throw new JsonPathError(`invalid array index ${inner}`);
    } else throw new JsonPathError(`unrecognized character in action: ${p.slice(i)}`);
  }
  return cur;
}

function filterMatch(expr: string, el: unknown): boolean {
  const m = /^@(\.[^\s=!<>]*)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)'|(\S+))$/.exec(expr.trim());
  if (!m) {
    const ex = /^@(\.\S+)$/.exec(expr.trim());
    if (ex) return evalPath(ex[1]!, el).length > 0;
    throw new JsonPathError(`unrecognized filter ${expr}`);
  }
  const vals = evalPath(m[1]!, el);
  const want = m[3] ?? m[4] ?? m[5]!;
  const eq = vals.some((v) => String(v) === want);
  return m[2] === '==' ? eq : !eq;
}

function descend(v: unknown, key: string): unknown[] {
  const out: unknown[] = [];
  if (isObj(v)) {
    if (key in v) out.push(v[key]);
    for (const c of Object.values(v)) out.push(...descend(c, key));
  } else if (Array.isArray(v)) for (const c of v) out.push(...descend(c, key));
  return out;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

/** Renders a template against data (kubectl's jsonpath printer). */
export function renderJsonPath(template: string, data: unknown): string {
  const run = (nodes: Node[], ctx: unknown): string => {
    let out = '';
    for (const n of nodes) {
      if (n.t === 'text') out += n.s;
      else if (n.t === 'path') out += evalPath(n.p, ctx).map(show).join(' ');
      else {
        const r = evalPath(n.p, ctx);
        const items = r.length === 1 && Array.isArray(r[0]) ? (r[0] as unknown[]) : r;
        for (const item of items) out += run(n.body, item);
      }
    }
    return out;
  };
  return run(parseTemplate(template), data);
}
