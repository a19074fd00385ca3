/**
 * Container logs: what the simulated apps write to stdout (nginx's access lines, CoreDNS
 * query logs), kept per pod so `kubectl logs` prints them. Apps call appendPodLog when
 * they answer; the log lives beside the engine (a WeakMap) and goes with its pod.
 */
import type { Engine } from '../../sim/engine';

const logs = new WeakMap<Engine, Map<string, string[]>>();

/** Keeps at most this many lines per pod, as a container runtime rotates its log. */
const MAX_LINES = 1000;

/** Appends one line (without newline) to a pod container's log. */
export function appendPodLog(engine: Engine, namespace: string, pod: string, line: string): void {
  let m = logs.get(engine);
  if (!m) logs.set(engine, (m = new Map()));
  const key = `${namespace}/${pod}`;
  const l = m.get(key) ?? [];
  l.push(line);
  if (l.length > MAX_LINES) l.splice(0, l.length - MAX_LINES);
  m.set(key, l);
}

/** A pod's log lines, oldest first. */
export function podLog(engine: Engine, namespace: string, pod: string): string[] {
  return [...(logs.get(engine)?.get(`${namespace}/${pod}`) ?? [])];
}

/** Forgets a deleted pod's log. */
export function dropPodLog(engine: Engine, namespace: string, pod: string): void {
  logs.get(engine)?.delete(`${namespace}/${pod}`);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** nginx's default `combined`-style access line as the official image logs it. */
export function nginxAccessLine(ms: number, client: string, method: string, path: string, status: number, bytes: number, userAgent: string, forwardedFor = '-'): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const t = `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
  return `${client} - - [${t}] "${method} ${path} HTTP/1.1" ${status} ${bytes} "-" "${userAgent}" "${forwardedFor}"`;
}
