// What the learner should know before sharing a credential whose last check
// was not "valid": the employer's check will find the same (issue 15).
import type { Key } from "./i18n.svelte";

/** The warning for sharing a credential with this verdict, or null when there is nothing to warn of. */
export function shareWarning(verdict: string | null): Key | null {
  switch (verdict ?? "unchecked") {
    case "valid":
      return null;
    case "invalid":
      return "share.warn.invalid";
    case "expired":
      return "share.warn.expired";
    case "revoked":
    case "suspended":
      return "share.warn.revoked";
    case "not_yet_valid":
      return "share.warn.notYetValid";
    default:
      return "share.warn.unconfirmed";
  }
}

/** LinkedIn's "Add to profile" is for credentials that hold up: never an invalid, revoked or suspended one. */
export function offersLinkedIn(verdict: string | null): boolean {
  return !["invalid", "revoked", "suspended"].includes(verdict ?? "");
}
