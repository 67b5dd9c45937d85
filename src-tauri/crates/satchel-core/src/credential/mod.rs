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

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

mod baked;
mod compact;
pub use compact::credential_in;
pub mod edci;
mod json;
pub mod sd_jwt;
pub(crate) mod text;

use baked::{detect_inner, detect_png};
use compact::detect_compact;
use edci::{detect_edci_xml, is_edc_root, mentions_europass};
use json::detect_json;

pub use baked::{png_baked_text, svg_baked_text};
pub(crate) use json::credentials_of;
pub use json::shown_credential;
pub use sd_jwt::{reveal_sd_jwt, MAX_DISCLOSURES};
pub use text::{display_text, text};

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
    // Plain ASCII has one script and no direction marks: only control
    // characters can deceive. (A fast path: names can be megabytes long.)
    if text.is_ascii() {
        return has_ascii_control(text.as_bytes()).then(|| "contains control characters".into());
    }
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

/// Whether ASCII `bytes` hold a control character (below 0x20, or 0x7F),
/// eight bytes at a time: names can be megabytes long, and the CLI and the
/// store look at them on every read.
fn has_ascii_control(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // A byte below 0x20 (every byte is below 0x80 here), or one equal to 0x7F.
        let below = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let del = x ^ (ONES * 0x7f);
        if below != 0 || del.wrapping_sub(ONES) & !del & HIGH != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(u8::is_ascii_control)
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

/// A credential read once: the exact bytes received, what they were
/// recognised as ([`Detected`]: format, container, media type, identifier,
/// summary) and, for a baked badge, the credential the image carries, read
/// too. Import reads the bytes into one of these and hands the same value to
/// verification, the summary, the learning view and sharing, so none of them
/// detects the bytes again and none can disagree about what they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    bytes: Vec<u8>,
    detected: Detected,
    /// The document a bare JSON credential parsed to (`None` for any other).
    json: Option<Value>,
    carried: Option<Box<Credential>>,
}

impl Credential {
    /// Reads `bytes` as a credential.
    ///
    /// # Errors
    /// [`FormatError`] naming what the input looked like when it is no
    /// credential Satchel reads (as [`detect`]).
    pub fn parse(bytes: impl Into<Vec<u8>>) -> Result<Self, FormatError> {
        let bytes = bytes.into();
        // Bare JSON is parsed here once and kept: verification and the
        // learning view read that document instead of parsing it again.
        let bare_json = std::str::from_utf8(&bytes)
            .ok()
            .filter(|t| !t.starts_with('\u{feff}'))
            .map(str::trim)
            .filter(|t| t.starts_with('{') && bytes.len() <= MAX_INPUT_BYTES);
        let (detected, json, inner) = match bare_json {
            Some(text) => {
                let (mut detected, value) = read_json(text)?;
                detected.summary = std::mem::take(&mut detected.summary).flag_deceptive_text();
                (detected, Some(value), None)
            }
            None => {
                let (mut detected, inner) = detect_format(&bytes)?;
                detected.summary = std::mem::take(&mut detected.summary).flag_deceptive_text();
                (detected, None, inner)
            }
        };
        // A baked badge's own detection already read what it carries (the
        // image is read once); that text is read here as a credential of its
        // own, so every consumer checks and shows the carried credential,
        // not the image.
        let carried = match inner {
            Some(inner) => Some(Box::new(Self::parse(inner.into_bytes())?)),
            None => None,
        };
        Ok(Self { bytes, detected, json, carried })
    }

    /// The bytes exactly as received (a baked badge's whole image).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// What the bytes were recognised as.
    pub fn detected(&self) -> &Detected {
        &self.detected
    }

    pub fn format(&self) -> Format {
        self.detected.format
    }

    pub fn container(&self) -> Container {
        self.detected.container
    }

    pub fn summary(&self) -> &Summary {
        &self.detected.summary
    }

    /// The JSON document of a bare JSON credential, parsed once on reading.
    pub fn json(&self) -> Option<&Value> {
        self.json.as_ref()
    }

    /// The credential a baked badge carries; `None` for a bare one.
    pub fn carried(&self) -> Option<&Credential> {
        self.carried.as_deref()
    }

    /// The SHA-256 of the bytes as received: what the wallet keys rows by.
    pub fn content_hash(&self) -> String {
        content_hash(&self.bytes)
    }

    /// The bytes and what they were recognised as, taken apart.
    pub fn into_parts(self) -> (Vec<u8>, Detected) {
        (self.bytes, self.detected)
    }
}

/// Recognises `bytes` as a credential by content.
///
/// # Errors
/// [`FormatError`] naming what the input looked like when it is no credential
/// Satchel reads.
pub fn detect(bytes: &[u8]) -> Result<Detected, FormatError> {
    let (mut detected, _) = detect_format(bytes)?;
    detected.summary = std::mem::take(&mut detected.summary).flag_deceptive_text();
    Ok(detected)
}

/// What `bytes` are, and, for a baked badge, the text it carries (read in
/// the same pass, so [`Credential::parse`] reads the image once).
fn detect_format(bytes: &[u8]) -> Result<(Detected, Option<String>), FormatError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(unsupported(format!("an input of {} bytes, over the {MAX_INPUT_BYTES}-byte limit", bytes.len())));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return detect_png(bytes).map(|(d, inner)| (d, Some(inner)));
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
        return read_json(text).map(|(detected, _)| (detected, None));
    }
    if text.starts_with('[') {
        return Err(unsupported(match serde_json::from_str::<Value>(text) {
            Ok(_) => "a JSON array, not a credential".to_string(),
            Err(e) => json_error(&e),
        }));
    }
    detect_compact(text, Container::Bare).map(|d| (d, None))
}

/// A bare JSON credential, recognised, with the document it parsed to.
fn read_json(text: &str) -> Result<(Detected, Value), FormatError> {
    let value: Value = serde_json::from_str(text).map_err(|e| unsupported(json_error(&e)))?;
    Ok((detect_json(&value, Container::Bare)?, value))
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

/// XML is told apart by its root element, read with the crate's XML reader
/// (a comment or a `DOCTYPE` mentioning `<svg` makes no SVG), then read
/// whole by the reader its kind needs: an SVG for its badge, an EDC as its
/// seal check reads it.
fn detect_xml(text: &str) -> Result<(Detected, Option<String>), FormatError> {
    use crate::xmldsig::xml::{root_element, Doctype};
    // The SVG reader tolerates a DOCTYPE that only names a DTD, the EDC one
    // refuses every DOCTYPE: read up to the root with the tolerant one, and
    // let the reader of its kind say no.
    let (root, scope) = root_element(text.as_bytes(), Doctype::ExternalIdOnly)
        .map_err(|e| unsupported(format!("an XML document Satchel does not read: {}", e.0)))?;
    if root.local_name() == "svg" {
        let inner = svg_baked_text(text)?.ok_or_else(|| unsupported("an SVG image with no badge baked into it"))?;
        let mut d = detect_inner(&inner, Container::Svg)?;
        d.media_type = "image/svg+xml";
        return Ok((d, Some(inner)));
    }
    if is_edc_root(&root, &scope) {
        return detect_edci_xml(text).map(|d| (d, None));
    }
    if mentions_europass(&scope) {
        // Mentioning Europass is not being a credential (a Europass CV, a
        // pasted web page): the root element must be one an EDC has.
        return Err(unsupported("an XML document that mentions Europass but is not a European Digital Credential"));
    }
    Err(unsupported("an XML document that is neither a badge image nor a European Digital Credential"))
}

/// The credential carried by a baked badge (`Container::Png`/`Svg`), as
/// text; `None` for a bare credential. Call after [`detect`] said which.
pub fn unbake(bytes: &[u8], container: Container) -> Option<String> {
    match container {
        Container::Bare => None,
        Container::Png => png_baked_text(bytes).ok().flatten(),
        Container::Svg => std::str::from_utf8(bytes).ok().and_then(|svg| svg_baked_text(svg).ok().flatten()),
    }
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;

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
            "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><!-- <openbadges:credential><![CDATA[{fake}]]></openbadges:credential> --><?pi <openbadges:credential verify='pi'/> ?><openbadges:credential><![CDATA[{real}]]></openbadges:credential></svg>"
        );
        assert_eq!(svg_baked_text(&svg).unwrap().as_deref(), Some(real), "only the badge in the document's content counts");
        let only_comment = format!(
            "<svg xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><!-- <openbadges:credential><![CDATA[{fake}]]></openbadges:credential> --></svg>"
        );
        assert_eq!(svg_baked_text(&only_comment), Ok(None), "a credential inside a comment is not the badge's");
        // A badge declared in a DOCTYPE's internal subset: the document is refused, not read past.
        let in_subset =
            format!("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x \"<openbadges:credential verify='no'/>\">]>{}", &svg[21..]);
        let err = svg_baked_text(&in_subset).expect_err("an internal subset is never read");
        assert!(err.seen.contains("internal subset"), "the refusal says why: {err}");
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
        assert!(deceptive_text("VALID\u{7f}").is_some(), "a delete, in otherwise plain ASCII");
        for at in 0..17 {
            for control in [0u8, 0x1b, 0x1f, 0x7f] {
                let mut bytes = vec![b'a'; 17];
                bytes[at] = control;
                assert!(has_ascii_control(&bytes), "{control:#x} at {at}");
            }
            let plain: Vec<u8> = (0x20u8..0x7f).cycle().skip(at).take(17 + at).collect();
            assert!(!has_ascii_control(&plain), "printable ASCII from {at}");
        }
        assert!(deceptive_text("Universität\u{9b}32m").is_some(), "a C1 escape beside non-ASCII letters");
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
        let ns = r#"xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0""#;
        let svg = format!(r#"<svg {ns}><openbadges:credential verify="a.b.c"></openbadges:credential></svg>"#);
        assert_eq!(svg_baked_text(&svg).unwrap().as_deref(), Some("a.b.c"), "a VC-JWT is the `verify` attribute");
        let svg = format!(r#"<svg {ns}><openbadges:credential><![CDATA[{{"a":1}}]]></openbadges:credential></svg>"#);
        assert_eq!(svg_baked_text(&svg).unwrap().as_deref(), Some(r#"{"a":1}"#), "an embedded proof's JSON is the CDATA body");
        let svg = format!(r#"<svg {ns}><openbadges:credential>{{&quot;a&quot;:1}}</openbadges:credential></svg>"#);
        assert_eq!(svg_baked_text(&svg).unwrap().as_deref(), Some(r#"{"a":1}"#), "escaped text is read unescaped");
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
