//! Data Integrity proofs on JSON-LD credentials: the `format` (safe-mode
//! JSON-LD), `signature` and `issuer` checks.
//!
//! Every proof of a proof set must verify. Each is checked against the
//! document without its `proof`, or, for a proof in a chain
//! (`previousProof`), with `proof` set to the proofs it names, which must
//! be in the set; as the specification's verification algorithms say:
//! - `eddsa-rdfc-2022` (legacy name `eddsa-2022`) and `Ed25519Signature2020`:
//!   RDFC-1.0 canonical N-Quads of the proof options (with the document's
//!   `@context`) and of the document, SHA-256 each, concatenated;
//! - `eddsa-jcs-2022`: the same over JCS (RFC 8785) serialisations;
//! - `ecdsa-rdfc-2019` and `ecdsa-jcs-2019` likewise, with P-256 (SHA-256)
//!   or P-384 (SHA-384) keys.
//!
//! The checks and the screens read the credential's JSON keys while an
//! RDFC proof binds the RDF graph beneath them. So a document is checked
//! only in the plain compacted form ([`jsonld::check`]'s strict mode), and
//! the values the checks judge must have their plain JSON type
//! ([`plain_values`]): a date is one string, a status entry an object, a
//! proof option one string. Any other spelling of the same signed graph
//! leaves the format check `skipped` ("cannot be sure what it shows is what
//! was signed"), so the verdict is `unverifiable`, never `valid`. Terms no
//! context defines fail it (`invalid`), as safe mode always did.
//!
//! See: <https://www.w3.org/TR/vc-data-integrity/#verify-proof-sets-and-chains>,
//! <https://www.w3.org/TR/vc-di-eddsa/#verify-proof-eddsa-rdfc-2022>,
//! <https://www.w3.org/TR/vc-di-eddsa/#verify-proof-eddsa-jcs-2022>

use ed25519_dalek::Signature;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256, Sha384};

use super::report::{Check, CheckResult, Code, Finding};
use crate::did::{self, PublicKey, VerificationMethod};
use crate::fetch::Fetcher;
use crate::jsonld;

enum Transform {
    Rdfc,
    Jcs,
}

/// The signature scheme of a suite.
#[derive(PartialEq)]
enum Scheme {
    Eddsa,
    Ecdsa,
}

/// Where the key of a proof came from.
enum KeySource {
    /// A resolved verification method (its controller and relationships known).
    Resolved(VerificationMethod),
    /// A key read from the verification method URL's fragment only (the 1EdTech
    /// test convention): it proves integrity, not who signed.
    FragmentOnly { vm: String, key: PublicKey },
}

/// Most proofs checked on one document: each costs a canonicalisation (and
/// a chained one a JSON-LD expansion), and anyone can repeat a valid proof
/// a thousand times. Credentials in the field carry one or two.
pub const MAX_PROOFS: usize = 8;

/// The format, signature and issuer checks of a JSON-LD credential.
pub fn check_document(doc: &Value, fetcher: Option<&dyn Fetcher>) -> Vec<CheckResult> {
    let mut checks = Vec::new();
    if let Err(refusal) = plain_values(doc) {
        checks.push(not_plain(refusal));
        return checks;
    }
    let mut unsecured = doc.clone();
    if let Some(obj) = unsecured.as_object_mut() {
        obj.remove("proof");
    }
    // One JSON-LD expansion serves safe mode and, for RDFC proofs, signing.
    let (format, checked) = format_check(&unsecured);
    let format_ok = format.outcome == super::Outcome::Passed;
    checks.push(format);
    if !format_ok {
        return checks;
    }
    let proofs: Vec<&Value> = match doc.get("proof") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(p @ Value::Object(_)) => vec![p],
        _ => {
            checks.push(
                CheckResult::skipped(Check::Signature, "the credential carries no proof: nothing vouches for it")
                    .because(Code::SignatureMissing),
            );
            return checks;
        }
    };
    if proofs.is_empty() {
        checks.push(CheckResult::skipped(Check::Signature, "the credential's proof set is empty").because(Code::SignatureMissing));
        return checks;
    }
    if proofs.len() > MAX_PROOFS {
        checks.push(
            CheckResult::skipped(
                Check::Signature,
                format!("too complex to check: {} proofs, more than the {MAX_PROOFS} Satchel checks on one credential", proofs.len()),
            )
            .because(Code::SignatureTooComplex),
        );
        return checks;
    }
    let document = Unsecured { json: std::borrow::Cow::Borrowed(&unsecured), checked, canonical: Default::default() };
    let issuer = issuer_id(doc);
    let mut passed = Vec::new();
    let mut sources = Vec::new();
    let (mut suites, mut keys) = (Vec::new(), Vec::new());
    for (i, proof) in proofs.iter().enumerate() {
        let label = if proofs.len() > 1 { format!("proof {} of {}: ", i + 1, proofs.len()) } else { String::new() };
        let chained = match chained_document(&unsecured, &proofs, proof) {
            Ok(c) => c,
            Err(why) => {
                checks.push(CheckResult::failed(Check::Signature, format!("{label}{why}")));
                return checks;
            }
        };
        match verify_proof(chained.as_ref().unwrap_or(&document), proof, "assertionMethod", fetcher) {
            Ok((what, source)) => {
                suites.push(proof.get("cryptosuite").or_else(|| proof.get("type")).and_then(Value::as_str).unwrap_or_default().to_string());
                keys.push(proof.get("verificationMethod").and_then(Value::as_str).unwrap_or_default().to_string());
                passed.push(format!("{label}{what}"));
                sources.push(source);
            }
            Err(ProofFailure::Failed(why)) => {
                checks.push(CheckResult::failed(Check::Signature, format!("{label}{why}")));
                return checks;
            }
            Err(ProofFailure::CannotCheck(why, code)) => {
                checks.push(CheckResult::skipped(Check::Signature, format!("{label}{why}")).because(code));
                return checks;
            }
        }
    }
    let signature = CheckResult::passed(Check::Signature, Some(passed.join("; ")));
    let signature = match (suites.first(), keys.first()) {
        (Some(suite), Some(key)) => signature.param("suite", suite).param("key", key),
        _ => signature,
    };
    checks.push(signature.param("n", passed.len()));
    checks.push(issuer_check(issuer.as_deref(), &sources));
    checks
}

/// The document without its proofs, expanded once; its canonical N-Quads
/// are computed at most once per RDFC hash for all the proofs of a set.
struct Unsecured<'a> {
    json: std::borrow::Cow<'a, Value>,
    checked: Option<jsonld::Checked>,
    canonical: std::cell::RefCell<Vec<(jsonld::RdfcHash, String)>>,
}

impl Unsecured<'_> {
    fn owned(json: Value, checked: Option<jsonld::Checked>) -> Self {
        Self { json: std::borrow::Cow::Owned(json), checked, canonical: Default::default() }
    }

    fn canonical(&self, hash: jsonld::RdfcHash) -> Result<String, ProofFailure> {
        if let Some((_, c)) = self.canonical.borrow().iter().find(|(h, _)| *h == hash) {
            return Ok(c.clone());
        }
        let c = match self.checked.as_ref().and_then(|checked| checked.canonical_nquads(hash)) {
            Some(Ok(c)) => c,
            Some(Err(e)) => return Err(canonicalisation_failure("the credential", e)),
            None => return Err(ProofFailure::Failed("the credential cannot be canonicalised".into())),
        };
        self.canonical.borrow_mut().push((hash, c.clone()));
        Ok(c)
    }
}

/// Why canonical N-Quads could not be had: a graph too complex for the
/// work budget could not be checked (unverifiable, not invalid); anything
/// else is a fault of the document.
fn canonicalisation_failure(what: &str, e: jsonld::JsonLdError) -> ProofFailure {
    match e {
        jsonld::JsonLdError::TooComplex(why) => ProofFailure::CannotCheck(
            format!("too complex to check: {what} was not put in canonical form ({why})"),
            Code::SignatureTooComplex,
        ),
        e @ (jsonld::JsonLdError::NotPlain { .. } | jsonld::JsonLdError::UnknownContext(_)) => {
            ProofFailure::CannotCheck(format!("{what}: {e}"), Code::SignatureUnsupported)
        }
        other => ProofFailure::Failed(format!("{what} cannot be canonicalised: {other}")),
    }
}

/// For a proof with `previousProof`, the document it signed: the unsecured
/// document with `proof` set to the proofs it names (each must be in the
/// set). `None` for a proof that starts no chain.
fn chained_document<'a>(unsecured: &'a Value, proofs: &[&Value], proof: &Value) -> Result<Option<Unsecured<'a>>, String> {
    let previous: Vec<&str> = match proof.get("previousProof") {
        None => return Ok(None),
        Some(Value::String(id)) => vec![id.as_str()],
        Some(Value::Array(ids)) => {
            ids.iter().map(|v| v.as_str().ok_or("a `previousProof` entry is not a proof id")).collect::<Result<_, _>>()?
        }
        Some(_) => return Err("its `previousProof` is not a proof id".into()),
    };
    let mut matching = Vec::new();
    for id in previous {
        if proof.get("id").and_then(Value::as_str) == Some(id) {
            return Err(format!("it names itself (`{id}`) as its previous proof"));
        }
        let found = proofs
            .iter()
            .find(|p| p.get("id").and_then(Value::as_str) == Some(id))
            .ok_or_else(|| format!("it follows the proof `{id}`, which is not in the credential: the chain is broken"))?;
        matching.push((*found).clone());
    }
    let mut input = unsecured.clone();
    if let Some(obj) = input.as_object_mut() {
        obj.insert("proof".into(), Value::Array(matching));
    }
    let checked = jsonld::check(&input).ok().filter(|c| c.undefined.is_empty());
    Ok(Some(Unsecured::owned(input, checked)))
}

fn issuer_id(doc: &Value) -> Option<String> {
    match doc.get("issuer")? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

/// The format check, and the document's expansion when it passes.
fn format_check(unsecured: &Value) -> (CheckResult, Option<jsonld::Checked>) {
    let Some(obj) = unsecured.as_object() else {
        return (CheckResult::failed(Check::Format, "the credential is not a JSON object").because(Code::FormatNotJson), None);
    };
    // The form first: a required key spelt as a full IRI is an unusual
    // form of a credential that has it, not a credential without it.
    let (format, checked) = format_check_any(unsecured);
    if format.outcome != super::Outcome::Passed {
        return (format, None);
    }
    for required in ["@context", "type", "issuer", "credentialSubject"] {
        if !obj.contains_key(required) {
            return (
                CheckResult::failed(Check::Format, format!("the credential has no `{required}`"))
                    .because(Code::FormatMissingField)
                    .param("field", required),
                None,
            );
        }
    }
    (format, checked)
}

enum ProofFailure {
    /// Checked, and it does not hold.
    Failed(String),
    /// Could not be checked (a key that needs resolving we cannot do yet).
    /// Why, and the reason code that says it to a learner.
    CannotCheck(String, Code),
}

fn verify_proof(
    document: &Unsecured<'_>,
    proof: &Value,
    purpose: &str,
    fetcher: Option<&dyn Fetcher>,
) -> Result<(String, KeySource), ProofFailure> {
    let unsecured = &*document.json;
    let fail = |s: String| ProofFailure::Failed(s);
    let ptype = proof.get("type").and_then(Value::as_str).unwrap_or_default();
    let suite = proof.get("cryptosuite").and_then(Value::as_str).unwrap_or_default();
    // A proof with no signature value at all is no proof of any suite:
    // checked and wrong, whereas an unknown suite's signature is only unchecked.
    if !["proofValue", "jws", "signatureValue"].iter().any(|k| proof.get(*k).is_some()) {
        return Err(fail(format!("the proof (`{ptype}`) carries no signature value")));
    }
    let (name, transform, scheme) = match (ptype, suite) {
        ("DataIntegrityProof", "eddsa-rdfc-2022" | "eddsa-2022") => (suite, Transform::Rdfc, Scheme::Eddsa),
        ("DataIntegrityProof", "eddsa-jcs-2022") => (suite, Transform::Jcs, Scheme::Eddsa),
        ("DataIntegrityProof", "ecdsa-rdfc-2019") => (suite, Transform::Rdfc, Scheme::Ecdsa),
        ("DataIntegrityProof", "ecdsa-jcs-2019") => (suite, Transform::Jcs, Scheme::Ecdsa),
        ("Ed25519Signature2020", _) => ("Ed25519Signature2020", Transform::Rdfc, Scheme::Eddsa),
        (super::ed25519_2018::PROOF_TYPE, _) => (super::ed25519_2018::PROOF_TYPE, Transform::Rdfc, Scheme::Eddsa),
        // Not checked is not wrong: a suite Satchel does not implement leaves the credential unverifiable.
        ("DataIntegrityProof", other) => {
            return Err(ProofFailure::CannotCheck(
                format!("the cryptosuite `{other}` is not one Satchel can check yet"),
                Code::SignatureUnsupported,
            ))
        }
        (other, _) => {
            return Err(ProofFailure::CannotCheck(
                format!("the proof type `{other}` is not one Satchel can check yet"),
                Code::SignatureUnsupported,
            ))
        }
    };
    if proof.get("proofPurpose").and_then(Value::as_str) != Some(purpose) {
        return Err(fail(format!("the proof's purpose is not `{purpose}`")));
    }
    let vm =
        proof.get("verificationMethod").and_then(Value::as_str).ok_or_else(|| fail("the proof names no verification method".into()))?;
    let source = key_for(vm, fetcher)?;
    let key = match &source {
        KeySource::Resolved(m) => &m.key,
        KeySource::FragmentOnly { key, .. } => key,
    };
    // Ed25519Signature2018 signs with a detached JWS instead of `proofValue`.
    let detached =
        (ptype == super::ed25519_2018::PROOF_TYPE).then(|| super::ed25519_2018::DetachedJws::of(proof)).transpose().map_err(fail)?;
    let signature = match &detached {
        Some(d) => d.signature.clone(),
        None => {
            let proof_value =
                proof.get("proofValue").and_then(Value::as_str).ok_or_else(|| fail("the proof has no `proofValue`".into()))?;
            proof_value
                .strip_prefix('z')
                .and_then(|b| bs58::decode(b).into_vec().ok())
                .ok_or_else(|| fail("the `proofValue` is not base58btc".into()))?
        }
    };

    let mut options: Map<String, Value> = proof.as_object().cloned().unwrap_or_default();
    options.remove("proofValue");
    options.remove("jws");
    if let Some(ctx) = unsecured.get("@context") {
        options.insert("@context".into(), ctx.clone());
    }
    let options = Value::Object(options);
    // ECDSA over P-384 hashes with SHA-384, RDFC-1.0's blank-node labelling
    // included; every other suite with SHA-256.
    let sha384 = matches!(key, PublicKey::P384(_));
    let rdfc_hash = if sha384 { jsonld::RdfcHash::Sha384 } else { jsonld::RdfcHash::Sha256 };
    let hash = |bytes: &[u8]| -> Vec<u8> {
        if sha384 {
            Sha384::digest(bytes).to_vec()
        } else {
            Sha256::digest(bytes).to_vec()
        }
    };
    let hash_data = match transform {
        Transform::Rdfc => {
            let o = jsonld::canonical_nquads_with(&options, rdfc_hash).map_err(|e| canonicalisation_failure("the proof options", e))?;
            let d = document.canonical(rdfc_hash)?;
            [hash(o.as_bytes()), hash(d.as_bytes())].concat()
        }
        Transform::Jcs => {
            let o = serde_json_canonicalizer::to_vec(&options).map_err(|e| fail(e.to_string()))?;
            let d = serde_json_canonicalizer::to_vec(unsecured).map_err(|e| fail(e.to_string()))?;
            [hash(&o), hash(&d)].concat()
        }
    };
    let hash_data = match &detached {
        Some(d) => d.signing_input(&hash_data),
        None => hash_data,
    };
    let bad = || fail(format!("the {name} signature does not match the credential"));
    match (scheme, key) {
        (Scheme::Eddsa, PublicKey::Ed25519(k)) => {
            let sig = Signature::from_slice(&signature).map_err(|_| bad())?;
            k.verify_strict(&hash_data, &sig).map_err(|_| bad())?;
        }
        (Scheme::Ecdsa, PublicKey::P256(k)) => {
            use p256::ecdsa::signature::Verifier;
            let sig = p256::ecdsa::Signature::from_slice(&signature).map_err(|_| bad())?;
            k.verify(&hash_data, &sig).map_err(|_| bad())?;
        }
        (Scheme::Ecdsa, PublicKey::P384(k)) => {
            use p384::ecdsa::signature::Verifier;
            let sig = p384::ecdsa::Signature::from_slice(&signature).map_err(|_| bad())?;
            k.verify(&hash_data, &sig).map_err(|_| bad())?;
        }
        _ => return Err(fail(format!("the key of `{vm}` does not fit the {name} suite"))),
    }
    let origin = match &source {
        KeySource::Resolved(m) => m.origin.clone(),
        KeySource::FragmentOnly { .. } => String::new(),
    };
    Ok((format!("{name} by {vm}{origin}"), source))
}

/// A holder's proof on a presentation (`authentication`), checked like a
/// credential's: returns what verified and the key's controller (the holder
/// it proves), or why it does not hold.
pub fn verify_holder_proof(presentation: &Value, fetcher: Option<&dyn Fetcher>) -> Result<(String, String, bool), String> {
    plain_values(presentation).map_err(|e| e.to_string())?;
    let mut unsecured = presentation.clone();
    if let Some(obj) = unsecured.as_object_mut() {
        obj.remove("proof");
    }
    let (format, checked) = format_check_any(&unsecured);
    if format.outcome != super::Outcome::Passed {
        return Err(format.detail.unwrap_or_default());
    }
    let proof = match presentation.get("proof") {
        Some(p @ Value::Object(_)) => p,
        Some(Value::Array(items)) if items.len() == 1 => &items[0],
        Some(_) => return Err("a package carries exactly one holder proof".into()),
        None => return Err("the package carries no proof from its holder".into()),
    };
    let document = Unsecured { json: std::borrow::Cow::Borrowed(&unsecured), checked, canonical: Default::default() };
    match verify_proof(&document, proof, "authentication", fetcher) {
        Ok((what, KeySource::Resolved(m))) => Ok((what, m.controller, m.authentication)),
        Ok((_, KeySource::FragmentOnly { vm, .. })) => Err(format!("the key in `{vm}` is not published by the holder")),
        Err(ProofFailure::Failed(why) | ProofFailure::CannotCheck(why, _)) => Err(why),
    }
}

/// Safe-mode expansion of any JSON-LD document (no credential fields
/// required), in the plain compacted form only.
fn format_check_any(doc: &Value) -> (CheckResult, Option<jsonld::Checked>) {
    match jsonld::check(doc) {
        Ok(checked) if checked.undefined.is_empty() => (CheckResult::passed(Check::Format, None), Some(checked)),
        Ok(checked) => {
            let n = checked.undefined.len();
            let failed = CheckResult::failed(Check::Format, jsonld::JsonLdError::Undefined(checked.undefined).to_string());
            (failed.because(Code::FormatUnknownTerms).param("n", n), None)
        }
        Err(e) => (not_plain(e), None),
    }
}

/// The format check for a document Satchel does not read: an unusual form,
/// one too complex to check, or one whose context Satchel does not carry
/// (contexts are never fetched, so what its terms mean cannot be known)
/// could not be checked (`skipped`: the verdict is `unverifiable`);
/// anything else is wrong (`failed`).
fn not_plain(e: jsonld::JsonLdError) -> CheckResult {
    match e {
        e @ jsonld::JsonLdError::NotPlain { .. } => CheckResult::skipped(Check::Format, e.to_string()).because(Code::FormatUnusualForm),
        e @ jsonld::JsonLdError::TooComplex(_) => CheckResult::skipped(Check::Format, e.to_string()).because(Code::FormatTooComplex),
        e @ jsonld::JsonLdError::UnknownContext(_) => {
            CheckResult::skipped(Check::Format, e.to_string()).because(Code::FormatUnknownContext)
        }
        e => CheckResult::failed(Check::Format, e.to_string()),
    }
}

/// The values the checks judge, in their plain JSON type: the dates one
/// string each, `issuer` and `holder` a string or an object with a string
/// `id`, `credentialSubject` and `credentialStatus` objects (or arrays of
/// objects), the status entries' fields and every proof option as the
/// specifications write them. JSON-LD reads `"validUntil": ["…"]` or a
/// value object as the same statement as the plain string, but a check
/// that looks for a string would not see it.
///
/// See: <https://www.w3.org/TR/vc-data-model-2.0/#validity-period>,
/// <https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry>,
/// <https://www.w3.org/TR/vc-data-integrity/#proofs>
pub fn plain_values(doc: &Value) -> Result<(), jsonld::JsonLdError> {
    let refuse = |at: String, why: &str| Err(jsonld::JsonLdError::NotPlain { at: String::new(), why: format!("`{at}` {why}") });
    let Some(top) = doc.as_object() else { return refuse(String::new(), "the document is not a JSON object") };
    let string = |v: &Value| v.is_string();
    let strings = |v: &Value| v.is_string() || v.as_array().is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_string));
    let with_id = |v: &Value| v.is_string() || v.as_object().is_some_and(|o| o.get("id").is_none_or(Value::is_string));
    fn objects(v: &Value) -> Option<Vec<&Map<String, Value>>> {
        match v {
            Value::Object(o) => Some(vec![o]),
            Value::Array(items) if !items.is_empty() => items.iter().map(Value::as_object).collect(),
            _ => None,
        }
    }
    for (key, ok, why) in [
        ("id", &string as &dyn Fn(&Value) -> bool, "is not a single string"),
        ("type", &strings, "is not a type name or a list of them"),
        ("validFrom", &string, "is not a single date"),
        ("validUntil", &string, "is not a single date"),
        ("issuanceDate", &string, "is not a single date"),
        ("expirationDate", &string, "is not a single date"),
        ("issuer", &with_id, "is neither an id nor an object with one id"),
        ("holder", &with_id, "is neither an id nor an object with one id"),
    ] {
        if top.get(key).is_some_and(|v| !ok(v)) {
            return refuse(key.into(), why);
        }
    }
    if let Some(subjects) = top.get("credentialSubject") {
        let Some(subjects) = objects(subjects) else { return refuse("credentialSubject".into(), "is not an object or a list of objects") };
        if subjects.iter().any(|s| s.get("id").is_some_and(|id| !id.is_string())) {
            return refuse("credentialSubject.id".into(), "is not a single string");
        }
    }
    if let Some(entries) = top.get("credentialStatus") {
        let Some(entries) = objects(entries) else { return refuse("credentialStatus".into(), "is not an object or a list of objects") };
        for entry in entries {
            for (key, ok, why) in [
                ("id", &string as &dyn Fn(&Value) -> bool, "is not a single string"),
                ("type", &strings, "is not a type name or a list of them"),
                ("statusPurpose", &string, "is not a single string"),
                ("statusListCredential", &string, "is not a single URL"),
                ("statusListIndex", &|v: &Value| v.is_string() || v.is_u64(), "is not a single index"),
                ("statusSize", &|v: &Value| v.is_string() || v.is_u64(), "is not a single number"),
            ] {
                if entry.get(key).is_some_and(|v| !ok(v)) {
                    return refuse(format!("credentialStatus.{key}"), why);
                }
            }
        }
    }
    if let Some(proofs) = top.get("proof") {
        let Some(proofs) = objects(proofs) else { return refuse("proof".into(), "is not an object or a list of objects") };
        for proof in proofs {
            for key in [
                "id",
                "type",
                "cryptosuite",
                "proofPurpose",
                "verificationMethod",
                "proofValue",
                "created",
                "expires",
                "challenge",
                "nonce",
            ] {
                if proof.get(key).is_some_and(|v| !v.is_string()) {
                    return refuse(format!("proof.{key}"), "is not a single string");
                }
            }
            for key in ["domain", "previousProof"] {
                if proof.get(key).is_some_and(|v| !strings(v)) {
                    return refuse(format!("proof.{key}"), "is not a string or a list of strings");
                }
            }
        }
    }
    Ok(())
}

/// How far in the future a proof's `created` may lie: clocks differ a little.
pub const CLOCK_SKEW_SECONDS: i64 = 5 * 60;

/// The `created` and `expires` of the proofs on `doc` (of `what`, e.g. "the
/// issuer's proof", "the package") against `now`: a `validity` failure when
/// a proof has expired, was made in the future (beyond [`CLOCK_SKEW_SECONDS`])
/// or gives a date that is none; `None` when they hold or are absent.
///
/// See: <https://www.w3.org/TR/vc-data-integrity/#dfn-expires>
pub fn proof_dates(doc: &Value, what: &str, now: chrono::DateTime<chrono::Utc>) -> Option<CheckResult> {
    let proofs: Vec<&Value> = match doc.get("proof") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(p @ Value::Object(_)) => vec![p],
        _ => return None,
    };
    for proof in proofs {
        for key in ["created", "expires"] {
            let Some(value) = proof.get(key) else { continue };
            let Some(date) = value.as_str().and_then(super::parse_time) else {
                return Some(
                    CheckResult::failed(Check::Validity, format!("{what} gives `{key}` as `{value}`, which is not a date"))
                        .because(Code::ValidityBadDate),
                );
            };
            if key == "expires" && now > date {
                return Some(
                    CheckResult::failed(Check::Validity, format!("{what} expired on {}", date.format("%Y-%m-%d %H:%M UTC")))
                        .with(Finding::Expired)
                        .because(Code::ValidityProofExpired)
                        .param("date", super::day(date)),
                );
            }
            if key == "created" && date > now + chrono::Duration::seconds(CLOCK_SKEW_SECONDS) {
                return Some(
                    CheckResult::failed(
                        Check::Validity,
                        format!("{what} says it was made on {}, which is still to come", date.format("%Y-%m-%d %H:%M UTC")),
                    )
                    .with(Finding::NotYetValid)
                    .because(Code::ValidityProofFuture)
                    .param("date", super::day(date)),
                );
            }
        }
    }
    None
}

/// Makes an `eddsa-rdfc-2022` proof over `document` (its `proof` left out)
/// with the options in `proof` (type, cryptosuite, verificationMethod,
/// purpose, dates, challenge, domain), signed with `key`.
pub fn sign_eddsa_rdfc_2022(document: &Value, mut proof: Value, key: &ed25519_dalek::SigningKey) -> Result<Value, String> {
    use ed25519_dalek::Signer as _;
    let mut unsecured = document.clone();
    if let Some(obj) = unsecured.as_object_mut() {
        obj.remove("proof");
    }
    let checked = jsonld::check(&unsecured).map_err(|e| e.to_string())?;
    if !checked.undefined.is_empty() {
        return Err(jsonld::JsonLdError::Undefined(checked.undefined).to_string());
    }
    let doc_nquads =
        checked.canonical_nquads(jsonld::RdfcHash::Sha256).ok_or("the document cannot be canonicalised")?.map_err(|e| e.to_string())?;
    let mut options = proof.clone();
    options["@context"] = unsecured.get("@context").cloned().unwrap_or(Value::Null);
    let options_nquads = jsonld::canonical_nquads(&options).map_err(|e| e.to_string())?;
    let data = [Sha256::digest(options_nquads.as_bytes()).to_vec(), Sha256::digest(doc_nquads.as_bytes()).to_vec()].concat();
    proof["proofValue"] = Value::String(format!("z{}", bs58::encode(key.sign(&data).to_bytes()).into_string()));
    Ok(proof)
}

fn key_for(vm: &str, fetcher: Option<&dyn Fetcher>) -> Result<KeySource, ProofFailure> {
    match did::resolve_verification_method(vm, fetcher) {
        Ok(m) => Ok(KeySource::Resolved(m)),
        Err(
            e @ (did::DidError::NotFound { .. }
            | did::DidError::NotInDocument { .. }
            | did::DidError::Unreachable { .. }
            | did::DidError::Offline(_)),
        ) if vm.starts_with("https://") => {
            // The 1EdTech convention: the key sits in the URL's fragment. It can
            // check integrity; without the controller document nothing ties it
            // to the issuer.
            let fragment = vm.split_once('#').map(|(_, f)| f).unwrap_or_default();
            match did::key_from_multibase(fragment) {
                Some(key) => Ok(KeySource::FragmentOnly { vm: vm.to_string(), key }),
                None => Err(ProofFailure::Failed(format!("no usable key: {e}"))),
            }
        }
        Err(e @ (did::DidError::Offline(_) | did::DidError::Unreachable { .. })) => {
            Err(ProofFailure::CannotCheck(e.to_string(), Code::SignatureKeyUnreachable))
        }
        Err(e @ (did::DidError::UnsupportedMethod(_) | did::DidError::UnsupportedKey(_))) => {
            Err(ProofFailure::CannotCheck(e.to_string(), Code::SignatureUnsupported))
        }
        // A did:web whose document does not exist is never trusted through its fragment.
        Err(e) => Err(ProofFailure::Failed(e.to_string())),
    }
}

fn issuer_check(issuer: Option<&str>, sources: &[KeySource]) -> CheckResult {
    let Some(issuer) = issuer else {
        return CheckResult::failed(Check::Issuer, "the credential names no issuer id").because(Code::IssuerMissing);
    };
    for source in sources {
        match source {
            KeySource::Resolved(m) if m.controller != issuer => {
                return CheckResult::failed(
                    Check::Issuer,
                    format!("the signing key belongs to `{}`, not to the issuer `{issuer}`", m.controller),
                )
                .because(Code::IssuerOtherKey)
                .param("issuer", issuer)
                .param("controller", &m.controller);
            }
            KeySource::Resolved(m) if !m.assertion_method => {
                return CheckResult::failed(Check::Issuer, format!("`{issuer}` does not list `{}` for assertions", m.id))
                    .because(Code::IssuerKeyNotListed)
                    .param("issuer", issuer);
            }
            KeySource::FragmentOnly { vm, .. } => {
                return CheckResult::failed(
                    Check::Issuer,
                    format!("the key in `{vm}` is not published by the issuer, so nothing ties it to `{issuer}`"),
                )
                .with(Finding::Unconfirmed)
                .because(Code::IssuerUnpublishedKey)
                .param("issuer", issuer);
            }
            KeySource::Resolved(_) => {}
        }
    }
    CheckResult::passed(Check::Issuer, Some(format!("the key's controller is the issuer `{issuer}`"))).param("issuer", issuer)
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::{Signer, SigningKey};
    use serde_json::json;

    use super::*;

    fn did_key(key: &SigningKey) -> String {
        let mut raw = vec![0xed, 0x01];
        raw.extend_from_slice(key.verifying_key().as_bytes());
        format!("did:key:z{}", bs58::encode(raw).into_string())
    }

    /// An eddsa-jcs-2022 proof over `input` (the document as this proof sees it).
    fn sign(key: &SigningKey, input: &Value, mut proof: Value) -> Value {
        let mut options = proof.clone();
        options["@context"] = input["@context"].clone();
        let data = [
            Sha256::digest(serde_json_canonicalizer::to_vec(&options).unwrap()).to_vec(),
            Sha256::digest(serde_json_canonicalizer::to_vec(input).unwrap()).to_vec(),
        ]
        .concat();
        proof["proofValue"] = json!(format!("z{}", bs58::encode(key.sign(&data).to_bytes()).into_string()));
        proof
    }

    #[test]
    fn proof_chains_cover_the_proofs_they_follow() {
        let key = SigningKey::from_bytes(&[9u8; 32]);
        let did = did_key(&key);
        let vm = format!("{did}#{}", &did["did:key:".len()..]);
        let doc = json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "issuer": did,
            "credentialSubject": {"id": "did:example:learner"}});
        let options = |id: &str| {
            json!({"id": id, "type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022",
            "verificationMethod": vm, "proofPurpose": "assertionMethod", "created": "2026-01-01T00:00:00Z"})
        };
        let first = sign(&key, &doc, options("urn:uuid:first"));
        let mut second_options = options("urn:uuid:second");
        second_options["previousProof"] = json!("urn:uuid:first");
        let mut chained_input = doc.clone();
        chained_input["proof"] = json!([first.clone()]);
        let second = sign(&key, &chained_input, second_options.clone());
        let signature = |proofs: Value| {
            let mut d = doc.clone();
            d["proof"] = proofs;
            check_document(&d, None).into_iter().find(|c| c.check == Check::Signature).unwrap()
        };

        let chain = signature(json!([first.clone(), second.clone()]));
        assert_eq!(chain.outcome, super::super::Outcome::Passed, "{chain:?}");
        let broken = signature(json!([second.clone()]));
        assert_eq!(broken.outcome, super::super::Outcome::Failed);
        assert!(broken.detail.unwrap().contains("chain is broken"));
        // A "second" proof made over the bare document does not follow the first.
        let unchained = sign(&key, &doc, second_options);
        let wrong = signature(json!([first, unchained]));
        assert_eq!(wrong.outcome, super::super::Outcome::Failed, "{wrong:?}");
    }
}
