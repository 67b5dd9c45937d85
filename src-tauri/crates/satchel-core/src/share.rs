//! Selective-share packages: a W3C Verifiable Presentation that carries the
//! credentials the learner picked, signed by the learner's own key for one
//! recipient, one challenge, until a date.
//!
//! - JSON-LD credentials (Data Integrity) are embedded as they are: their
//!   proofs are over canonical RDF, so the JSON around them may move.
//! - Everything secured as bytes travels as those exact bytes inside an
//!   `EnvelopedVerifiableCredential` (`data:` URL): VC-JWT, EDC seals, Open
//!   Badges 2.0, and SD-JWT VCs as SD-JWT *presentations* with only the
//!   chosen disclosures and, when the credential is bound to the learner's
//!   key (`cnf`), a key-binding JWT for the same audience and nonce.
//! - The holder proof is `DataIntegrityProof` / `eddsa-rdfc-2022` with
//!   `proofPurpose: authentication`, `challenge`, `domain` and `expires`.
//!
//! What a credential signed as a whole cannot do is lose a field: only SD-JWT
//! claims can be hidden ([`hideable_claims`]).
//!
//! See: <https://www.w3.org/TR/vc-data-model-2.0/#verifiable-presentations>,
//! <https://www.w3.org/TR/vc-data-model-2.0/#enveloped-verifiable-credentials>,
//! <https://www.rfc-editor.org/rfc/rfc9901#name-key-binding-jwt>

use std::collections::{BTreeMap, BTreeSet};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::credential::{self, DataModel, Family, Securing};
use crate::error::{Error, Result};
use crate::keys;
use crate::store::credentials::CredentialRecord;
use crate::verify::{self, Check, CheckResult, Finding, Report, Verdict, VerifyOptions};

/// The media type of a package file.
pub const MEDIA_TYPE: &str = "application/vp";
/// How long a package is valid unless the learner says otherwise.
pub const DEFAULT_VALIDITY_DAYS: i64 = 30;
const VC2: &str = "https://www.w3.org/ns/credentials/v2";
const VC1: &str = "https://www.w3.org/2018/credentials/v1";
const DATA_INTEGRITY: &str = "https://w3id.org/security/data-integrity/v2";

/// Who and what a package is for.
#[derive(Debug, Clone, Default)]
pub struct Audience {
    /// The employer's name, for the learner's log (not in the package).
    pub recipient: Option<String>,
    /// The verifier's domain, bound into the proof.
    pub domain: Option<String>,
    /// The verifier's challenge; a random one when none is given.
    pub challenge: Option<String>,
}

/// A credential to put in a package: its record, its exact bytes, and for
/// SD-JWT the claims to disclose (`None`: all it carries).
#[derive(Debug, Clone)]
pub struct Item {
    pub record: CredentialRecord,
    pub bytes: Vec<u8>,
    pub disclose: Option<BTreeSet<String>>,
}

/// A signed package.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Package {
    /// The presentation, as written to the file.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    pub holder: String,
    pub challenge: String,
    pub domain: Option<String>,
    pub created: String,
    pub expires: String,
    /// Per credential: what the recipient sees of it.
    pub contents: Vec<Shown>,
}

/// What one credential shows in a package.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Shown {
    pub id: String,
    pub title: Option<String>,
    /// `embedded` (JSON-LD as is), `enveloped` (exact bytes), `sd-jwt`.
    pub carried: String,
    /// SD-JWT: the claims disclosed and those kept back.
    pub disclosed: Vec<String>,
    pub withheld: Vec<String>,
}

/// The claims of an SD-JWT credential that can be left out of a package
/// (those with a disclosure), by name; empty for any other credential,
/// which is signed as a whole.
pub fn hideable_claims(bytes: &[u8]) -> Vec<String> {
    let Ok(text) = std::str::from_utf8(bytes) else { return vec![] };
    if !text.contains('~') {
        return vec![];
    }
    // Claims SD-JWT VC forbids hiding (`exp`, `status`, ...) are never offered.
    let registered = crate::verify::sd_jwt::registered_disclosed_in(text);
    disclosures(text)
        .into_iter()
        .filter_map(|(_, d)| d.name)
        .filter(|n| !registered.contains(n))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// How a credential travels in a package: `embedded` (JSON-LD with a Data
/// Integrity proof, as it is), `sd-jwt` (a presentation of it) or
/// `enveloped` (its exact bytes).
fn carrier(detected: &credential::Detected) -> &'static str {
    if detected.format.securing == Securing::SdJwt {
        "sd-jwt"
    } else if matches!(detected.format.family, Family::Vc | Family::Ob3 | Family::Clr)
        && matches!(detected.format.securing, Securing::Di | Securing::None)
        && detected.container == credential::Container::Bare
    {
        "embedded"
    } else {
        "enveloped"
    }
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

/// What sharing one credential shows, before anything is signed: the
/// learner's preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Preview {
    pub id: String,
    pub title: Option<String>,
    /// `embedded`, `enveloped` or `sd-jwt` (see [`Shown::carried`]).
    pub carried: String,
    /// The claims the recipient always sees: for SD-JWT those the issuer
    /// signed in the clear; empty for a credential shared whole.
    pub always: Vec<Claim>,
    /// The SD-JWT claims the learner may show or keep back.
    pub optional: Vec<Claim>,
}

const SHOWN_CHARS: usize = 240;

fn claim_text(value: &Value) -> String {
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

/// A value with SD-JWT's digests (`_sd`, `_sd_alg`, `{"...": digest}`)
/// taken out: what a reader sees of it without the disclosures.
fn without_digests(value: &Value) -> Option<Value> {
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

/// What sharing the credential `bytes` (kept as `record`) shows and what
/// the learner may hold back.
///
/// # Errors
/// `format` when the bytes are no credential Satchel reads.
pub fn preview(record: &CredentialRecord, bytes: &[u8]) -> Result<Preview> {
    let detected = credential::detect(bytes)?;
    let carried = carrier(&detected);
    let (mut always, mut optional) = (Vec::new(), Vec::new());
    if carried == "sd-jwt" {
        let text = std::str::from_utf8(bytes).map_err(|_| Error::CannotShare("the SD-JWT is not text".into()))?.trim();
        let compact = crate::jws::parse(text.split('~').next().unwrap_or_default())
            .map_err(|e| Error::CannotShare(format!("the SD-JWT cannot be read: {e}")))?;
        if let Some(Value::Object(clear)) = without_digests(&compact.payload) {
            always = clear.iter().map(|(name, v)| Claim { name: name.clone(), value: claim_text(v), inside: None }).collect();
        }
        let all = disclosures(text);
        let parents = nesting(&all);
        optional = all
            .iter()
            .enumerate()
            .filter_map(|(i, (_, d))| {
                Some(Claim {
                    name: d.name.clone()?,
                    value: claim_text(&without_digests(&d.value).unwrap_or(Value::Null)),
                    inside: named_parent(&all, &parents, i),
                })
            })
            .collect();
        optional.sort_by(|a, b| a.name.cmp(&b.name));
        optional.dedup_by(|a, b| a.name == b.name);
    }
    Ok(Preview { id: record.id.clone(), title: record.summary.title.clone(), carried: carried.into(), always, optional })
}

/// For each disclosure, the disclosure whose value commits to its digest
/// (`None`: the issuer-signed payload does, or nothing does).
fn nesting(all: &[(String, Disclosure)]) -> Vec<Option<usize>> {
    let digests: Vec<String> = all.iter().map(|(text, _)| URL_SAFE_NO_PAD.encode(Sha256::digest(text.as_bytes()))).collect();
    let mut parents = vec![None; all.len()];
    for (i, (_, d)) in all.iter().enumerate() {
        let mut nested = Vec::new();
        crate::verify::sd_jwt::committed_digests(&d.value, &mut nested, 0);
        for (j, digest) in digests.iter().enumerate() {
            if j != i && nested.contains(digest) {
                parents[j] = Some(i);
            }
        }
    }
    parents
}

/// The name of the nearest named disclosure that disclosure `i` is inside.
fn named_parent(all: &[(String, Disclosure)], parents: &[Option<usize>], i: usize) -> Option<String> {
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
struct Disclosure {
    name: Option<String>,
    value: Value,
}

fn disclosures(sd_jwt: &str) -> Vec<(String, Disclosure)> {
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

/// An SD-JWT presentation of `sd_jwt` with the disclosures of `chosen`
/// claims (and those nested inside them), and a key-binding JWT signed with
/// `holder` when the credential is bound to that key.
fn present_sd_jwt(
    sd_jwt: &str,
    chosen: Option<&BTreeSet<String>>,
    holder: &SigningKey,
    audience: &str,
    nonce: &str,
    now: DateTime<Utc>,
) -> Result<(String, Shown)> {
    let text = sd_jwt.trim();
    let issuer_jwt = text.split('~').next().unwrap_or_default();
    let compact = crate::jws::parse(issuer_jwt).map_err(|e| Error::CannotShare(format!("the SD-JWT cannot be read: {e}")))?;
    let registered = crate::verify::sd_jwt::registered_disclosed_in(text);
    if !registered.is_empty() {
        return Err(Error::CannotShare(format!(
            "the issuer made {} selectively disclosable, which SD-JWT VC forbids: a verifier could not tell whether it was hidden",
            registered.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
        )));
    }
    let all = disclosures(text);
    let names: BTreeSet<String> = all.iter().filter_map(|(_, d)| d.name.clone()).collect();
    if let Some(chosen) = chosen {
        if let Some(unknown) = chosen.iter().find(|c| !names.contains(*c)) {
            return Err(Error::CannotShare(format!(
                "the credential has no claim `{unknown}` that can be disclosed (it has: {})",
                names.iter().cloned().collect::<Vec<_>>().join(", ")
            )));
        }
    }
    // Keep the chosen disclosures (all of them when none are chosen), and
    // the unnamed array elements inside kept ones (the learner cannot pick
    // those one by one). A named claim inside another is kept only when
    // chosen: leaving it out is what the learner asked for.
    let parents = nesting(&all);
    let mut keep: BTreeSet<usize> =
        (0..all.len()).filter(|&i| chosen.is_none_or(|c| all[i].1.name.as_ref().is_some_and(|n| c.contains(n)))).collect();
    loop {
        let more: Vec<usize> = (0..all.len())
            .filter(|&i| !keep.contains(&i) && all[i].1.name.is_none() && parents[i].is_some_and(|p| keep.contains(&p)))
            .collect();
        if more.is_empty() {
            break;
        }
        keep.extend(more);
    }
    // A claim inside another cannot be shown without it: its digest is
    // there, so on its own it would match nothing the issuer signed.
    for &i in &keep {
        if parents[i].is_some_and(|p| !keep.contains(&p)) {
            let name = all[i].1.name.clone().unwrap_or_else(|| "an element".into());
            let outer = named_parent(&all, &parents, i).unwrap_or_else(|| "another claim".into());
            return Err(Error::CannotShare(format!("`{name}` is inside `{outer}`: show `{outer}` too, or leave `{name}` out")));
        }
    }
    let keep: BTreeSet<String> = keep.into_iter().map(|i| all[i].0.clone()).collect();
    let mut presented = format!("{issuer_jwt}~");
    let (mut disclosed, mut withheld) = (BTreeSet::new(), BTreeSet::new());
    for (text, d) in &all {
        if keep.contains(text) {
            presented.push_str(text);
            presented.push('~');
            disclosed.extend(d.name.clone());
        } else {
            withheld.extend(d.name.clone());
        }
    }
    if let Some(cnf) = compact.payload.pointer("/cnf/jwk") {
        let ours = json!({"kty": "OKP", "crv": "Ed25519", "x": URL_SAFE_NO_PAD.encode(holder.verifying_key().as_bytes())});
        let theirs = crate::jws::jwk_thumbprint(cnf);
        if theirs.is_none() || theirs != crate::jws::jwk_thumbprint(&ours) {
            return Err(Error::CannotShare(
                "this SD-JWT credential is bound to a key this profile does not hold, so it cannot be presented with proof of holding it"
                    .into(),
            ));
        }
        let header = json!({"alg": "EdDSA", "typ": "kb+jwt"});
        let sd_hash = URL_SAFE_NO_PAD.encode(Sha256::digest(presented.as_bytes()));
        let payload = json!({"iat": now.timestamp(), "aud": audience, "nonce": nonce, "sd_hash": sd_hash});
        let input = format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(payload.to_string()));
        let signature = ed25519_dalek::Signer::sign(holder, input.as_bytes());
        presented.push_str(&format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes())));
    }
    let shown = Shown {
        id: String::new(),
        title: None,
        carried: "sd-jwt".into(),
        disclosed: disclosed.iter().cloned().collect(),
        withheld: withheld.difference(&disclosed.clone()).cloned().collect(),
    };
    Ok((presented, shown))
}

/// A package's set id: 16 random bytes as a UUID (version 4).
fn random_set_id() -> String {
    let mut b = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// The `id` of presentation `i` (1-based) of `n` in package `set`.
fn part_id(set: &str, i: usize, n: usize) -> String {
    format!("urn:uuid:{set}#presentation-{i}-of-{n}")
}

/// The set, position and count an `id` made by [`part_id`] names.
fn parse_part_id(id: &str) -> Option<(&str, usize, usize)> {
    let (set, part) = id.strip_prefix("urn:uuid:")?.split_once("#presentation-")?;
    let (i, n) = part.split_once("-of-")?;
    let (i, n) = (i.parse().ok()?, n.parse().ok()?);
    (set.len() == 36 && (1..=n).contains(&i)).then_some((set, i, n))
}

fn random_challenge() -> String {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Builds and signs a package of `items` for `audience`, valid until
/// `now + valid_for`, with the key of profile `holder_did`.
pub fn build(
    items: &[Item],
    audience: &Audience,
    valid_for: chrono::Duration,
    holder_did: &str,
    key: &SigningKey,
    now: DateTime<Utc>,
) -> Result<Package> {
    if items.is_empty() {
        return Err(Error::CannotShare("choose at least one credential to share".into()));
    }
    if valid_for <= chrono::Duration::zero() {
        return Err(Error::CannotShare("a package must stay valid for some time".into()));
    }
    let challenge = audience.challenge.clone().filter(|c| !c.is_empty()).unwrap_or_else(random_challenge);
    let kb_audience = audience.domain.clone().or_else(|| audience.recipient.clone()).unwrap_or_else(|| "any verifier".into());
    // One presentation per data model, in the order the learner's picks
    // first name each (see `docs/package-format.md`).
    let mut groups: Vec<(&'static str, Vec<Value>, Vec<Shown>)> = Vec::new();
    for item in items {
        let mut embedded = Vec::new();
        let mut models = BTreeSet::new();
        let detected = credential::detect(&item.bytes)?;
        let mut shown = Shown {
            id: item.record.id.clone(),
            title: item.record.summary.title.clone(),
            carried: "enveloped".into(),
            disclosed: vec![],
            withheld: vec![],
        };
        let json_ld = carrier(&detected) == "embedded";
        if item.disclose.is_some() && detected.format.securing != Securing::SdJwt {
            return Err(Error::CannotShare(format!(
                "`{}` is signed as a whole: it cannot lose a field without breaking its signature, so it is shared entire",
                item.record.summary.title.as_deref().unwrap_or(&item.record.id)
            )));
        }
        if json_ld {
            let doc: Value = serde_json::from_slice(&item.bytes).map_err(|e| Error::CannotShare(e.to_string()))?;
            models.insert(if detected.format.model == Some(DataModel::Vc11) { "1.1" } else { "2.0" });
            shown.carried = "embedded".into();
            embedded.push(doc);
        } else if detected.format.securing == Securing::SdJwt {
            let text = std::str::from_utf8(&item.bytes).map_err(|_| Error::CannotShare("the SD-JWT is not text".into()))?;
            let (presented, s) = present_sd_jwt(text, item.disclose.as_ref(), key, &kb_audience, &challenge, now)?;
            shown.carried = s.carried;
            shown.disclosed = s.disclosed;
            shown.withheld = s.withheld;
            let typ = crate::jws::parse(text.split('~').next().unwrap_or_default())
                .ok()
                .and_then(|c| c.header.get("typ").and_then(Value::as_str).map(str::to_string))
                .unwrap_or_else(|| "dc+sd-jwt".into());
            models.insert("2.0");
            embedded.push(envelope(&format!("data:application/{typ},{presented}")));
        } else {
            models.insert("2.0");
            let url = match std::str::from_utf8(&item.bytes) {
                Ok(text) if detected.format.securing == Securing::Jwt && !text.trim().contains(char::is_whitespace) => {
                    format!("data:application/vc+jwt,{}", text.trim())
                }
                _ => format!("data:{};base64,{}", item.record.media_type, STANDARD.encode(&item.bytes)),
            };
            embedded.push(envelope(&url));
        }
        let model = models.into_iter().next().unwrap_or("2.0");
        let at = match groups.iter().position(|(m, _, _)| *m == model) {
            Some(at) => at,
            None => {
                groups.push((model, Vec::new(), Vec::new()));
                groups.len() - 1
            }
        };
        groups[at].1.extend(embedded);
        groups[at].2.push(shown);
    }
    let created = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let until = now.checked_add_signed(valid_for).ok_or_else(|| Error::CannotShare("that is too far in the future".into()))?;
    let expires = until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut options = json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": created,
        "expires": expires,
        "verificationMethod": keys::verification_method(holder_did),
        "proofPurpose": "authentication",
        "challenge": challenge,
    });
    if let Some(domain) = &audience.domain {
        options["domain"] = Value::String(domain.clone());
    }
    // Several presentations say, each under its own signature, which part
    // of which package they are, so one left out is noticed.
    let set = (groups.len() > 1).then(random_set_id);
    let count = groups.len();
    let mut signed = Vec::new();
    let mut contents = Vec::new();
    for (i, (model, embedded, shown)) in groups.into_iter().enumerate() {
        let context = if model == "1.1" { json!([VC1, DATA_INTEGRITY]) } else { json!([VC2]) };
        let mut presentation = json!({
            "@context": context,
            "type": ["VerifiablePresentation"],
            "holder": holder_did,
            "verifiableCredential": embedded,
        });
        if let Some(set) = &set {
            presentation["id"] = Value::String(part_id(set, i + 1, count));
        }
        let proof = verify::data_integrity::sign_eddsa_rdfc_2022(&presentation, options.clone(), key).map_err(Error::CannotShare)?;
        presentation["proof"] = proof;
        signed.push(presentation);
        contents.extend(shown);
    }
    let file = if signed.len() == 1 { signed.remove(0) } else { Value::Array(signed) };
    let bytes = serde_json::to_vec_pretty(&file).expect("JSON serialises");
    Ok(Package { bytes, holder: holder_did.to_string(), challenge, domain: audience.domain.clone(), created, expires, contents })
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A printable one-page summary of a package, for attaching to an e-mail:
/// what it holds, for whom, until when, and its QR code(s).
pub fn summary_html(package: &Package, codes: &[crate::qr::QrCode]) -> String {
    let items: String = package
        .contents
        .iter()
        .map(|c| {
            let hidden = if c.withheld.is_empty() {
                String::new()
            } else {
                format!(
                    " <small>(shows {}; keeps back {})</small>",
                    html_escape(&c.disclosed.join(", ")),
                    html_escape(&c.withheld.join(", "))
                )
            };
            format!("<li>{}{hidden}</li>", html_escape(c.title.as_deref().unwrap_or("Untitled credential")))
        })
        .collect();
    let figures: String = codes
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let caption =
                if codes.len() > 1 { format!("<figcaption>Code {} of {}</figcaption>", i + 1, codes.len()) } else { String::new() };
            format!("<figure>{}{caption}</figure>", crate::qr::svg(code))
        })
        .collect();
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Credentials shared with Satchel</title>
<style>body{{font:14px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;color:#111}}h1{{font-size:1.4rem}}figure{{display:inline-block;margin:.5rem}}figcaption{{text-align:center}}dt{{font-weight:600}}code{{word-break:break-all}}@media print{{body{{margin:1cm}}}}</style></head>
<body><h1>Credentials shared with you</h1>
<ul>{items}</ul>
<dl><dt>From (the holder's key)</dt><dd><code>{holder}</code></dd>
<dt>Challenge</dt><dd><code>{challenge}</code></dd>{domain}
<dt>Valid until</dt><dd>{expires}</dd></dl>
<p>The QR code{plural} below carr{verb} the whole signed package, so it can be checked without any network:
scan {them} with Satchel's employer mode, or save {them} as images and run <code>satchel verify --qr</code>.
The package file attached with this page is the same package.</p>
{figures}
</body></html>
"#,
        holder = html_escape(&package.holder),
        challenge = html_escape(&package.challenge),
        domain = package.domain.as_deref().map(|d| format!("<dt>For the domain</dt><dd>{}</dd>", html_escape(d))).unwrap_or_default(),
        expires = html_escape(&package.expires),
        plural = if codes.len() > 1 { "s" } else { "" },
        verb = if codes.len() > 1 { "y" } else { "ies" },
        them = if codes.len() > 1 { "them" } else { "it" },
    )
}

fn envelope(url: &str) -> Value {
    json!({"@context": VC2, "id": url, "type": "EnvelopedVerifiableCredential"})
}

/// What the verifier expects of a package: the challenge and domain it
/// gave. `None`: report the package's own.
#[derive(Debug, Clone, Default)]
pub struct Expectation {
    pub challenge: Option<String>,
    pub domain: Option<String>,
}

/// An employer's check of a package: the holder's proof and each credential.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PackageReport {
    pub format: String,
    pub verdict: Verdict,
    pub holder: Option<String>,
    pub challenge: Option<String>,
    pub domain: Option<String>,
    pub expires: Option<String>,
    /// The holder proof's checks (`format`, `signature`, `issuer` = the
    /// holder controls the key, `validity` = within `expires`).
    pub checks: Vec<CheckResult>,
    pub credentials: Vec<Report>,
    pub checked_at: String,
    /// What the employer reads of each credential, in the order of
    /// `credentials` (`about[i]` is `credentials[i]`): whom it is about and
    /// what it says. Additive (issue 15, the employer's report).
    pub about: Vec<About>,
}

/// One credential of a package as the employer reads it: whom it names,
/// what the learner achieved, and for an SD-JWT the claims disclosed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct About {
    /// The subjects it names (`credentialSubject.id`, else `sub`).
    pub subjects: Vec<String>,
    /// Whether one of them is the package's holder (the sender).
    pub names_sender: bool,
    /// Bound to a key (`cnf`) instead: its key binding says whose it is.
    pub key_bound: bool,
    /// The learning view (title, issuer, learner, achievements), when readable.
    pub view: Option<crate::learning::LearningView>,
    /// For an SD-JWT: every claim the employer was shown (signed in the
    /// clear, or disclosed); empty for other credentials.
    pub disclosed: Vec<Claim>,
}

impl About {
    fn of(bytes: &[u8], holder: Option<&str>) -> Self {
        let (subjects, key_bound) = subjects_of(bytes);
        let names_sender = holder.is_some_and(|h| subjects.iter().any(|s| s == h));
        let view = crate::learning::view(bytes, &["en"]).ok();
        Self { subjects, names_sender, key_bound, view, disclosed: disclosed_claims(bytes) }
    }
}

/// The claims an SD-JWT shows: those signed in the clear (digests aside)
/// and each disclosure it carries.
fn disclosed_claims(bytes: &[u8]) -> Vec<Claim> {
    let Some(text) = std::str::from_utf8(bytes).ok().map(str::trim).filter(|t| t.contains('~')) else { return vec![] };
    let Ok(compact) = crate::jws::parse(text.split('~').next().unwrap_or_default()) else { return vec![] };
    let mut claims: Vec<Claim> = match without_digests(&compact.payload) {
        Some(Value::Object(clear)) => {
            clear.iter().map(|(name, v)| Claim { name: name.clone(), value: claim_text(v), inside: None }).collect()
        }
        _ => vec![],
    };
    let all = disclosures(text);
    let parents = nesting(&all);
    claims.extend(all.iter().enumerate().filter_map(|(i, (_, d))| {
        Some(Claim {
            name: d.name.clone()?,
            value: claim_text(&without_digests(&d.value).unwrap_or(Value::Null)),
            inside: named_parent(&all, &parents, i),
        })
    }));
    claims
}

/// What an employer was given, checked: a package, or a lone credential.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Checked {
    Package(PackageReport),
    Credential(Report),
}

impl Checked {
    pub fn verdict(&self) -> Verdict {
        match self {
            Checked::Package(p) => p.verdict,
            Checked::Credential(r) => r.verdict,
        }
    }
}

/// Checks what an employer received: a package ([`verify_package`], held
/// to `expect`) or a single credential (the normal checks).
///
/// # Errors
/// As [`verify_package`] and [`verify::verify`]: only when it cannot be read.
pub fn check(bytes: &[u8], expect: &Expectation, options: &VerifyOptions<'_>) -> Result<Checked> {
    // A presentation sealed by an institution (an EDC issued as a sealed
    // presentation) is a credential, not a holder's package.
    let is_package = credential::detect(bytes).is_ok_and(|d| {
        d.format.family == Family::Vp && !matches!(d.format.securing, credential::Securing::Jades | credential::Securing::Xades)
    }) || is_presentation_list(bytes);
    if is_package {
        return Ok(Checked::Package(verify_package(bytes, expect, options)?));
    }
    let mut report = verify::verify(bytes, options)?;
    // A credential on its own answers no challenge: anyone who has seen it
    // can pass it on. When the verifier asked for one, say so in the verdict.
    let asked: Vec<String> = [("challenge", &expect.challenge), ("domain", &expect.domain)]
        .into_iter()
        .filter_map(|(what, v)| v.as_ref().map(|v| format!("{what} `{v}`")))
        .collect();
    if !asked.is_empty() {
        report.checks.push(
            CheckResult::failed(
                Check::Signature,
                format!(
                    "a credential on its own, not a package signed by its holder: your {} was not answered, so nothing shows that whoever sent it holds it",
                    asked.join(" and ")
                ),
            )
            .with(Finding::Unconfirmed),
        );
        report.verdict = Verdict::of(&report.checks);
    }
    Ok(Checked::Credential(report))
}

/// A package of several presentations: a JSON array whose first item is a
/// Verifiable Presentation (the rest are held to that in [`verify_package`]).
fn is_presentation_list(bytes: &[u8]) -> bool {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    if start.is_none_or(|i| bytes[i] != b'[') {
        return false;
    }
    let Ok(Value::Array(items)) = serde_json::from_slice::<Value>(bytes) else { return false };
    items.first().and_then(|d| d.get("type")).is_some_and(|t| match t {
        Value::Array(t) => t.iter().any(|t| t == "VerifiablePresentation"),
        t => t == "VerifiablePresentation",
    })
}

/// Puts together what an employer was handed in pieces: pictures of QR
/// codes (PNG or JPEG, a whole sequence in any order), the texts of scanned
/// codes (`SC1…`, a line each), or one package or credential as it is.
///
/// # Errors
/// `unsupported_format` for an image without a readable code, codes of
/// two packages or a sequence with parts missing, and for more than one
/// package or credential at once.
pub fn gather(parts: &[Vec<u8>]) -> Result<Vec<u8>> {
    let (mut texts, mut whole) = (Vec::new(), Vec::new());
    for part in parts {
        let is_image = part.starts_with(b"\x89PNG\r\n\x1a\n") || part.starts_with(&[0xFF, 0xD8, 0xFF]);
        let text = std::str::from_utf8(part).ok().map(str::trim).filter(|t| t.starts_with("SC1"));
        if is_image {
            texts.extend(crate::qr::read_image(part)?);
        } else if let Some(text) = text {
            texts.extend(text.lines().map(str::to_string).filter(|l| !l.trim().is_empty()));
        } else {
            whole.push(part);
        }
    }
    match (whole.as_slice(), texts.is_empty()) {
        ([], false) => crate::qr::decode_package(&texts),
        ([one], true) => Ok(one.to_vec()),
        ([], true) => Err(credential::FormatError { seen: "nothing to check".into() }.into()),
        _ => Err(credential::FormatError {
            seen: "more than one thing at once: check one package (or the pictures of one QR sequence) at a time".into(),
        }
        .into()),
    }
}

/// The bytes an embedded or enveloped credential stands for.
fn carried_bytes(vc: &Value) -> Option<Vec<u8>> {
    if vc.get("type").and_then(Value::as_str) == Some("EnvelopedVerifiableCredential")
        || vc.get("type").and_then(Value::as_array).is_some_and(|t| t.iter().any(|t| t == "EnvelopedVerifiableCredential"))
    {
        let url = vc.get("id").and_then(Value::as_str)?;
        let rest = url.strip_prefix("data:")?;
        let (meta, data) = rest.split_once(',')?;
        return if meta.ends_with(";base64") { STANDARD.decode(data).ok() } else { Some(data.as_bytes().to_vec()) };
    }
    serde_json::to_vec(vc).ok()
}

/// Verifies a package: the holder's proof (against `expect` when given)
/// and every credential in it with the normal checks. A package of
/// several presentations (one per data model, a JSON array) holds when
/// each does, all are signed by one key for one challenge and domain, and
/// none is missing, repeated or from another package.
pub fn verify_package(bytes: &[u8], expect: &Expectation, options: &VerifyOptions<'_>) -> Result<PackageReport> {
    let doc: Value =
        serde_json::from_slice(bytes).map_err(|e| credential::FormatError { seen: format!("JSON that does not parse ({e})") })?;
    let docs = match doc {
        Value::Array(docs) => docs,
        one if one.get("id").and_then(Value::as_str).and_then(parse_part_id).is_some() => vec![one],
        _ => return verify_presentation(bytes, expect, options),
    };
    if docs.is_empty() || docs.len() > MAX_PRESENTATIONS {
        return Err(credential::FormatError {
            seen: format!("a list of {} presentations (a package holds 1 to {MAX_PRESENTATIONS})", docs.len()),
        }
        .into());
    }
    let n = docs.len();
    let mut parts = Vec::new();
    for doc in &docs {
        let bytes = serde_json::to_vec(doc).expect("JSON serialises");
        parts.push(verify_presentation(&bytes, expect, options)?);
    }
    // What each presentation's (signed) proof and `id` say.
    let proof_of = |doc: &Value| match doc.get("proof") {
        Some(Value::Array(p)) => p.first().cloned().unwrap_or(Value::Null),
        Some(p) => p.clone(),
        None => Value::Null,
    };
    let said = |doc: &Value, k: &str| proof_of(doc).get(k).and_then(Value::as_str).map(str::to_string);
    let mut checks = Vec::new();
    for (i, part) in parts.iter_mut().enumerate() {
        for c in part.checks.drain(..) {
            let detail = match &c.detail {
                Some(d) => format!("presentation {} of {n}: {d}", i + 1),
                None => format!("presentation {} of {n}", i + 1),
            };
            checks.push(CheckResult { detail: Some(detail), ..c });
        }
    }
    let first = &docs[0];
    for (k, what) in [("challenge", "challenge"), ("domain", "domain"), ("verificationMethod", "key")] {
        if let Some(i) = docs.iter().position(|d| said(d, k) != said(first, k)) {
            let check = if k == "verificationMethod" { Check::Issuer } else { Check::Signature };
            checks.push(CheckResult::failed(
                check,
                format!(
                    "presentation {} is signed for {what} `{}`, presentation 1 for `{}`: they are not one package",
                    i + 1,
                    said(&docs[i], k).unwrap_or_else(|| "(none)".into()),
                    said(first, k).unwrap_or_else(|| "(none)".into())
                ),
            ));
        }
    }
    if parts.iter().any(|p| p.holder != parts[0].holder) {
        checks.push(CheckResult::failed(Check::Issuer, "the presentations name different holders: they are not one package"));
    }
    let ids: Vec<Option<(&str, usize, usize)>> = docs.iter().map(|d| d.get("id").and_then(Value::as_str).and_then(parse_part_id)).collect();
    let set = ids[0].map(|(set, _, _)| set);
    let told = ids[0].map(|(_, _, of)| of);
    let mut seen = BTreeSet::new();
    let mut parts_ok = true;
    for (i, id) in ids.iter().enumerate() {
        match id {
            Some((s, at, of)) if Some(*s) == set && Some(*of) == told && seen.insert(*at) => {}
            Some((s, at, _)) if Some(*s) == set && seen.contains(at) => {
                parts_ok = false;
                checks.push(CheckResult::failed(Check::Format, format!("presentation {} is part {at} again", i + 1)));
            }
            Some(_) => {
                parts_ok = false;
                checks.push(CheckResult::failed(Check::Format, format!("presentation {} belongs to another package", i + 1)));
            }
            None => {
                parts_ok = false;
                checks.push(CheckResult::failed(
                    Check::Format,
                    format!("presentation {} does not say which part of which package it is", i + 1),
                ));
            }
        }
    }
    let missing: Vec<String> = (1..=told.unwrap_or(n)).filter(|at| !seen.contains(at)).map(|at| at.to_string()).collect();
    if parts_ok && !missing.is_empty() {
        parts_ok = false;
        checks.push(CheckResult::failed(
            Check::Format,
            format!("part {} of {} is missing: the package was cut", missing.join(", "), told.unwrap_or(n)),
        ));
    }
    if parts_ok {
        checks.insert(
            0,
            CheckResult::passed(Check::Format, Some(format!("a package of {n} presentations, one per data model, all of them here"))),
        );
    }
    let holder_verdict = Verdict::of(&checks);
    let credentials: Vec<Report> = parts.iter_mut().flat_map(|p| p.credentials.drain(..)).collect();
    let about: Vec<About> = parts.iter_mut().flat_map(|p| p.about.drain(..)).collect();
    let verdict = std::iter::once(holder_verdict)
        .chain(credentials.iter().map(|r| r.verdict))
        .chain(parts.iter().map(|p| p.verdict))
        .max_by_key(|v| v.rank())
        .unwrap_or(holder_verdict);
    let expires = parts.iter().filter_map(|p| p.expires.clone()).min();
    let first = parts.remove(0);
    Ok(PackageReport {
        format: first.format,
        verdict,
        holder: first.holder,
        challenge: first.challenge,
        domain: first.domain,
        expires,
        checks,
        credentials,
        checked_at: first.checked_at,
        about,
    })
}

/// Most presentations in one package file (one per data model is two).
pub const MAX_PRESENTATIONS: usize = 8;

/// Verifies one presentation: see [`verify_package`].
fn verify_presentation(bytes: &[u8], expect: &Expectation, options: &VerifyOptions<'_>) -> Result<PackageReport> {
    let doc: Value =
        serde_json::from_slice(bytes).map_err(|e| credential::FormatError { seen: format!("JSON that does not parse ({e})") })?;
    let now = options.clock.now();
    let proof = match doc.get("proof") {
        Some(Value::Array(p)) => p.first().cloned().unwrap_or(Value::Null),
        Some(p) => p.clone(),
        None => Value::Null,
    };
    let text = |k: &str| proof.get(k).and_then(Value::as_str).map(str::to_string);
    let holder = doc.get("holder").and_then(|h| h.as_str().or_else(|| h.get("id").and_then(Value::as_str))).map(str::to_string);
    let mut checks = vec![CheckResult::passed(Check::Format, Some("a Verifiable Presentation".into()))];
    match verify::data_integrity::verify_holder_proof(&doc, options.fetcher) {
        Ok((what, controller, authentication)) => {
            let mut signature =
                CheckResult::passed(Check::Signature, Some(format!("{what}, challenge `{}`", text("challenge").unwrap_or_default())));
            for (name, wanted, got) in [("challenge", &expect.challenge, text("challenge")), ("domain", &expect.domain, text("domain"))] {
                if let Some(wanted) = wanted {
                    if got.as_deref() != Some(wanted.as_str()) {
                        signature = CheckResult::failed(
                            Check::Signature,
                            format!("the package was made for {name} `{}`, not `{wanted}`", got.unwrap_or_else(|| "(none)".into())),
                        );
                    }
                }
            }
            checks.push(signature);
            checks.push(match &holder {
                Some(h) if *h == controller && authentication => {
                    CheckResult::passed(Check::Issuer, Some(format!("signed by the holder `{h}`")))
                }
                Some(h) if *h == controller => {
                    CheckResult::failed(Check::Issuer, format!("`{h}` does not list the key for authentication"))
                }
                Some(h) => CheckResult::failed(Check::Issuer, format!("signed by `{controller}`, not by the holder `{h}`")),
                None => CheckResult::failed(Check::Issuer, "the package names no holder"),
            });
        }
        Err(why) => checks.push(CheckResult::failed(Check::Signature, why)),
    }
    // The holder's key, once its proof holds: a key-bound credential must be
    // bound to it.
    let holder_key = (Verdict::of(&checks) == Verdict::Valid)
        .then(|| text("verificationMethod"))
        .flatten()
        .and_then(|vm| crate::did::resolve_verification_method(&vm, options.fetcher).ok())
        .map(|m| m.key);
    let expires = text("expires");
    // The holder proof's own dates, read as signed (one string each; the
    // signature check refuses any other spelling): expired, or made in the
    // future, the package fails.
    let package_proof = json!({"proof": proof});
    checks.push(
        match (
            verify::data_integrity::proof_dates(&package_proof, "the package", now),
            expires.as_deref().and_then(|e| DateTime::parse_from_rfc3339(e).ok()),
        ) {
            (Some(bad), _) => bad,
            (None, Some(until)) => {
                CheckResult::passed(Check::Validity, Some(format!("valid until {}", until.format("%Y-%m-%d %H:%M UTC"))))
            }
            (None, None) => CheckResult::warning(Check::Validity, "the package says nothing of when it expires"),
        },
    );
    let carried = match doc.get("verifiableCredential") {
        Some(Value::Array(items)) => items.clone(),
        Some(one) => vec![one.clone()],
        None => vec![],
    };
    let mut credentials = Vec::new();
    let mut about = Vec::new();
    for vc in &carried {
        let Some(bytes) = carried_bytes(vc) else {
            checks.push(CheckResult::failed(Check::Format, "a credential in the package cannot be read"));
            continue;
        };
        // Key binding and whose credential it is are decided on the
        // credential itself, whatever image it is baked into.
        let inner = credential::detect(&bytes).ok().and_then(|d| credential::unbake(&bytes, d.container)).map(String::into_bytes);
        let own = inner.as_deref().unwrap_or(&bytes);
        match verify::verify(&bytes, options) {
            Ok(mut report) => {
                key_binding_audience(own, &proof, holder_key.as_ref(), &mut report);
                if let Some(warning) = whose(own, holder.as_deref(), report.title.as_deref()) {
                    checks.push(warning);
                }
                credentials.push(report);
                about.push(About::of(own, holder.as_deref()));
            }
            Err(e) => checks.push(CheckResult::failed(Check::Format, format!("a credential in the package: {e}"))),
        }
    }
    if credentials.is_empty() {
        checks.push(CheckResult::failed(Check::Format, "the package carries no credential"));
    }
    let holder_verdict = Verdict::of(&checks);
    let verdict =
        std::iter::once(holder_verdict).chain(credentials.iter().map(|r| r.verdict)).max_by_key(|v| v.rank()).unwrap_or(holder_verdict);
    Ok(PackageReport {
        format: "vp-di".into(),
        verdict,
        holder,
        challenge: text("challenge"),
        domain: text("domain"),
        expires,
        checks,
        credentials,
        checked_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        about,
    })
}

/// A credential bound to a key (`cnf`: an SD-JWT, however it is carried:
/// with or without `~`, baked into an image) must come with a key-binding
/// JWT made for this package (its challenge, and its domain when it names
/// one): otherwise anyone who once saw it could pass it on as theirs. And
/// the key it is bound to must be the package holder's, or the report says so.
fn key_binding_audience(bytes: &[u8], proof: &Value, holder_key: Option<&crate::jws::JwsKey>, report: &mut Report) {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let text = text.trim();
    let Ok(issuer_jwt) = crate::jws::parse(text.split('~').next().unwrap_or_default()) else { return };
    let Some(cnf) = issuer_jwt.payload.get("cnf") else { return };
    let kb = text
        .split_once('~')
        .and_then(|(_, rest)| rest.rsplit('~').next())
        .filter(|t| t.contains('.'))
        .and_then(|t| crate::jws::parse(t).ok());
    let problem = match kb {
        None => {
            Some("the credential is bound to its holder's key but comes without key binding: whoever sent it may not hold it".to_string())
        }
        Some(kb) => {
            let nonce = kb.payload.get("nonce").and_then(Value::as_str);
            let aud = kb.payload.get("aud").and_then(Value::as_str);
            if nonce != proof.get("challenge").and_then(Value::as_str) {
                Some("the key-binding JWT was made for another challenge than this package's".into())
            } else if let Some(domain) = proof.get("domain").and_then(Value::as_str) {
                (aud != Some(domain)).then(|| {
                    format!("the key-binding JWT was made for `{}`, not for this package's domain `{domain}`", aud.unwrap_or("no one"))
                })
            } else {
                None
            }
        }
    };
    if let Some(why) = problem {
        if let Some(sig) = report.checks.iter_mut().find(|c| c.check == Check::Signature) {
            *sig = CheckResult::failed(Check::Signature, why);
        }
        report.verdict = Verdict::of(&report.checks);
        return;
    }
    let bound = cnf.get("jwk").and_then(|jwk| crate::jws::key_from_jwk(jwk).ok());
    if let Some(holder_key) = holder_key {
        if bound.as_ref() != Some(holder_key) {
            report.checks.push(
                CheckResult::warning(
                    Check::Issuer,
                    "the credential is bound to a key that is not the package holder's: it was presented by someone else's key",
                )
                .with(Finding::Unconfirmed),
            );
            report.verdict = Verdict::of(&report.checks);
        }
    }
}

/// A warning when a credential in a package is not shown to be about its
/// holder: about someone else, about several people not all the holder,
/// or about no one it names. Read from what the credential's checks read:
/// for JSON-LD the plain form its format check holds it to (a subject
/// whose id is spelt `@id` or in a value object is refused there, and
/// counts here as naming no one), for a JWT its signed claims.
fn whose(bytes: &[u8], holder: Option<&str>, title: Option<&str>) -> Option<CheckResult> {
    let title = title.unwrap_or("a credential");
    let (subjects, bound) = subjects_of(bytes);
    let holder = holder?;
    let others: Vec<&String> = subjects.iter().filter(|s| s.as_str() != holder).collect();
    let why = if subjects.is_empty() && bound {
        // Bound to a key rather than naming a subject: its key binding,
        // checked with the credential, says whose it is.
        return None;
    } else if subjects.is_empty() {
        format!("`{title}` does not say whom it is about, so nothing shows it belongs to the holder `{holder}`")
    } else if others.is_empty() {
        return None;
    } else {
        let named: Vec<String> = others.iter().map(|s| format!("`{s}`")).collect();
        format!(
            "`{title}` is about {}, not the holder `{holder}`: the package proves who sent it, not that it is theirs",
            named.join(" and ")
        )
    };
    Some(CheckResult::warning(Check::Issuer, why))
}

/// Whom a credential is about, as it says (`credentialSubject.id` of every
/// subject, else the JWT's `sub`, disclosed or not), and whether it is
/// bound to a key (`cnf`; key binding is judged on its own); a baked badge
/// by the credential it carries.
fn subjects_of(bytes: &[u8]) -> (Vec<String>, bool) {
    if let Ok(detected) = credential::detect(bytes) {
        if let Some(inner) = credential::unbake(bytes, detected.container) {
            return subjects_of(inner.as_bytes());
        }
    }
    let payload: Option<Value> = serde_json::from_slice(bytes).ok().or_else(|| {
        let text = std::str::from_utf8(bytes).ok()?.trim();
        let compact = crate::jws::parse(text.split('~').next()?).ok()?;
        Some(if text.contains('~') { credential::reveal_sd_jwt(text, &compact.payload) } else { compact.payload })
    });
    let Some(payload) = payload else { return (vec![], false) };
    let doc = payload.get("vc").filter(|v| v.is_object()).unwrap_or(&payload);
    let subjects: Vec<&Value> = match doc.get("credentialSubject") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => vec![],
    };
    let mut ids: Vec<String> = subjects.iter().filter_map(|s| s.get("id").and_then(Value::as_str).map(str::to_string)).collect();
    if ids.is_empty() {
        ids.extend(payload.get("sub").and_then(Value::as_str).map(str::to_string));
    }
    ids.sort();
    ids.dedup();
    (ids, payload.get("cnf").is_some())
}

/// Shares `ids` from a wallet: see [`build`]; `disclose` maps a credential
/// id to the SD-JWT claims to show.
pub fn items_from(records: Vec<(CredentialRecord, Vec<u8>)>, disclose: &BTreeMap<String, BTreeSet<String>>) -> Vec<Item> {
    records
        .into_iter()
        .map(|(record, bytes)| {
            let chosen = disclose
                .iter()
                .find(|(id, _)| record.id.starts_with(id.as_str()) || record.hash.starts_with(id.as_str()))
                .map(|(_, c)| c.clone());
            Item { record, bytes, disclose: chosen }
        })
        .collect()
}
