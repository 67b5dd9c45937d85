// How hard a passphrase is to guess, by a real estimator (zxcvbn: patterns,
// dictionaries, keyboard walks), not by its length: "aaaaaaaaaaaaaaaa" is
// weak, four random words are strong. zxcvbn's dictionaries are large, so
// the estimator loads on its own, only where a passphrase is chosen.
type Estimator = (password: string) => { score: number };
let estimator: Estimator | null = null;

export type Strength = "short" | "weak" | "fair" | "strong";

/** Loads the estimator (once); until then `strength` says only "short" or "weak". */
export async function loadEstimator(): Promise<void> {
  if (!estimator) estimator = (await import("zxcvbn")).default;
}

export function strength(passphrase: string): Strength {
  if (passphrase.length < 8) return "short";
  if (!estimator) return "weak";
  const score = estimator(passphrase.slice(0, 100)).score;
  return score >= 4 ? "strong" : score >= 3 ? "fair" : "weak";
}
