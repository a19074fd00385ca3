/**
 * `netlab lab ...`: the authoring tools. `validate <dir...>` checks each lab folder
 * (schema errors with file:line, unknown nodes and resources) and then replays every
 * step's reference solution on a fresh engine, reporting each check; `new <id>` scaffolds
 * a lab folder that validates as is. Exit status 0 when everything passed, 1 otherwise,
 * 2 for usage errors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { formatProblem } from '../shared/labs/loader';
import { formatReplay, replayLab, replaySeeds } from '../shared/labs/replay';
import { loadFolder } from './host/labs/catalog';
import { scaffoldLab } from './host/labs/scaffold';
import { labJsonSchemaText } from '../shared/labs/json-schema';
import { fileURLToPath } from 'node:url';

/** The repo's labs/ folder (built-in labs and the shipped schema). */
export const BUILTIN_LABS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'labs');

/** Where the CLI writes (process streams by default; tests capture). */
export interface LabCliIO {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

const USAGE = `Usage: netlab lab <command>

Commands:
  validate [--seed N] [--quiet] <dir...>
                   check lab folders (schema, references) and replay each
                   step's solution on a fresh cluster; a folder of lab folders
                   validates every lab in it
  new <id> [--dir DIR]
                   create a lab folder <DIR>/<id> from a template that validates
  schema [--write]  print the JSON Schema of lab.yaml (--write: update labs/lab.schema.json)
`;

const defaultIO: LabCliIO = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), cwd: process.cwd() };

/** Runs `netlab lab argv...`; returns the exit status. */
export async function runLabCli(argv: string[], io: LabCliIO = defaultIO): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') {
    io.out(USAGE);
    return cmd === undefined ? 2 : 0;
  }
  try {
    if (cmd === 'validate') return validate(rest, io);
    if (cmd === 'new') return scaffold(rest, io);
    if (cmd === 'schema') return schema(rest, io);
    io.err(`netlab lab: unknown command "${cmd}"\n${USAGE}`);
    return 2;
  } catch (e) {
    if (e instanceof TypeError && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`netlab lab: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** Lab folders named by the arguments: a folder with lab.yaml, or each such sub-folder. */
function labFolders(args: string[], cwd: string): { dir: string; label: string }[] {
  const out: { dir: string; label: string }[] = [];
  for (const a of args) {
    const dir = path.resolve(cwd, a);
    const label = a.replace(/\/+$/, '');
    if (fs.existsSync(path.join(dir, 'lab.yaml')) || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      out.push({ dir, label });
      continue;
    }
    const subs = fs.readdirSync(dir).sort().filter((n) => fs.existsSync(path.join(dir, n, 'lab.yaml')));
    if (subs.length === 0) out.push({ dir, label });
    for (const n of subs) out.push({ dir: path.join(dir, n), label: `${label}/${n}` });
  }
  return out;
}

function validate(argv: string[], io: LabCliIO): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { seed: { type: 'string' }, quiet: { type: 'boolean', short: 'q' } } });
  if (positionals.length === 0) {
    io.err('netlab lab validate: name at least one lab folder\n');
    return 2;
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0)) {
    io.err(`netlab lab validate: --seed must be a non-negative integer, not "${values.seed}"\n`);
    return 2;
  }
  let failed = 0;
  let passed = 0;
  for (const { dir, label } of labFolders(positionals, io.cwd)) {
    const entry = loadFolder(dir, false, label);
    if (!entry.ok) {
      failed++;
      io.out(`FAIL ${label}\n`);
      for (const p of entry.problems) io.out(`  ${formatProblem(p)}\n`);
      continue;
    }
    let ok = true;
    for (const s of seed !== undefined ? [seed] : replaySeeds(entry.loaded)) {
      let text: string;
      try {
        const r = replayLab(entry.loaded, s);
        ok &&= r.ok;
        text = values.quiet && r.ok ? `PASS ${label} (seed ${r.seed})\n` : formatReplay(label, r);
      } catch (e) {
        ok = false;
        text = `FAIL ${label} (seed ${s})\n  replay crashed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`;
      }
      io.out(text);
    }
    if (ok) passed++;
    else failed++;
  }
  io.out(`\n${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

function scaffold(argv: string[], io: LabCliIO): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { dir: { type: 'string' } } });
  const id = positionals[0];
  if (!id || positionals.length > 1) {
    io.err('netlab lab new: expected one lab id, e.g. `netlab lab new my-first-lab`\n');
    return 2;
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) {
    io.err(`netlab lab new: "${id}" is not a valid lab id (lower-case letters, digits and dashes)\n`);
    return 2;
  }
  const dir = path.resolve(io.cwd, values.dir ?? '.', id);
  if (fs.existsSync(dir)) {
    io.err(`netlab lab new: ${dir} already exists\n`);
    return 1;
  }
  for (const [rel, text] of Object.entries(scaffoldLab(id))) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  io.out(`created ${path.relative(io.cwd, dir) || dir}/ (lab.yaml, steps/01.en.md, steps/01.zh-CN.md)\nnext: edit it, then run: netlab lab validate ${path.relative(io.cwd, dir) || dir}\n`);
  return 0;
}

function schema(argv: string[], io: LabCliIO): number {
  const { values } = parseArgs({ args: argv, options: { write: { type: 'boolean' } } });
  const text = labJsonSchemaText();
  if (!values.write) {
    io.out(text);
    return 0;
  }
  fs.writeFileSync(path.join(BUILTIN_LABS_DIR, 'lab.schema.json'), text);
  io.out(`wrote ${path.join(BUILTIN_LABS_DIR, 'lab.schema.json')}\n`);
  return 0;
}
