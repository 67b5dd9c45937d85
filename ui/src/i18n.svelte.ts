// Every string the UI shows comes from a message file (messages/*.json),
// with `{name}` placeholders. English is the reference; French is complete.
import en from "./messages/en.json";
import fr from "./messages/fr.json";
import { isIpcError } from "./backend";
import type { CheckResult } from "./bindings";
import { render, type Vars } from "./plural";

export type Key = keyof typeof en;
const catalogs: Record<string, Record<string, string>> = { en, fr };
export const languages = [
  { code: "en", name: "English" },
  { code: "fr", name: "Français" },
];

export const locale = $state({ lang: pick() });

function pick(): string {
  const saved = typeof localStorage !== "undefined" ? localStorage.getItem("satchel.lang") : null;
  if (saved && catalogs[saved]) return saved;
  const nav = typeof navigator !== "undefined" ? navigator.language.slice(0, 2) : "en";
  return catalogs[nav] ? nav : "en";
}

export function setLanguage(lang: string) {
  if (!catalogs[lang]) return;
  locale.lang = lang;
  localStorage.setItem("satchel.lang", lang);
  document.documentElement.lang = lang;
}

export function t(key: Key, vars: Vars = {}): string {
  const text = catalogs[locale.lang]?.[key] ?? en[key] ?? key;
  return render(text, vars, locale.lang);
}

/** A check's reason in the learner's words, from its code and parameters
 * (`reason.<code>`); a code this UI does not know reads as its check and
 * outcome, never as the core's English detail. */
export function reason(c: Pick<CheckResult, "check" | "outcome" | "code" | "params">): string {
  const plain = `reason.${c.check}.${c.outcome === "not_applicable" ? "passed" : c.outcome}`;
  const key = (`reason.${c.code}` in en ? `reason.${c.code}` : plain) as Key;
  const vars: Vars = {};
  for (const [name, value] of Object.entries(c.params ?? {})) if (value !== undefined) vars[name] = value;
  return key in en ? t(key, vars) : "";
}

/**
 * A message about `n` things, in the plural form the language uses for `n`
 * (Intl.PluralRules: French says "0 certification", "2 certifications"):
 * `key.one`, `key.other` (and `key.zero`, `key.few`… where a language has
 * them), falling back to `key` itself. `{n}` is the number as the language
 * writes it.
 */
export function plural(key: string, n: number, vars: Record<string, string | number> = {}): string {
  const rule = new Intl.PluralRules(locale.lang).select(n);
  const forms = [`${key}.${rule}`, `${key}.other`, key];
  const found = forms.find((k) => k in (catalogs[locale.lang] ?? {}) || k in en) ?? key;
  return t(found as Key, { ...vars, n: new Intl.NumberFormat(locale.lang).format(n) });
}

/** An error from the core, in words a learner understands. */
export function explain(e: unknown): string {
  if (isIpcError(e)) {
    const key = `error.${e.code}` as Key;
    return key in en ? t(key, { message: e.message }) : e.message;
  }
  return String(e);
}

/** Whether `e` is an error from the core with this code. */
export function isCode(e: unknown, code: string): boolean {
  return isIpcError(e) && e.code === code;
}
