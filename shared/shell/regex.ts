/**
 * POSIX regular expressions (grep's BRE and ERE, awk's ERE) translated to JavaScript
 * RegExp source: BRE's `\(`/`\{`/`\|` groups, bracket expressions with `[:class:]`,
 * `\<`/`\>` word anchors.
 */

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', cntrl: '\\x00-\\x1f\\x7f', print: ' -~', graph: '!-~', word: '\\w',
};

/** Copies a bracket expression starting at src[i] === '['; returns JS source and the index after `]`. */
function bracket(src: string, i: number): { re: string; end: number } | undefined {
  let j = i + 1;
  let re = '[';
  if (src[j] === '^') {
    re += '^';
    j++;
  }
  if (src[j] === ']') {
    re += '\\]';
    j++;
  }
  while (j < src.length && src[j] !== ']') {
    if (src.startsWith('[:', j)) {
      const close = src.indexOf(':]', j + 2);
      const name = close > 0 ? src.slice(j + 2, close) : '';
      if (!(name in CLASSES)) return undefined;
      re += CLASSES[name];
      j = close + 2;
      continue;
    }
    const c = src[j];
    re += c === '\\' || c === '[' ? '\\' + c : c;
    j++;
  }
  if (j >= src.length) return undefined;
  return { re: re + ']', end: j + 1 };
}

/** Thrown for a pattern grep would reject; the message is grep's. */
export class RegexError extends Error {}

/** Translates a POSIX BRE (`extended` false) or ERE to JavaScript RegExp source. */
export function posixToJs(src: string, extended: boolean): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    const atStart = out === '' || out.endsWith('(') || out.endsWith('|') || out === '^';
    if (c === '\\') {
      const n = src[i + 1];
      i++;
      if (n === undefined) throw new RegexError('Trailing backslash');
      if (n === '<') out += '\\b(?=\\w)';
      else if (n === '>') out += '\\b(?<=\\w)';
      else if ('wWsSbB'.includes(n)) out += '\\' + n;
      else if (!extended && '(){}|+?'.includes(n)) {
        if (n === '(') depth++;
        if (n === ')') {
          if (!depth) throw new RegexError('Unmatched ) or \\)');
          depth--;
        }
        out += n;
      } else if (/[0-9]/.test(n)) out += '\\' + n;
      else out += /[A-Za-z0-9]/.test(n) ? n : '\\' + n;
      continue;
    }
    if (c === '[') {
      const b = bracket(src, i);
      if (!b) throw new RegexError('Unmatched [, [^, [:, [., or [=');
      out += b.re;
      i = b.end - 1;
      continue;
    }
    if (!extended && '(){}|+?'.includes(c)) {
      out += '\\' + c;
      continue;
    }
    if (extended && c === '(') depth++;
    if (extended && c === ')') {
      if (!depth) throw new RegexError('Unmatched ) or \\)');
      depth--;
    }
    if (c === '*' && atStart) {
      out += '\\*';
      continue;
    }
    if (c === '{' && extended && !/^\{\d+(,\d*)?\}/.test(src.slice(i))) {
      out += '\\{';
      continue;
    }
    if (c === '/') {
      out += '\\/';
      continue;
    }
    out += c;
  }
  if (depth) throw new RegexError('Unmatched ( or \\(');
  return out;
}

/** A RegExp for a POSIX pattern, or a RegexError with grep's words. */
export function compilePosix(src: string, opts: { extended: boolean; fixed?: boolean; ignoreCase?: boolean; word?: boolean; line?: boolean; global?: boolean }): RegExp {
  let body = opts.fixed ? src.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : posixToJs(src, opts.extended);
  if (opts.word) body = `(?<![A-Za-z0-9_])(?:${body})(?![A-Za-z0-9_])`;
  if (opts.line) body = `^(?:${body})$`;
  try {
    return new RegExp(body, (opts.ignoreCase ? 'i' : '') + (opts.global ? 'g' : ''));
  } catch {
    throw new RegexError('Invalid regular expression');
  }
}
