/**
 * A broken edge's reasons in the learner's language: the engine sends each as a code and its
 * values (shared/api/health.ts), worded by the `healthWhy.<code>` messages; an
 * edge without codes (an older host) keeps the engine's English sentence.
 */
import type { TopoEdge } from '../../../shared/api/topology';

type Translate = (key: string, params: Record<string, string>) => string;

/** One line per reason, `from → to: ` in front when the edge carries a direction. */
export function healthLines(t: Translate, e: Pick<TopoEdge, 'reason' | 'whys'>): string[] {
  if (!e.whys?.length) return e.reason ? e.reason.split('\n') : [];
  return e.whys.map((w) => `${w.from && w.to ? `${w.from} → ${w.to}: ` : ''}${t(`healthWhy.${w.code}`, w.params)}`);
}
