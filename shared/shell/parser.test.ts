// The shell language: parser results, bash's syntax errors, and fast-check properties —
// random input never throws, and quoting round-trips through expansion.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, parseAtEof } from './parser';
import { expandWord, type ExpandEnv } from './expand';
import { runScript } from './script';
import { VirtualTerminal } from './terminal';
import { NODE1, shellTestEngine } from './fixture';

const env: ExpandEnv = { getVar: (n) => ({ HOME: '/root', X: 'a b' })[n], setVar: () => undefined, commandSub: () => '', glob: () => [] };

describe('parse', () => {
  it('builds and-or lists of pipelines with redirections', () => {
    const r = parse('a x | b 2>&1 && c > f || d; e\n');
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.program).toHaveLength(2);
    expect(r.program[0].first.commands.map((c) => c.words)).toEqual([['a', 'x'], ['b']]);
    expect(r.program[0].first.commands[1].redirs).toEqual([{ fd: 2, op: '>&', target: '1', heredoc: undefined }]);
    expect(r.program[0].rest.map((x) => x.op)).toEqual(['&&', '||']);
  });
  it('reads here-document bodies, with <<- stripping tabs and quoted delimiters', () => {
    const r = parse("cat <<-'E' >f\n\tx $Y\n\tE\n");
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.heredocs[0]).toMatchObject({ delim: 'E', strip: true, quoted: true, body: 'x $Y\n', complete: true });
  });
  it('asks for more input on open quotes, here-documents and trailing operators', () => {
    for (const src of ['if true; then\n', 'if true; then echo; else\n', 'for i in 1 2; do\n', 'for i in 1 2; do echo $i\n', 'for i in a\n', 'while true; do\n', 'until false\n', 'while read l; do echo $l; done <<EOF\n', "echo 'a\n", 'echo "a\n', 'cat <<EOF\nx\n', 'a |\n', 'a &&\n', 'a ||\n', 'echo $(ls\n', 'echo a\\\n'])
      expect(parse(src).kind, src).toBe('incomplete');
  });
  it('reports unsupported syntax in bash words', () => {
    const cases: [string, string][] = [
      ['echo (\n', "syntax error near unexpected token `('"],
      ['( )\n', "syntax error near unexpected token `)'"],
      ['{ }\n', "syntax error near unexpected token `}'"],
      ['sleep 1 &\n', "syntax error near unexpected token `&'"],
      ['while true; do done\n', "syntax error near unexpected token `done'"],
      ['while do echo; done\n', "syntax error near unexpected token `do'"],
      ['for i in 1; do done\n', "syntax error near unexpected token `done'"],
      ['for i in 1; do echo; done x\n', "syntax error near unexpected token `x'"],
      ['until true; do :; done x\n', "syntax error near unexpected token `x'"],
      ['if true; then fi\n', "syntax error near unexpected token `fi'"],
      ['fi\n', "syntax error near unexpected token `fi'"],
      ['; ls\n', "syntax error near unexpected token `;'"],
      ['| ls\n', "syntax error near unexpected token `|'"],
      ['echo >\n', "syntax error near unexpected token `newline'"],
      ['ls ;; ls\n', "syntax error near unexpected token `;;'"],
    ];
    for (const [src, msg] of cases) expect(parse(src), src).toMatchObject({ kind: 'error', message: msg });
  });
  it('at end of input closes a here-document with a warning and rejects an open quote', () => {
    expect(parseAtEof('cat <<EOF\nx\n')).toMatchObject({ kind: 'ok', warning: "warning: here-document at line 1 delimited by end-of-file (wanted `EOF')" });
    expect(parseAtEof("echo 'x\n")).toMatchObject({ kind: 'error' });
    // Delimiters no line can match (a quoted newline, tabs under <<-) still end at end of input.
    expect(parseAtEof("cat <<'a\nb'\nx\n")).toMatchObject({ kind: 'ok' });
    expect(parseAtEof('cat <<-"\tX"\n\tX\n')).toMatchObject({ kind: 'ok' });
    expect(parseAtEof('echo a\\\n')).toMatchObject({ kind: 'ok' });
    expect(parse('?\\')).toMatchObject({ kind: 'ok' });
  });
});

describe('expansion', () => {
  it('splits unquoted variables and keeps quoted ones whole', () => {
    expect(expandWord('$X', env)).toEqual(['a', 'b']);
    expect(expandWord('"$X"', env)).toEqual(['a b']);
    expect(expandWord("'$X'", env)).toEqual(['$X']);
    expect(expandWord('~/x', env)).toEqual(['/root/x']);
    expect(expandWord('""', env)).toEqual(['']);
    expect(expandWord('$NOPE', env)).toEqual([]);
    expect(expandWord('${NOPE:-d e}', env)).toEqual(['d', 'e']);
    expect(expandWord('a\\ b', env)).toEqual(['a b']);
  });
});

/** Single-quotes a string for the shell. */
const sq = (s: string) => "'" + s.replace(/'/g, "'\\''") + "'";
/** Double-quotes a string for the shell. */
const dq = (s: string) => '"' + s.replace(/[\\"$`]/g, '\\$&') + '"';

describe('properties', () => {
  const shellish = fc.string({ unit: fc.constantFrom(...'ab $\'"\\|&;<>()`{}#*?~=\n\t-!0'.split('')), maxLength: 40 });
  it('parse never throws on any input', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), shellish), (src) => {
      parse(src);
      parseAtEof(src);
    }));
  });
  it('running random input never throws and the shell keeps working', () => {
    const engine = shellTestEngine();
    fc.assert(
      fc.property(shellish, (src) => {
        runScript({ engine, target: NODE1, script: src });
        expect(runScript({ engine, target: NODE1, script: 'echo ok' }).output).toBe('ok\n');
      }),
      { numRuns: 200 },
    );
  });
  it('random bytes into the terminal never throw', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('\r', '\x03', '\x04', '\t', '\x1b[A', '\x1b[D', '\x7f', '\x15')), { maxLength: 20 }), (parts) => {
        const term = new VirtualTerminal({ engine: shellTestEngine(), target: NODE1 });
        term.start();
        for (const p of parts) term.write(p);
      }),
      { numRuns: 100 },
    );
  });
  it('single and double quoting round-trip any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      expect(expandWord(sq(s), env)).toEqual([s]);
      expect(expandWord(dq(s), env)).toEqual([s]);
    }));
  });
  it('quoted arguments reach the command unchanged', () => {
    const engine = shellTestEngine();
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme-ascii' }), { minLength: 1, maxLength: 4 }), (args) => {
        const r = runScript({ engine, target: NODE1, script: `printf '%s\\0' ${args.map(sq).join(' ')}\n` });
        expect(r.stdout).toBe(args.map((a) => a + '\0').join(''));
      }),
      { numRuns: 100 },
    );
  });
});
