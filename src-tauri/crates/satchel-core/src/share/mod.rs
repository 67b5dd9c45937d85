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

pub use crate::credential::sd_jwt::Claim;
use crate::credential::sd_jwt::{self, disclosures, named_parent, nesting};
use crate::credential::{self, DataModel, Family, Securing};
use crate::error::{Error, Result};
use crate::keys;
use crate::store::credentials::CredentialRecord;
use crate::verify;

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
    pub carried: Carried,
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
    let registered = sd_jwt::registered_disclosed_in(text);
    disclosures(text)
        .into_iter()
        .filter_map(|(_, d)| d.name)
        .filter(|n| !registered.contains(n))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// How a credential travels in a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Carried {
    /// JSON-LD with a Data Integrity proof, as it is.
    Embedded,
    /// Its exact bytes, in an `EnvelopedVerifiableCredential`.
    Enveloped,
    /// An SD-JWT presentation of it: the disclosures chosen, and a key
    /// binding when the credential is bound to the learner's key.
    SdJwt,
}

impl Carried {
    /// The word for it in JSON: `embedded`, `enveloped`, `sd-jwt`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Embedded => "embedded",
            Self::Enveloped => "enveloped",
            Self::SdJwt => "sd-jwt",
        }
    }
}

/// How `detected` travels in a package.
fn carrier(detected: &credential::Detected) -> Carried {
    if detected.format.securing == Securing::SdJwt {
        Carried::SdJwt
    } else if matches!(detected.format.family, Family::Vc | Family::Ob3 | Family::Clr)
        && matches!(detected.format.securing, Securing::Di | Securing::None)
        && detected.container == credential::Container::Bare
    {
        Carried::Embedded
    } else {
        Carried::Enveloped
    }
}

/// What sharing one credential shows, before anything is signed: the
/// learner's preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Preview {
    pub id: String,
    pub title: Option<String>,
    pub carried: Carried,
    /// The claims the recipient always sees: for SD-JWT those the issuer
    /// signed in the clear; empty for a credential shared whole.
    pub always: Vec<Claim>,
    /// The SD-JWT claims the learner may show or keep back.
    pub optional: Vec<Claim>,
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
    if carried == Carried::SdJwt {
        let text = std::str::from_utf8(bytes).map_err(|_| Error::CannotShare("the SD-JWT is not text".into()))?;
        (always, optional) = sd_jwt::claims_of(text).ok_or_else(|| Error::CannotShare("the SD-JWT cannot be read".into()))?;
    }
    Ok(Preview { id: record.id.clone(), title: record.summary.title.clone(), carried, always, optional })
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
    let registered = sd_jwt::registered_disclosed_in(text);
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
        carried: Carried::SdJwt,
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
            carried: Carried::Enveloped,
            disclosed: vec![],
            withheld: vec![],
        };
        let json_ld = carrier(&detected) == Carried::Embedded;
        if item.disclose.is_some() && detected.format.securing != Securing::SdJwt {
            return Err(Error::CannotShare(format!(
                "`{}` is signed as a whole: it cannot lose a field without breaking its signature, so it is shared entire",
                item.record.summary.title.as_deref().unwrap_or(&item.record.id)
            )));
        }
        if json_ld {
            let doc: Value = serde_json::from_slice(&item.bytes).map_err(|e| Error::CannotShare(e.to_string()))?;
            models.insert(if detected.format.model == Some(DataModel::Vc11) { "1.1" } else { "2.0" });
            shown.carried = Carried::Embedded;
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

// The employer's side (checking a received package) is the verifier's:
// [`crate::verify::package`]. Re-exported here for callers that name it so.
pub use crate::verify::package::{gather, verify_package, About, Checked, Expectation, PackageReport, MAX_PRESENTATIONS};

/// What an employer was given, checked ([`crate::verify::package::check`]),
/// with each packaged credential's learning view read from the very bytes
/// that were verified.
///
/// # Errors
/// As [`crate::verify::package::check`].
pub fn check(bytes: &[u8], expect: &Expectation, options: &crate::verify::VerifyOptions<'_>) -> Result<Checked> {
    let mut checked = crate::verify::package::check(bytes, expect, options)?;
    if let Checked::Package(report) = &mut checked {
        for about in &mut report.about {
            about.view = crate::learning::view(&about.carried, &["en"]).ok().and_then(|v| serde_json::to_value(v).ok());
        }
    }
    Ok(checked)
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
