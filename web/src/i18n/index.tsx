// The i18n context: useT() gives t(key, vars) in the chosen language (zh first, en second), persisted in localStorage.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { zh, type MsgKey } from './zh';
import { en } from './en';

export type Lang = 'zh' | 'en';
export type { MsgKey };

const STORAGE_KEY = 'jiandu.lang';
const dictionaries: Record<Lang, Record<MsgKey, string>> = { zh, en };

export type TFunction = (key: MsgKey, vars?: Record<string, string | number>) => string;

interface I18nValue {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: TFunction;
  /** Looks up a key built at run time (e.g. `kind.${org.kind}`), falling back to the raw value. */
  tk: (prefix: string, value: string | null | undefined) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    /* storage blocked */
  }
  return 'zh';
}

export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* ignore */
    }
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  }, []);
  const value = useMemo<I18nValue>(() => {
    const dict = dictionaries[lang];
    const t: TFunction = (key, vars) => format(dict[key] ?? zh[key] ?? key, vars);
    const tk = (prefix: string, v: string | null | undefined) => {
      if (v === null || v === undefined || v === '') return '';
      const k = `${prefix}.${v}` as MsgKey;
      return dict[k] ?? v;
    };
    return { lang, setLang, t, tk };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

export function useT(): TFunction {
  return useI18n().t;
}
