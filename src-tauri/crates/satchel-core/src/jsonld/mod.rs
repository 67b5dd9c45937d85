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
//!
//! Expansion is the fast path ([`expand`]) in strict mode: the part of
//! JSON-LD that credentials use, straight to quads, with the processed
//! bundled contexts cached for the whole process ([`active_context`]).
//! Checks and screens read a credential's JSON keys while its signature
//! binds the RDF beneath them, so a document is read only in the one plain
//! compacted form where each key is one signed statement: any other
//! spelling of the same graph (full IRIs as keys, value objects, `@index`,
//! `@included`, `@reverse`, `@id` for `id`, a node described twice, an
//! inline context that renames a bundled term) is refused
//! ([`JsonLdError::NotPlain`]), never handed to a general processor.
//! oxjsonld stays the reference the fast path is tested against.

mod active_context;
mod expand;
pub mod rdfc;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

use oxrdf::{BlankNodeRef, Dataset, GraphNameRef, NamedOrBlankNodeRef, TermRef};
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
    /// A spelling of the graph other than the plain compacted form the
    /// checks read: `why`, at the JSON path `at`.
    #[error("written in an unusual JSON-LD form ({why}{}), so Satchel cannot be sure what it shows is what was signed", if at.is_empty() { String::new() } else { format!(" at `{at}`") })]
    NotPlain { at: String, why: String },
    /// Keys or types no context defines: JSON-LD would drop them, so no
    /// signature covers them.
    #[error("terms no context defines, which a signature would not cover: {}", .0.join(", "))]
    Undefined(Vec<String>),
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
    "purl.imsglobal.org_spec_clr_v2p0_context-2.0.1.jsonld",
    "purl.imsglobal.org_spec_ob_v3p0_context-3.0.1.jsonld",
    "purl.imsglobal.org_spec_ob_v3p0_context-3.0.2.jsonld",
    "purl.imsglobal.org_spec_ob_v3p0_context-3.0.3.jsonld",
    "purl.imsglobal.org_spec_ob_v3p0_context.jsonld",
    "purl.imsglobal.org_spec_ob_v3p0_extensions.jsonld",
    "w3c-ccg.github.io_vc-ed_plugfest-1-2022_jff-vc-edu-plugfest-1-context.jsonld",
    "w3id.org_citizenship_v4rc1.jsonld",
    "w3id.org_security_data-integrity_v1.jsonld",
    "w3id.org_security_data-integrity_v2.jsonld",
    "w3id.org_security_multikey_v1.jsonld",
    "w3id.org_security_suites_ed25519-2018_v1.jsonld",
    "w3id.org_security_suites_ed25519-2020_v1.jsonld",
    "w3id.org_vc_status-list_2021_v1.jsonld",
    "www.w3.org_2018_credentials_examples_v1.jsonld",
    "www.w3.org_2018_credentials_v1.jsonld",
    "www.w3.org_ns_credentials_examples_v2.jsonld",
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
    bundled_context(url).map(|(_, bytes)| bytes)
}

/// [`context`], with the bundle's own copy of the URL.
fn bundled_context(url: &str) -> Result<(&'static str, &'static [u8]), JsonLdError> {
    let (url, entry) = bundled().get_key_value(url).ok_or_else(|| JsonLdError::UnknownContext(url.to_string()))?;
    if !entry.intact {
        return Err(JsonLdError::ContextTampered(format!("{url} ({})", entry.file)));
    }
    Ok((url, entry.bytes))
}

/// Every bundled context URL.
pub fn context_urls() -> impl Iterator<Item = &'static str> {
    bundled().keys().copied()
}

/// Counts the bytes a value serialises to, without keeping them.
#[derive(Default)]
struct ByteCount(usize);

impl std::io::Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every context URL the document names is bundled and intact: said
/// before expanding, so that a missing context is reported as such and
/// not as an unusual form.
fn contexts_bundled(value: &Value, depth: usize) -> Result<(), JsonLdError> {
    if depth > expand_depth_cap() {
        return Err(JsonLdError::TooComplex("nested too deep".into()));
    }
    match value {
        Value::Object(map) => {
            if let Some(local) = map.get("@context") {
                let items = match local {
                    Value::Array(items) => items.as_slice(),
                    one => std::slice::from_ref(one),
                };
                for url in items.iter().filter_map(Value::as_str) {
                    bundled_context(url)?;
                }
            }
            map.iter().filter(|(k, _)| k.as_str() != "@context").try_for_each(|(_, v)| contexts_bundled(v, depth + 1))
        }
        Value::Array(items) => items.iter().try_for_each(|v| contexts_bundled(v, depth + 1)),
        _ => Ok(()),
    }
}

fn expand_depth_cap() -> usize {
    active_context::MAX_DEPTH * 2
}

/// The document as RDF, in strict mode, within the caps; with the keys
/// and types no context defines.
fn expand_strict(document: &Value) -> Result<(Dataset, Vec<String>), JsonLdError> {
    let mut size = ByteCount::default();
    serde_json::to_writer(&mut size, document).map_err(|e| JsonLdError::Invalid(e.to_string()))?;
    if size.0 > MAX_DOCUMENT_BYTES {
        return Err(JsonLdError::TooComplex(format!("{} bytes", size.0)));
    }
    contexts_bundled(document, 0)?;
    match expand::to_rdf_strict(document) {
        Ok(strict) => Ok((within_blank_node_cap(strict.dataset)?, strict.undefined)),
        Err(expand::Refusal::NotPlain { at, why }) => Err(JsonLdError::NotPlain { at, why }),
        Err(expand::Refusal::TooComplex(why)) => Err(JsonLdError::TooComplex(why)),
    }
}

/// The document as RDF, refusing undefined terms (see [`expand_strict`]).
fn expand(document: &Value) -> Result<Dataset, JsonLdError> {
    match expand_strict(document)? {
        (dataset, undefined) if undefined.is_empty() => Ok(dataset),
        (_, undefined) => Err(JsonLdError::Undefined(undefined)),
    }
}

/// The document as RDF by oxjsonld alone: the reference the fast path must
/// agree with.
#[cfg(any(test, feature = "fuzzing"))]
fn expand_reference(document: &Value) -> Result<Dataset, JsonLdError> {
    let bytes = serde_json::to_vec(document).map_err(|e| JsonLdError::Invalid(e.to_string()))?;
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(JsonLdError::TooComplex(format!("{} bytes", bytes.len())));
    }
    use oxjsonld::{JsonLdParser, JsonLdRemoteDocument};
    let missing: std::sync::Arc<Mutex<Option<JsonLdError>>> = Default::default();
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
    within_blank_node_cap(dataset)
}

fn within_blank_node_cap(dataset: Dataset) -> Result<Dataset, JsonLdError> {
    let mut blank_nodes: HashSet<BlankNodeRef<'_>> = HashSet::new();
    for q in dataset.iter() {
        if let NamedOrBlankNodeRef::BlankNode(b) = q.subject {
            blank_nodes.insert(b);
        }
        if let TermRef::BlankNode(b) = q.object {
            blank_nodes.insert(b);
        }
        if let GraphNameRef::BlankNode(b) = q.graph_name {
            blank_nodes.insert(b);
        }
    }
    let count = blank_nodes.len();
    drop(blank_nodes);
    if count > MAX_BLANK_NODES {
        return Err(JsonLdError::TooComplex(format!("{count} blank nodes")));
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
    canonicalize(&mut expand(document)?, hash)
}

/// The canonical N-Quads of `dataset` (RDFC-1.0 by [`rdfc`], within its
/// work budget: a graph of indistinguishable blank nodes is refused as too
/// complex instead of running for minutes and gigabytes).
fn canonicalize(dataset: &mut Dataset, hash: RdfcHash) -> Result<String, JsonLdError> {
    rdfc::canonical_nquads(dataset, hash, rdfc::DEFAULT_BUDGET).map_err(|e| JsonLdError::TooComplex(e.to_string()))
}

/// IRIs the probe vocabulary gives to undefined terms (the fuzzer's and the
/// tests' lenient expansions; strict mode finds undefined terms itself).
const PROBE_VOCAB: &str = "urn:satchel:undefined-term:";

/// A document expanded once for both safe mode and signing.
#[derive(Debug)]
pub struct Checked {
    /// Canonicalised in place by each call of [`Checked::canonical_nquads`]
    /// (RDFC-1.0 ignores the labels it starts from), so never copied.
    dataset: Mutex<Dataset>,
    /// Properties and types that no context defines (sorted, unique).
    pub undefined: Vec<String>,
}

impl Checked {
    /// The canonical N-Quads of the document, when it uses only defined
    /// terms (strict mode read every key as a statement). `None` when terms
    /// are undefined; [`JsonLdError::TooComplex`] when its blank nodes exceed
    /// RDFC-1.0's work budget.
    pub fn canonical_nquads(&self, hash: RdfcHash) -> Option<Result<String, JsonLdError>> {
        self.undefined.is_empty().then(|| canonicalize(&mut self.dataset.lock().unwrap_or_else(|e| e.into_inner()), hash))
    }
}

/// `document` with the probe `@vocab` before its own contexts. The fast
/// path knows the probe context by its value and caches it like a bundled
/// one.
#[cfg(any(test, feature = "fuzzing"))]
fn probe_document(document: &Value) -> Result<Value, JsonLdError> {
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
    Ok(probe)
}

/// Expands `document` in strict mode, finding the properties and types its
/// contexts do not define: a context that sets `@vocab` itself (such as
/// VCDM 2.0's opt-in `undefined-terms/v2`) defines every term, and a
/// document's `{"@vocab": null}` cannot hide one.
///
/// # Errors
/// [`JsonLdError::NotPlain`] for any spelling but the plain compacted form,
/// [`JsonLdError::TooComplex`] past the caps, and the context errors.
pub fn check(document: &Value) -> Result<Checked, JsonLdError> {
    if !document.is_object() {
        return Err(JsonLdError::Invalid("the document is not a JSON object".into()));
    }
    let (dataset, undefined) = expand_strict(document)?;
    Ok(Checked { dataset: Mutex::new(dataset), undefined })
}

/// The properties and types in `document` that its contexts do not define
/// ("safe mode"); see [`check`].
pub fn undefined_terms(document: &Value) -> Result<Vec<String>, JsonLdError> {
    Ok(check(document)?.undefined)
}

/// For the fuzzer: the canonical N-Quads of `document` by the fast path
/// (`None` when it falls back) and by oxjsonld alone, each within the caps;
/// they must agree whenever the fast path answers. `probe`: as [`check`]
/// expands it.
#[cfg(feature = "fuzzing")]
pub fn fast_and_reference(document: &Value, probe: bool) -> (Option<Result<String, JsonLdError>>, Result<String, JsonLdError>) {
    let probed;
    let document = if probe {
        match probe_document(document) {
            Ok(p) => {
                probed = p;
                &probed
            }
            Err(e) => return (None, Err(e)),
        }
    } else {
        document
    };
    let nquads = |d: Result<Dataset, JsonLdError>| d.and_then(|mut d| canonicalize(&mut d, RdfcHash::Sha256));
    let fast = expand::to_rdf(document).ok().map(|d| nquads(within_blank_node_cap(d)));
    (fast, nquads(expand_reference(document)))
}
