// An independent RDFC-1.0 for Satchel's canonicalisation tests: digitalbazaar's
// rdf-canonize. Reads N-Quads documents as a JSON array of strings on
// standard input, prints a JSON array of their canonical N-Quads (or
// {"error": ...} for one that it refuses).
//
//   node rdfc.mjs sha256|sha384 [limited] < documents.json
//
// Without `limited` the work is not limited (the documents are small);
// with it, rdf-canonize's default limit applies (maxWorkFactor 1).
import { readFileSync } from "node:fs";

import canonize from "rdf-canonize";

const digest = process.argv[2] === "sha384" ? "sha384" : "sha256";
const documents = JSON.parse(readFileSync(0, "utf8"));
const out = [];
for (const nquads of documents) {
  try {
    out.push(
      await canonize.canonize(nquads, {
        algorithm: "RDFC-1.0",
        inputFormat: "application/n-quads",
        format: "application/n-quads",
        messageDigestAlgorithm: digest,
        ...(process.argv[3] === "limited" ? { maxWorkFactor: 1 } : { maxDeepIterations: Infinity, maxWorkFactor: Infinity }),
      }),
    );
  } catch (e) {
    out.push({ error: String(e.message || e) });
  }
}
process.stdout.write(JSON.stringify(out));
