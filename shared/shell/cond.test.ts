// [[ EXPR ]], case, ( ) and { }: patterns, =~ with BASH_REMATCH, && || ! and parentheses, no word splitting,
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

describe('case ... esac', () => {
  it('matches bash byte for byte (patterns, alternatives, quoted literals, empty bodies, in loops)', () => {
    const script = "x=abc\ncase $x in a*) echo case-a;; *) echo other;; esac\ncase \"$x\" in\n  (b|abc) echo alt\n    echo two ;;\n  *) echo no ;;\nesac\ncase z in a) echo a;; esac; echo rc=$?\ncase $x in \"a*\") echo lit;; ab?) echo q;; esac\nfor f in web-1 db-2 x; do case $f in web-*) echo \"$f is web\";; db-*) echo \"$f is db\";; *) echo \"$f ?\";; esac; done\ncase x in x) ;; esac; echo empty-ok\n";
    expect(runScript({ engine: shellTestEngine(), target: NODE1, script }).output).toBe("case-a\nalt\ntwo\nrc=0\nq\nweb-1 is web\ndb-2 is db\nx ?\nempty-ok\n");
  });
  it('waits for esac', () => {
    expect(parse('case x in\n a) echo;;\n').kind).toBe('incomplete');
  });
});

describe('( subshell ) and { group; }', () => {
  it('matches bash run from /root byte for byte (cd and variables stay inside a subshell, exit status, pipes)', () => {
    const script = "(cd /etc && pwd); pwd\nx=1; (x=2; echo in $x); echo out $x\n{ echo a; echo b; } | wc -l\n{ x=3; }; echo $x\n(exit 3); echo rc=$?\n( echo multi\n  echo line )\n{ echo g1\necho g2; }\n";
    expect(runScript({ engine: shellTestEngine(), target: NODE1, script }).output).toBe("/etc\n/root\nin 2\nout 1\n2\n3\nrc=3\nmulti\nline\ng1\ng2\n");
  });
});
