// The imports of this session, newest first: the import screen lists them,
// whatever started them (file dialog, drop, paste, link).
import type { ImportOutcome } from "./bindings";
import { explain } from "./i18n.svelte";

export type ImportResult = { name: string; outcome?: ImportOutcome; error?: string };
export const imports = $state<{ results: ImportResult[] }>({ results: [] });

export async function runImport(name: string, job: () => Promise<ImportOutcome>) {
  try {
    imports.results = [{ name, outcome: await job() }, ...imports.results];
  } catch (e) {
    imports.results = [{ name, error: explain(e) }, ...imports.results];
  }
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
