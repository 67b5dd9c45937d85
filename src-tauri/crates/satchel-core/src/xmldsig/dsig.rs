//! XML Signature: the enveloped signature of a signed XML document (as on
//! EU trusted lists), with RSA (PKCS#1 v1.5) or ECDSA over SHA-256/384/512.
//!
//! Every `Reference` must hold: the whole document without the signature
//! (`URI=""` with the enveloped-signature transform) or an element by its
//! `Id` (such as XAdES signed properties), canonicalised as its transforms
//! say, digested, compared. Then `SignedInfo`, canonicalised, must verify
//! with the key of the certificate in `KeyInfo`, which is returned so the
//! caller can decide whether that signer is trusted.
//!
//! See: <https://www.w3.org/TR/xmldsig-core1/>

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::xml::{self, Document, Element, Method, Scope};
use crate::jws::{self, JwsKey};

pub const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const FILTER2: &str = "http://www.w3.org/2002/06/xmldsig-filter2";

/// Why a signature does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SignatureError(pub String);

fn fail(s: impl Into<String>) -> SignatureError {
    SignatureError(s.into())
}

fn digest(uri: &str, bytes: &[u8]) -> Result<Vec<u8>, SignatureError> {
    Ok(match uri {
        "http://www.w3.org/2001/04/xmlenc#sha256" => Sha256::digest(bytes).to_vec(),
        "http://www.w3.org/2001/04/xmldsig-more#sha384" => Sha384::digest(bytes).to_vec(),
        "http://www.w3.org/2001/04/xmlenc#sha512" => Sha512::digest(bytes).to_vec(),
        other => return Err(fail(format!("the digest method `{other}` is not supported"))),
    })
}

fn base64_text(e: &Element) -> Result<Vec<u8>, SignatureError> {
    let compact: String = e.text().split_whitespace().collect();
    STANDARD.decode(compact).map_err(|_| fail(format!("`{}` is not base64", e.local_name())))
}

/// What an enveloped signature proves: who signed, and exactly what.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The signer's certificate (DER).
    pub signer: Vec<u8>,
    /// The document without its signature: what the `URI=""` reference
    /// covers. Read signed data from here only (text inside the signature
    /// element is not signed, and a signature can be moved anywhere).
    pub signed: Document,
    /// The element a `SignedProperties` reference covers (XAdES), if any.
    pub signed_properties: Option<Element>,
}

fn count_signatures(e: &Element, scope: &Scope, n: &mut usize) {
    let inner = e.scope(scope);
    if e.local_name() == "Signature" && e.namespace(&inner) == DSIG {
        *n += 1;
    }
    e.elements().for_each(|c| count_signatures(c, &inner, n));
}

fn ids<'a>(e: &'a Element, out: &mut Vec<&'a str>) {
    out.extend(["Id", "ID", "id"].iter().filter_map(|a| e.attribute(a)));
    e.elements().for_each(|c| ids(c, out));
}

/// Verifies the enveloped signature of `doc`: exactly one signature, each
/// referenced id standing once (so a reference cannot point at a decoy),
/// every reference holds, and `SignedInfo` verifies with the certificate in
/// `KeyInfo`.
pub fn verify_enveloped(doc: &Document) -> Result<Verified, SignatureError> {
    let root_scope = Scope::new();
    let mut signatures = 0;
    count_signatures(&doc.root, &root_scope, &mut signatures);
    if signatures > 1 {
        return Err(fail("the document holds more than one signature"));
    }
    let mut all_ids = Vec::new();
    ids(&doc.root, &mut all_ids);
    let (signature, sig_scope, _) = doc
        .root
        .find(&root_scope, &|e, s| e.local_name() == "Signature" && e.namespace(s) == DSIG)
        .ok_or_else(|| fail("the document is not signed"))?;
    let signed_info = signature.child("SignedInfo").ok_or_else(|| fail("the signature has no SignedInfo"))?;
    let c14n_uri = signed_info.child("CanonicalizationMethod").and_then(|c| c.attribute("Algorithm")).unwrap_or_default();
    let c14n = Method::from_uri(c14n_uri).ok_or_else(|| fail(format!("the canonicalization `{c14n_uri}` is not supported")))?;
    let references: Vec<&Element> = signed_info.children_named("Reference").collect();
    if references.is_empty() {
        return Err(fail("the signature covers nothing"));
    }
    let mut covers_document = false;
    let mut signed_properties = None;
    for reference in references {
        let uri = reference.attribute("URI").unwrap_or_default();
        let transforms: Vec<&Element> = reference.child("Transforms").map(|t| t.children_named("Transform").collect()).unwrap_or_default();
        let mut method = Method::Inclusive { comments: false };
        let mut enveloped = false;
        for transform in &transforms {
            let t = transform.attribute("Algorithm").unwrap_or_default();
            if t == ENVELOPED || (t == FILTER2 && subtracts_signatures(transform)) {
                enveloped = true;
            } else if let Some(m) = Method::from_uri(t) {
                method = m;
            } else {
                return Err(fail(format!("the transform `{t}` is not supported")));
            }
        }
        let skip = enveloped.then_some(signature as *const Element);
        let octets = if uri.is_empty() {
            covers_document = true;
            // A same-document reference drops comments whatever the method says.
            let method = match method {
                Method::Inclusive { .. } => Method::Inclusive { comments: false },
                Method::Exclusive { .. } => Method::Exclusive { comments: false },
            };
            xml::document(doc, method, skip)
        } else if let Some(id) = uri.strip_prefix('#') {
            // A referenced id must be unique, or a decoy could be digested
            // while another element with the same id is read.
            if all_ids.iter().filter(|i| **i == id).count() != 1 {
                return Err(fail(format!("the id `{id}` the signature refers to does not stand exactly once in the document")));
            }
            let (target, _, above) = doc
                .root
                .find(&root_scope, &|e, _| ["Id", "ID", "id"].iter().any(|a| e.attribute(a) == Some(id)))
                .ok_or_else(|| fail(format!("the signature refers to `{uri}`, which is not in the document")))?;
            if reference.attribute("Type").is_some_and(|t| t.ends_with("#SignedProperties")) {
                signed_properties = Some(target.clone());
            }
            xml::element(target, &above, method, skip)
        } else {
            return Err(fail(format!("the signature refers outside the document (`{uri}`)")));
        };
        let method_uri = reference.child("DigestMethod").and_then(|d| d.attribute("Algorithm")).unwrap_or_default();
        let expected = base64_text(reference.child("DigestValue").ok_or_else(|| fail("a reference has no digest"))?)?;
        if digest(method_uri, octets.as_bytes())? != expected {
            return Err(fail(format!("the document does not match its signature (reference `{uri}`)")));
        }
    }
    if !covers_document {
        return Err(fail("the signature does not cover the whole document"));
    }
    // SignedInfo's parent is Signature: the scope inside Signature is the one above it.
    let canonical = xml::element(signed_info, &sig_scope, c14n, None);
    let certificate = signature
        .child("KeyInfo")
        .and_then(|k| k.child("X509Data"))
        .and_then(|d| d.child("X509Certificate"))
        .ok_or_else(|| fail("the signature carries no certificate"))?;
    let der = base64_text(certificate)?;
    let cert = <x509_cert::Certificate as der::Decode>::from_der(&der).map_err(|e| fail(format!("the signer's certificate: {e}")))?;
    let spki = der::Encode::to_der(&cert.tbs_certificate.subject_public_key_info).map_err(|e| fail(e.to_string()))?;
    let key = jws::key_from_spki(&spki).map_err(|e| fail(format!("the signer's key: {e}")))?;
    let value = base64_text(signature.child("SignatureValue").ok_or_else(|| fail("the signature has no value"))?)?;
    let algorithm = signed_info.child("SignatureMethod").and_then(|m| m.attribute("Algorithm")).unwrap_or_default();
    verify_value(&key, algorithm, canonical.as_bytes(), &value)?;
    let signed = xml::prune(doc, &|e, _| std::ptr::eq(e, signature));
    Ok(Verified { signer: der, signed, signed_properties })
}

/// The one XPath Filter 2.0 form signers such as the EU's DSS write:
/// subtract `/descendant::ds:Signature` (the document has one signature),
/// which is the enveloped-signature transform.
fn subtracts_signatures(transform: &Element) -> bool {
    let filters: Vec<&Element> = transform.children_named("XPath").collect();
    filters.len() == 1 && filters[0].attribute("Filter") == Some("subtract") && filters[0].text().trim() == "/descendant::ds:Signature"
}

fn verify_value(key: &JwsKey, algorithm: &str, signed: &[u8], value: &[u8]) -> Result<(), SignatureError> {
    let bad = || fail("the signature value does not verify with the signer's certificate");
    match (algorithm, key) {
        ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", JwsKey::Rsa(k)) => {
            k.verify(rsa::Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(signed), value).map_err(|_| bad())
        }
        ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha384", JwsKey::Rsa(k)) => {
            k.verify(rsa::Pkcs1v15Sign::new::<Sha384>(), &Sha384::digest(signed), value).map_err(|_| bad())
        }
        ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha512", JwsKey::Rsa(k)) => {
            k.verify(rsa::Pkcs1v15Sign::new::<Sha512>(), &Sha512::digest(signed), value).map_err(|_| bad())
        }
        ("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", JwsKey::P256(_)) => {
            jws::verify_signature("ES256", key, signed, value).map_err(|_| bad())
        }
        ("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384", JwsKey::P384(_)) => {
            jws::verify_signature("ES384", key, signed, value).map_err(|_| bad())
        }
        (other, _) => Err(fail(format!("the signature method `{other}` is not supported with this key"))),
    }
}
