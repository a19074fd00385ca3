/**
 * kubectl's flag parsing (cobra/pflag): flags may come anywhere, `--name=value`,
 * `--name value`, `-n value`, `-nvalue`, grouped booleans (`-it`), and `--` ends flags
 * (everything after it is the command for `exec`). Unknown flags get pflag's words.
 */

/** A flag a verb accepts. `bool` flags take no value; `string[]` flags may repeat. */
export interface FlagSpec {
  name: string;
  short?: string;
  type: 'bool' | 'string' | 'strings';
  /** Value used when the flag is given without `=value` (pflag's NoOptDefVal, e.g. --dry-run). */
  noOptDefault?: string;
}

export interface ParsedArgs {
  positional: string[];
  /** Arguments after `--`. */
  rest: string[] | undefined;
  bools: Set<string>;
  strings: Map<string, string>;
  lists: Map<string, string[]>;
}

export class FlagError extends Error {}

/** Flags every kubectl verb accepts (the global options). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'context', type: 'string' },
  { name: 'kubeconfig', type: 'string' },
  { name: 'request-timeout', type: 'string' },
  { name: 'v', short: 'v', type: 'string' },
];

/** Parses argv (without `kubectl` and the verb) against the verb's flags plus the global ones. */
export function parseFlags(args: string[], specs: FlagSpec[]): ParsedArgs {
  const all = [...GLOBAL_FLAGS, ...specs];
  const out: ParsedArgs = { positional: [], rest: undefined, bools: new Set(), strings: new Map(), lists: new Map() };
  const set = (spec: FlagSpec, value: string | undefined): void => {
    if (spec.type === 'bool') {
      if (value === undefined || value === 'true') out.bools.add(spec.name);
      else if (value === 'false') out.bools.delete(spec.name);
      else throw new FlagError(`invalid argument "${value}" for "--${spec.name}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`);
    } else if (spec.type === 'string') out.strings.set(spec.name, value!);
    else out.lists.set(spec.name, [...(out.lists.get(spec.name) ?? []), value!]);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      out.rest = args.slice(i + 1);
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const spec = all.find((s) => s.name === name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) set(spec, a.slice(eq + 1));
      else if (spec.type === 'bool') set(spec, undefined);
      else if (spec.noOptDefault !== undefined) set(spec, spec.noOptDefault);
      else {
        if (i + 1 >= args.length) throw new FlagError(`flag needs an argument: --${name}`);
        set(spec, args[++i]!);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // Shorthand group: booleans may be grouped, a value-taking flag eats the rest or the next arg.
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const spec = all.find((s) => s.short === c);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in ${a}`);
        if (spec.type === 'bool') {
          set(spec, undefined);
          continue;
        }
        let value = a.slice(j + 1);
        if (value.startsWith('=')) value = value.slice(1);
        if (value === '') {
          if (i + 1 >= args.length) throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
          value = args[++i]!;
        }
        set(spec, value);
        break;
      }
      continue;
    }
    out.positional.push(a);
  }
  return out;
}
