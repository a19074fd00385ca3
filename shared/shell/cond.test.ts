// [[ EXPR ]]: patterns, =~ with BASH_REMATCH, && || ! and parentheses, no word splitting,
// arithmetic operands; the script's output is what bash 5.2 printed for it on this machine.
import { describe, expect, it } from 'vitest';
import { runScript } from './script';
import { parse } from './parser';
import { NODE1, shellTestEngine } from './fixture';

describe('[[ ]]', () => {
  it('matches bash byte for byte', () => {
    const script = "x=abc; [[ -n \"$x\" ]] && echo ok-dbl\n[[ $x == a* ]] && echo glob-ok\n[[ $x == \"a*\" ]] || echo quoted-literal\n[[ $x =~ ^a(b)c$ ]] && echo \"re $BASH_REMATCH\"\n[[ -z $y && $x != b ]] && echo and-ok\n[[ ! -f /nonexistent || 1 -lt 2 ]] && echo or-ok\n[[ ( 3 -gt 2 ) && b > a ]] && echo paren-ok\nv=\"a b\"; [[ $v == \"a b\" ]] && echo nosplit\n[[ 1 -eq x ]]; echo rc=$?\n[[ a ]] && echo single\n";
    expect(runScript({ engine: shellTestEngine(), target: NODE1, script }).output).toBe("ok-dbl\nglob-ok\nquoted-literal\nre abc\nand-ok\nor-ok\nparen-ok\nnosplit\nrc=1\nsingle\n");
  });
  it('spans lines, waits for its ]], and refuses ; inside in bash words', () => {
    expect(runScript({ engine: shellTestEngine(), target: NODE1, script: '[[ a == a\n]] && echo x' }).output).toBe('x\n');
    expect(parse('[[ a == a\n').kind).toBe('incomplete');
    expect(parse('[[ a == a ; ]]\n')).toMatchObject({ kind: 'error', message: "syntax error in conditional expression: unexpected token `;'" });
  });
});
