//! What a credential is, recognised from its bytes alone (never from a file
//! name), and the summary a wallet lists it by.
//!
//! [`detect`] takes the bytes exactly as received and answers with a
//! [`Detected`]: the [`Format`] (family, data model, securing mechanism), the
//! container it came in (bare, a baked PNG or SVG), the media type, and a
//! [`Summary`]. Baked badges are unwrapped to read their summary, but the wallet
//! keeps the image's bytes: seals and signatures are over bytes.
//!
//! Recognised: W3C VCs (VCDM 1.1 and 2.0) with Data Integrity proofs or none,
//! Open Badges 3.0 and CLR 2.0, VC-JWT and VC-JOSE, SD-JWT VCs, European Digital
//! Credentials (JAdES JSON and legacy EDCI XML), Open Badges 2.0 assertions
//! (hosted JSON and signed JWS), and any of these baked into PNG or SVG.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// Largest input accepted for import (baked images included).
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;

/// Input that is no credential Satchel knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported format: {seen}")]
pub struct FormatError {
    /// What the input looked like, in words (`a PDF document`, `JSON with no credential type`).
    pub seen: String,
}

fn unsupported(seen: impl Into<String>) -> FormatError {
    FormatError { seen: seen.into() }
}

/// SHA-256 of `bytes`, lowercase hex: the content hash a wallet keys rows by.
pub fn content_hash(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Which kind of credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// A plain W3C Verifiable Credential.
    Vc,
    /// Open Badges 3.0 (OpenBadgeCredential, AchievementCredential, EndorsementCredential).
    Ob3,
    /// Comprehensive Learner Record 2.0.
    Clr,
    /// European Digital Credential (ELM).
    Edc,
    /// Open Badges 2.0 assertion.
    Ob2,
    /// A Verifiable Presentation.
    Vp,
}

/// Which W3C data model, when one applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DataModel {
    Vc11,
    Vc2,
}

/// How the credential is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Securing {
    /// Embedded Data Integrity / Linked Data proof(s).
    Di,
    /// A compact JWS (VC-JWT, VC-JOSE, OB 2.0 signed assertion).
    Jwt,
    /// SD-JWT (issuer JWT, disclosures, optional key binding).
    SdJwt,
    /// JAdES seal in JWS JSON serialization.
    Jades,
    /// XAdES seal inside XML.
    Xades,
    /// Hosted: authenticity comes from fetching the issuer's copy (OB 2.0).
    Hosted,
    /// Nothing secures it.
    None,
}

/// A credential's format: `family-model-securing`, e.g. `ob3-vc2-di`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    pub family: Family,
    pub model: Option<DataModel>,
    pub securing: Securing,
}

impl Format {
    /// The stable string form, e.g. `ob3-vc2-di`, `edc-vc11-jades`, `ob2-jwt`.
    pub fn id(&self) -> String {
        let family = match self.family {
            Family::Vc => "vc",
            Family::Ob3 => "ob3",
            Family::Clr => "clr",
            Family::Edc => "edc",
            Family::Ob2 => "ob2",
            Family::Vp => "vp",
        };
        let model = match self.model {
            Some(DataModel::Vc11) => "-vc11",
            Some(DataModel::Vc2) => "-vc2",
            None => "",
        };
        let securing = match self.securing {
            Securing::Di => "di",
            Securing::Jwt => "jwt",
            Securing::SdJwt => "sd-jwt",
            Securing::Jades => "jades",
            Securing::Xades => "xades",
            Securing::Hosted => "hosted",
            Securing::None => "none",
        };
        format!("{family}{model}-{securing}")
    }
}

impl Serialize for Format {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id())
    }
}

/// What the credential arrived in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Container {
    Bare,
    Png,
    Svg,
}

impl Container {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bare => "bare",
            Self::Png => "png",
            Self::Svg => "svg",
        }
    }
}

/// What a wallet lists a credential by. Every field is optional: credentials
/// say more or less about themselves. Dates are as the credential states them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Summary {
    pub title: Option<String>,
    pub description: Option<String>,
    pub issuer_name: Option<String>,
    pub issuer_id: Option<String>,
    pub subject: Option<String>,
    pub issued_at: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub image: Option<String>,
    // Text in the names above that could make them look like something
    // else: control characters, bidirectional overrides, a word mixing
    // scripts ("Univеrsity" with a Cyrillic `е`). Said in words, a line each,
    // for the app and the CLI to show beside the name. (A plain comment: the
    // UI bindings carry the type only.)
    #[serde(default)]
    pub text_warnings: Vec<String>,
}

/// The script of a letter, for the scripts lookalike letters come from.
fn script_of(c: char) -> Option<&'static str> {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => Some("Latin"),
        '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => Some("Greek"),
        '\u{0400}'..='\u{052F}' => Some("Cyrillic"),
        '\u{0530}'..='\u{058F}' => Some("Armenian"),
        '\u{13A0}'..='\u{13FF}' => Some("Cherokee"),
        '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => Some("Fullwidth Latin"),
        _ => None,
    }
}

/// Bidirectional controls: they reorder what follows on screen.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Why `text` could deceive a reader, if it could: control characters,
/// bidirectional controls, or a word whose letters come from more than one
/// of the scripts lookalikes are drawn from.
pub fn deceptive_text(text: &str) -> Option<String> {
    if text.chars().any(|c| c.is_control()) {
        return Some("contains control characters".into());
    }
    if text.chars().any(is_bidi_control) {
        return Some("contains characters that reverse the direction of the text".into());
    }
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let mut scripts: Vec<&str> = word.chars().filter_map(script_of).collect();
        scripts.sort_unstable();
        scripts.dedup();
        if scripts.len() > 1 {
            return Some(format!("the word `{}` mixes {} letters", word.escape_default(), scripts.join(" and ")));
        }
    }
    None
}

impl Summary {
    /// Fills [`text_warnings`](Self::text_warnings) from the names (the
    /// store keeps the names, not the warnings: it calls this on reading).
    pub fn flag_deceptive_text(mut self) -> Self {
        let named = [("title", &self.title), ("issuer name", &self.issuer_name), ("issuer", &self.issuer_id), ("subject", &self.subject)];
        self.text_warnings =
            named.iter().filter_map(|(what, v)| v.as_deref().and_then(deceptive_text).map(|why| format!("the {what} {why}"))).collect();
        self
    }
}

/// The result of [`detect`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    pub format: Format,
    pub container: Container,
    pub media_type: &'static str,
    /// The credential's own identifier (`id`, `jti`), used to spot duplicates.
    pub credential_id: Option<String>,
    pub summary: Summary,
}

/// Recognises `bytes` as a credential by content.
///
/// # Errors
/// [`FormatError`] naming what the input looked like when it is no credential
/// Satchel reads.
pub fn detect(bytes: &[u8]) -> Result<Detected, FormatError> {
    let mut detected = detect_format(bytes)?;
    detected.summary = std::mem::take(&mut detected.summary).flag_deceptive_text();
    Ok(detected)
}

fn detect_format(bytes: &[u8]) -> Result<Detected, FormatError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(unsupported(format!("an input of {} bytes, over the {MAX_INPUT_BYTES}-byte limit", bytes.len())));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return detect_png(bytes);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| unsupported(sniff_binary(bytes)))?;
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err(unsupported("an empty input"));
    }
    if text.starts_with('<') {
        return detect_xml(text);
    }
    if text.starts_with('{') {
        let value: Value = serde_json::from_str(text).map_err(|e| unsupported(json_error(&e)))?;
        return detect_json(&value, Container::Bare);
    }
    if text.starts_with('[') {
        return Err(unsupported(match serde_json::from_str::<Value>(text) {
            Ok(_) => "a JSON array, not a credential".to_string(),
            Err(e) => json_error(&e),
        }));
    }
    detect_compact(text, Container::Bare)
}

/// What is wrong with JSON that does not parse, in words: nesting deeper
/// than the parser goes (128 levels) is said as such, not as a syntax error.
fn json_error(e: &serde_json::Error) -> String {
    if e.to_string().starts_with("recursion limit exceeded") {
        "JSON nested too deeply (more than 128 levels), which no credential needs".to_string()
    } else {
        format!("JSON that does not parse ({e})")
    }
}

fn sniff_binary(bytes: &[u8]) -> String {
    let kind = if bytes.starts_with(b"%PDF") {
        "a PDF document (Satchel reads the credential itself, not a printout of it)"
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        "a JPEG image (only PNG and SVG badges carry credentials)"
    } else if bytes.starts_with(b"GIF8") {
        "a GIF image"
    } else if bytes.starts_with(b"PK\x03\x04") {
        "a ZIP archive"
    } else {
        "binary data that is not text"
    };
    kind.to_string()
}

// ---------------------------------------------------------------------------
// JSON credentials

fn types_of(v: &Value) -> Vec<&str> {
    match v.get("type").or_else(|| v.get("@type")) {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    }
}

fn contexts_of(v: &Value) -> Vec<&str> {
    match v.get("@context") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    }
}

fn data_model(v: &Value) -> Option<DataModel> {
    let ctx = contexts_of(v);
    match ctx.first() {
        Some(&"https://www.w3.org/ns/credentials/v2") => Some(DataModel::Vc2),
        Some(&"https://www.w3.org/2018/credentials/v1") => Some(DataModel::Vc11),
        _ => None,
    }
}

fn family_of(types: &[&str]) -> Family {
    let has = |t: &str| types.contains(&t);
    if has("EuropeanDigitalCredential") {
        Family::Edc
    } else if has("ClrCredential") {
        Family::Clr
    } else if has("OpenBadgeCredential") || has("AchievementCredential") || has("EndorsementCredential") {
        Family::Ob3
    } else if has("VerifiablePresentation") {
        Family::Vp
    } else {
        Family::Vc
    }
}

fn detect_json(v: &Value, container: Container) -> Result<Detected, FormatError> {
    let Some(obj) = v.as_object() else {
        return Err(unsupported("JSON that is not an object"));
    };
    // JAdES in JWS JSON serialization: an EDC seal.
    if let (Some(Value::String(payload)), Some(Value::Array(_))) = (obj.get("payload"), obj.get("signatures")) {
        let inner: Value =
            serde_json::from_str(payload).map_err(|_| unsupported("a JWS in JSON serialization whose payload is not JSON"))?;
        let types = types_of(&inner);
        if !types.contains(&"VerifiableCredential") && !types.contains(&"VerifiablePresentation") {
            return Err(unsupported("a JWS in JSON serialization whose payload is neither a credential nor a presentation"));
        }
        let format = Format { family: family_of(&types), model: data_model(&inner), securing: Securing::Jades };
        return Ok(Detected {
            format,
            container,
            media_type: "application/jose+json",
            credential_id: string_at(&inner, "id"),
            // What a seal shows is what its check reads (a presentation's credential).
            summary: summarise_vc(crate::verify::seal::shown_credential(&inner).unwrap_or(&Value::Null)),
        });
    }
    let types = types_of(v);
    if types.contains(&"VerifiableCredential") || types.contains(&"VerifiablePresentation") {
        let proof = obj.get("proof").is_some_and(|p| !p.is_null());
        let format =
            Format { family: family_of(&types), model: data_model(v), securing: if proof { Securing::Di } else { Securing::None } };
        let media_type = match format.model {
            Some(DataModel::Vc2) if format.family == Family::Vp => "application/vp",
            Some(DataModel::Vc2) => "application/vc",
            _ => "application/ld+json",
        };
        return Ok(Detected { format, container, media_type, credential_id: string_at(v, "id"), summary: summarise_vc(v) });
    }
    if is_ob2(v) {
        let signed = v
            .pointer("/verification/type")
            .and_then(Value::as_str)
            .is_some_and(|t| t.eq_ignore_ascii_case("signed") || t.eq_ignore_ascii_case("SignedBadge"));
        return Ok(Detected {
            format: Format { family: Family::Ob2, model: None, securing: if signed { Securing::Jwt } else { Securing::Hosted } },
            container,
            media_type: "application/ld+json",
            credential_id: string_at(v, "id"),
            summary: summarise_ob2(v),
        });
    }
    let seen = if types.is_empty() {
        "JSON with no credential type".to_string()
    } else {
        format!("JSON of type `{}`, not a credential", types.join(", "))
    };
    Err(unsupported(seen))
}

fn is_ob2(v: &Value) -> bool {
    let ob2_ctx = contexts_of(v).iter().any(|c| c.contains("w3id.org/openbadges/v2"))
        || v.get("@context").and_then(Value::as_str).is_some_and(|c| c.contains("openbadges"));
    let types = types_of(v);
    (ob2_ctx || types.contains(&"Assertion")) && v.get("recipient").is_some() && v.get("badge").is_some()
}

fn string_at(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// Readable text from a plain string, a language map, JSON-LD value objects
/// or arrays of these, English first: [`crate::learning::display_text`],
/// the one rule every screen shows credential text by.
pub fn text(v: &Value) -> Option<String> {
    crate::learning::display_text(v, &["en"], None)
}

fn first(v: &Value) -> &Value {
    match v {
        Value::Array(a) => a.first().unwrap_or(&Value::Null),
        other => other,
    }
}

fn image_ref(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

fn date(v: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| v.get(*k).and_then(Value::as_str)).map(str::to_string)
}

fn summarise_vc(v: &Value) -> Summary {
    let subject = first(v.get("credentialSubject").unwrap_or(&Value::Null));
    let achievement = subject.get("achievement").map(first);
    let edc_title = v.pointer("/displayParameter/title").and_then(text);
    let edc_description = v.pointer("/displayParameter/description").and_then(text);
    let title = achievement
        .and_then(|a| a.get("name"))
        .and_then(text)
        .or(edc_title)
        .or_else(|| v.get("name").and_then(text))
        .or_else(|| types_of(v).into_iter().find(|t| *t != "VerifiableCredential").map(str::to_string));
    let description =
        achievement.and_then(|a| a.get("description")).and_then(text).or(edc_description).or_else(|| v.get("description").and_then(text));
    let (issuer_id, issuer_name, issuer_image) = match v.get("issuer") {
        Some(Value::String(s)) => (Some(s.clone()), None, None),
        Some(obj @ Value::Object(_)) => (
            string_at(obj, "id"),
            obj.get("name").or_else(|| obj.get("legalName")).and_then(text),
            image_ref(obj.get("image")).or_else(|| image_ref(obj.get("logo"))),
        ),
        _ => (None, None, None),
    };
    let person = |s: &Value| -> Option<String> {
        let given = s.get("givenName").and_then(text);
        let family = s.get("familyName").and_then(text);
        match (given, family) {
            (Some(g), Some(f)) => Some(format!("{g} {f}")),
            (g, f) => g.or(f),
        }
    };
    let subject_name = subject
        .get("name")
        .and_then(text)
        .or_else(|| subject.get("fullName").and_then(text))
        .or_else(|| person(subject))
        .or_else(|| string_at(subject, "id"));
    let image = achievement.and_then(|a| image_ref(a.get("image"))).or_else(|| image_ref(v.get("image"))).or(issuer_image);
    Summary {
        title,
        description,
        issuer_name,
        issuer_id,
        subject: subject_name,
        issued_at: date(v, &["issued", "validFrom", "issuanceDate"]),
        // Both VCDM 1.1 names of a date may be given: the validity check
        // judges by the later start and the earlier end, and so does the view.
        valid_from: ["validFrom", "issuanceDate"].iter().filter_map(|k| date(v, &[k])).max_by_key(|d| crate::verify::parse_time(d)),
        valid_until: ["validUntil", "expirationDate"].iter().filter_map(|k| date(v, &[k])).min_by_key(|d| crate::verify::parse_time(d)),
        image,
        text_warnings: Vec::new(),
    }
}

fn summarise_ob2(v: &Value) -> Summary {
    let badge = v.get("badge").unwrap_or(&Value::Null);
    let issuer = badge.get("issuer").unwrap_or(&Value::Null);
    Summary {
        title: badge.get("name").and_then(text).or_else(|| badge.as_str().map(|u| format!("Open Badge ({u})"))),
        description: badge.get("description").and_then(text),
        issuer_name: issuer.get("name").and_then(text),
        issuer_id: issuer.as_str().map(str::to_string).or_else(|| string_at(issuer, "id")),
        subject: v.pointer("/recipient/identity").and_then(Value::as_str).map(str::to_string),
        issued_at: date(v, &["issuedOn"]),
        valid_from: date(v, &["issuedOn"]),
        valid_until: date(v, &["expires"]),
        image: image_ref(v.get("image")).or_else(|| image_ref(badge.get("image"))),
        text_warnings: Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// Compact JWS, VC-JWT, SD-JWT

fn b64url_json(part: &str) -> Option<Value> {
    let bytes = URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn looks_compact_jws(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3
        && parts.iter().take(2).all(|p| !p.is_empty())
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'='))
}

/// Most disclosures an SD-JWT may carry: each is hashed and looked for in
/// the payload (and in the disclosures before it), so the work grows with
/// their square; issuers' credentials carry tens.
pub const MAX_DISCLOSURES: usize = 1_000;

fn detect_compact(text: &str, container: Container) -> Result<Detected, FormatError> {
    let is_sd = text.contains('~');
    let disclosures = text.matches('~').count().saturating_sub(1);
    if disclosures > MAX_DISCLOSURES {
        return Err(unsupported(format!(
            "an SD-JWT with {disclosures} disclosures, more than the {MAX_DISCLOSURES} Satchel reads (too complex to check)"
        )));
    }
    let jwt = text.split('~').next().unwrap_or_default();
    if !looks_compact_jws(jwt) {
        let head: String = text.chars().take(24).collect();
        return Err(unsupported(format!("text that is neither JSON, XML nor a JWT (it starts `{head}`)")));
    }
    let mut parts = jwt.split('.');
    let header = parts.next().and_then(b64url_json).ok_or_else(|| unsupported("a JWT whose header is not base64url JSON"))?;
    let payload = parts.next().and_then(b64url_json).ok_or_else(|| unsupported("a JWT whose payload is not base64url JSON"))?;
    let typ = header.get("typ").and_then(Value::as_str).unwrap_or_default().to_ascii_lowercase();
    // What the issuer signed says whether this is an SD-JWT (its type, its
    // digest algorithm, digests in its payload), never a `~` someone added:
    // a VC-JWT with `~` appended is still a VC-JWT, checked as one.
    let mut digests = Vec::new();
    crate::verify::sd_jwt::committed_digests(&payload, &mut digests, 0);
    // `vct` is SD-JWT VC's own claim: an SD-JWT VC that happens to make
    // nothing selectively disclosable is still one.
    let sd = typ.ends_with("sd-jwt") || payload.get("_sd_alg").is_some() || !digests.is_empty() || payload.get("vct").is_some();
    let securing = if sd { Securing::SdJwt } else { Securing::Jwt };

    if sd {
        let disclosed = if is_sd { reveal_sd_jwt(text, &payload) } else { payload.clone() };
        let disclosed = match disclosed.get("vc") {
            Some(vc @ Value::Object(_)) if data_model(vc).is_some() => vc.clone(),
            _ => disclosed,
        };
        let (family, model, summary) = if let Some(ctx_model) = data_model(&disclosed) {
            (family_of(&types_of(&disclosed)), Some(ctx_model), summarise_vc(&disclosed))
        } else {
            (Family::Vc, None, summarise_sd_jwt_vc(&disclosed))
        };
        let media_type = if typ == "dc+sd-jwt" { "application/dc+sd-jwt" } else { "application/vc+sd-jwt" };
        return Ok(Detected {
            format: Format { family, model, securing },
            container,
            media_type,
            credential_id: string_at(&disclosed, "jti").or_else(|| string_at(&disclosed, "id")),
            summary,
        });
    }
    if let Some(vc) = payload.get("vc") {
        // VCDM 1.1 VC-JWT: registered claims stand in for the credential's own.
        let mut summary = summarise_vc(vc);
        let claims = JwtClaims::of(&payload);
        summary.issuer_id = summary.issuer_id.or(claims.iss);
        summary.valid_from = summary.valid_from.or_else(|| claims.nbf.clone());
        summary.issued_at = summary.issued_at.or(claims.iat).or(claims.nbf);
        summary.valid_until = summary.valid_until.or(claims.exp);
        summary.subject = summary.subject.or(claims.sub);
        return Ok(Detected {
            format: Format { family: family_of(&types_of(vc)), model: data_model(vc).or(Some(DataModel::Vc11)), securing },
            container,
            media_type: "application/jwt",
            credential_id: string_at(&payload, "jti").or_else(|| string_at(vc, "id")),
            summary,
        });
    }
    let types = types_of(&payload);
    if types.contains(&"VerifiableCredential") || types.contains(&"VerifiablePresentation") {
        let mut summary = summarise_vc(&payload);
        let claims = JwtClaims::of(&payload);
        summary.issuer_id = summary.issuer_id.or(claims.iss);
        summary.valid_until = summary.valid_until.or(claims.exp);
        return Ok(Detected {
            format: Format { family: family_of(&types), model: data_model(&payload), securing },
            container,
            media_type: if typ == "vp+jwt" { "application/vp+jwt" } else { "application/vc+jwt" },
            credential_id: string_at(&payload, "id").or_else(|| string_at(&payload, "jti")),
            summary,
        });
    }
    if is_ob2(&payload) {
        return Ok(Detected {
            format: Format { family: Family::Ob2, model: None, securing },
            container,
            media_type: "application/jwt",
            credential_id: string_at(&payload, "id"),
            summary: summarise_ob2(&payload),
        });
    }
    Err(unsupported("a JWT that carries no credential"))
}

struct JwtClaims {
    iss: Option<String>,
    sub: Option<String>,
    iat: Option<String>,
    nbf: Option<String>,
    exp: Option<String>,
}

impl JwtClaims {
    fn of(payload: &Value) -> Self {
        let time = |k: &str| {
            payload.get(k).and_then(crate::verify::jwt::numeric_date).map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        };
        Self { iss: string_at(payload, "iss"), sub: string_at(payload, "sub"), iat: time("iat"), nbf: time("nbf"), exp: time("exp") }
    }
}

fn summarise_sd_jwt_vc(claims: &Value) -> Summary {
    let c = JwtClaims::of(claims);
    let person = match (claims.get("given_name").and_then(text), claims.get("family_name").and_then(text)) {
        (Some(g), Some(f)) => Some(format!("{g} {f}")),
        (g, f) => g.or(f),
    };
    Summary {
        title: claims.get("name").and_then(text).or_else(|| string_at(claims, "vct")),
        description: claims.get("description").and_then(text),
        issuer_name: claims.get("issuer_name").and_then(text),
        issuer_id: c.iss,
        subject: person.or(c.sub),
        issued_at: c.iat,
        valid_from: c.nbf,
        valid_until: c.exp,
        image: None,
        text_warnings: Vec::new(),
    }
}

/// The claims an SD-JWT reveals: the issuer-signed payload with each
/// disclosure put back where its digest stands (objects' `_sd`, arrays'
/// `{"...": digest}`), digests without a disclosure dropped.
///
/// See: <https://www.rfc-editor.org/rfc/rfc9901#name-processing-by-the-holder>
pub fn reveal_sd_jwt(sd_jwt: &str, payload: &Value) -> Value {
    let mut disclosures = std::collections::HashMap::new();
    for d in sd_jwt.split('~').skip(1).filter(|d| !d.is_empty() && !d.contains('.')) {
        let digest = URL_SAFE_NO_PAD.encode(Sha256::digest(d.as_bytes()));
        if let Some(Value::Array(items)) = b64url_json(d) {
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

// ---------------------------------------------------------------------------
// Baked badges and XML

/// The text of the first PNG `iTXt`/`tEXt` chunk whose keyword is
/// `openbadgecredential` (OB 3.0) or `openbadges` (OB 2.0).
///
/// See: <https://www.imsglobal.org/spec/ob/v3p0/#png>
pub fn png_baked_text(bytes: &[u8]) -> Result<Option<String>, FormatError> {
    let mut pos = 8;
    while pos + 12 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[pos..pos + 4].try_into().expect("4 bytes")) as usize;
        let kind = &bytes[pos + 4..pos + 8];
        let end = pos
            .checked_add(12)
            .and_then(|p| p.checked_add(len))
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| unsupported("a PNG image that is cut short"))?;
        let data = &bytes[pos + 8..pos + 8 + len];
        if kind == b"iTXt" || kind == b"tEXt" {
            if let Some(nul) = data.iter().position(|&b| b == 0) {
                let keyword = &data[..nul];
                if keyword == b"openbadgecredential" || keyword == b"openbadges" {
                    let rest = &data[nul + 1..];
                    let text = if kind == b"iTXt" {
                        // compression flag, method, language tag\0, translated keyword\0, text
                        if rest.len() < 2 {
                            return Err(unsupported("a PNG badge with a malformed iTXt chunk"));
                        }
                        if rest[0] != 0 {
                            return Err(unsupported("a PNG badge whose credential is compressed, which Open Badges does not allow"));
                        }
                        let after = &rest[2..];
                        let lang_end =
                            after.iter().position(|&b| b == 0).ok_or_else(|| unsupported("a PNG badge with a malformed iTXt chunk"))?;
                        let after = &after[lang_end + 1..];
                        let tk_end =
                            after.iter().position(|&b| b == 0).ok_or_else(|| unsupported("a PNG badge with a malformed iTXt chunk"))?;
                        &after[tk_end + 1..]
                    } else {
                        rest
                    };
                    let s = std::str::from_utf8(text).map_err(|_| unsupported("a PNG badge whose credential is not UTF-8"))?;
                    return Ok(Some(s.trim().to_string()));
                }
            }
        }
        if kind == b"IEND" {
            return Ok(None);
        }
        pos = end;
    }
    Err(unsupported("a PNG image that is cut short"))
}

fn detect_png(bytes: &[u8]) -> Result<Detected, FormatError> {
    let text = png_baked_text(bytes)?.ok_or_else(|| unsupported("a PNG image with no badge baked into it"))?;
    let mut d = detect_inner(&text, Container::Png)?;
    d.media_type = "image/png";
    Ok(d)
}

fn detect_inner(text: &str, container: Container) -> Result<Detected, FormatError> {
    let text = text.trim();
    if text.starts_with('{') {
        let v: Value = serde_json::from_str(text).map_err(|_| unsupported("a badge image whose baked JSON does not parse"))?;
        detect_json(&v, container)
    } else {
        detect_compact(text, container)
    }
}

/// The credential baked into an SVG: the `verify` attribute (a JWS) or the
/// element's content (JSON, usually in CDATA) of `openbadges:credential` (OB
/// 3.0) or `openbadges:assertion` (OB 2.0).
///
/// See: <https://www.imsglobal.org/spec/ob/v3p0/#svg>
pub fn svg_baked_text(svg: &str) -> Option<String> {
    let content = xml_content_only(svg);
    let svg = content.as_str();
    for tag in ["openbadges:credential", "openbadges:assertion"] {
        let open = format!("<{tag}");
        let Some(start) = svg.find(&open) else { continue };
        let rest = &svg[start + open.len()..];
        let tag_end = rest.find('>')?;
        let attrs = &rest[..tag_end];
        if let Some(v) = attr(attrs, "verify") {
            return Some(v);
        }
        if attrs.ends_with('/') {
            continue;
        }
        let body = &rest[tag_end + 1..];
        let close = body.find(&format!("</{tag}>"))?;
        let content = body[..close].trim();
        let content = content
            .strip_prefix("<![CDATA[")
            .and_then(|c| c.strip_suffix("]]>"))
            .map(str::to_string)
            .unwrap_or_else(|| unescape_xml(content));
        return Some(content.trim().to_string());
    }
    None
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(i) = rest.find(name) {
        let before_ok = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
        let after = rest[i + name.len()..].trim_start();
        if before_ok {
            if let Some(after) = after.strip_prefix('=') {
                let after = after.trim_start();
                let quote = after.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let end = after[1..].find(quote)?;
                    return Some(unescape_xml(&after[1..1 + end]));
                }
            }
        }
        rest = &rest[i + name.len()..];
    }
    None
}

fn unescape_xml(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

fn detect_xml(text: &str) -> Result<Detected, FormatError> {
    let head: String = text.chars().take(4096).collect();
    if head.contains("<svg") {
        let inner = svg_baked_text(text).ok_or_else(|| unsupported("an SVG image with no badge baked into it"))?;
        let mut d = detect_inner(&inner, Container::Svg)?;
        d.media_type = "image/svg+xml";
        return Ok(d);
    }
    if head.contains("data.europa.eu/snb") || head.contains("europass") {
        // Mentioning Europass is not being a credential (a Europass CV, a
        // pasted web page): the root element must be one an EDC has, known
        // from the first bytes, before the whole document is read.
        if !xml_root_is_edc(&head) {
            return Err(unsupported("an XML document that mentions Europass but is not a European Digital Credential"));
        }
        return Ok(Detected {
            format: Format {
                family: Family::Edc,
                model: None,
                securing: if text.contains("<ds:Signature") || text.contains("<Signature") { Securing::Xades } else { Securing::None },
            },
            container: Container::Bare,
            media_type: "application/xml",
            credential_id: xml_root_id(&xml_content_only(&head)),
            summary: summarise_edci_xml(text),
        });
    }
    Err(unsupported("an XML document that is neither a badge image nor a European Digital Credential"))
}

/// Whether the document's first element is the root of an EDC in XML (a
/// sealed presentation, a Europass credential).
fn xml_root_is_edc(head: &str) -> bool {
    let mut rest = head;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            continue;
        }
        let name: String = rest.chars().take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/').collect();
        let local = name.rsplit(':').next().unwrap_or_default().to_ascii_lowercase();
        return matches!(
            local.as_str(),
            "verifiablepresentation" | "europasscredential" | "verifiablecredential" | "europeandigitalcredential"
        );
    }
    false
}

fn xml_root_id(head: &str) -> Option<String> {
    let root = head.find("<vp:verifiablePresentation").or_else(|| head.find("<europassCredential"))?;
    let end = head[root..].find('>')? + root;
    attr(&head[root..end], "id")
}

/// The list view of a legacy EDCI XML credential, read from the parsed
/// document as the seal covers it: comments, processing instructions and
/// the signature itself are no part of the view (a comment naming a
/// university is not the credential's issuer). Unreadable XML shows nothing.
fn summarise_edci_xml(text: &str) -> Summary {
    use crate::trust::xml::{self, Element, Scope};
    let Ok(doc) = xml::parse(text.as_bytes()) else { return Summary::default() };
    let doc = xml::without_signatures(&doc);
    // The first English `<text>` inside the first element named `section`,
    // else its first `<text>`: enough to list it. Showing it whole is the EDC work.
    let english_text_in = |section: &str| -> Option<String> {
        let (block, _, _) = doc.root.find(&Scope::new(), &|e: &Element, _: &Scope| e.local_name() == section)?;
        let mut texts = Vec::new();
        collect_named(block, "text", &mut texts, 0);
        let lang = |e: &Element| e.attribute("lang").or_else(|| e.attribute("xml:lang")).map(str::to_string);
        let pick = texts.iter().find(|e| lang(e).as_deref() == Some("en")).or(texts.first())?;
        Some(pick.text().trim().to_string()).filter(|t| !t.is_empty())
    };
    Summary {
        title: english_text_in("title"),
        issuer_name: english_text_in("registration").or_else(|| english_text_in("prefLabel")),
        ..Summary::default()
    }
}

/// Descendant elements of `e` with local name `local`, in document order.
fn collect_named<'a>(e: &'a crate::trust::xml::Element, local: &str, out: &mut Vec<&'a crate::trust::xml::Element>, depth: usize) {
    if depth > crate::trust::xml::MAX_DEPTH {
        return;
    }
    for child in e.elements() {
        if child.local_name() == local {
            out.push(child);
        }
        collect_named(child, local, out, depth + 1);
    }
}

/// After `open` at the start of `rest`, what follows the next `close`
/// (nothing when it never closes).
fn skip_to<'a>(rest: &'a str, open: &str, close: &str) -> Option<&'a str> {
    rest.strip_prefix(open).map(|r| r.find(close).map_or("", |e| &r[e + close.len()..]))
}

/// XML text with its comments, processing instructions and document type
/// declaration left out (CDATA sections kept as written): what a reader of
/// the document's content sees. A badge baked into a comment is no badge.
fn xml_content_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = skip_to(rest, "<!--", "-->") {
            rest = after;
        } else if let Some(after) = skip_to(rest, "<?", "?>") {
            rest = after;
        } else if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").map_or(body.len(), |e| e + 3);
            out.push_str("<![CDATA[");
            out.push_str(&body[..end]);
            rest = &body[end..];
        } else if rest.starts_with("<!DOCTYPE") {
            // `<!DOCTYPE svg PUBLIC "..." "...">` or with an internal subset `[...]`.
            let subset = rest.find('[').filter(|b| rest.find('>').is_none_or(|g| *b < g));
            let end = match subset {
                Some(b) => rest[b..].find("]>").map_or(rest.len(), |e| b + e + 2),
                None => rest.find('>').map_or(rest.len(), |e| e + 1),
            };
            rest = &rest[end..];
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The credential carried by a baked badge (`Container::Png`/`Svg`), as
/// text; `None` for a bare credential. Call after [`detect`] said which.
pub fn unbake(bytes: &[u8], container: Container) -> Option<String> {
    match container {
        Container::Bare => None,
        Container::Png => png_baked_text(bytes).ok().flatten(),
        Container::Svg => std::str::from_utf8(bytes).ok().and_then(svg_baked_text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_ids() {
        let f = Format { family: Family::Ob3, model: Some(DataModel::Vc2), securing: Securing::Di };
        assert_eq!(f.id(), "ob3-vc2-di", "the id other tools read");
        let f = Format { family: Family::Ob2, model: None, securing: Securing::SdJwt };
        assert_eq!(f.id(), "ob2-sd-jwt");
    }

    #[test]
    fn a_badge_in_a_comment_is_no_badge() {
        let real = r#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"id":"urn:real"}"#;
        let fake = r#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"id":"urn:fake"}"#;
        let svg = format!(
            "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x \"<openbadges:credential verify='no'/>\">]><svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><!-- <openbadges:credential><![CDATA[{fake}]]></openbadges:credential> --><?pi <openbadges:credential verify='pi'/> ?><openbadges:credential><![CDATA[{real}]]></openbadges:credential></svg>"
        );
        assert_eq!(svg_baked_text(&svg).as_deref(), Some(real), "only the badge in the document's content counts");
        let only_comment = format!("<svg><!-- <openbadges:credential><![CDATA[{fake}]]></openbadges:credential> --></svg>");
        assert_eq!(svg_baked_text(&only_comment), None, "a credential inside a comment is not the badge's");
    }

    #[test]
    fn edci_xml_is_listed_from_its_content_not_its_comments() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<europassCredential xmlns="http://data.europa.eu/snb" id="urn:credential:1">
  <!-- <title><text lang="en">Forged Degree</text></title> -->
  <title><!-- <text lang="en">Universität Heidelberg</text> --><text lang="en">Welding Basics</text></title>
  <issuer><registration><!--Universität Heidelberg--><text lang="en">Trade School</text></registration></issuer>
</europassCredential>"#;
        let d = detect(xml.as_bytes()).unwrap();
        assert_eq!(d.summary.title.as_deref(), Some("Welding Basics"), "comments are no part of the title");
        assert_eq!(d.summary.issuer_name.as_deref(), Some("Trade School"), "nor of the issuer");
    }

    #[test]
    fn deceptive_names_are_flagged() {
        assert_eq!(deceptive_text("Harvard University"), None);
        assert_eq!(deceptive_text("Universität Heidelberg"), None, "Latin with diacritics is one script");
        assert_eq!(deceptive_text("Московский университет"), None);
        assert!(deceptive_text("Harvard Univ\u{0435}rsity").unwrap().contains("Cyrillic and Latin"), "a Cyrillic `е` among Latin");
        assert!(deceptive_text("Harvard \u{202E}ytisrevinU").is_some(), "a right-to-left override");
        assert!(deceptive_text("VALID\u{1b}[32m").is_some(), "an ANSI escape");
        let s = Summary { issuer_name: Some("Harvard Univ\u{0435}rsity".into()), ..Summary::default() }.flag_deceptive_text();
        assert_eq!(s.text_warnings.len(), 1);
        assert!(s.text_warnings[0].starts_with("the issuer name"), "{:?}", s.text_warnings);
    }

    #[test]
    fn language_maps() {
        assert_eq!(text(&serde_json::json!({"fr": "Bonjour", "en": "Hello"})).as_deref(), Some("Hello"));
        assert_eq!(
            text(&serde_json::json!({"fr": ["Bonjour", "Salut"]})).as_deref(),
            Some("Bonjour; Salut"),
            "every text in the one language"
        );
        assert_eq!(
            text(&serde_json::json!([{"@value": "Hallo", "@language": "de"}, {"@value": "Hi", "@language": "en"}])).as_deref(),
            Some("Hi")
        );
    }

    #[test]
    fn refuses_non_credentials_with_a_reason() {
        assert!(detect(b"%PDF-1.7 ...").unwrap_err().seen.contains("PDF"));
        assert!(detect(b"{\"name\": \"x\"}").unwrap_err().seen.contains("no credential type"));
        assert!(detect(b"{ not json").unwrap_err().seen.contains("does not parse"));
        assert!(detect(b"hello world").unwrap_err().seen.contains("hello world"));
        assert!(detect(b"   ").unwrap_err().seen.contains("empty"));
        assert!(detect(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err().seen.contains("cut short"));
    }

    #[test]
    fn svg_attribute_and_cdata() {
        let svg = r#"<svg><openbadges:credential verify="a.b.c"></openbadges:credential></svg>"#;
        assert_eq!(svg_baked_text(svg).as_deref(), Some("a.b.c"));
        let svg = r#"<svg><openbadges:credential><![CDATA[{"a":1}]]></openbadges:credential></svg>"#;
        assert_eq!(svg_baked_text(svg).as_deref(), Some(r#"{"a":1}"#));
    }

    #[test]
    fn sd_jwt_disclosures_are_put_back() {
        let disclosure = URL_SAFE_NO_PAD.encode(br#"["salt","given_name","Ana"]"#);
        let digest = URL_SAFE_NO_PAD.encode(Sha256::digest(disclosure.as_bytes()));
        let payload = serde_json::json!({"iss": "https://u.example", "_sd": [digest, "undisclosed-digest"], "_sd_alg": "sha-256"});
        let revealed = reveal_sd_jwt(&format!("h.p.s~{disclosure}~"), &payload);
        assert_eq!(revealed, serde_json::json!({"iss": "https://u.example", "given_name": "Ana"}), "digests without disclosures vanish");
    }
}
