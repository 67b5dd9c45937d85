// Files dropped on the window while the employer check is open go to it,
// not into the wallet: App.svelte hands the batch over here (Rust got the
// paths from the window system; the window only knows a batch number and
// names), Verify.svelte checks them.
import type { ChosenFiles } from "./bindings";

export const checkDrops = $state({ files: null as ChosenFiles | null, count: 0 });

export function dropForCheck(files: ChosenFiles) {
  checkDrops.files = files;
  checkDrops.count++;
}
