import { createContext, useContext, type ReactNode } from 'react';
import { zhCN, type MessageKey } from './zh-CN.js';
import { enUS } from './en-US.js';

export type Language = 'zh-CN' | 'en-US';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en-US'];
export const MESSAGES: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

/** Office's display language → ours: Chinese (any zh-*) or English otherwise; zh-CN when unknown. */
export function pickLanguage(displayLanguage: string | undefined | null): Language {
  if (!displayLanguage) return 'zh-CN';
  return /^zh/i.test(displayLanguage) ? 'zh-CN' : 'en-US';
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Language): Translate {
  const table = MESSAGES[lang];
  return (key, params) => {
    const text = table[key] ?? zhCN[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : text;
  };
}

const I18nContext = createContext<{ lang: Language; t: Translate }>({ lang: 'zh-CN', t: translator('zh-CN') });

export function I18nProvider({ lang, children }: { lang: Language; children: ReactNode }) {
  return <I18nContext.Provider value={{ lang, t: translator(lang) }}>{children}</I18nContext.Provider>;
}

export function useI18n(): { lang: Language; t: Translate } {
  return useContext(I18nContext);
}

export type { MessageKey };
