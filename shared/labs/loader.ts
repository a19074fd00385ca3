/**
 * Loads a lab folder: parses lab.yaml keeping line numbers, validates it against the zod
 * schema, reads the step Markdown and manifest files beside it, and cross-checks
 * references (nodes, questions, variables). Every problem comes back as
 * `labs/x/lab.yaml:12:5: steps[0].checks[1].kind: expected one of ...` so an author
 * can jump to it. Pure: the caller passes a file reader (Node in the host, a map in tests).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { labSchema, type Lab, type Localized } from './schema';
import { semanticProblems } from './references';

/** One problem in a lab folder, with where it is. */
export interface LabProblem {
  /** Path as given by the caller's folder name, e.g. `labs/pod-netns/lab.yaml`. */
  file: string;
  line: number;
  col: number;
  /** `steps[0].checks[1].kind`, or '' for the file as a whole. */
  path: string;
  message: string;
}

/** A validated lab with every file it refers to read in. */
export interface LoadedLab {
  lab: Lab;
  /** The folder it came from (as the caller names it). */
  dir: string;
  /** Step bodies per step index, resolved from inline text or files. */
  bodies: Localized[];
  /** Manifest texts in order (YAML, possibly multi-document, with {{vars}} unresolved). */
  manifests: string[];
}

export type LoadResult = { ok: true; loaded: LoadedLab } | { ok: false; problems: LabProblem[] };

/** Reads a file relative to the lab folder; undefined when it does not exist. */
export type FileReader = (relPath: string) => string | undefined;

/** `LabProblem` as one line: `file:line:col: path: message`. */
export function formatProblem(p: LabProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/** `steps[0].checks[1].kind` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s;
}

/** The learner-readable text of one zod issue. */
function issueText(issue: z.core.$ZodIssue, raw: unknown): string {
  let received: unknown = raw;
  for (const k of issue.path) received = received && typeof received === 'object' ? (received as Record<PropertyKey, unknown>)[k] : undefined;
  switch (issue.code) {
    case 'invalid_value': {
      const one = `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
      return received === undefined ? `required field is missing (expected ${one})` : `expected ${one}`;
    }
    case 'invalid_type': {
      if (received === undefined) return `required field is missing (expected ${issue.expected})`;
      return `expected ${issue.expected}, got ${Array.isArray(received) ? 'array' : received === null ? 'null' : typeof received}`;
    }
    case 'invalid_union': {
      const opts = (issue as { options?: unknown[] }).options;
      if (opts && received === undefined) return `required field is missing (expected one of ${opts.map((v) => JSON.stringify(v)).join(', ')})`;
      if (opts) return `expected one of ${opts.map((v) => JSON.stringify(v)).join(', ')}`;
      return issue.message;
    }
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    default:
      return issue.message;
  }
}

/** The node at a path, or the deepest ancestor that exists (a missing field points at its parent). */
function nodeAt(doc: Document, path: readonly PropertyKey[]): YamlNode | undefined {
  let node: unknown = doc.contents;
  let best = node as YamlNode | undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) break;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (node === undefined) break;
    } else break;
    if (node && typeof node === 'object' && 'range' in node) best = node as YamlNode;
  }
  return best;
}

/** The key node of a field (for "unknown field" problems, point at the key itself). */
function keyNodeAt(doc: Document, path: readonly PropertyKey[], key: string): YamlNode | undefined {
  const parent = nodeAt(doc, path);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key)) return pair.key;
  }
  return parent;
}

/** Turns an offset into line/col with the document's line counter. */
function position(lc: LineCounter, node: YamlNode | undefined): { line: number; col: number } {
  const offset = node?.range?.[0] ?? 0;
  const p = lc.linePos(offset);
  return { line: p.line, col: p.col };
}

/** Parses and validates lab.yaml text (and what it refers to). `file` names it in messages. */
export function loadLab(dir: string, read: FileReader): LoadResult {
  const file = `${dir.replace(/\/+$/, '')}/lab.yaml`;
  const text = read('lab.yaml');
  if (text === undefined) return { ok: false, problems: [{ file, line: 1, col: 1, path: '', message: 'lab.yaml not found' }] };
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // The first error is the real one; the parser's follow-on errors only add noise.
    const e = doc.errors[0]!;
    const p = lc.linePos(e.pos[0]);
    return { ok: false, problems: [{ file, line: p.line, col: p.col, path: '', message: `YAML syntax error: ${e.message.split('\n')[0]}` }] };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // An alias without its anchor, or an alias bomb: the parser accepted the text, toJS refuses it.
    return { ok: false, problems: [{ file, line: 1, col: 1, path: '', message: `YAML error: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  const parsed = labSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const at =
        issue.code === 'unrecognized_keys' && issue.keys.length > 0
          ? keyNodeAt(doc, issue.path, String(issue.keys[0]))
          : nodeAt(doc, issue.path);
      return { file, ...position(lc, at), path: formatPath(issue.path), message: issueText(issue, raw) };
    });
    problems.sort((a, b) => a.line - b.line || a.col - b.col);
    return { ok: false, problems };
  }
  const lab = parsed.data;
  const problems: LabProblem[] = [];
  const where = (path: (string | number)[]) => ({ file, ...position(lc, nodeAt(doc, path)), path: formatPath(path) });

  const bodies: Localized[] = lab.steps.map((step, i) => {
    if ('file' in step.body) {
      const base = step.body.file;
      const out: Record<string, string> = {};
      for (const loc of ['zh-CN', 'en'] as const) {
        const body = read(`${base}.${loc}.md`);
        if (body === undefined) problems.push({ ...where(['steps', i, 'body', 'file']), message: `file not found: ${base}.${loc}.md` });
        out[loc] = body ?? '';
      }
      return out as Localized;
    }
    return step.body;
  });
  const manifests: string[] = [];
  lab.manifests.forEach((m, i) => {
    if ('inline' in m) manifests.push(m.inline);
    else {
      const body = read(m.file);
      if (body === undefined) problems.push({ ...where(['manifests', i, 'file']), message: `file not found: ${m.file}` });
      else manifests.push(body);
    }
  });
  for (const p of semanticProblems(lab, manifests)) problems.push({ ...where(p.path), message: p.message });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, loaded: { lab, dir, bodies, manifests } };
}
