// Files dropped on the window while the employer check is open go to it,
// not into the wallet: App.svelte hands them over here, Verify.svelte checks them.
export const checkDrops = $state({ paths: [] as string[], count: 0 });

export function dropForCheck(paths: string[]) {
  checkDrops.paths = paths;
  checkDrops.count++;
}
