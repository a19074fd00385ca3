// awk beyond the golden cases: control flow, arrays, ranges, -v, errors in mawk's words.
import { describe, expect, it } from 'vitest';
import { runScript } from '../script';
import { NODE1, shellTestEngine } from '../fixture';

const sh = (script: string) => runScript({ engine: shellTestEngine(), target: NODE1, script });

describe('awk', () => {
  it('prints columns of kubectl-like output', () => {
    const table = 'NAME READY STATUS\\nweb-1 1/1 Running\\nweb-2 0/1 Pending\\n';
    expect(sh(`printf '${table}' | awk 'NR>1 && $3 != "Running" {print $1}'`).output).toBe('web-2\n');
    expect(sh(`printf '${table}' | awk 'NR>1 {n++} END {print n " pods"}'`).output).toBe('2 pods\n');
  });
  it('if/else, while, for, for-in over sorted keys, next and exit', () => {
    expect(sh(`seq 6 | awk '{ if ($1 % 2) print "odd", $1; else next; }'`).output).toBe('odd 1\nodd 3\nodd 5\n');
    expect(sh(`awk 'BEGIN { i = 0; while (i < 3) { printf "%d,", i; i++ } print ""; for (j = 3; j > 0; j--) printf "%d", j; print "" }'`).output).toBe('0,1,2,\n321\n');
    expect(sh(`seq 10 | awk '$1 == 3 {exit 5} {print}'; echo $?`).output).toBe('1\n2\n5\n');
  });
  it('range patterns, regex match operators and -v', () => {
    expect(sh(`seq 8 | awk '/3/,/5/'`).output).toBe('3\n4\n5\n');
    expect(sh(`printf 'eth0 up\\nlo down\\n' | awk -v want=up '$2 ~ want {print $1} $1 !~ /^e/ {print "not-e:" $1}'`).output).toBe('eth0\nnot-e:lo\n');
  });
  it('split, match, sprintf, OFS and NF assignment', () => {
    expect(sh(`echo 10.244.1.5 | awk '{n = split($1, a, "."); print n, a[3]}'`).output).toBe('4 1\n');
    expect(sh(`echo 'ab123cd' | awk '{ if (match($0, /[0-9]+/)) print RSTART, RLENGTH }'`).output).toBe('3 3\n');
    expect(sh(`echo 'a b c' | awk 'BEGIN {OFS="-"} {$1=$1; print; NF=2; print}'`).output).toBe('a-b-c\na-b\n');
    expect(sh(`awk 'BEGIN {s = sprintf("%-5s|%3d", "ab", 7); print s}'`).output).toBe('ab   |  7\n');
  });
  it('reports syntax errors and missing programs like mawk', () => {
    expect(sh(`awk '{print $1'; echo $?`).output).toBe('awk: line 1: syntax error at or near end of file\n2\n');
    expect(sh(`awk; echo $?`).output).toBe("usage: awk [-F value] [-v var=value] [--] 'program text' [file ...]\n2\n");
    expect(sh(`awk '{print}' /nope; echo $?`).output).toBe('awk: cannot open /nope (No such file or directory)\n2\n');
    expect(sh(`awk 'BEGIN {print 1/0}'; echo $?`).output).toBe('awk: run time error: division by zero\n\tFILENAME="" FNR=0 NR=0\n2\n');
  });
});
