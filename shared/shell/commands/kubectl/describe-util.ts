/**
 * Pieces kubectl's describers share: the RFC 1123 time, multi-line labels and
 * annotations, the endpoints of a service port, and the events of an object.
 */
import type { Engine } from '../../../sim/engine';
import type { KubeObject } from '../../../model/objects';
import { LAST_APPLIED } from './manifest/write';
import { firstThree } from './printers';
import { humanDuration } from './duration';
import { eventsFor } from './events';

type Any = Record<string, any>;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Thu, 01 Jan 2026 00:00:00 +0000` (Go's RFC1123Z, UTC). */
export function rfc1123(ts: string | undefined): string {
  if (!ts) return '<unknown>';
  const d = new Date(ts);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** `Labels:\ta=b` then `\tc=d` lines (printLabelsMultiline). */
export function labelsBlock(title: string, m: Record<string, string> | undefined, indent = ''): string {
  const keys = Object.keys(m ?? {}).sort();
  if (!keys.length) return `${indent}${title}:\t<none>\n`;
  return keys.map((k, i) => `${indent}${i === 0 ? `${title}:` : ''}\t${k}=${m![k]}\n`).join('');
}

/** `Annotations:\tk: v` lines, without kubectl's own last-applied annotation. */
export function annotationsBlock(m: Record<string, string> | undefined, indent = ''): string {
  const keys = Object.keys(m ?? {})
    .filter((k) => k !== LAST_APPLIED)
    .sort();
  if (!keys.length) return `${indent}Annotations:\t<none>\n`;
  return keys.map((k, i) => `${indent}${i === 0 ? 'Annotations:' : ''}\t${k}: ${m![k]}\n`).join('');
}

/** Ready `ip:port` endpoints of one service port, from its EndpointSlices (or Endpoints). */
export function serviceEndpoints(engine: Engine, svc: KubeObject, portName: string | undefined): string[] {
  const ns = svc.metadata.namespace;
  const out: string[] = [];
  const slices = engine.store.list('EndpointSlice', ns).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name);
  if (slices.length) {
    for (const s of slices as Any[]) {
      const port = ((s.ports ?? []) as Any[]).find((p) => (p.name ?? '') === (portName ?? ''));
      for (const e of (s.endpoints ?? []) as Any[]) {
        if (e.conditions?.ready === false) continue;
        for (const a of e.addresses as string[]) out.push(port?.port !== undefined ? `${a}:${port.port}` : a);
      }
    }
  } else {
    const ep = engine.store.get('Endpoints', ns, svc.metadata.name) as Any | undefined;
    for (const ss of (ep?.subsets ?? []) as Any[]) {
      const port = ((ss.ports ?? []) as Any[]).find((p) => (p.name ?? '') === (portName ?? ''));
      if (!port) continue;
      for (const a of (ss.addresses ?? []) as Any[]) out.push(`${a.ip}:${port.port}`);
    }
  }
  return out;
}

/** Endpoints as describe prints them: three, then `+ N more...`; `<none>` when empty. */
export function endpointsText(eps: string[]): string {
  return firstThree(eps, '<none>');
}

/** The Events section for an object (`Events:\t<none>` when it has none). */
export function eventsBlock(engine: Engine, o: KubeObject, now: number): string {
  const evs = eventsFor(engine, o);
  if (!evs.length) return 'Events:\t<none>\n';
  let s = 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n';
  for (const e of evs) s += `  ${e.type}\t${e.reason}\t${humanDuration(now - Date.parse(e.time))}\t${e.from}\t${e.message}\n`;
  return s;
}
