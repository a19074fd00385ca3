/**
 * The check evaluator: turns a declarative check into pass/fail against the live cluster
 * and the learner's trail. Checks look at state (objects, kernel entries, walks), never
 * at the exact text typed, so a learner who takes another road still passes.
 */
import type { KubeObject } from '../model/objects';
import type { Check, Question } from './schema';
import type { LabWorld, LearnerTrail } from './world';
import { resolveTarget, targetMatches } from './targets';
import { fdbLine, neighLine, routeLine } from './kernel-text';
import { gradeQuestion } from './questions';
import { fillLive, runWalkSpec, walkMatches } from './walks';

/** The outcome of one check. */
export interface CheckOutcome {
  id: string;
  pass: boolean;
  /** Why it failed (for authors and the validator; the learner sees the check's message). */
  detail?: string;
}

type Count = number | string | { min?: number | string; max?: number | string } | undefined;

/** Does `n` satisfy a count spec? (Default: at least one.) */
export function countOk(n: number, spec: Count): boolean {
  if (spec === undefined) return n >= 1;
  if (typeof spec === 'number' || typeof spec === 'string') return n === Number(spec);
  if (spec.min !== undefined && n < Number(spec.min)) return false;
  if (spec.max !== undefined && n > Number(spec.max)) return false;
  return true;
}

function countText(spec: Count): string {
  if (spec === undefined) return 'at least 1';
  if (typeof spec !== 'object') return String(spec);
  return [spec.min !== undefined ? `>= ${spec.min}` : '', spec.max !== undefined ? `<= ${spec.max}` : ''].filter(Boolean).join(' and ');
}

/**
 * A dotted path into an object; numeric parts index arrays. Keys that contain dots
 * (`data.config.conf` for the ConfigMap key `config.conf`) are found by trying the longest
 * key first.
 */
export function fieldAt(obj: unknown, path: string): unknown {
  const parts = path.split('.');
  let v: unknown = obj;
  let i = 0;
  while (i < parts.length) {
    if (v === null || typeof v !== 'object') return undefined;
    const o = v as Record<string, unknown>;
    let j = parts.length;
    while (j > i + 1 && !Object.prototype.hasOwnProperty.call(o, parts.slice(i, j).join('.'))) j--;
    v = o[parts.slice(i, j).join('.')];
    i = j;
  }
  return v;
}

function labelsMatch(obj: KubeObject, labels: string | undefined): boolean {
  if (!labels) return true;
  return labels.split(',').every((kv) => {
    const [k, val] = kv.split('=');
    return obj.metadata.labels?.[k!.trim()] === val?.trim();
  });
}

/** Ready endpoint addresses of a service (EndpointSlices if any, else the Endpoints object). */
export function endpointCount(world: LabWorld, service: string, namespace = 'default'): number {
  const slices = world.engine.store
    .list('EndpointSlice', namespace)
    .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === service) as unknown as {
    endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[];
  }[];
  if (slices.length > 0) {
    const seen = new Set<string>();
    for (const s of slices) for (const e of s.endpoints ?? []) if (e.conditions?.ready !== false) e.addresses.forEach((a) => seen.add(a));
    return seen.size;
  }
  const ep = world.engine.store.get('Endpoints', namespace, service) as { subsets?: { addresses?: unknown[] }[] } | undefined;
  return (ep?.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
}

function result(id: string, pass: boolean, detail?: string): CheckOutcome {
  return pass ? { id, pass } : { id, pass, detail };
}

/** Lines of a hidden command's output that match. */
function matchingLines(output: string, re: RegExp, prefix?: string): number {
  return output.split('\n').filter((l) => (!prefix || l.startsWith(prefix)) && re.test(l)).length;
}

/** Evaluates one check. Never throws: a check that cannot run fails with the reason. */
export function evaluateCheck(check: Check, world: LabWorld, trail: LearnerTrail, questions: Question[]): CheckOutcome {
  try {
    // `{{ip:svc/web}}` in a pattern stands for the address as it is now (ClusterIPs are allocated at run time).
    return evaluateUnsafe(fillLiveDeep(check, world), world, trail, questions);
  } catch (e) {
    return result(check.id, false, `check could not run: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function onTarget(world: LabWorld, ref: string) {
  const r = resolveTarget(world.engine, ref);
  if (!r.ok) throw new Error(r.error);
  return { target: r.target, ns: world.engine.netnsOf(r.target) };
}

function presence(id: string, found: number, present: boolean, count: Count, what: string): CheckOutcome {
  if (!present) return result(id, found === 0, `expected no ${what}, found ${found}`);
  return result(id, countOk(found, count), `expected ${countText(count)} ${what}, found ${found}`);
}

function evaluateUnsafe(check: Check, world: LabWorld, trail: LearnerTrail, questions: Question[]): CheckOutcome {
  const id = check.id;
  switch (check.kind) {
    case 'object': {
      const objs = world.engine.store
        .list(check.resource, check.namespace)
        .filter((o) => (check.name === undefined || o.metadata.name === check.name) && labelsMatch(o, check.labels))
        .filter((o) => {
          if (check.field === undefined) return true;
          const v = fieldAt(o, check.field);
          if (check.equals !== undefined && String(v) !== String(check.equals)) return false;
          if (check.matches !== undefined && (v === undefined || !new RegExp(check.matches).test(String(v)))) return false;
          return check.equals !== undefined || check.matches !== undefined || v !== undefined;
        });
      return presence(id, objs.length, check.exists !== false, check.count, `matching ${check.resource} objects`);
    }
    case 'endpoints': {
      const n = endpointCount(world, check.service, check.namespace);
      return result(id, countOk(n, check.count), `service ${check.service} has ${n} ready endpoints, expected ${countText(check.count)}`);
    }
    case 'route': {
      const { ns } = onTarget(world, check.on);
      const re = new RegExp(check.matches);
      const n = (ns?.routes ?? []).filter((r) => re.test(routeLine(r))).length;
      return presence(id, n, check.present, undefined, `routes matching /${check.matches}/ on ${check.on}`);
    }
    case 'neigh':
    case 'fdb': {
      const { ns } = onTarget(world, check.on);
      const re = new RegExp(check.matches);
      const lines = check.kind === 'neigh' ? (ns?.neigh ?? []).map(neighLine) : (ns?.fdb ?? []).map(fdbLine);
      return presence(id, lines.filter((l) => re.test(l)).length, check.present, undefined, `${check.kind} entries matching /${check.matches}/ on ${check.on}`);
    }
    case 'link': {
      const { ns } = onTarget(world, check.on);
      const re = new RegExp(`^(?:${check.name})$`);
      const n = (ns?.links ?? []).filter(
        (l) => re.test(l.name) && (!check.linkKind || l.kind === check.linkKind) && (check.up === undefined || l.up === check.up),
      ).length;
      return presence(id, n, check.present, undefined, `links named /${check.name}/ on ${check.on}`);
    }
    case 'output': {
      const { target } = onTarget(world, check.on);
      const out = world.run(target, check.run);
      const n = matchingLines(out.output, new RegExp(check.matches));
      return presence(id, n, check.present, check.count, `lines of \`${check.run}\` matching /${check.matches}/`);
    }
    case 'iptables': {
      const { target } = onTarget(world, check.on);
      const out = world.run(target, `iptables-save -t ${check.table}`);
      if (out.code !== 0) return result(id, false, `iptables-save failed: ${out.output.trim()}`);
      const n = matchingLines(out.output, new RegExp(check.matches), '-A ');
      return presence(id, n, check.present, check.count, `${check.table} rules matching /${check.matches}/ on ${check.on}`);
    }
    case 'ipvs': {
      const { target } = onTarget(world, check.on);
      const out = world.run(target, 'ipvsadm -Ln');
      if (out.code !== 0) return result(id, false, `ipvsadm failed: ${out.output.trim()}`);
      const re = new RegExp(check.service);
      const services = ipvsServices(out.output).filter((s) => re.test(s.line));
      if (!check.present) return result(id, services.length === 0, `expected no virtual service /${check.service}/, found ${services.length}`);
      if (services.length === 0) return result(id, false, `no virtual service matches /${check.service}/ on ${check.on}`);
      if (check.realServers === undefined) return result(id, true);
      const ok = services.some((s) => countOk(s.real, check.realServers));
      return result(id, ok, `real servers: ${services.map((s) => s.real).join(', ')}, expected ${countText(check.realServers)}`);
    }
    case 'walk': {
      const rec = runWalkSpec(world, check.walk);
      const why = walkMatches(rec, check);
      return result(id, why === undefined, why);
    }
    case 'command': {
      const on = check.on ? resolveTarget(world.engine, check.on) : undefined;
      const notOn = check.notOn ? resolveTarget(world.engine, check.notOn) : undefined;
      const re = new RegExp(check.matches);
      const outRe = check.output ? new RegExp(check.output) : undefined;
      const hit = trail.commands.some(
        (c) =>
          re.test(c.line) &&
          (!on || (on.ok && targetMatches(on.target, c.target))) &&
          (!notOn || !notOn.ok || !targetMatches(notOn.target, c.target)) &&
          (!outRe || outRe.test(c.output)) &&
          // A command that failed (not found, bad flag) showed the learner nothing: it counts only when asked for.
          (check.exitCode === undefined ? c.code === 0 : c.code === check.exitCode),
      );
      return result(id, hit, `no command matching /${check.matches}/${check.on ? ` on ${check.on}` : ''} was run`);
    }
    case 'question': {
      const q = questions.find((x) => x.id === check.question);
      if (!q) return result(id, false, `no question ${check.question}`);
      const answer = trail.answers[q.id];
      if (answer === undefined) return result(id, false, 'not answered yet');
      const g = gradeQuestion(q, answer, world);
      return result(id, g.correct, g.correct ? undefined : `answered ${JSON.stringify(answer)}${g.expected ? `, expected ${g.expected}` : ''}`);
    }
  }
}

/** Virtual services in `ipvsadm -Ln` output with their real-server counts. */
export function ipvsServices(output: string): { line: string; real: number }[] {
  const out: { line: string; real: number }[] = [];
  for (const line of output.split('\n')) {
    if (/^(TCP|UDP|SCTP|FWM)\s/.test(line)) out.push({ line, real: 0 });
    else if (/^\s+->\s+\d/.test(line) && out.length > 0) out[out.length - 1]!.real++;
  }
  return out;
}

/** Every string of a check with live addresses filled in. */
function fillLiveDeep<T>(value: T, world: LabWorld): T {
  if (typeof value === 'string') return (value.includes('{{') ? fillLive(value, world) : value) as T;
  if (Array.isArray(value)) return value.map((v) => fillLiveDeep(v, world)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fillLiveDeep(v, world);
    return out as T;
  }
  return value;
}
