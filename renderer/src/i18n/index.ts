/**
 * vue-i18n set-up: English and Simplified Chinese; the ui store decides which is shown
 * (the system's language until the learner picks one).
 */
import { createI18n } from 'vue-i18n';
import en from './en';
import zhCN from './zh-CN';

/** The message catalogue type (English is the reference). */
export type Messages = typeof en;

/** Creates the i18n instance for a locale. */
export function createAppI18n(locale: 'en' | 'zh-CN') {
  return createI18n<[Messages], 'en' | 'zh-CN', false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, 'zh-CN': zhCN },
  });
}
