// How hard a passphrase is to guess, by a real estimator (zxcvbn: patterns,
// dictionaries, keyboard walks), not by its length: "aaaaaaaaaaaaaaaa" is
// weak, four random words are strong.
import zxcvbn from "zxcvbn";

export type Strength = "short" | "weak" | "fair" | "strong";

export function strength(passphrase: string): Strength {
  if (passphrase.length < 8) return "short";
  const score = zxcvbn(passphrase.slice(0, 100)).score;
  return score >= 4 ? "strong" : score >= 3 ? "fair" : "weak";
}
