/**
 * Word expansion, in bash's order: tilde, parameters (`$VAR`, `${VAR:-x}`, `$?`),
 * command substitution (`$(...)`, backticks), arithmetic (`$((...))`), field splitting of
 * unquoted results, pathname expansion (globs) and quote removal.
 */
import { evalArith } from './arith';
import { scanNested } from './lexer';

/** What expansion needs from the running shell. */
export interface ExpandEnv {
  getVar(name: string): string | undefined;
  setVar(name: string, value: string): void;
  /** Runs a command substitution's source in a subshell and returns its stdout. */
  commandSub(src: string): string;
  /** Paths matching an absolute-or-relative glob pattern, sorted; empty when none. */
  glob(pattern: string): string[];
}

/** An expansion bash refuses (`bad substitution`, `parameter null or not set`): the command is not run. */
export class ExpansionError extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const GLOB_CHARS = /[*?[]/;

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => '\\' + c);
}

/** Reads one `$...` expansion at src[i] (src[i] === '$'); returns its value and the index after it. */
function dollar(src: string, i: number, env: ExpandEnv): { value: string; end: number; literal?: boolean } {
  const c = src[i + 1];
  if (c === '(' && src[i + 2] === '(') {
    // `$((` … `))`: the inner text runs to the first unmatched `)`, which must be doubled.
    const close = findClose(src, i + 3, '(', ')');
    const inner = src.slice(i + 3, close);
    return { value: String(evalArith(expandString(inner, env), env)), end: Math.min(src.length, close + 2) };
  }
  if (c === '(') {
    const close = findClose(src, i + 2, '(', ')');
    return { value: stripTrailingNewlines(env.commandSub(src.slice(i + 2, close))), end: close + 1 };
  }
  if (c === '{') {
    const close = findClose(src, i + 2, '{', '}');
    return { value: braced(src.slice(i + 2, close), env), end: close + 1 };
  }
  if (c !== undefined && '?$#!-*@0123456789'.includes(c)) return { value: env.getVar(c) ?? '', end: i + 2 };
  const m = NAME.exec(src.slice(i + 1));
  if (m) return { value: env.getVar(m[0]) ?? '', end: i + 1 + m[0].length };
  return { value: '$', end: i + 1, literal: true };
}

/** Index of the closer matching an opener already consumed before `i` (quotes and nesting respected). */
function findClose(src: string, i: number, _open: string, close: ')' | '}'): number {
  const r = scanNested(src, i, close);
  return r.end < 0 ? src.length : r.end - 1;
}

function stripTrailingNewlines(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === '\n') end--;
  return s.slice(0, end);
}

/** `${...}`: NAME, #NAME, the :- - := :+ :? operators, and the editing forms (editValue). */
function braced(body: string, env: ExpandEnv): string {
  if (body.startsWith('#') && body.length > 1) {
    const v = env.getVar(body.slice(1));
    if (!/^([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])$/.test(body.slice(1))) throw new ExpansionError(`\${${body}}: bad substitution`);
    return String((v ?? '').length);
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*|[?$#!0-9])(?:(:?)([-=+?])([\s\S]*))?$/.exec(body);
  if (!m) {
    const edited = editValue(body, env);
    if (edited === undefined) throw new ExpansionError(`\${${body}}: bad substitution`);
    return edited;
  }
  const [, name, colon, op, word] = m;
  const v = env.getVar(name);
  const unset = v === undefined || (colon === ':' && v === '');
  if (!op) return v ?? '';
  if (op === '-') return unset ? expandString(word, env) : v!;
  if (op === '=') {
    if (!unset) return v!;
    const w = expandString(word, env);
    env.setVar(name, w);
    return w;
  }
  if (op === '+') return unset ? '' : expandString(word, env);
  if (unset) throw new ExpansionError(`${name}: ${word ? expandString(word, env) : 'parameter null or not set'}`);
  return v!;
}

/** A `${...}` pattern as a regular expression source: `*` and `?` match any character, `/` included. */
function patternSource(pattern: string): string {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]);
    else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '[' && pattern.indexOf(']', i + 2) > 0) {
      const j = pattern.indexOf(']', i + 2);
      const set = pattern.slice(i + 1, j);
      re += '[' + (set.startsWith('!') ? '^' + set.slice(1) : set).replace(/\\/g, '\\\\') + ']';
      i = j;
    } else re += escapeRe(c);
  }
  return re;
}

/**
 * The value-editing forms of `${...}`: `#`/`##` (strip the shortest/longest matching prefix),
 * `%`/`%%` (suffix), `/PAT/REP` and `//PAT/REP` (replace first/all; `/#` and `/%` anchor),
 * `:OFFSET[:LENGTH]`. Undefined when `body` is none of them (bash's bad substitution).
 */
function editValue(body: string, env: ExpandEnv): string | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*|[?$#!0-9])(##?|%%?|\/\/?|:|\^\^?|,,?)([\s\S]*)$/.exec(body);
  if (!m) return undefined;
  const [, name, op, rest] = m;
  const v = env.getVar(name) ?? '';
  // Case changes (no pattern: every character / the first).
  if (op[0] === '^' || op[0] === ',') {
    if (rest) return undefined;
    const f = op[0] === '^' ? (c: string) => c.toUpperCase() : (c: string) => c.toLowerCase();
    return op.length === 2 ? f(v) : f(v.slice(0, 1)) + v.slice(1);
  }
  if (op === ':') {
    const sm = /^\s*(-?\d+)\s*(?::\s*(-?\d+)\s*)?$/.exec(rest);
    if (!sm) return undefined;
    let off = Number(sm[1]);
    if (off < 0) off = Math.max(0, v.length + off);
    if (sm[2] === undefined) return v.slice(off);
    const len = Number(sm[2]);
    return len < 0 ? v.slice(off, Math.max(off, v.length + len)) : v.slice(off, off + len);
  }
  if (op.startsWith('/')) {
    const slash = rest.search(/(?<!\\)\//);
    const pat = expandString(slash < 0 ? rest : rest.slice(0, slash), env);
    const rep = slash < 0 ? '' : expandString(rest.slice(slash + 1), env);
    if (!pat) return v;
    const anchor = pat[0] === '#' ? '^' : pat[0] === '%' ? '$' : '';
    const src = patternSource(anchor ? pat.slice(1) : pat);
    const re = new RegExp(anchor === '^' ? `^${src}` : anchor === '$' ? `${src}$` : src, op === '//' && !anchor ? 'g' : '');
    return v.replace(re, () => rep);
  }
  const re = new RegExp(`^${patternSource(expandString(rest, env))}$`);
  const n = v.length;
  if (op === '#' || op === '##') {
    for (let k = 0; k <= n; k++) {
      const i = op === '#' ? k : n - k;
      if (re.test(v.slice(0, i))) return v.slice(i);
    }
    return v;
  }
  for (let k = 0; k <= n; k++) {
    const i = op === '%' ? n - k : k;
    if (re.test(v.slice(i))) return v.slice(0, i);
  }
  return v;
}

/** Reads a backtick substitution at src[i]; returns the inner source with its escapes undone. */
function backtick(src: string, i: number): { inner: string; end: number } {
  let inner = '';
  let j = i + 1;
  for (; j < src.length && src[j] !== '`'; j++) {
    if (src[j] === '\\' && '`$\\'.includes(src[j + 1] ?? '')) j++;
    inner += src[j];
  }
  return { inner, end: j + 1 };
}

/** `$'...'` ANSI-C quoting: the common backslash escapes. */
function ansiC(src: string, i: number): { value: string; end: number } {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"' };
  let value = '';
  let j = i + 2;
  for (; j < src.length && src[j] !== "'"; j++) {
    if (src[j] === '\\' && j + 1 < src.length) {
      const n = src[++j];
      if (n in map) value += map[n];
      else if (n === 'x') {
        const hx = /^[0-9a-fA-F]{1,2}/.exec(src.slice(j + 1))?.[0] ?? '';
        value += hx ? String.fromCharCode(parseInt(hx, 16)) : '\\x';
        j += hx.length;
      } else value += '\\' + n;
    } else value += src[j];
  }
  return { value, end: j + 1 };
}

/**
 * Expands the inside of double quotes (or an unquoted here-document body when `heredoc`):
 * parameters, substitutions and the backslash escapes `\$ \` \" \\ \newline`.
 */
function expandQuoted(src: string, i: number, env: ExpandEnv, heredoc: boolean): { value: string; end: number } {
  let value = '';
  while (i < src.length) {
    const c = src[i];
    if (c === '"' && !heredoc) return { value, end: i + 1 };
    if (c === '\\' && i + 1 < src.length) {
      const n = src[i + 1];
      if (n === '\n') i += 2;
      else if ('$`\\'.includes(n) || (n === '"' && !heredoc)) {
        value += n;
        i += 2;
      } else {
        value += c;
        i++;
      }
    } else if (c === '$') {
      const d = dollar(src, i, env);
      value += d.value;
      i = d.end;
    } else if (c === '`') {
      const b = backtick(src, i);
      value += stripTrailingNewlines(env.commandSub(b.inner));
      i = b.end;
    } else {
      value += c;
      i++;
    }
  }
  return { value, end: i };
}

/** Expands an unquoted here-document body. */
export function expandHeredoc(body: string, env: ExpandEnv): string {
  return expandQuoted(body, 0, env, true).value;
}

/** Expands a word to exactly one string: no splitting, no globbing (assignments, `[[`-free contexts). */
export function expandString(raw: string, env: ExpandEnv): string {
  return expandWord(raw, env, false).join(' ');
}

/** Expands one raw word into fields. `split` enables field splitting and globbing. */
export function expandWord(raw: string, env: ExpandEnv, split = true): string[] {
  // Brace expansion comes first, on the raw word, and only where words are split (not in assignments).
  if (split && raw.includes('{')) {
    const words = braceExpand(raw);
    if (words.length !== 1 || words[0] !== raw) return words.flatMap((w) => expandFields(w, env, split));
  }
  return expandFields(raw, env, split);
}

/**
 * Bash's brace expansion of one raw word: `{a,b}` alternatives and `{1..10}`, `{01..03}`,
 * `{a..e}`, `{10..1..2}` sequences, nested and several per word; quoted or `${`-led braces
 * and braces with neither a comma nor a valid sequence stay as they are.
 */
export function braceExpand(raw: string): string[] {
  let quote = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      continue;
    }
    if (c !== '{' || raw[i - 1] === '$') continue;
    // Find the matching close brace and the top-level commas.
    let depth = 0;
    let q = '';
    const commas: number[] = [];
    let close = -1;
    for (let j = i; j < raw.length; j++) {
      const d = raw[j];
      if (d === '\\') {
        j++;
        continue;
      }
      if (q) {
        if (d === q) q = '';
        continue;
      }
      if (d === "'" || d === '"') q = d;
      else if (d === '{') depth++;
      else if (d === '}' && --depth === 0) {
        close = j;
        break;
      } else if (d === ',' && depth === 1) commas.push(j);
    }
    if (close < 0) return [raw];
    const pre = raw.slice(0, i);
    const post = raw.slice(close + 1);
    const body = raw.slice(i + 1, close);
    let items: string[] | undefined;
    if (commas.length) {
      const cuts = [i, ...commas, close];
      items = cuts.slice(1).map((c2, k) => raw.slice(cuts[k]! + 1, c2));
    } else items = sequence(body);
    if (!items) {
      // Not an expansion: keep this brace and look for one further on.
      const rest = braceExpand(raw.slice(i + 1));
      return rest.map((r) => raw.slice(0, i + 1) + r);
    }
    return items.flatMap((it) => braceExpand(pre + it + post));
  }
  return [raw];
}

/** `{X..Y[..STEP]}` for integers (zero-padded when an end is) or single letters. */
function sequence(body: string): string[] | undefined {
  const n = /^([-+]?\d+)\.\.([-+]?\d+)(?:\.\.([-+]?\d+))?$/.exec(body);
  const a = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.([-+]?\d+))?$/.exec(body);
  const m = n ?? a;
  if (!m) return undefined;
  const from = n ? Number(m[1]) : m[1]!.charCodeAt(0);
  const to = n ? Number(m[2]) : m[2]!.charCodeAt(0);
  const step = Math.abs(Number(m[3] ?? 1)) || 1;
  const width = n && (/^[-+]?0\d/.test(m[1]!) || /^[-+]?0\d/.test(m[2]!)) ? Math.max(m[1]!.replace(/^[-+]/, '').length, m[2]!.replace(/^[-+]/, '').length) : 0;
  const out: string[] = [];
  for (let v = from; from <= to ? v <= to : v >= to; v += from <= to ? step : -step) {
    if (out.length > 100_000) break;
    out.push(n ? (v < 0 ? '-' + String(-v).padStart(width, '0') : String(v).padStart(width, '0')) : String.fromCharCode(v));
  }
  return out;
}

/** Parameter, command and arithmetic expansion, quote removal, field splitting and globbing of one word. */
function expandFields(raw: string, env: ExpandEnv, split: boolean): string[] {
  const fields: string[] = [];
  let cur = '';
  let pat = '';
  let has = false;
  let globbable = false;
  const end = () => {
    if (!has) return;
    if (split && globbable) {
      const matches = env.glob(pat);
      if (matches.length) fields.push(...matches);
      else fields.push(cur);
    } else fields.push(cur);
    cur = '';
    pat = '';
    has = false;
    globbable = false;
  };
  const lit = (text: string, quoted: boolean) => {
    cur += text;
    has = true;
    if (quoted) pat += escapeGlob(text);
    else {
      pat += text;
      if (GLOB_CHARS.test(text)) globbable = true;
    }
  };
  const unquotedValue = (text: string) => {
    if (!split) return lit(text, true);
    const pieces = text.split(/[ \t\n]+/);
    pieces.forEach((piece, k) => {
      if (k > 0) end();
      if (piece) lit(piece, false);
    });
  };
  let i = 0;
  if (raw.startsWith('~') && (raw.length === 1 || raw[1] === '/')) {
    lit(env.getVar('HOME') ?? '/root', true);
    i = 1;
  }
  while (i < raw.length) {
    const c = raw[i];
    if (c === '\\') {
      if (raw[i + 1] === '\n') i += 2;
      else if (i + 1 < raw.length) {
        lit(raw[i + 1], true);
        i += 2;
      } else {
        lit('\\', true);
        i++;
      }
    } else if (c === "'") {
      const j = raw.indexOf("'", i + 1);
      const stop = j < 0 ? raw.length : j;
      lit(raw.slice(i + 1, stop), true);
      i = stop + 1;
    } else if (c === '"') {
      const q = expandQuoted(raw, i + 1, env, false);
      lit(q.value, true);
      i = q.end;
    } else if (c === '$' && raw[i + 1] === "'") {
      const a = ansiC(raw, i);
      lit(a.value, true);
      i = a.end;
    } else if (c === '$') {
      const d = dollar(raw, i, env);
      if (d.literal) lit('$', false);
      else unquotedValue(d.value);
      i = d.end;
    } else if (c === '`') {
      const b = backtick(raw, i);
      unquotedValue(stripTrailingNewlines(env.commandSub(b.inner)));
      i = b.end;
    } else {
      lit(c, false);
      i++;
    }
  }
  end();
  return fields;
}

/** True when `name` matches a glob `pattern` of one path segment (`*`, `?`, `[...]`, `\x`). */
export function globMatch(pattern: string, name: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]);
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const j = pattern.indexOf(']', i + 2);
      if (j < 0) re += '\\[';
      else {
        let set = pattern.slice(i + 1, j);
        if (set.startsWith('!')) set = '^' + set.slice(1);
        re += '[' + set.replace(/\\/g, '\\\\') + ']';
        i = j;
      }
    } else re += escapeRe(c);
  }
  try {
    return new RegExp(re + '$').test(name);
  } catch {
    return false;
  }
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
