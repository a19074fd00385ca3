/**
 * The lab panel's strings: a local vue-i18n scope with the lab catalogues (zh-CN, en) that
 * follows the window's language, so the panel's keys live in the LABS lane's own files.
 */
import { useI18n } from 'vue-i18n';
import labEn from '../i18n/lab.en';
import labZh from '../i18n/lab.zh-CN';

/** `t` and the current locale for lab components. */
export function useLabI18n() {
  const { t, locale } = useI18n({ useScope: 'local', inheritLocale: true, messages: { en: labEn, 'zh-CN': labZh } });
  return { t, locale };
}
