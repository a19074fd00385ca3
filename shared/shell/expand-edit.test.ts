// ${...} value editing (prefix/suffix stripping, replacement, substrings): the script's
// output is what real bash 5.2 printed for it on this machine.
import { describe, expect, it } from 'vitest';
import { runScript } from './script';
import { NODE1, shellTestEngine } from './fixture';

describe('parameter expansion editing forms', () => {
  it('match bash byte for byte', () => {
    const script = "p=pod/abc.tar.gz; echo ${p#pod/} ${p%%.*} ${p%.*} ${p##*.} ${#p} ${p:-x} ${p#*/} ${p##*[./]}\necho ${p/abc/X} ${p:4:3} ${p: -3} ${p:4:-2} ${p//a/_} ${p/#pod/P} ${p/%gz/GZ} ${p/b} \"${p/a*r/-}\"\nx=\"a b\"; echo \"${x/ /_}\" ${x%% *}\np=xY; echo ${p^} ${p^^} ${p,,} ${p,}\n";
    expect(runScript({ engine: shellTestEngine(), target: NODE1, script }).output).toBe("abc.tar.gz pod/abc pod/abc.tar gz 14 pod/abc.tar.gz abc.tar.gz gz\npod/X.tar.gz abc .gz abc.tar. pod/_bc.t_r.gz P/abc.tar.gz pod/abc.tar.GZ pod/ac.tar.gz pod/-.gz\na_b a\nXY XY xy xY\n");
  });
  it('brace expansion: lists, sequences (padded, stepped, letters), nested, quoted braces kept', () => {
    const script = "for i in {1..3}; do echo $i; done\necho {a,b}-x pre{1,2}{x,y} {01..03} {5..1..2} {a..e} {x} {} '{a,b}' \"{1..2}\" ${HOME} {a,{b,c}}\necho a{1..3}b x{,y}z {-2..2} {1..10..3}\necho {a..c}{1..2}\nf=v; echo {$f,w}\n";
    expect(runScript({ engine: shellTestEngine(), target: NODE1, script }).output).toBe("1\n2\n3\na-x b-x pre1x pre1y pre2x pre2y 01 02 03 5 3 1 a b c d e {x} {} {a,b} {1..2} /root a b c\na1b a2b a3b xz xyz -2 -1 0 1 2 1 4 7 10\na1 a2 b1 b2 c1 c2\nv w\n");
  });
  it('an unknown form is still a bad substitution', () => {
    expect(runScript({ engine: shellTestEngine(), target: NODE1, script: 'p=x; echo ${p@}' }).output).toBe('bash: ${p@}: bad substitution\n');
  });
});
