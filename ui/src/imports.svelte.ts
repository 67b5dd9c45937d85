// The imports of this session, newest first: the import screen lists them,
// whatever started them (file dialog, drop, paste, link).
import type { ImportOutcome } from "./bindings";
import { explain, locale, t } from "./i18n.svelte";
import { byteSize, isIpcError, MAX_CREDENTIAL_BYTES } from "./backend";

export type ImportResult = { name: string; outcome?: ImportOutcome; error?: string };
/** `busy`: what is being added now (a big paste takes seconds), for the screen to say so. */
export const imports = $state<{ results: ImportResult[]; busy: string | null }>({ results: [], busy: null });

/** Runs one import; whether it added (or found) a credential. */
export async function runImport(name: string, job: () => Promise<ImportOutcome>, describe: (e: unknown) => string = explain): Promise<boolean> {
  imports.busy = name;
  try {
    imports.results = [{ name, outcome: await job() }, ...imports.results];
    return true;
  } catch (e) {
    imports.results = [{ name, error: describe(e) }, ...imports.results];
    return false;
  } finally {
    imports.busy = null;
  }
}

/**
 * Pasted text, refused at once when it is larger than any credential (its
 * size is known before anything is sent: issue 15, bug 5).
 */
export async function importPasted(text: string, send: (text: string) => Promise<ImportOutcome>): Promise<boolean> {
  const size = byteSize(text);
  if (size > MAX_CREDENTIAL_BYTES) {
    imports.results = [{ name: t("import.paste"), error: t("import.tooLarge", { size: megabytes(size), limit: megabytes(MAX_CREDENTIAL_BYTES) }) }, ...imports.results];
    return false;
  }
  return runImport(t("import.paste"), () => send(text));
}

/** A size in megabytes, as the learner's language writes it. */
export function megabytes(bytes: number): string {
  return new Intl.NumberFormat(locale.lang, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024)) + "\u00a0" + t("unit.megabytes");
}

/** A failed link import in one sentence: what happened, never the address again (issue 15, bug 6). */
export function explainFetch(e: unknown): string {
  if (!isIpcError(e)) return explain(e);
  const f = e.fetch;
  if (f?.kind === "unreachable") return t("fetch.unreachable");
  if (f?.kind === "status") return t(f.status === 404 || f.status === 410 ? "fetch.notFound" : "fetch.status", { status: f.status });
  if (f?.kind === "refused") return t("fetch.refused");
  if (f?.kind === "too_large" || e.code === "input_too_large") return t("fetch.tooLarge");
  if (e.code === "unsupported_format") return t("fetch.notCredential");
  return explain(e);
}

/** A batch of imports in progress: how far, and whether to stop. */
export const batch = $state({ done: 0, total: 0, cancelled: false });

/** Imports one item after another, with progress, until done or cancelled. */
export async function importMany(items: { name: string; job: () => Promise<ImportOutcome> }[]) {
  batch.done = 0;
  batch.total = items.length;
  batch.cancelled = false;
  for (const item of items) {
    if (batch.cancelled) break;
    await runImport(item.name, item.job);
    batch.done += 1;
  }
  batch.total = 0;
}

export function cancelImports() {
  batch.cancelled = true;
}
