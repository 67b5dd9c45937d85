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
