/**
 * What the command palette offers and how it matches what the learner types. Actions are
 * built from the stores' state (the topology's shells and addresses, the labs, the ui
 * settings) and call the stores' own actions, so the palette adds no behaviour of its own.
 */
import type { TopoNode, TopologySnapshot } from '../../../shared/api/topology';
import { addressOf } from '../topology/address';

/** One entry of the list. */
export interface PaletteAction {
  id: string;
  title: string;
  /** Shown dimmed on the right: the kind, the address, the current setting. */
  hint?: string;
  /** Extra words the query may match (element name, kind id). */
  keywords?: string;
  /** Runs the action; returning a stage keeps the palette open on a second list. */
  run(): void | PaletteStage | Promise<void>;
}

/** A second list the palette switches to ("trace from node-1 to …"). */
export interface PaletteStage {
  title: string;
  actions: PaletteAction[];
  /** Actions made from the query itself (a typed address), listed first. */
  fromQuery?(query: string): PaletteAction[];
}

/** The stores' actions the palette calls (wired in CommandPalette.vue; faked in tests). */
export interface PaletteDeps {
  t(key: string, named?: Record<string, unknown>): string;
  snapshot: TopologySnapshot | null;
  labs: { id: string; title: string }[];
  theme: string;
  locale: string;
  showServices: boolean;
  openShell(target: ShellTarget): void;
  trace(from: ShellTarget, dst: string): void;
  setLocale(l: 'en' | 'zh-CN' | 'system'): void;
  setTheme(t: 'light' | 'dark' | 'system'): void;
  toggleServices(): void;
  fit(): void;
  openSandbox(): void;
  openLab(id: string): void;
  /** Selects and frames an edge on the graph (a broken route). */
  showEdge(id: string): void;
  newShell(): void;
  findInTerminal(): void;
}

/** The shell a topology element opens (shared/api's view of it). */
type ShellTarget = NonNullable<TopoNode['shell']>;

const SHELL_KINDS = new Set(['node', 'pod', 'external']);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Where a packet can be traced to: every element with an address of its own. */
function destinations(deps: PaletteDeps, from: TopoNode): PaletteAction[] {
  const nodes = deps.snapshot?.nodes ?? [];
  const children = new Map<string, TopoNode[]>();
  for (const n of nodes) if (n.parent) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
  const out: PaletteAction[] = [];
  for (const n of nodes) {
    if (n.id === from.id || !['node', 'pod', 'external', 'service'].includes(n.kind)) continue;
    const ip = addressOf(n, children.get(n.id) ?? []);
    if (!ip) continue;
    out.push({
      id: `trace-to:${n.id}`, title: deps.t('palette.traceTo', { from: from.label, name: n.label }), hint: ip, keywords: `${n.kind} ${ip}`,
      run: () => deps.trace(from.shell!, ip),
    });
  }
  return out;
}

/** Every action, in the order shown for an empty query. */
export function paletteActions(deps: PaletteDeps): PaletteAction[] {
  const { t } = deps;
  const out: PaletteAction[] = [];
  const kind = (n: TopoNode) => t(`kind.${n.kind}`);
  const shells = (deps.snapshot?.nodes ?? []).filter((n) => n.shell && SHELL_KINDS.has(n.kind));
  for (const n of shells) out.push({ id: `shell:${n.id}`, title: t('palette.shell', { name: n.label }), hint: kind(n), keywords: `${n.kind} ${n.label}`, run: () => deps.openShell(n.shell!) });
  // Broken routes first: the one thing on the graph that needs the learner's attention.
  const broken = (deps.snapshot?.edges ?? []).filter((x) => x.state === 'broken');
  out.unshift(...broken.map((e) => ({
    id: `broken:${e.id}`, title: t('palette.broken', { name: e.reason?.split(': ')[0] ?? e.id }), hint: t(`edge.${e.kind}`), keywords: `${e.reason ?? ''} route`,
    run: () => deps.showEdge(e.id),
  })));
  out.push({ id: 'new-shell', title: t('term.new'), hint: 'Ctrl+T', run: () => deps.newShell() });
  out.push({ id: 'find', title: t('term.find'), hint: 'Ctrl+Shift+F', run: () => deps.findInTerminal() });
  out.push({ id: 'fit', title: t('palette.fit'), run: () => deps.fit() });
  out.push({ id: 'services', title: t(deps.showServices ? 'palette.servicesHide' : 'palette.servicesShow'), run: () => deps.toggleServices() });
  for (const n of shells) {
    out.push({
      id: `trace-from:${n.id}`, title: t('palette.traceFrom', { name: n.label }), hint: kind(n), keywords: `${n.kind} ${n.label}`,
      run: () => ({
        title: t('palette.traceFrom', { name: n.label }), actions: destinations(deps, n),
        // Any address the learner types, not only the drawn ones (a Service's port, the router...).
        fromQuery: (q) => (IPV4.test(q.trim()) ? [{ id: `trace-ip:${q.trim()}`, title: t('palette.traceTo', { from: n.label, name: q.trim() }), run: () => deps.trace(n.shell!, q.trim()) }] : []),
      }),
    });
  }
  const themes = [['light', t('status.light')], ['dark', t('status.dark')], ['system', t('status.system')]] as const;
  for (const [v, name] of themes) {
    out.push({ id: `theme:${v}`, title: t('palette.theme', { name }), hint: deps.theme === v ? t('palette.current') : undefined, keywords: v, run: () => deps.setTheme(v) });
  }
  const locales = [['en', 'English'], ['zh-CN', '简体中文'], ['system', t('status.system')]] as const;
  for (const [v, name] of locales) {
    out.push({ id: `locale:${v}`, title: t('palette.language', { name }), hint: deps.locale === v ? t('palette.current') : undefined, keywords: `${v} language`, run: () => deps.setLocale(v) });
  }
  out.push({ id: 'sandbox', title: t('palette.reset'), keywords: 'sandbox cni', run: () => deps.openSandbox() });
  for (const l of deps.labs) out.push({ id: `lab:${l.id}`, title: t('palette.lab', { name: l.title }), keywords: `lab ${l.id}`, run: () => deps.openLab(l.id) });
  return out;
}

/** How well one query word matches: a substring beats a scattered subsequence; null is no match. */
function wordScore(word: string, text: string): number | null {
  const at = text.indexOf(word);
  // Where in the title does not matter (ties keep list order: shells before traces).
  if (at >= 0) return 1000 + (at === 0 || /[\s:/._-]/.test(text[at - 1]!) ? 500 : 0);
  let last = -1;
  let gaps = 0;
  for (const ch of word) {
    const j = text.indexOf(ch, last + 1);
    if (j < 0) return null;
    if (last >= 0) gaps += j - last - 1;
    last = j;
  }
  return 100 - gaps;
}

/** Fuzzy score of a query against a text (every word must match), or null. */
export function fuzzyScore(query: string, text: string): number | null {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = text.toLowerCase();
  let score = 0;
  for (const w of words) {
    const s = wordScore(w, hay);
    if (s === null) return null;
    score += s;
  }
  return score;
}

/** The actions matching `query`, best first (ties keep list order), at most `limit`. */
export function filterActions(actions: PaletteAction[], query: string, limit = 60): PaletteAction[] {
  if (!query.trim()) return actions.slice(0, limit);
  const scored: { a: PaletteAction; s: number; i: number }[] = [];
  actions.forEach((a, i) => {
    const s = fuzzyScore(query, `${a.title} ${a.keywords ?? ''}`);
    if (s !== null) scored.push({ a, s, i });
  });
  scored.sort((x, y) => y.s - x.s || x.i - y.i);
  return scored.slice(0, limit).map((x) => x.a);
}
