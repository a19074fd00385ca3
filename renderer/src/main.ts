/**
 * Renderer entry: Pinia, vue-i18n following the ui store's locale, theme variables on
 * <html>, the read-only e2e debug handle, then the App.
 */
import { createApp, watchEffect } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createAppI18n } from './i18n';
import { useUiStore } from './stores/ui';
import { useTopologyStore } from './stores/topology';
import { useTraceStore } from './stores/trace';
import { useTerminalsStore } from './stores/terminals';
import { kindCssVars } from './topology/kinds';
import { installDebugHandle } from './debug';
import './styles.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const ui = useUiStore(pinia);
const i18n = createAppI18n(ui.locale);
app.use(i18n);

watchEffect(() => {
  i18n.global.locale.value = ui.locale;
  document.documentElement.lang = ui.locale;
  document.title = i18n.global.t('app.title');
});
watchEffect(() => {
  const root = document.documentElement;
  root.dataset.theme = ui.effectiveTheme;
  for (const [k, v] of Object.entries(kindCssVars(ui.effectiveTheme))) root.style.setProperty(k, v);
});

installDebugHandle(() => {
  const topo = useTopologyStore(pinia);
  const trace = useTraceStore(pinia);
  const terms = useTerminalsStore(pinia);
  return {
    locale: ui.locale,
    theme: ui.effectiveTheme,
    selected: topo.selectedId,
    topologyVersion: topo.snapshot?.version ?? null,
    topology: topo.snapshot ? { nodes: topo.snapshot.nodes.map((n) => ({ id: n.id, kind: n.kind, label: n.label, parent: n.parent ?? null, details: n.details ?? {} })), edges: topo.snapshot.edges.map((e) => ({ id: e.id, kind: e.kind, source: e.source, target: e.target, state: e.state ?? null, reason: e.reason ?? null })) } : null,
    highlighted: topo.highlighted,
    tabs: terms.tabs.map((x) => ({ termId: x.termId, title: x.title })),
    activeTerm: terms.activeId,
    walk: trace.current ? { id: trace.current.id, title: trace.current.title, verdict: trace.current.verdict, position: trace.position, steps: trace.steps.map((s) => ({ stage: s.hop.stage, encapsulated: s.encapsulated, elements: s.hop.elements, nat: s.hop.nat?.kind ?? null, chains: (s.hop.rules ?? []).map((r) => r.chain) })) } : null,
    history: trace.history.map((h) => h.id),
  };
});

app.mount('#app');
