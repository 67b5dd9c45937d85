//! JSON-LD to canonical RDF, with bundled contexts only.
//!
//! The contexts ship inside the app (`contexts/`, taken from the npm packages
//! that publish them by `contexts/update.mjs`) and are pinned by SHA-256 in
//! `contexts/CONTEXTS.tsv`: a context whose bytes do not match its pin, or any
//! URL not in the bundle, fails the expansion. No context is ever fetched.
//!
//! [`canonical_nquads`] expands a document to RDF and canonicalises it with
//! RDFC-1.0 (SHA-256). [`undefined_terms`] finds properties and types that no
//! context defines ("safe mode"): JSON-LD would silently drop them, so they
//! would not be covered by a signature, yet a viewer would show them.

use std::collections::HashMap;
use std::sync::OnceLock;

use oxjsonld::{JsonLdParser, JsonLdRemoteDocument};
use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use oxrdf::Dataset;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Largest document the JSON-LD processor accepts.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;
/// Most quads a document may expand to (a hostile graph cannot grow without bound).
pub const MAX_QUADS: usize = 20_000;
/// Most blank nodes a document may hold: RDFC-1.0's work grows fast with
/// many indistinguishable blank nodes.
pub const MAX_BLANK_NODES: usize = 512;

/// Why a document could not be turned into canonical RDF.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JsonLdError {
    #[error("the context `{0}` is not bundled with Satchel (contexts are never fetched)")]
    UnknownContext(String),
    #[error("the bundled context `{0}` does not match its pinned SHA-256")]
    ContextTampered(String),
    #[error("JSON-LD processing failed: {0}")]
    Invalid(String),
    #[error("the document is too large or too complex to process ({0})")]
    TooComplex(String),
}

struct Bundled {
    file: &'static str,
    bytes: &'static [u8],
    /// The bytes match the pin in CONTEXTS.tsv (checked once, when the
    /// bundle is first used, not on every expansion).
    intact: bool,
}

macro_rules! bundle {
    ($($file:literal),* $(,)?) => {
        &[$(($file, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/contexts/", $file)) as &[u8])),*]
    };
}

/// The context files, by file name; CONTEXTS.tsv maps URLs to them with pins.
const FILES: &[(&str, &[u8])] = bundle![
    "imsglobal.github.io_openbadges-specification_ob_v3p0.html.jsonld",
    "purl.imsglobal.org_spec_ob_v3p0_context-3.0.1.jsonld",
    "purl.imsglobal.org_spec_ob_v3p0_context-3.0.2.jsonld",
    "purl.imsglobal.org_spec_ob_v3p0_context-3.0.3.jsonld",
    "purl.imsglobal.org_spec_ob_v3p0_context.jsonld",
    "purl.imsglobal.org_spec_ob_v3p0_extensions.jsonld",
    "w3c-ccg.github.io_vc-ed_plugfest-1-2022_jff-vc-edu-plugfest-1-context.jsonld",
    "w3id.org_security_data-integrity_v1.jsonld",
    "w3id.org_security_data-integrity_v2.jsonld",
    "w3id.org_security_multikey_v1.jsonld",
    "w3id.org_security_suites_ed25519-2020_v1.jsonld",
    "w3id.org_vc_status-list_2021_v1.jsonld",
    "www.w3.org_2018_credentials_examples_v1.jsonld",
    "www.w3.org_2018_credentials_v1.jsonld",
    "www.w3.org_ns_credentials_status_v1.jsonld",
    "www.w3.org_ns_credentials_undefined-terms_v2.jsonld",
    "www.w3.org_ns_credentials_v2.jsonld",
    "www.w3.org_ns_odrl.jsonld",
];

const INDEX: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/contexts/CONTEXTS.tsv"));

fn bundled() -> &'static HashMap<&'static str, Bundled> {
    static MAP: OnceLock<HashMap<&'static str, Bundled>> = OnceLock::new();
    MAP.get_or_init(|| {
        let files: HashMap<&str, &[u8]> = FILES.iter().copied().collect();
        INDEX
            .lines()
            .skip(1)
            .filter_map(|line| {
                let cols: Vec<&'static str> = line.split('\t').collect();
                let (url, file, sha256) = (cols.first()?, cols.get(1)?, cols.get(3)?);
                let bytes = files.get(file).copied().unwrap_or_default();
                let intact = !bytes.is_empty() && hex::encode(Sha256::digest(bytes)) == *sha256;
                Some((*url, Bundled { file, bytes, intact }))
            })
            .collect()
    })
}

/// The bytes of the bundled context for `url`, checked against its pin.
pub fn context(url: &str) -> Result<&'static [u8], JsonLdError> {
    let entry = bundled().get(url).ok_or_else(|| JsonLdError::UnknownContext(url.to_string()))?;
    if !entry.intact {
        return Err(JsonLdError::ContextTampered(format!("{url} ({})", entry.file)));
    }
    Ok(entry.bytes)
}

/// Every bundled context URL.
pub fn context_urls() -> impl Iterator<Item = &'static str> {
    bundled().keys().copied()
}

fn expand(document: &Value) -> Result<Dataset, JsonLdError> {
    let bytes = serde_json::to_vec(document).map_err(|e| JsonLdError::Invalid(e.to_string()))?;
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(JsonLdError::TooComplex(format!("{} bytes", bytes.len())));
    }
    let missing: std::sync::Arc<std::sync::Mutex<Option<JsonLdError>>> = Default::default();
    let seen = missing.clone();
    let parser = JsonLdParser::new().for_slice(&bytes).with_load_document_callback(move |url, _| match context(url) {
        Ok(document) => Ok(JsonLdRemoteDocument { document: document.to_vec(), document_url: url.to_string() }),
        Err(e) => {
            *seen.lock().expect("context error slot") = Some(e.clone());
            Err(Box::new(e))
        }
    });
    let mut dataset = Dataset::new();
    for quad in parser {
        let quad =
            quad.map_err(|e| missing.lock().expect("context error slot").take().unwrap_or_else(|| JsonLdError::Invalid(e.to_string())))?;
        dataset.insert(&quad);
        if dataset.len() > MAX_QUADS {
            return Err(JsonLdError::TooComplex(format!("over {MAX_QUADS} statements")));
        }
    }
    let blank_nodes = dataset
        .iter()
        .flat_map(|q| [q.subject.to_string(), q.object.to_string(), q.graph_name.to_string()])
        .filter(|t| t.starts_with("_:"))
        .collect::<std::collections::HashSet<_>>()
        .len();
    if blank_nodes > MAX_BLANK_NODES {
        return Err(JsonLdError::TooComplex(format!("{blank_nodes} blank nodes")));
    }
    Ok(dataset)
}

/// The hash RDFC-1.0 labels blank nodes with: SHA-256, or SHA-384 (which
/// ecdsa-rdfc-2019 uses with P-384 keys; the labels, and so the canonical
/// form, depend on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RdfcHash {
    Sha256,
    Sha384,
}

/// The document as canonical N-Quads (RDFC-1.0, SHA-256): one line per quad,
/// sorted, each ending in a newline.
///
/// See: <https://www.w3.org/TR/rdf-canon/#canonical-quads>
pub fn canonical_nquads(document: &Value) -> Result<String, JsonLdError> {
    canonical_nquads_with(document, RdfcHash::Sha256)
}

/// [`canonical_nquads`] with the given RDFC-1.0 hash.
pub fn canonical_nquads_with(document: &Value, hash: RdfcHash) -> Result<String, JsonLdError> {
    Ok(canonicalize(expand(document)?, hash))
}

fn canonicalize(mut dataset: Dataset, hash: RdfcHash) -> String {
    let hash_algorithm = match hash {
        RdfcHash::Sha256 => CanonicalizationHashAlgorithm::Sha256,
        RdfcHash::Sha384 => CanonicalizationHashAlgorithm::Sha384,
    };
    dataset.canonicalize(CanonicalizationAlgorithm::Rdfc10 { hash_algorithm });
    let mut lines: Vec<String> = dataset.iter().map(|q| format!("{q} .\n")).collect();
    lines.sort();
    lines.concat()
}

/// IRIs the probe vocabulary gives to undefined terms.
const PROBE_VOCAB: &str = "urn:satchel:undefined-term:";

/// A document expanded once for both safe mode and signing.
#[derive(Debug)]
pub struct Checked {
    dataset: Dataset,
    /// Properties and types that no context defines (sorted, unique).
    pub undefined: Vec<String>,
}

impl Checked {
    /// The canonical N-Quads of the document, when it uses only defined
    /// terms: the probe vocabulary then touched nothing, so the probe's
    /// quads are exactly the document's. `None` when terms are undefined.
    pub fn canonical_nquads(&self, hash: RdfcHash) -> Option<String> {
        self.undefined.is_empty().then(|| canonicalize(self.dataset.clone(), hash))
    }
}

/// Expands `document` with a probe `@vocab` placed *before* its own
/// contexts, finding the properties and types its contexts do not define: a
/// context that sets `@vocab` itself (such as VCDM 2.0's opt-in
/// `undefined-terms/v2`) still wins, and only truly undefined terms end up
/// under the probe.
pub fn check(document: &Value) -> Result<Checked, JsonLdError> {
    let mut probe = document.clone();
    let Some(obj) = probe.as_object_mut() else { return Err(JsonLdError::Invalid("the document is not a JSON object".into())) };
    let own = obj.remove("@context").unwrap_or(Value::Null);
    let mut contexts = vec![serde_json::json!({ "@vocab": PROBE_VOCAB })];
    match own {
        Value::Array(items) => contexts.extend(items),
        Value::Null => {}
        other => contexts.push(other),
    }
    obj.insert("@context".into(), Value::Array(contexts));
    let dataset = expand(&probe)?;
    let mut undefined: Vec<String> = dataset
        .iter()
        .flat_map(|q| [q.predicate.as_str().to_string(), q.object.to_string()])
        .filter_map(|t| t.trim_start_matches('<').trim_end_matches('>').strip_prefix(PROBE_VOCAB).map(str::to_string))
        .collect();
    undefined.sort();
    undefined.dedup();
    Ok(Checked { dataset, undefined })
}

/// The properties and types in `document` that its contexts do not define
/// ("safe mode"); see [`check`].
pub fn undefined_terms(document: &Value) -> Result<Vec<String>, JsonLdError> {
    Ok(check(document)?.undefined)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_bundled_context_matches_its_pin() {
        let urls: Vec<_> = context_urls().collect();
        assert!(urls.len() >= 15, "the bundle is loaded: {urls:?}");
        for url in urls {
            context(url).unwrap_or_else(|e| panic!("{url}: {e}"));
        }
        assert!(matches!(context("https://evil.example/context.json"), Err(JsonLdError::UnknownContext(_))));
    }

    #[test]
    fn unknown_context_fails_instead_of_fetching() {
        let doc =
            json!({"@context": ["https://www.w3.org/ns/credentials/v2", "https://example.org/ctx.json"], "type": "VerifiableCredential"});
        assert_eq!(canonical_nquads(&doc).unwrap_err(), JsonLdError::UnknownContext("https://example.org/ctx.json".into()));
    }

    #[test]
    fn canonical_form_is_stable_under_key_order_and_blank_node_names() {
        let a = json!({"@context": "https://www.w3.org/2018/credentials/v1", "type": "VerifiableCredential", "issuer": "did:example:1", "credentialSubject": {"id": "did:example:2"}});
        let b = json!({"credentialSubject": {"id": "did:example:2"}, "issuer": "did:example:1", "type": "VerifiableCredential", "@context": "https://www.w3.org/2018/credentials/v1"});
        let ca = canonical_nquads(&a).unwrap();
        assert_eq!(ca, canonical_nquads(&b).unwrap());
        assert!(ca.contains("_:c14n0"), "blank nodes get canonical labels: {ca}");
        assert!(ca.lines().all(|l| l.ends_with(" .")), "N-Quads lines");
    }

    #[test]
    fn one_expansion_serves_safe_mode_and_signing() {
        let clean = json!({"@context": "https://www.w3.org/2018/credentials/v1", "type": "VerifiableCredential", "issuer": "did:example:1", "credentialSubject": {"id": "did:example:2"}});
        assert_eq!(
            check(&clean).unwrap().canonical_nquads(RdfcHash::Sha256).unwrap(),
            canonical_nquads(&clean).unwrap(),
            "the probe adds nothing to a clean document"
        );
        let dirty = json!({"@context": "https://www.w3.org/2018/credentials/v1", "type": "VerifiableCredential", "issuer": "did:example:1", "credentialSubject": {"id": "did:example:2", "x": 1}});
        assert_eq!(
            check(&dirty).unwrap().canonical_nquads(RdfcHash::Sha256),
            None,
            "a document with undefined terms is never canonicalised for signing"
        );
    }

    #[test]
    fn safe_mode_finds_undefined_terms_only() {
        let v1 = json!({"@context": "https://www.w3.org/2018/credentials/v1", "type": ["VerifiableCredential", "MadeUpCredential"], "issuer": "did:example:1", "credentialSubject": {"id": "did:example:2", "madeUpProperty": 1}});
        assert_eq!(undefined_terms(&v1).unwrap(), vec!["MadeUpCredential".to_string(), "madeUpProperty".to_string()]);
        let clean = json!({"@context": "https://www.w3.org/2018/credentials/v1", "type": "VerifiableCredential", "issuer": "did:example:1", "credentialSubject": {"id": "did:example:2"}});
        assert_eq!(undefined_terms(&clean).unwrap(), Vec::<String>::new());
        let v2 = json!({"@context": "https://www.w3.org/ns/credentials/v2", "type": "VerifiableCredential", "issuer": "did:example:1", "credentialSubject": {"id": "did:example:2", "issuerDependent": 1}});
        assert_eq!(undefined_terms(&v2).unwrap(), vec!["issuerDependent".to_string()], "the final VCDM 2.0 context has no @vocab");
        let opted_in = json!({"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/undefined-terms/v2"], "type": "VerifiableCredential", "issuer": "did:example:1", "credentialSubject": {"id": "did:example:2", "issuerDependent": 1}});
        assert_eq!(
            undefined_terms(&opted_in).unwrap(),
            Vec::<String>::new(),
            "an issuer that opts into undefined-terms/v2 defines every term"
        );
    }
}
