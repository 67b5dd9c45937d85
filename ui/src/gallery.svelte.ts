// What the gallery was showing (search, filters, sort, scroll, the row last
// opened), kept outside the screen so "Back to credentials" returns to the
// same list with the focus on the credential the learner came from.
import type { Sort } from "./bindings";

export const galleryState = $state({
  text: "",
  verdict: "",
  format: "",
  issuer: "",
  sort: "added" as Sort,
  /** The list's scroll position when the learner left it. */
  scrollTop: 0,
  /** The credential opened from the list, focused again on return. */
  opened: null as string | null,
  /** A sentence for the gallery to say once (what was just deleted). */
  notice: "",
});

/** Whether any criterion narrows the list (an empty list then says "Nothing matches"). */
export function filtering(): boolean {
  return Boolean(galleryState.text.trim() || galleryState.verdict || galleryState.format || galleryState.issuer);
}

/** Forgets the gallery's state (a locked wallet starts afresh). */
export function resetGallery() {
  Object.assign(galleryState, { text: "", verdict: "", format: "", issuer: "", sort: "added", scrollTop: 0, opened: null, notice: "" });
}

/**
 * The rows to put in the page for a scroll position: a few beyond the view on
 * each side, never past the end. Kept pure so the window can be tested.
 */
export function visibleRange(scrollTop: number, height: number, total: number, row: number, spare = 5): { first: number; last: number } {
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, total * row - height)));
  const first = Math.min(total, Math.max(0, Math.floor(top / row) - spare));
  const last = Math.min(total, Math.ceil((top + height) / row) + spare);
  return { first, last: Math.max(first, last) };
}
