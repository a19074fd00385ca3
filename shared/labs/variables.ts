/**
 * Lab variables: pools declared in lab.yaml (`pick` one of a list, or an integer in a
 * `range`), drawn from a seed so each learner gets their own variant of an exercise and
 * the instructor can fix the seed. `{{name}}` in any string of the lab is replaced.
 */
import { SeededRng } from '../model/env';
import type { Lab } from './schema';

export type LabVars = Record<string, string>;

/** Draws every variable from `seed`; the same seed always gives the same values. */
export function drawVariables(lab: Pick<Lab, 'variables'>, seed: number): LabVars {
  const rng = new SeededRng(seed >>> 0).fork('lab-variables');
  const out: LabVars = {};
  // Sorted so adding a variable does not reshuffle the others' draws.
  for (const name of Object.keys(lab.variables).sort()) {
    const v = lab.variables[name]!;
    const r = rng.fork(name);
    if ('pick' in v) out[name] = String(v.pick[r.int(v.pick.length)]);
    else {
      const [lo, hi] = v.range[0] <= v.range[1] ? v.range : [v.range[1], v.range[0]];
      out[name] = String(lo + r.int(hi - lo + 1));
    }
  }
  return out;
}

const REF = /\{\{\s*([A-Za-z_]\w*)\s*\}\}/g;

/** Replaces `{{name}}` in a string; unknown names are left as they are. */
export function fillString(text: string, vars: LabVars): string {
  return text.replace(REF, (m, name: string) => (Object.prototype.hasOwnProperty.call(vars, name) ? vars[name]! : m));
}

/** Variable names a string refers to. */
export function referencedVariables(text: string): string[] {
  return [...text.matchAll(REF)].map((m) => m[1]!);
}

/**
 * Deep copy with every string filled in. A string that is exactly one `{{name}}` whose
 * value is an integer becomes a number (counts and ports can be variables too).
 */
export function fillDeep<T>(value: T, vars: LabVars): T {
  if (typeof value === 'string') {
    const whole = /^\{\{\s*([A-Za-z_]\w*)\s*\}\}$/.exec(value);
    if (whole && vars[whole[1]!] !== undefined && /^-?\d+$/.test(vars[whole[1]!]!)) return Number(vars[whole[1]!]) as T;
    return fillString(value, vars) as T;
  }
  if (Array.isArray(value)) return value.map((v) => fillDeep(v, vars)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fillDeep(v, vars);
    return out as T;
  }
  return value;
}

/** Every value each variable can take (for validating references over all variants). */
export function variableDomain(lab: Pick<Lab, 'variables'>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, v] of Object.entries(lab.variables)) {
    if ('pick' in v) out[name] = v.pick.map(String);
    else {
      const [lo, hi] = v.range[0] <= v.range[1] ? v.range : [v.range[1], v.range[0]];
      const vals: string[] = [];
      for (let i = lo; i <= hi && vals.length < 1000; i++) vals.push(String(i));
      out[name] = vals;
    }
  }
  return out;
}
