/**
 * Checks a schema-valid lab for references that cannot work: unknown nodes, undeclared
 * variables, questions that do not exist, answers outside the choices, unknown resource
 * kinds, manifests that are not Kubernetes objects. Each problem carries the path to the
 * offending value so the loader can point at its line.
 */
import { parseAllDocuments } from 'yaml';
import type { Lab } from './schema';
import { nodesOf, parseTargetRef } from './targets';
import { fillString, referencedVariables, variableDomain } from './variables';

/** A problem before it gets a file position. */
export interface PathProblem {
  path: (string | number)[];
  message: string;
}

/** Resource kinds a check or a patch can name. */
export const KNOWN_KINDS = [
  'ConfigMap', 'DaemonSet', 'Deployment', 'EndpointSlice', 'Endpoints', 'Ingress', 'IngressClass',
  'Namespace', 'NetworkPolicy', 'Node', 'Pod', 'ReplicaSet', 'Service',
];

const TARGET_KEYS = new Set(['on', 'notOn', 'from', 'shell']);

/** Visits every string in the lab with its path. */
function eachString(value: unknown, path: (string | number)[], visit: (s: string, path: (string | number)[]) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => eachString(v, [...path, i], visit));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) eachString(v, [...path, k], visit);
}

/** Every variant of a string over the values its variables can take (capped). */
function variants(text: string, domain: Record<string, string[]>): string[] {
  let out = [text];
  for (const name of new Set(referencedVariables(text))) {
    const vals = domain[name] ?? [];
    out = out.flatMap((t) => vals.slice(0, 50).map((v) => fillString(t, { [name]: v })));
  }
  return out;
}

export function semanticProblems(lab: Lab, manifests: string[]): PathProblem[] {
  const problems: PathProblem[] = [];
  const domain = variableDomain(lab);
  const nodeNames = new Set(Array.from({ length: lab.topology.nodes }, (_, i) => `node-${i + 1}`));

  eachString(lab, [], (s, path) => {
    for (const name of referencedVariables(s)) {
      if (!domain[name]) problems.push({ path, message: `unknown variable "${name}" (declare it under variables)` });
    }
    const key = path[path.length - 1];
    const inShells = path[0] === 'shells' && path.length === 2;
    if (!(typeof key === 'string' && TARGET_KEYS.has(key)) && !inShells) return;
    for (const v of variants(s, domain)) {
      for (const n of nodesOf(parseTargetRef(v))) {
        if (!nodeNames.has(n)) {
          problems.push({ path, message: `unknown node "${n}" (this lab's topology has ${[...nodeNames].join(', ')})` });
        }
      }
    }
  });

  const stepIds = new Set<string>();
  lab.steps.forEach((step, si) => {
    if (stepIds.has(step.id)) problems.push({ path: ['steps', si, 'id'], message: `duplicate step id "${step.id}"` });
    stepIds.add(step.id);
    const qids = new Map(step.questions.map((q) => [q.id, q]));
    step.questions.forEach((q, qi) => {
      const at = ['steps', si, 'questions', qi];
      if (q.type === 'predict') {
        if (!q.walk) problems.push({ path: at, message: 'a predict question needs a walk' });
        if (!q.about) problems.push({ path: at, message: 'a predict question needs about (what the learner predicts)' });
      } else if (q.type === 'text') {
        if (!q.answers?.length) problems.push({ path: at, message: 'a text question needs accepted answers' });
      } else {
        if (!q.choices?.length) problems.push({ path: at, message: `a ${q.type} question needs choices` });
        if (!q.answers?.length) problems.push({ path: at, message: `a ${q.type} question needs answers` });
        if (q.type === 'single' && (q.answers?.length ?? 0) > 1) problems.push({ path: [...at, 'answers'], message: 'a single-choice question has one answer' });
        for (const a of q.answers ?? []) {
          if (q.choices && !q.choices.includes(a)) problems.push({ path: [...at, 'answers'], message: `answer "${a}" is not one of the choices` });
        }
      }
    });
    const checkIds = new Set<string>();
    step.checks.forEach((c, ci) => {
      const at = ['steps', si, 'checks', ci];
      if (checkIds.has(c.id)) problems.push({ path: [...at, 'id'], message: `duplicate check id "${c.id}"` });
      checkIds.add(c.id);
      if (c.kind === 'question' && !qids.has(c.question)) {
        problems.push({ path: [...at, 'question'], message: `no question "${c.question}" in this step (have: ${[...qids.keys()].join(', ') || 'none'})` });
      }
      if (c.kind === 'question' && qids.has(c.question) && step.solution.answers[c.question] === undefined) {
        problems.push({ path: ['steps', si, 'solution', 'answers'], message: `the solution does not answer question "${c.question}"` });
      }
      if (c.kind === 'object' && !KNOWN_KINDS.includes(c.resource)) {
        problems.push({ path: [...at, 'resource'], message: `unknown resource kind "${c.resource}" (expected one of ${KNOWN_KINDS.join(', ')})` });
      }
    });
    for (const qid of Object.keys(step.solution.answers)) {
      if (!qids.has(qid)) problems.push({ path: ['steps', si, 'solution', 'answers', qid], message: `no question "${qid}" in this step` });
    }
  });

  lab.faults.forEach((f, fi) => {
    if (f.kind === 'patch' && !KNOWN_KINDS.includes(f.resource)) {
      problems.push({ path: ['faults', fi, 'resource'], message: `unknown resource kind "${f.resource}"` });
    }
  });

  // Manifests may use variables (`nodePort: {{port}}`): check them as the first variant renders them.
  const sample = Object.fromEntries(Object.entries(domain).map(([k, v]) => [k, v[0] ?? '']));
  manifests.forEach((raw, mi) => {
    const text = fillString(raw, sample);
    const docs = parseAllDocuments(text);
    const list = Array.isArray(docs) ? docs : [docs];
    list.forEach((d, di) => {
      if (d.errors.length) {
        problems.push({ path: ['manifests', mi], message: `manifest document ${di + 1}: YAML syntax error: ${d.errors[0]!.message.split('\n')[0]}` });
        return;
      }
      let o: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } } | null;
      try {
        o = d.toJS({ maxAliasCount: 100 }) as typeof o;
      } catch (e) {
        problems.push({ path: ['manifests', mi], message: `manifest document ${di + 1}: ${e instanceof Error ? e.message : String(e)}` });
        return;
      }
      if (o === null) return;
      if (typeof o !== 'object' || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string') {
        problems.push({ path: ['manifests', mi], message: `manifest document ${di + 1}: expected apiVersion, kind and metadata.name` });
      } else if (!KNOWN_KINDS.includes(o.kind)) {
        problems.push({ path: ['manifests', mi], message: `manifest document ${di + 1}: unknown kind "${o.kind}"` });
      }
    });
  });
  return problems;
}
