//! SD-JWT, the one place its digests are read: which digests the issuer
//! committed to, which disclosure stands for which, and the claims a
//! presentation reveals. Recognition, verification and sharing all read
//! SD-JWTs through here, so they cannot disagree about what was disclosed.
//!
//! See: <https://www.rfc-editor.org/rfc/rfc9901>

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use std::collections::HashSet;

use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::jws;
use crate::jws::json_part;
/// Most disclosures an SD-JWT may carry: each is hashed and looked for in
/// the payload (and in the disclosures before it), so the work grows with
/// their square; issuers' credentials carry tens.
pub const MAX_DISCLOSURES: usize = 1_000;

/// The claims an SD-JWT reveals: the issuer-signed payload with each
/// disclosure put back where its digest stands (objects' `_sd`, arrays'
/// `{"...": digest}`), digests without a disclosure dropped.
///
/// See: <https://www.rfc-editor.org/rfc/rfc9901#name-processing-by-the-holder>
pub fn reveal_sd_jwt(sd_jwt: &str, payload: &Value) -> Value {
    let mut disclosures = std::collections::HashMap::new();
    for d in sd_jwt.split('~').skip(1).filter(|d| !d.is_empty() && !d.contains('.')) {
        let digest = URL_SAFE_NO_PAD.encode(Sha256::digest(d.as_bytes()));
        if let Some(Value::Array(items)) = json_part(d) {
            disclosures.insert(digest, items);
        }
    }
    fn walk(v: &Value, disc: &std::collections::HashMap<String, Vec<Value>>, depth: usize) -> Value {
        if depth > 64 {
            return Value::Null;
        }
        match v {
            Value::Object(map) => {
                let mut out = Map::new();
                for (k, val) in map {
                    if k == "_sd" || k == "_sd_alg" {
                        continue;
                    }
                    out.insert(k.clone(), walk(val, disc, depth + 1));
                }
                if let Some(Value::Array(digests)) = map.get("_sd") {
                    for d in digests.iter().filter_map(Value::as_str) {
                        if let Some(items) = disc.get(d) {
                            if let [_, Value::String(name), value] = items.as_slice() {
                                out.insert(name.clone(), walk(value, disc, depth + 1));
                            }
                        }
                    }
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .filter_map(|item| match item.as_object().and_then(|o| o.get("...")).and_then(Value::as_str) {
                        Some(d) => disc.get(d).and_then(|items| match items.as_slice() {
                            [_, value] => Some(walk(value, disc, depth + 1)),
                            _ => None,
                        }),
                        None => Some(walk(item, disc, depth + 1)),
                    })
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    walk(payload, &disclosures, 0)
}

/// The parts of an SD-JWT as received.
pub(crate) struct Parts<'a> {
    pub(crate) issuer_jwt: &'a str,
    pub(crate) disclosures: Vec<&'a str>,
    pub(crate) key_binding: Option<&'a str>,
    /// Everything the key-binding JWT's `sd_hash` covers: `jwt~d1~…~dn~`.
    pub(crate) presented: &'a str,
}

pub(crate) fn split(text: &str) -> Parts<'_> {
    let text = text.trim();
    let last_tilde = text.rfind('~').unwrap_or(text.len());
    let (presented, tail) = if last_tilde < text.len() { (&text[..=last_tilde], &text[last_tilde + 1..]) } else { (text, "") };
    let mut pieces = presented.split('~');
    let issuer_jwt = pieces.next().unwrap_or_default();
    let disclosures = pieces.filter(|d| !d.is_empty()).collect();
    Parts { issuer_jwt, disclosures, key_binding: (!tail.is_empty()).then_some(tail), presented }
}

pub(crate) fn digest(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(text.as_bytes()))
}

/// Every digest the payload commits to, with how often it stands there.
pub(crate) fn committed_digests(v: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(ds)) = map.get("_sd") {
                out.extend(ds.iter().filter_map(Value::as_str).map(str::to_string));
            }
            if let (1, Some(Value::String(d))) = (map.len(), map.get("...")) {
                out.push(d.clone());
            }
            for (k, child) in map {
                if k != "_sd" {
                    committed_digests(child, out, depth + 1);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| committed_digests(i, out, depth + 1)),
        _ => {}
    }
}

/// Claims SD-JWT VC forbids making selectively disclosable: a holder who
/// could withhold them could hide who issued the credential, when it
/// expires, whose key it is bound to, what it is, or where its status is.
///
/// See: <https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#name-registered-jwt-claims>
/// `vc` and `@context` too: they hold or make the W3C credential whose own
/// dates and status [`VCDM_ALWAYS_DISCLOSED`] keep in view, so withholding
/// either would withhold those.
pub const ALWAYS_DISCLOSED: &[&str] = &["iss", "nbf", "exp", "cnf", "vct", "status", "vc", "@context"];

/// The same for a W3C credential's own members, when the payload is one.
pub const VCDM_ALWAYS_DISCLOSED: &[&str] =
    &["@context", "type", "issuer", "validFrom", "validUntil", "issuanceDate", "expirationDate", "credentialStatus"];

/// The names of [`ALWAYS_DISCLOSED`] claims that `disclosures` disclose at
/// the top level of `payload` (their digest in its `_sd`), and of
/// [`VCDM_ALWAYS_DISCLOSED`] members disclosed in its `vc` claim.
pub(crate) fn registered_disclosed(payload: &Value, disclosures: &[&str]) -> Vec<String> {
    // A W3C credential secured as an SD-JWT: its own issuer, dates, status
    // and what it is are as much the verifier's business.
    let vcdm = payload.get("@context").is_some();
    let digests = |object: &Value| -> HashSet<String> {
        object
            .get("_sd")
            .and_then(Value::as_array)
            .map(|ds| ds.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default()
    };
    let top_level = digests(payload);
    // The `vc` claim is read as the credential (its dates, its status), so
    // its own members are held to the same rule as a VCDM payload's.
    let vc_level = payload.get("vc").filter(|vc| vc.is_object()).map(digests).unwrap_or_default();
    disclosures
        .iter()
        .filter_map(|d| {
            let h = digest(d);
            let (top, vc) = (top_level.contains(&h), vc_level.contains(&h));
            let registered = |name: &str| {
                (top && (ALWAYS_DISCLOSED.contains(&name) || (vcdm && VCDM_ALWAYS_DISCLOSED.contains(&name))))
                    || (vc && VCDM_ALWAYS_DISCLOSED.contains(&name))
            };
            match URL_SAFE_NO_PAD.decode(d).ok().and_then(|b| serde_json::from_slice::<Value>(&b).ok()) {
                Some(Value::Array(items)) => match items.as_slice() {
                    [_, Value::String(name), _] if registered(name) => Some(name.clone()),
                    _ => None,
                },
                _ => None,
            }
        })
        .collect()
}

/// [`registered_disclosed`] of an SD-JWT as text.
pub(crate) fn registered_disclosed_in(sd_jwt: &str) -> Vec<String> {
    let parts = split(sd_jwt);
    match jws::parse(parts.issuer_jwt) {
        Ok(c) => registered_disclosed(&c.payload, &parts.disclosures),
        Err(_) => vec![],
    }
}

/// A value with SD-JWT's digests (`_sd`, `_sd_alg`, `{"...": digest}`)
/// taken out: what a reader sees of it without the disclosures.
pub(crate) fn without_digests(value: &Value) -> Option<Value> {
    match value {
        Value::Object(map) => {
            if map.len() == 1 && map.contains_key("...") {
                return None;
            }
            Some(Value::Object(
                map.iter()
                    .filter(|(k, _)| k.as_str() != "_sd" && k.as_str() != "_sd_alg")
                    .filter_map(|(k, v)| Some((k.clone(), without_digests(v)?)))
                    .collect(),
            ))
        }
        Value::Array(items) => Some(Value::Array(items.iter().filter_map(without_digests).collect())),
        other => Some(other.clone()),
    }
}

/// For each disclosure, the disclosure whose value commits to its digest
/// (`None`: the issuer-signed payload does, or nothing does).
pub(crate) fn nesting(all: &[(String, Disclosure)]) -> Vec<Option<usize>> {
    let digests: Vec<String> = all.iter().map(|(text, _)| URL_SAFE_NO_PAD.encode(Sha256::digest(text.as_bytes()))).collect();
    let mut parents = vec![None; all.len()];
    for (i, (_, d)) in all.iter().enumerate() {
        let mut nested = Vec::new();
        committed_digests(&d.value, &mut nested, 0);
        for (j, digest) in digests.iter().enumerate() {
            if j != i && nested.contains(digest) {
                parents[j] = Some(i);
            }
        }
    }
    parents
}

/// The name of the nearest named disclosure that disclosure `i` is inside.
pub(crate) fn named_parent(all: &[(String, Disclosure)], parents: &[Option<usize>], i: usize) -> Option<String> {
    let mut at = parents[i];
    for _ in 0..all.len() {
        let p = at?;
        if let Some(name) = &all[p].1.name {
            return Some(name.clone());
        }
        at = parents[p];
    }
    None
}

/// One disclosure: its text, claim name (none for array elements), value.
#[derive(Debug, Clone)]
pub(crate) struct Disclosure {
    pub(crate) name: Option<String>,
    pub(crate) value: Value,
}

pub(crate) fn disclosures(sd_jwt: &str) -> Vec<(String, Disclosure)> {
    let text = sd_jwt.trim();
    let presented = &text[..text.rfind('~').map_or(text.len(), |i| i + 1)];
    presented
        .split('~')
        .skip(1)
        .filter(|d| !d.is_empty())
        .filter_map(|d| {
            let items: Vec<Value> = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(d).ok()?).ok()?;
            let disclosure = match items.as_slice() {
                [_, Value::String(name), value] => Disclosure { name: Some(name.clone()), value: value.clone() },
                [_, value] => Disclosure { name: None, value: value.clone() },
                _ => return None,
            };
            Some((d.to_string(), disclosure))
        })
        .collect()
}

/// One claim as the recipient would read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Claim {
    pub name: String,
    /// The value as text (JSON for anything but a string), shortened.
    pub value: String,
    /// For an SD-JWT claim disclosed inside another: that claim's name. It
    /// can be shown only with that one (its digest is inside it).
    pub inside: Option<String>,
}

const SHOWN_CHARS: usize = 240;

/// A claim's value as text (JSON for anything but a string), shortened.
pub(crate) fn claim_text(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > SHOWN_CHARS {
        format!("{}…", text.chars().take(SHOWN_CHARS).collect::<String>())
    } else {
        text
    }
}
