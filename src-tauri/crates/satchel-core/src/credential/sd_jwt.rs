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
    /// Where the issuer put it: the names (and, in lists, the positions)
    /// from the top of the credential down to the claim itself, so that
    /// `examiner.name` is never read as the learner's `name`.
    pub path: Vec<String>,
    /// The value as text (JSON for anything but a string), shortened.
    pub value: String,
    /// For an SD-JWT claim disclosed inside another: that claim's name. It
    /// can be shown only with that one (its digest is inside it).
    pub inside: Option<String>,
    /// The issuer's label for the claim by language (`en`, `fr`, …), from
    /// the type metadata that came with the credential, for exactly this
    /// path; empty when it published none.
    pub labels: std::collections::BTreeMap<String, String>,
}

/// One step of a claim's path: a name, or a position in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Name(String),
    Index(usize),
}

/// Where each digest is committed: the path of the object (or the list
/// position) that holds it, under `path`.
fn digest_places(value: &Value, path: &mut Vec<Step>, out: &mut std::collections::HashMap<String, Vec<Step>>, depth: usize) {
    if depth > 64 {
        return;
    }
    match value {
        Value::Object(map) => {
            for d in map.get("_sd").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
                out.entry(d.to_string()).or_insert_with(|| path.clone());
            }
            for (k, child) in map.iter().filter(|(k, _)| !matches!(k.as_str(), "_sd" | "_sd_alg")) {
                path.push(Step::Name(k.clone()));
                digest_places(child, path, out, depth + 1);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                match item.as_object().filter(|o| o.len() == 1).and_then(|o| o.get("...")).and_then(Value::as_str) {
                    // An element disclosed on its own: the digest stands where the element goes.
                    Some(d) => {
                        out.entry(d.to_string()).or_insert_with(|| path.clone());
                    }
                    None => digest_places(item, path, out, depth + 1),
                }
                path.pop();
            }
        }
        _ => {}
    }
}

/// The path of each disclosure (`None` for one no signed part commits to):
/// the place of its digest, then its name. Disclosures inside disclosures
/// are placed once the outer one is.
fn disclosure_paths(payload: &Value, all: &[(String, Disclosure)]) -> Vec<Option<Vec<Step>>> {
    let mut places = std::collections::HashMap::new();
    digest_places(payload, &mut Vec::new(), &mut places, 0);
    let digests: Vec<String> = all.iter().map(|(text, _)| URL_SAFE_NO_PAD.encode(Sha256::digest(text.as_bytes()))).collect();
    let mut paths: Vec<Option<Vec<Step>>> = vec![None; all.len()];
    // Each round places at least one more disclosure, or nothing changes.
    for _ in 0..=all.len() {
        let mut placed = false;
        for (i, (_, d)) in all.iter().enumerate() {
            if paths[i].is_some() {
                continue;
            }
            let Some(place) = places.get(&digests[i]).cloned() else { continue };
            let mut path = place;
            if let Some(name) = &d.name {
                path.push(Step::Name(name.clone()));
            }
            let mut inner = path.clone();
            digest_places(&d.value, &mut inner, &mut places, path.len());
            paths[i] = Some(path);
            placed = true;
        }
        if !placed {
            break;
        }
    }
    paths
}

/// The claims an SD-JWT shows: those its issuer signed in the clear
/// (digests aside), and those it discloses, each at the place the issuer
/// committed it to, with the issuer's labels for exactly that place. A
/// disclosure no signed part commits to is no claim. `None` when `text` is
/// no SD-JWT.
pub fn claims_of(text: &str) -> Option<(Vec<Claim>, Vec<Claim>)> {
    let text = text.trim();
    let compact = jws::parse(text.split('~').next().unwrap_or_default()).ok()?;
    let metadata = type_metadata(&compact);
    // A metadata path names a claim (string), a position (number) or any
    // position (null).
    let labels = |path: &[Step]| -> std::collections::BTreeMap<String, String> {
        let fits = |p: &Vec<Value>| {
            p.len() == path.len()
                && p.iter().zip(path).all(|(want, step)| match (want, step) {
                    (Value::String(w), Step::Name(n)) => w == n,
                    (Value::Number(w), Step::Index(i)) => w.as_u64() == Some(*i as u64),
                    (Value::Null, Step::Index(_)) => true,
                    _ => false,
                })
        };
        let claims = metadata.get("claims").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        claims
            .iter()
            .find(|c| c.get("path").and_then(Value::as_array).is_some_and(fits))
            .and_then(|c| c.get("display").and_then(Value::as_array))
            .map(|display| {
                display
                    .iter()
                    .filter_map(|d| {
                        let lang = d.get("lang").or_else(|| d.get("locale")).and_then(Value::as_str).unwrap_or("en");
                        Some((lang.to_string(), d.get("label")?.as_str()?.to_string()))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let words = |path: &[Step]| -> Vec<String> {
        path.iter()
            .map(|s| match s {
                Step::Name(n) => n.clone(),
                Step::Index(i) => i.to_string(),
            })
            .collect()
    };
    let always = match without_digests(&compact.payload) {
        Some(Value::Object(clear)) => clear
            .iter()
            .map(|(name, v)| {
                let path = [Step::Name(name.clone())];
                Claim { name: name.clone(), path: words(&path), value: claim_text(v), inside: None, labels: labels(&path) }
            })
            .collect(),
        _ => vec![],
    };
    let all = disclosures(text);
    let parents = nesting(&all);
    let paths = disclosure_paths(&compact.payload, &all);
    let mut disclosed: Vec<Claim> = all
        .iter()
        .enumerate()
        .filter_map(|(i, (_, d))| {
            let name = d.name.clone()?;
            let path = paths[i].as_ref()?;
            Some(Claim {
                value: claim_text(&without_digests(&d.value).unwrap_or(Value::Null)),
                path: words(path),
                inside: named_parent(&all, &parents, i),
                labels: labels(path),
                name,
            })
        })
        .collect();
    disclosed.sort_by(|a, b| (a.path.len(), &a.path).cmp(&(b.path.len(), &b.path)));
    disclosed.dedup_by(|a, b| a.path == b.path);
    Some((always, disclosed))
}

/// The SD-JWT VC type metadata that came with the credential: the issuer
/// JWT's `vctm` header (base64url JSON documents, covered by the issuer's
/// signature), the one whose `vct` is the credential's (`Null` if none).
/// Satchel does not fetch metadata from the `vct` URL: contacting it would
/// tell the issuer each time the credential is looked at.
///
/// See: <https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#name-type-metadata>
pub fn type_metadata(issuer_jwt: &jws::Compact<'_>) -> Value {
    let Some(vct) = issuer_jwt.payload.get("vct").and_then(Value::as_str) else { return Value::Null };
    let docs = match issuer_jwt.header.get("vctm") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => vec![],
    };
    docs.into_iter()
        .filter_map(Value::as_str)
        .filter_map(json_part)
        .find(|d| d.get("vct").and_then(Value::as_str) == Some(vct))
        .unwrap_or(Value::Null)
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn b64(v: &Value) -> String {
        URL_SAFE_NO_PAD.encode(v.to_string())
    }

    /// An SD-JWT (its signature is not read here) of `vct`, carrying
    /// `metadata` in its `vctm` header, disclosing a student number and a grade.
    fn token(vct: &str, metadata: Value) -> String {
        let number = b64(&json!(["s1", "student_number", "12345"]));
        let grade = b64(&json!(["s2", "grade", "4"]));
        let header = json!({"alg": "EdDSA", "typ": "dc+sd-jwt", "vctm": [b64(&metadata)]});
        let payload = json!({"iss": "https://issuer.example", "vct": vct, "iat": 1796040112, "_sd_alg": "sha-256", "_sd": [digest(&number), digest(&grade)]});
        format!("{}.{}.c2ln~{number}~{grade}~", b64(&header), b64(&payload))
    }

    #[test]
    fn claims_carry_the_issuers_labels_from_the_metadata_that_came_with_them() {
        let vct = "https://credentials.example/course-result";
        let metadata = json!({"vct": vct, "claims": [
            {"path": ["student_number"], "display": [{"lang": "en", "label": "Student ID"}, {"lang": "fr", "label": "N° d’étudiant"}]},
            {"path": ["iat"], "display": [{"locale": "en-GB", "label": "Issued"}]}
        ]});
        let (always, disclosed) = claims_of(&token(vct, metadata.clone())).expect("an SD-JWT");
        let number = disclosed.iter().find(|c| c.name == "student_number").unwrap();
        assert_eq!(number.value, "12345");
        assert_eq!(number.labels.get("fr").map(String::as_str), Some("N° d’étudiant"), "{number:?}");
        assert_eq!(number.labels.get("en").map(String::as_str), Some("Student ID"));
        assert!(disclosed.iter().find(|c| c.name == "grade").unwrap().labels.is_empty(), "no label published, none made up");
        let iat = always.iter().find(|c| c.name == "iat").unwrap();
        assert_eq!(iat.labels.get("en-GB").map(String::as_str), Some("Issued"), "earlier drafts' `locale` is read too");
        assert!(!always.iter().any(|c| c.name.starts_with('_')), "digests are no claim: {always:?}");

        assert_eq!(number.path, ["student_number"]);

        let (_, other) = claims_of(&token(vct, json!({"vct": "https://elsewhere.example/other", "claims": metadata["claims"]}))).unwrap();
        assert!(other.iter().all(|c| c.labels.is_empty()), "metadata for another type labels nothing here");
        assert_eq!(claims_of("not a token"), None);
    }

    /// The attack review: an examiner's `name`, signed inside an object the
    /// issuer put in the clear, was shown as the learner's `name` under the
    /// issuer's label "Graduate", and the learner's own `name` dropped.
    #[test]
    fn a_nested_claim_keeps_its_place_and_gets_only_its_own_label() {
        let vct = "https://uni.example/degree";
        let learner = b64(&json!(["s1", "name", "Alice Example"]));
        let examiner = b64(&json!(["s2", "name", "Prof. Mallory Forger"]));
        let nested_outer_inner = b64(&json!(["s4", "name", "Dr. Inner"]));
        let committee = b64(&json!(["s3", "committee", {"_sd": [digest(&nested_outer_inner)]}]));
        let role = b64(&json!(["s5", "role", "chair"]));
        let metadata = json!({"vct": vct, "claims": [
            {"path": ["name"], "display": [{"lang": "en", "label": "Graduate"}]},
            {"path": ["members", null, "role"], "display": [{"lang": "en", "label": "Role"}]}
        ]});
        let header = json!({"alg": "EdDSA", "typ": "dc+sd-jwt", "vctm": [b64(&metadata)]});
        let payload = json!({"iss": "https://uni.example", "vct": vct, "_sd_alg": "sha-256", "_sd": [digest(&learner), digest(&committee)],
            "examiner": {"_sd": [digest(&examiner)]}, "members": [{"_sd": [digest(&role)]}]});
        // The holder puts the examiner's disclosure first.
        let text = format!("{}.{}.c2ln~{examiner}~{learner}~{committee}~{nested_outer_inner}~{role}~", b64(&header), b64(&payload));
        let (always, disclosed) = claims_of(&text).unwrap();
        let at = |path: &[&str]| disclosed.iter().find(|c| c.path == path).unwrap_or_else(|| panic!("{path:?} in {disclosed:?}"));
        assert_eq!(at(&["name"]).value, "Alice Example", "the learner's name is kept: {disclosed:?}");
        assert_eq!(at(&["name"]).labels.get("en").map(String::as_str), Some("Graduate"));
        assert_eq!(at(&["examiner", "name"]).value, "Prof. Mallory Forger");
        assert!(at(&["examiner", "name"]).labels.is_empty(), "no label of another place: {:?}", at(&["examiner", "name"]));
        assert_eq!(at(&["committee", "name"]).inside.as_deref(), Some("committee"), "shown only with the disclosure it is inside");
        assert!(at(&["committee", "name"]).labels.is_empty(), "the top-level label is not borrowed");
        assert_eq!(
            at(&["members", "0", "role"]).labels.get("en").map(String::as_str),
            Some("Role"),
            "a list's any-position step (null) fits"
        );
        assert_eq!(disclosed.len(), 5, "{disclosed:?}");
        assert!(always.iter().any(|c| c.path == ["examiner"]), "the object signed in the clear is listed at its place");

        // A disclosure no signed part commits to is no claim.
        let stray = b64(&json!(["s9", "name", "Nobody Signed This"]));
        let (_, with_stray) = claims_of(&format!("{}.{}.c2ln~{stray}~", b64(&header), b64(&payload))).unwrap();
        assert!(with_stray.is_empty(), "{with_stray:?}");
    }
}
