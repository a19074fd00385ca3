/**
 * Plain-text and JSON renderings of a walk, for "copy as text" and "export JSON".
 */
import type { Hop, WalkRecord } from '../../../shared/api/walk';
import { walkSteps } from './steps';
import { hopProvenance } from './provenance';

function hopLines(h: Hop, n: number, dir: string): string[] {
  const where = [h.host, h.device].filter(Boolean).join(' ');
  const out = [`${String(n).padStart(3)}  ${dir.padEnd(7)} ${h.stage.padEnd(9)} ${where.padEnd(24)} ${h.summary}`];
  const pad = '              ';
  if (h.route) out.push(`${pad}route: ${h.route}`);
  if (h.neigh) out.push(`${pad}neigh: ${h.neigh}`);
  if (h.fdb) out.push(`${pad}fdb: ${h.fdb}`);
  for (const r of h.rules ?? []) out.push(`${pad}${r.table}/${r.chain} #${r.ruleNum}: ${r.ruleText}`);
  if (h.evaluated !== undefined) out.push(`${pad}rules evaluated: ${h.evaluated}`);
  if (h.nat) out.push(`${pad}${h.nat.kind}: ${tuple(h.nat.before)} -> ${tuple(h.nat.after)}`);
  if (h.conntrack) out.push(`${pad}conntrack: ${h.conntrack.state}${h.conntrack.entry ? ` ${h.conntrack.entry}` : ''}`);
  if (h.ipvs) out.push(`${pad}ipvs: ${h.ipvs.virtualService} -> ${h.ipvs.realServer} (${h.ipvs.scheduler}: ${h.ipvs.reason})`);
  for (const p of hopProvenance(h)) out.push(`${pad}from: ${p.what ? `${p.what} — ` : ''}${p.text}`);
  return out;
}

function tuple(t: { proto: string; src: string; sport: number; dst: string; dport: number }): string {
  return `${t.proto} ${t.src}:${t.sport} > ${t.dst}:${t.dport}`;
}

/** The walk as text: a title line, the verdict, then one block per hop. */
export function walkAsText(r: WalkRecord): string {
  const lines = [r.title, `verdict: ${r.verdict}${r.dropReason ? ` (${r.dropReason})` : ''}`];
  walkSteps(r).forEach((s, i) => lines.push(...hopLines(s.hop, i + 1, s.dir)));
  return lines.join('\n') + '\n';
}

/** The walk as pretty JSON (the exact record the host sent). */
export function walkAsJson(r: WalkRecord): string {
  return JSON.stringify(r, null, 2) + '\n';
}
