/**
 * Window layout, theme and language, remembered between launches in localStorage.
 * "system" follows the OS (prefers-color-scheme, navigator.language) until the learner picks.
 */
import { defineStore } from 'pinia';
import { computed, reactive, ref, watch } from 'vue';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type LocaleChoice = 'system' | 'en' | 'zh-CN';
export type SideTab = 'elements' | 'labs' | 'sandbox';

/** Panel sizes in CSS pixels. */
export interface LayoutSizes {
  side: number;
  inspector: number;
  bottom: number;
}

const KEY = 'netlab.ui.v1';
const DEFAULT_SIZES: LayoutSizes = { side: 236, inspector: 340, bottom: 230 };

interface Persisted {
  sizes?: Partial<LayoutSizes>;
  theme?: ThemeChoice;
  locale?: LocaleChoice;
  sideTab?: SideTab;
  showServices?: boolean;
  showLegend?: boolean;
}

function load(): Persisted {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Persisted;
  } catch {
    return {};
  }
}

/** Maps a browser locale to one we ship. */
export function pickLocale(lang: string | undefined): 'en' | 'zh-CN' {
  return (lang ?? '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Clamps a panel size to something usable at 1280×800. */
export function clampSize(kind: keyof LayoutSizes, v: number): number {
  const [min, max] = kind === 'bottom' ? [80, 700] : kind === 'side' ? [160, 600] : [240, 800];
  return Math.round(Math.min(max, Math.max(min, v)));
}

export const useUiStore = defineStore('ui', () => {
  const saved = load();
  const sizes = reactive<LayoutSizes>({ ...DEFAULT_SIZES, ...(saved.sizes ?? {}) });
  const theme = ref<ThemeChoice>(saved.theme ?? 'system');
  const localeChoice = ref<LocaleChoice>(saved.locale ?? 'system');
  const sideTab = ref<SideTab>(saved.sideTab ?? 'elements');
  const showServices = ref(saved.showServices ?? true);
  const showLegend = ref(saved.showLegend ?? true);

  const systemDark = ref(false);
  const systemLang = ref(typeof navigator !== 'undefined' ? navigator.language : 'en');
  if (typeof matchMedia !== 'undefined') {
    const mq = matchMedia('(prefers-color-scheme: dark)');
    systemDark.value = mq.matches;
    mq.addEventListener?.('change', (e) => { systemDark.value = e.matches; });
  }

  /** The theme actually shown. */
  const effectiveTheme = computed<'light' | 'dark'>(() => (theme.value === 'system' ? (systemDark.value ? 'dark' : 'light') : theme.value));
  /** The language actually shown. */
  const locale = computed<'en' | 'zh-CN'>(() => (localeChoice.value === 'system' ? pickLocale(systemLang.value) : localeChoice.value));

  function setSize(kind: keyof LayoutSizes, v: number): void {
    sizes[kind] = clampSize(kind, v);
  }

  watch([sizes, theme, localeChoice, sideTab, showServices, showLegend], () => {
    const p: Persisted = { sizes: { ...sizes }, theme: theme.value, locale: localeChoice.value, sideTab: sideTab.value, showServices: showServices.value, showLegend: showLegend.value };
    try { localStorage.setItem(KEY, JSON.stringify(p)); } catch { /* storage full or denied: layout just isn't remembered */ }
  }, { deep: true });

  return { sizes, theme, localeChoice, sideTab, showServices, showLegend, effectiveTheme, locale, setSize };
});
