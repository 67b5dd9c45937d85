// The employer's report in words (issue 15): the headline, whose each
// credential is, and how sure Satchel is of each issuer. Pure functions,
// so each rule is tested on its own.
import type { About, PackageReport, Report, Verdict } from "./bindings";
import type { Key } from "./i18n.svelte";

/** Whose a credential is, as far as the package shows. */
export type Whose = "sender" | "key" | "other" | "nobody" | "unknown";

export function whose(about: About | null): Whose {
  if (!about) return "unknown";
  if (about.names_sender) return "sender";
  if (about.key_bound && about.subjects.length === 0) return "key";
  return about.subjects.length ? "other" : "nobody";
}

/**
 * One headline for the whole package. It is never "valid" above a line that
 * says the package does not show the credentials are the sender's: then it
 * says "genuine, but not shown to be theirs" (and the badge is not "Valid").
 */
export function headline(r: PackageReport): { key: Key; badge: Verdict; tone: "good" | "warn" | "bad" } {
  if (r.verdict !== "valid") {
    const bad = r.verdict === "invalid" || r.verdict === "revoked";
    return { key: `employer.headline.${r.verdict}` as Key, badge: r.verdict, tone: bad ? "bad" : "warn" };
  }
  const all = r.credentials.map((_, i) => whose(r.about?.[i] ?? null));
  if (all.every((w) => w === "sender" || w === "key")) return { key: "employer.headline.valid", badge: "valid", tone: "good" };
  return { key: "employer.headline.notTheirs", badge: "unverifiable", tone: "warn" };
}

/** How sure Satchel is of who issued a credential, from its issuer and trust checks. */
export function issuerCertainty(r: Report): "confirmed" | "claimed" | "wrong" {
  const about = r.checks.filter((c) => c.check === "issuer" || c.check === "trust");
  if (about.some((c) => c.outcome === "failed")) return "wrong";
  const sig = r.checks.find((c) => c.check === "signature");
  if (sig?.outcome === "passed" && about.every((c) => c.outcome === "passed")) return "confirmed";
  return "claimed";
}
