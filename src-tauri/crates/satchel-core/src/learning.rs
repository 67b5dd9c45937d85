//! The learning a credential describes, ready to show: title, issuer,
//! learner, each achievement with its learning outcomes, credits, level,
//! grade and volume of learning, in the learner's language.
//!
//! European Digital Credentials (ELM 3) carry most of this; Open Badges 3.0
//! and 2.0 carry an achievement, its criteria and skills. Texts come from
//! language maps (`{"en": "…", "fr": ["…"]}`): the first of the learner's
//! languages that the credential has, else its primary language, else the
//! first it has. The UI and `satchel show` render this one view. Every
//! string shown from a credential, here and in the wallet's summary (list,
//! share preview, employer report), comes through one rule,
//! [`display_text`].

use serde::Serialize;
use serde_json::Value;

use crate::credential::text::in_words;
pub use crate::credential::text::type_in_words;
use crate::credential::{self, Family};
use crate::error::Result;

/// What a learner or an employer reads about a credential.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LearningView {
    pub title: Option<String>,
    pub description: Option<String>,
    /// The language the texts were taken in (ISO 639-1, e.g. `en`), if known.
    pub language: Option<String>,
    /// Every language the credential's texts come in.
    pub languages: Vec<String>,
    pub issuer: Party,
    /// The learner's name, when the credential gives one.
    pub learner: Option<String>,
    pub issued: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub achievements: Vec<Achievement>,
    /// The issuer's rendered pages (EDC `displayParameter`), in page order.
    pub pages: Vec<Image>,
    /// Who sealed it and when (EDC), from the seal's certificate.
    pub sealed_by: Option<String>,
    pub sealed_at: Option<String>,
    /// What an SD-JWT VC discloses, claim by claim, beyond what the fields
    /// above already show (labels from the issuer's type metadata where it
    /// comes with the credential).
    pub claims: Vec<ClaimLine>,
}

/// One disclosed claim, labelled for people.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClaimLine {
    /// The claim's name in the credential (`grade`, `address.street`).
    pub name: String,
    /// The issuer's label for it, else the name in words (`Family name`).
    pub label: String,
    pub value: String,
}

/// An organisation: issuer or awarding body.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Party {
    pub id: Option<String>,
    pub name: Option<String>,
    pub country: Option<String>,
    pub homepage: Option<String>,
    pub logo: Option<Image>,
}

/// An embedded image, or one the credential links to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Image {
    /// A `data:` URI for embedded images, else the https address given.
    pub src: String,
}

/// One achievement (EDC learning achievement, OB achievement).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Achievement {
    pub title: Option<String>,
    pub description: Option<String>,
    pub criteria: Option<String>,
    pub learning_outcomes: Vec<String>,
    pub skills: Vec<String>,
    pub credits: Vec<Credit>,
    /// The European Qualifications Framework level (1–8).
    pub eqf_level: Option<u8>,
    pub nqf_level: Option<String>,
    pub grade: Option<String>,
    /// As given (ISO 8601 duration, e.g. `PT60H`) and in words.
    pub volume_of_learning: Option<String>,
    pub volume_in_words: Option<String>,
    pub awarding_body: Option<String>,
    /// Achievements this one is made of.
    pub parts: Vec<Achievement>,
}

/// Credit points and their framework (e.g. ECTS).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Credit {
    pub points: String,
    pub framework: Option<String>,
}

/// The learning in `bytes` (any format Satchel reads), with texts in the
/// first of `languages` the credential has.
///
/// # Errors
/// `unsupported_format` when the bytes are no credential.
pub fn view(bytes: &[u8], languages: &[&str]) -> Result<LearningView> {
    view_of(&credential::Credential::parse(bytes)?, languages)
}

/// [`view`] of a credential already read: import and the detail screen use
/// this, so the bytes are recognised once.
pub fn view_of(credential: &credential::Credential, languages: &[&str]) -> Result<LearningView> {
    if let Some(inner) = credential.carried() {
        return view_of(inner, languages);
    }
    let (bytes, detected) = (credential.bytes(), credential.detected().clone());
    if detected.format.securing == credential::Securing::Xades || bytes.trim_ascii_start().starts_with(b"<") {
        if let Some(mut out) = elm2(bytes, languages) {
            out.title = out.title.or(detected.summary.title);
            out.issuer.name = out.issuer.name.or(detected.summary.issuer_name);
            return Ok(out);
        }
    }
    let json: Option<Value> = credential.json().cloned().or_else(|| serde_json::from_slice(bytes).ok());
    let mut sealed = (None, None);
    let doc = match (&json, detected.format.family) {
        // Only what detection (and so verification) took for a JAdES seal is
        // read as one: any other JSON that happens to carry `payload` and
        // `signatures` members is shown as itself, as it was verified.
        (Some(doc), _) if detected.format.securing == credential::Securing::Jades => {
            if let Ok(jades) = crate::verify::seal::parse(doc) {
                sealed = crate::verify::seal::sealer(&jades);
                serde_json::from_str(&jades.payload).unwrap_or(Value::Null)
            } else {
                Value::Null
            }
        }
        (Some(doc), _) => doc.clone(),
        (None, _) => jwt_payload(bytes),
    };
    let mut out = match detected.format.family {
        // A seal is read by the rule the seal check reads it (a sealed
        // presentation shows the credential it holds, never its own fields).
        _ if detected.format.securing == credential::Securing::Jades => edc(&doc, languages),
        // An SD-JWT VC (not a W3C credential secured as an SD-JWT): flat
        // claims named by the issuer's type (`vct`).
        Family::Vc if detected.format.securing == credential::Securing::SdJwt && detected.format.model.is_none() => {
            sd_jwt_vc(&doc, &type_metadata(bytes), languages)
        }
        Family::Edc => edc(&doc, languages),
        Family::Ob2 => ob2(&doc),
        _ => vc(&doc, languages),
    };
    (out.sealed_by, out.sealed_at) = sealed;
    if out.title.is_none() {
        out.title = detected.summary.title;
    }
    if out.issuer.name.is_none() {
        out.issuer.name = detected.summary.issuer_name;
    }
    if out.issuer.id.is_none() {
        out.issuer.id = detected.summary.issuer_id;
    }
    Ok(out)
}

/// The credential inside a JWT, VC-JWT or SD-JWT (disclosures put back).
fn jwt_payload(bytes: &[u8]) -> Value {
    let Ok(text) = std::str::from_utf8(bytes) else { return Value::Null };
    let first = text.trim().split('~').next().unwrap_or_default();
    let Ok(compact) = crate::jws::parse(first) else { return Value::Null };
    let claims = if text.contains('~') { credential::reveal_sd_jwt(text.trim(), &compact.payload) } else { compact.payload };
    credential::credential_in(&claims).clone()
}

/// One value or many, as a list.
fn many(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Null) | None => vec![],
        Some(one) => vec![one],
    }
}

/// Picks texts from language maps.
struct Texts {
    wanted: Vec<String>,
    primary: Option<String>,
}

impl Texts {
    /// The text of `v` in the best language, by [`display_text`].
    fn pick(&self, v: Option<&Value>) -> Option<String> {
        let wanted: Vec<&str> = self.wanted.iter().map(String::as_str).collect();
        display_text(v?, &wanted, self.primary.as_deref())
    }
}

/// The one rule by which a value of a credential becomes text on screen
/// lives with the credential's format model, which lists credentials by it.
pub use crate::credential::display_text;

/// ISO 639-2 (the EU's language authority codes) to 639-1 for EU languages.
fn two_letter(code: &str) -> Option<&'static str> {
    const CODES: &[(&str, &str)] = &[
        ("BUL", "bg"),
        ("CES", "cs"),
        ("DAN", "da"),
        ("DEU", "de"),
        ("ELL", "el"),
        ("ENG", "en"),
        ("EST", "et"),
        ("FIN", "fi"),
        ("FRA", "fr"),
        ("GLE", "ga"),
        ("HRV", "hr"),
        ("HUN", "hu"),
        ("ITA", "it"),
        ("LAV", "lv"),
        ("LIT", "lt"),
        ("MLT", "mt"),
        ("NLD", "nl"),
        ("POL", "pl"),
        ("POR", "pt"),
        ("RON", "ro"),
        ("SLK", "sk"),
        ("SLV", "sl"),
        ("SPA", "es"),
        ("SWE", "sv"),
        ("NOR", "no"),
        ("ISL", "is"),
        ("TUR", "tr"),
        ("MKD", "mk"),
        ("SRP", "sr"),
        ("SQI", "sq"),
    ];
    let last = code.rsplit('/').next().unwrap_or(code).to_ascii_uppercase();
    CODES.iter().find(|(three, _)| *three == last).map(|(_, two)| *two)
}

/// Every language key of every language map in `v`.
fn languages_in(v: &Value, out: &mut std::collections::BTreeSet<String>, depth: usize) {
    if depth > 12 {
        return;
    }
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                if k.len() == 2 && k.chars().all(|c| c.is_ascii_lowercase()) && (x.is_string() || x.is_array()) {
                    out.insert(k.clone());
                } else {
                    languages_in(x, out, depth + 1);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| languages_in(i, out, depth + 1)),
        _ => {}
    }
}

fn string_at(v: &Value, pointer: &str) -> Option<String> {
    v.pointer(pointer).and_then(Value::as_str).map(str::to_string)
}

fn image_of(media: &Value) -> Option<Image> {
    if let Some(content) = media.get("content").and_then(Value::as_str) {
        let kind = media.pointer("/contentType/id").and_then(Value::as_str).and_then(|id| id.rsplit('/').next()).unwrap_or("PNG");
        let mime = match kind.to_ascii_uppercase().as_str() {
            "JPEG" | "JPG" => "image/jpeg",
            "SVG" => "image/svg+xml",
            "GIF" => "image/gif",
            _ => "image/png",
        };
        return Some(Image { src: format!("data:{mime};base64,{content}") });
    }
    let url = media.get("contentURL").or_else(|| media.get("id")).and_then(Value::as_str)?;
    (url.starts_with("https://") || url.starts_with("data:image/")).then(|| Image { src: url.to_string() })
}

/// `PT60H` → "60 hours"; `P1M` → "1 month"; other forms as given.
pub fn duration_in_words(iso: &str) -> Option<String> {
    let rest = iso.strip_prefix('P')?;
    let (date, time) = rest.split_once('T').unwrap_or((rest, ""));
    let mut parts = Vec::new();
    let mut push = |text: &str, units: &[(char, &str)]| -> Option<()> {
        let mut number = String::new();
        for c in text.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
            } else {
                let unit = units.iter().find(|(u, _)| *u == c)?.1;
                let plural = if number == "1" { "" } else { "s" };
                parts.push(format!("{number} {unit}{plural}"));
                number.clear();
            }
        }
        number.is_empty().then_some(())
    };
    push(date, &[('Y', "year"), ('M', "month"), ('W', "week"), ('D', "day")])?;
    push(time, &[('H', "hour"), ('M', "minute"), ('S', "second")])?;
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn edc(doc: &Value, languages: &[&str]) -> LearningView {
    let credential = crate::verify::seal::shown_credential(doc).unwrap_or(&Value::Null);
    let display = credential.get("displayParameter").unwrap_or(&Value::Null);
    let primary = display.pointer("/primaryLanguage/id").and_then(Value::as_str).and_then(two_letter).map(str::to_string);
    let t = Texts { wanted: languages.iter().map(|l| l.to_ascii_lowercase()).collect(), primary: primary.clone() };
    // The credential's own languages are those its display is given in
    // (vocabulary labels come in every EU language and say nothing of it).
    let mut langs: std::collections::BTreeSet<String> = many(display.get("language"))
        .into_iter()
        .filter_map(|l| l.get("id").and_then(Value::as_str).and_then(two_letter).map(str::to_string))
        .collect();
    if langs.is_empty() {
        languages_in(display.get("title").unwrap_or(&Value::Null), &mut langs, 0);
    }
    let language = t.wanted.iter().find(|l| langs.contains(*l)).cloned().or(primary).or_else(|| langs.iter().next().cloned());
    let issuer = credential.get("issuer").unwrap_or(&Value::Null);
    let subject = credential.get("credentialSubject").unwrap_or(&Value::Null);
    let mut pages: Vec<(i64, Image)> = many(display.get("individualDisplay"))
        .into_iter()
        .filter(|d| {
            let lang = d.pointer("/language/id").and_then(Value::as_str).and_then(two_letter);
            lang.is_none() || lang.map(str::to_string) == language
        })
        .flat_map(|d| many(d.get("displayDetail")))
        .filter_map(|d| Some((d.get("page").and_then(Value::as_i64).unwrap_or(0), image_of(d.get("image")?)?)))
        .collect();
    pages.sort_by_key(|(page, _)| *page);
    let learner = subject.get("fullName").and_then(|n| t.pick(Some(n))).or_else(|| {
        match (t.pick(subject.get("givenName")), t.pick(subject.get("familyName"))) {
            (Some(g), Some(f)) => Some(format!("{g} {f}")),
            (g, f) => g.or(f),
        }
    });
    let description = t.pick(display.get("description")).or_else(|| t.pick(credential.get("description")));
    LearningView {
        title: t.pick(display.get("title")).or_else(|| t.pick(credential.get("title"))),
        description: description.and_then(|d| sentence(d, learner.as_deref())),
        language,
        languages: langs.into_iter().collect(),
        issuer: Party {
            id: string_at(issuer, "/id"),
            name: t.pick(issuer.get("legalName")).or_else(|| t.pick(issuer.get("prefLabel"))),
            country: many(issuer.get("location"))
                .into_iter()
                .find_map(|l| many(l.get("address")).into_iter().find_map(|a| t.pick(a.pointer("/countryCode/prefLabel")))),
            homepage: many(issuer.get("homepage")).into_iter().find_map(|h| string_at(h, "/contentURL")),
            logo: issuer.get("logo").and_then(image_of),
        },
        learner,
        issued: string_at(credential, "/issued").or_else(|| string_at(credential, "/issuanceDate")),
        valid_from: string_at(credential, "/validFrom"),
        valid_until: string_at(credential, "/validUntil").or_else(|| string_at(credential, "/expirationDate")),
        achievements: many(subject.get("hasClaim")).into_iter().map(|c| edc_claim(c, &t, 0)).collect(),
        pages: pages.into_iter().map(|(_, i)| i).collect(),
        sealed_by: None,
        sealed_at: None,
        claims: vec![],
    }
}

/// An EDC description that is the rest of a certificate's sentence ("has
/// attended the webinar", "is awarded to"): the EDC templates print it
/// after the learner's name, so it is shown after it, or not at all when
/// the credential names no learner, never as a subtitle on its own.
fn sentence(description: String, learner: Option<&str>) -> Option<String> {
    let fragment = description.chars().next().is_some_and(char::is_lowercase);
    match (fragment, learner) {
        (false, _) => Some(description),
        (true, Some(name)) if !description.trim_end().ends_with(" to") => Some(format!("{name} {description}")),
        (true, _) => None,
    }
}

/// A credit framework by the name people use: the EU vocabulary's label
/// "European Credit Transfer System" is said "ECTS".
fn credit_framework(label: Option<String>) -> Option<String> {
    label.map(|l| if l.to_ascii_lowercase().contains("european credit transfer") { "ECTS".to_string() } else { l })
}

fn edc_claim(claim: &Value, t: &Texts, depth: usize) -> Achievement {
    let spec = many(claim.get("specifiedBy")).into_iter().next().unwrap_or(&Value::Null);
    let eqf = spec.pointer("/eqfLevel/id").and_then(Value::as_str).and_then(|id| id.rsplit('/').next()).and_then(|n| n.parse().ok());
    let volume = spec.get("volumeOfLearning").and_then(Value::as_str).map(str::to_string);
    Achievement {
        title: t.pick(claim.get("title")).or_else(|| t.pick(spec.get("title"))),
        description: t.pick(claim.get("description")).or_else(|| t.pick(spec.get("description"))),
        criteria: None,
        learning_outcomes: many(spec.get("learningOutcome")).into_iter().filter_map(|o| t.pick(o.get("title"))).collect(),
        skills: many(spec.get("learningOutcome"))
            .into_iter()
            .flat_map(|o| many(o.get("relatedESCOSkill")))
            .filter_map(|s| t.pick(s.get("prefLabel")))
            .collect(),
        credits: many(spec.get("creditPoint"))
            .into_iter()
            .filter_map(|c| {
                Some(Credit {
                    points: c.get("point").map(|p| p.as_str().map(str::to_string).unwrap_or_else(|| p.to_string()))?,
                    framework: credit_framework(t.pick(c.pointer("/framework/prefLabel"))),
                })
            })
            .collect(),
        eqf_level: eqf,
        nqf_level: t.pick(spec.pointer("/nqfLevel/prefLabel")),
        // A grade means little without its scale ("Pass" of "Standard grading").
        grade: many(claim.get("provenBy")).into_iter().find_map(|p| {
            let grade = t.pick(p.pointer("/grade/noteLiteral"))?;
            let scale = many(p.get("specifiedBy"))
                .into_iter()
                .chain(std::iter::once(spec))
                .find_map(|s| many(s.get("gradingScheme")).into_iter().find_map(|g| t.pick(g.get("title"))));
            Some(match scale {
                Some(scale) => format!("{grade} ({scale})"),
                None => grade,
            })
        }),
        volume_in_words: volume.as_deref().and_then(duration_in_words),
        volume_of_learning: volume,
        awarding_body: many(claim.get("awardedBy"))
            .into_iter()
            .flat_map(|a| many(a.get("awardingBody")))
            .find_map(|b| t.pick(b.get("legalName")).or_else(|| t.pick(b.get("prefLabel")))),
        parts: if depth < 4 { many(claim.get("hasPart")).into_iter().map(|p| edc_claim(p, t, depth + 1)).collect() } else { vec![] },
    }
}

/// The SD-JWT VC type metadata that came with the credential (see
/// [`credential::sd_jwt::type_metadata`]).
fn type_metadata(bytes: &[u8]) -> Value {
    let Ok(text) = std::str::from_utf8(bytes) else { return Value::Null };
    crate::jws::parse(text.trim().split('~').next().unwrap_or_default())
        .map_or(Value::Null, |compact| credential::sd_jwt::type_metadata(&compact))
}

/// The entry of a metadata `display` list in the best of `languages`
/// (`lang`, or `locale` in earlier drafts), else English, else the first.
fn display_in<'a>(display: Option<&'a Value>, languages: &[&str]) -> Option<&'a Value> {
    let entries = many(display);
    let lang = |e: &Value| e.get("lang").or_else(|| e.get("locale")).and_then(Value::as_str).unwrap_or_default().to_string();
    languages
        .iter()
        .chain(std::iter::once(&"en"))
        .find_map(|l| entries.iter().find(|e| credential::text::speaks(&lang(e), l)))
        .or(entries.first())
        .copied()
}

/// A claim's value as text: strings and numbers as they are, lists and
/// objects as their parts ("street: Main St; town: Lyon").
fn claim_text(v: &Value, depth: usize) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) if depth < 4 => {
            let parts: Vec<String> = items.iter().filter_map(|i| claim_text(i, depth + 1)).collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        Value::Object(map) if depth < 4 => {
            let parts: Vec<String> = map
                .iter()
                .filter(|(k, _)| !k.starts_with('_'))
                .filter_map(|(k, v)| Some(format!("{k}: {}", claim_text(v, depth + 1)?)))
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        _ => None,
    }
}

/// Claims that are the token's machinery, not something the issuer says
/// of the learner (RFC 7519 and SD-JWT VC registered claims).
const MACHINERY: &[&str] = &["iss", "sub", "iat", "nbf", "exp", "vct", "vct#integrity", "cnf", "status", "jti", "aud", "_sd", "_sd_alg"];

/// An SD-JWT VC: the disclosed claims, the issuer from `iss` (or the
/// VCDM-style `issuer`), the title from `name`, the type metadata's display
/// name, the achievement claim, or the type's last word — never the bare
/// `vct` URL.
fn sd_jwt_vc(claims: &Value, metadata: &Value, languages: &[&str]) -> LearningView {
    let t = Texts { wanted: languages.iter().map(|l| l.to_string()).collect(), primary: None };
    let get = |k: &str| claims.get(k).filter(|v| !v.is_null());
    let shown = display_in(metadata.get("display"), languages);
    // The issuer's labels for its claims (`claims[].path` + `display[].label`).
    let label_of = |path: &[&str]| -> Option<String> {
        many(metadata.get("claims")).into_iter().find_map(|c| {
            let p: Vec<&str> = many(c.get("path")).into_iter().filter_map(Value::as_str).collect();
            (p == path).then(|| display_in(c.get("display"), languages)?.get("label")?.as_str().map(str::to_string)).flatten()
        })
    };
    let achievement_claim = get("achievement").or_else(|| get("course")).or_else(|| get("qualification"));
    let achievement_title = achievement_claim.and_then(|a| match a {
        Value::Object(_) => t.pick(a.get("name")).or_else(|| t.pick(a.get("title"))),
        other => t.pick(Some(other)),
    });
    let grade = get("grade").and_then(|g| claim_text(g, 0)).map(|g| {
        match get("grade_scale").or_else(|| get("grading_scale")).or_else(|| get("grading_scheme")).and_then(|s| claim_text(s, 0)) {
            Some(scale) => format!("{g} ({scale})"),
            None => g,
        }
    });
    let credits: Vec<Credit> = [("ects", Some("ECTS")), ("ects_credits", Some("ECTS")), ("credits", None), ("credit_points", None)]
        .into_iter()
        .filter_map(|(k, framework)| {
            Some(Credit {
                points: claim_text(get(k)?, 0)?,
                framework: framework.map(str::to_string).or_else(|| get("credit_framework").and_then(|f| claim_text(f, 0))),
            })
        })
        .collect();
    let shown_keys = [
        "name",
        "description",
        "issuer",
        "issuer_name",
        "given_name",
        "family_name",
        "achievement",
        "course",
        "qualification",
        "grade",
        "grade_scale",
        "grading_scale",
        "grading_scheme",
        "ects",
        "ects_credits",
        "credits",
        "credit_points",
        "credit_framework",
    ];
    let achievements = if achievement_title.is_some() || grade.is_some() || !credits.is_empty() {
        vec![Achievement {
            title: achievement_title.clone(),
            description: achievement_claim.and_then(|a| t.pick(a.get("description"))),
            grade,
            credits,
            eqf_level: get("eqf_level").and_then(|l| l.as_u64().or_else(|| l.as_str()?.parse().ok())).and_then(|l| u8::try_from(l).ok()),
            ..Achievement::default()
        }]
    } else {
        vec![]
    };
    let mut lines = Vec::new();
    if let Value::Object(map) = claims {
        for (name, value) in map {
            if MACHINERY.contains(&name.as_str()) || shown_keys.contains(&name.as_str()) || name.starts_with('_') {
                continue;
            }
            if let Some(text) = claim_text(value, 0) {
                lines.push(ClaimLine {
                    name: name.clone(),
                    label: label_of(&[name.as_str()]).unwrap_or_else(|| in_words(name)),
                    value: text,
                });
            }
        }
    }
    let issuer = get("issuer").unwrap_or(&Value::Null);
    let vct = claims.get("vct").and_then(Value::as_str);
    let time = |k: &str| get(k).and_then(crate::clock::numeric_date).map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    LearningView {
        title: t
            .pick(get("name"))
            .or_else(|| shown.and_then(|d| d.get("name")).and_then(Value::as_str).map(str::to_string))
            .or(achievement_title)
            .or_else(|| vct.and_then(type_in_words)),
        description: t
            .pick(get("description"))
            .or_else(|| shown.and_then(|d| d.get("description")).and_then(Value::as_str).map(str::to_string)),
        issuer: Party {
            id: string_at(claims, "/iss").or_else(|| issuer.as_str().map(str::to_string)).or_else(|| string_at(issuer, "/id")),
            name: t.pick(get("issuer_name")).or_else(|| t.pick(issuer.get("name"))),
            ..Party::default()
        },
        learner: match (t.pick(get("given_name")), t.pick(get("family_name"))) {
            (Some(g), Some(f)) => Some(format!("{g} {f}")),
            (g, f) => g.or(f),
        },
        issued: time("iat"),
        valid_from: time("nbf").or_else(|| time("iat")),
        valid_until: time("exp"),
        achievements,
        claims: lines,
        ..LearningView::default()
    }
}

/// W3C VCs, Open Badges 3.0, SD-JWT VC claims.
fn vc(doc: &Value, languages: &[&str]) -> LearningView {
    let t = Texts { wanted: languages.iter().map(|l| l.to_string()).collect(), primary: None };
    let issuer = doc.get("issuer").unwrap_or(&Value::Null);
    let subject = many(doc.get("credentialSubject")).into_iter().next().unwrap_or(&Value::Null);
    let achievements = many(subject.get("achievement"))
        .into_iter()
        .map(|a| Achievement {
            title: t.pick(a.get("name")),
            description: t.pick(a.get("description")),
            criteria: t.pick(a.pointer("/criteria/narrative")).or_else(|| string_at(a, "/criteria/id")),
            skills: many(a.get("alignment")).into_iter().filter_map(|al| t.pick(al.get("targetName"))).collect(),
            credits: a
                .get("creditsAvailable")
                .map(|c| vec![Credit { points: c.to_string().trim_matches('"').to_string(), framework: None }])
                .unwrap_or_default(),
            grade: many(subject.get("result")).into_iter().find_map(|r| t.pick(r.get("value"))),
            awarding_body: t.pick(a.pointer("/creator/name")),
            ..Achievement::default()
        })
        .collect();
    LearningView {
        title: t.pick(doc.get("name")).or_else(|| subject.pointer("/achievement/name").and_then(|n| t.pick(Some(n)))),
        description: t.pick(doc.get("description")).or_else(|| subject.pointer("/achievement/description").and_then(|n| t.pick(Some(n)))),
        language: None,
        languages: vec![],
        issuer: Party {
            id: issuer.as_str().map(str::to_string).or_else(|| string_at(issuer, "/id")),
            name: t.pick(issuer.get("name")),
            country: t.pick(issuer.pointer("/address/addressCountry")),
            homepage: string_at(issuer, "/url"),
            logo: issuer
                .get("image")
                .and_then(|i| i.as_str().or_else(|| i.get("id").and_then(Value::as_str)))
                .and_then(|src| (src.starts_with("https://") || src.starts_with("data:image/")).then(|| Image { src: src.to_string() })),
        },
        learner: t.pick(subject.get("name")).or_else(|| match (t.pick(doc.get("given_name")), t.pick(doc.get("family_name"))) {
            (Some(g), Some(f)) => Some(format!("{g} {f}")),
            (g, f) => g.or(f),
        }),
        issued: string_at(doc, "/issuanceDate").or_else(|| string_at(doc, "/validFrom")),
        valid_from: string_at(doc, "/validFrom").or_else(|| string_at(doc, "/issuanceDate")),
        valid_until: string_at(doc, "/validUntil").or_else(|| string_at(doc, "/expirationDate")),
        achievements,
        pages: vec![],
        sealed_by: None,
        sealed_at: None,
        claims: vec![],
    }
}

/// Open Badges 2.0: what the assertion embeds (linked badge classes are not
/// fetched to show them).
fn ob2(doc: &Value) -> LearningView {
    let badge = doc.get("badge").unwrap_or(&Value::Null);
    let issuer = badge.get("issuer").unwrap_or(&Value::Null);
    LearningView {
        title: string_at(badge, "/name"),
        description: string_at(badge, "/description"),
        issuer: Party {
            id: issuer.as_str().map(str::to_string).or_else(|| string_at(issuer, "/id")),
            name: string_at(issuer, "/name"),
            homepage: string_at(issuer, "/url"),
            ..Party::default()
        },
        issued: string_at(doc, "/issuedOn"),
        valid_from: string_at(doc, "/issuedOn"),
        valid_until: string_at(doc, "/expires"),
        achievements: vec![Achievement {
            title: string_at(badge, "/name"),
            description: string_at(badge, "/description"),
            criteria: string_at(badge, "/criteria/narrative").or_else(|| badge.get("criteria").and_then(Value::as_str).map(str::to_string)),
            skills: many(badge.get("alignment")).into_iter().filter_map(|a| string_at(a, "/targetName")).collect(),
            ..Achievement::default()
        }],
        ..LearningView::default()
    }
}

/// Legacy Europass credentials (ELM 2, XML): texts are `<text lang="…">`
/// children; achievements point at specifications, outcomes and awarding
/// bodies by `idref`.
fn elm2(bytes: &[u8], languages: &[&str]) -> Option<LearningView> {
    use crate::trust::xml::{self, Element, Scope};
    // Only what a signature can cover: never text hidden inside a signature.
    let doc = xml::without_signatures(&xml::parse(bytes).ok()?);
    let scope = Scope::new();
    let find = |local: &str| doc.root.find(&scope, &|e, _| e.local_name() == local).map(|(e, _, _)| e);
    let by_id = |id: &str| doc.root.find(&scope, &|e, _| e.attribute("id") == Some(id)).map(|(e, _, _)| e);
    let wanted: Vec<String> = languages.iter().map(|l| l.to_ascii_lowercase()).collect();
    let text = |e: Option<&Element>| -> Option<String> {
        let e = e?;
        let texts: Vec<&Element> = e.children_named("text").collect();
        if texts.is_empty() {
            let t = e.text().trim().to_string();
            return (!t.is_empty()).then_some(t);
        }
        wanted
            .iter()
            .find_map(|l| texts.iter().find(|t| t.attribute("lang") == Some(l.as_str())))
            .or_else(|| texts.iter().find(|t| t.attribute("lang") == Some("en")))
            .or(texts.first())
            .map(|t| t.text().trim().to_string())
    };
    let credential = find("europassCredential")?;
    let subject = credential.child("credentialSubject");
    let resolve = |e: Option<&Element>| e.and_then(|r| r.attribute("idref")).and_then(by_id);
    fn achievement<'a>(
        a: &'a Element,
        text: &dyn Fn(Option<&Element>) -> Option<String>,
        resolve: &dyn Fn(Option<&Element>) -> Option<&'a Element>,
        depth: usize,
    ) -> Achievement {
        let spec = resolve(a.child("specifiedBy"));
        let outcomes = spec
            .and_then(|s| s.child("learningOutcomes"))
            .map(|o| {
                o.children_named("learningOutcome").filter_map(|r| resolve(Some(r))).filter_map(|o| text(o.child("prefLabel"))).collect()
            })
            .unwrap_or_default();
        let volume = spec.and_then(|s| s.child("volumeOfLearning")).map(|v| v.text().trim().to_string());
        Achievement {
            title: text(a.child("title")),
            description: text(a.child("description")),
            learning_outcomes: outcomes,
            credits: spec
                .and_then(|s| s.child("hasECTSCreditPoints"))
                .map(|c| vec![Credit { points: c.text().trim().to_string(), framework: Some("ECTS".into()) }])
                .unwrap_or_default(),
            eqf_level: spec
                .and_then(|s| s.child("eqfLevel"))
                .and_then(|l| l.attribute("uri"))
                .and_then(|u| u.rsplit('/').next())
                .and_then(|n| n.parse().ok()),
            grade: a.child("wasDerivedFrom").and_then(|d| d.child("grade")).map(|g| g.text().trim().to_string()),
            volume_in_words: volume.as_deref().and_then(duration_in_words),
            volume_of_learning: volume,
            awarding_body: resolve(a.child("wasAwardedBy"))
                .and_then(|p| resolve(p.child("awardingBody")))
                .and_then(|o| text(o.child("prefLabel")).or_else(|| text(o.child("legalName")))),
            parts: if depth < 3 {
                a.child("hasPart")
                    .into_iter()
                    .flat_map(|h| h.children_named("learningAchievement"))
                    .map(|p| achievement(p, text, resolve, depth + 1))
                    .collect()
            } else {
                vec![]
            },
            ..Achievement::default()
        }
    }
    let achievements = subject
        .and_then(|s| s.child("achievements"))
        .map(|a| a.children_named("learningAchievement").map(|a| achievement(a, &text, &resolve, 0)).collect())
        .unwrap_or_default();
    // The issuer the seal check compares, by the same rule; the sealer is
    // shown apart, as what it is.
    let issuer = crate::credential::edci::xml_roles(&doc).credential_issuer;
    Some(LearningView {
        title: text(credential.child("title")),
        description: text(credential.child("description")),
        language: wanted.first().cloned(),
        issuer: Party {
            id: credential.child("issuer").and_then(|i| i.attribute("idref")).map(str::to_string),
            name: issuer.and_then(|i| text(i.child("prefLabel")).or_else(|| text(i.child("legalName")))),
            ..Party::default()
        },
        learner: subject.and_then(|s| text(s.child("fullName"))).or_else(|| {
            let s = subject?;
            Some(format!("{} {}", text(s.child("givenNames"))?, text(s.child("familyName"))?))
        }),
        issued: credential.child("issued").map(|d| d.text().trim().to_string()),
        valid_from: credential.child("validFrom").map(|d| d.text().trim().to_string()),
        valid_until: credential.child("validUntil").or_else(|| credential.child("expirationDate")).map(|d| d.text().trim().to_string()),
        achievements,
        sealed_by: crate::verify::seal::xml_sealer(bytes),
        ..LearningView::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_words() {
        assert_eq!(duration_in_words("PT60H").as_deref(), Some("60 hours"));
        assert_eq!(duration_in_words("P1M").as_deref(), Some("1 month"));
        assert_eq!(duration_in_words("P1Y6MT1H30M").as_deref(), Some("1 year 6 months 1 hour 30 minutes"));
        assert_eq!(duration_in_words("60 hours"), None);
        assert_eq!(duration_in_words("P"), None);
    }

    #[test]
    fn one_rule_for_every_displayed_string() {
        let en = |v: Value| display_text(&v, &["en"], None);
        assert_eq!(en(serde_json::json!("Plain")).as_deref(), Some("Plain"));
        assert_eq!(en(serde_json::json!({"@index": "FAKE", "@value": "REAL"})).as_deref(), Some("REAL"), "@index is not signed");
        assert_eq!(en(serde_json::json!({"@value": "REAL", "@index": "FAKE"})).as_deref(), Some("REAL"), "whatever the key order");
        assert_eq!(en(serde_json::json!({"@value": "Hi", "@language": "en"})).as_deref(), Some("Hi"));
        assert_eq!(en(serde_json::json!({"de": "Hallo", "en-GB": "Hello"})).as_deref(), Some("Hello"), "a regional tag");
        assert_eq!(en(serde_json::json!({"fr": ["Un", "Deux"]})).as_deref(), Some("Deux; Un"), "a set: sorted");
        assert_eq!(
            en(serde_json::json!([{"@value": "Hallo", "@language": "de"}, {"@value": "Hi", "@language": "en"}])).as_deref(),
            Some("Hi")
        );
        assert_eq!(en(serde_json::json!(["Second", "First"])).as_deref(), Some("First; Second"), "every value, in no order of the JSON's");
        assert_eq!(en(serde_json::json!(["First", "Second"])), en(serde_json::json!(["Second", "First"])));
        assert_eq!(
            en(serde_json::json!([{"@value": "Hallo", "@language": "de"}, {"@value": "Salut", "@language": "fr"}])).as_deref(),
            Some("Hallo"),
            "no wanted language: the first tag in order"
        );
        assert_eq!(en(serde_json::json!({"id": "urn:x", "name": "FAKE"})), None, "a node object is no text");
        assert_eq!(en(serde_json::json!({"@index": "FAKE", "en": "REAL"})), None, "not a language map");
        assert_eq!(en(serde_json::json!(7)), None);
        // The list (credential summary) and the detail (learning view) agree.
        for v in [
            serde_json::json!({"@index": "FAKE", "@value": "REAL"}),
            serde_json::json!({"en": "E", "de": "D"}),
            serde_json::json!([{"@value": "x"}, "y"]),
        ] {
            let t = Texts { wanted: vec!["en".into()], primary: None };
            assert_eq!(crate::credential::text(&v), t.pick(Some(&v)), "{v}");
        }
    }

    /// An SD-JWT VC as an issuer would make it (the view reads, it does not
    /// verify, so the signature is a placeholder): `iss`, a `vct` URL, and
    /// the learning in its disclosures; `vctm` carries the type metadata.
    fn sd_jwt_vc(metadata: Option<Value>) -> String {
        use base64::Engine as _;
        use sha2::Digest as _;
        let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
        let disclosures: Vec<String> = [
            serde_json::json!(["s1", "given_name", "Ana"]),
            serde_json::json!(["s2", "family_name", "Silva"]),
            serde_json::json!(["s3", "achievement", {"name": "Data Analysis", "description": "Statistics for engineers"}]),
            serde_json::json!(["s4", "grade", "4"]),
            serde_json::json!(["s5", "grade_scale", "0–5"]),
            serde_json::json!(["s6", "ects", 5]),
            serde_json::json!(["s7", "student_number", "A123"]),
        ]
        .iter()
        .map(b64)
        .collect();
        let digests: Vec<String> = disclosures
            .iter()
            .map(|d| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(d.as_bytes())))
            .collect();
        let mut header = serde_json::json!({"alg": "ES256", "typ": "dc+sd-jwt"});
        if let Some(m) = metadata {
            header["vctm"] = serde_json::json!([b64(&m)]);
        }
        let payload = serde_json::json!({"iss": "https://jamk.example", "iat": 1_764_000_000, "vct": "https://credentials.example/course-result",
            "_sd": digests, "_sd_alg": "sha-256", "issuer_name": "JAMK University"});
        format!("{}.{}.c2ln~{}~", b64(&header), b64(&payload), disclosures.join("~"))
    }

    #[test]
    fn an_sd_jwt_vc_shows_its_issuer_and_the_learning_in_its_disclosures() {
        let v = view(sd_jwt_vc(None).as_bytes(), &["en"]).unwrap();
        assert_eq!(v.title.as_deref(), Some("Data Analysis"), "the achievement names it, never the `vct` URL");
        assert_eq!(v.issuer.id.as_deref(), Some("https://jamk.example"), "the issuer is `iss`");
        assert_eq!(v.issuer.name.as_deref(), Some("JAMK University"));
        assert_eq!(v.learner.as_deref(), Some("Ana Silva"));
        let a = &v.achievements[0];
        assert_eq!(a.grade.as_deref(), Some("4 (0–5)"), "a grade with its scale");
        assert_eq!(a.credits, vec![Credit { points: "5".into(), framework: Some("ECTS".into()) }]);
        assert_eq!(a.description.as_deref(), Some("Statistics for engineers"));
        assert_eq!(
            v.claims,
            vec![ClaimLine { name: "student_number".into(), label: "Student number".into(), value: "A123".into() }],
            "other disclosed claims are listed, in words; the token's machinery (`iat`, `vct`, `_sd`) is not"
        );
        assert_eq!(v.issued.as_deref(), Some("2025-11-24T16:00:00Z"));
    }

    #[test]
    fn sd_jwt_vc_type_metadata_that_comes_with_it_names_and_labels() {
        let metadata = serde_json::json!({"vct": "https://credentials.example/course-result",
            "display": [{"lang": "fr", "name": "Résultat de cours"}, {"lang": "en", "name": "Course result", "description": "A course passed"}],
            "claims": [{"path": ["student_number"], "display": [{"lang": "en", "label": "Student ID"}, {"lang": "fr", "label": "N° d’étudiant"}]}]});
        let fr = view(sd_jwt_vc(Some(metadata.clone())).as_bytes(), &["fr"]).unwrap();
        assert_eq!(fr.title.as_deref(), Some("Résultat de cours"), "the issuer's display name, in the learner's language");
        assert_eq!(fr.claims[0].label, "N° d’étudiant", "the issuer's label for the claim");
        let en = view(sd_jwt_vc(Some(metadata)).as_bytes(), &["en"]).unwrap();
        assert_eq!((en.title.as_deref(), en.description.as_deref()), (Some("Course result"), Some("A course passed")));
        let other = serde_json::json!({"vct": "https://elsewhere.example/other", "display": [{"lang": "en", "name": "Not this one"}]});
        let v = view(sd_jwt_vc(Some(other)).as_bytes(), &["en"]).unwrap();
        assert_eq!(v.title.as_deref(), Some("Data Analysis"), "metadata for another type is not this credential's");
    }

    #[test]
    fn edc_words_are_a_learners() {
        assert_eq!(sentence("has attended the webinar".into(), Some("Ana Silva")).as_deref(), Some("Ana Silva has attended the webinar"));
        assert_eq!(sentence("is awarded to".into(), Some("Ana Silva")), None, "a bare template fragment is no subtitle");
        assert_eq!(sentence("has attended".into(), None), None);
        assert_eq!(sentence("A course on data.".into(), None).as_deref(), Some("A course on data."));
        assert_eq!(credit_framework(Some("European Credit Transfer System".into())).as_deref(), Some("ECTS"));
    }

    #[test]
    fn language_maps_follow_the_learner_then_the_primary_language() {
        let map = serde_json::json!({"en": "Diploma", "fr": ["Diplôme"], "de": "Urkunde"});
        let t = |wanted: &[&str], primary: Option<&str>| Texts {
            wanted: wanted.iter().map(|s| s.to_string()).collect(),
            primary: primary.map(str::to_string),
        };
        assert_eq!(t(&["fr", "en"], Some("en")).pick(Some(&map)).as_deref(), Some("Diplôme"));
        assert_eq!(t(&["it"], Some("de")).pick(Some(&map)).as_deref(), Some("Urkunde"), "the primary language");
        assert!(t(&["it"], None).pick(Some(&map)).is_some(), "else any");
        assert_eq!(two_letter("http://publications.europa.eu/resource/authority/language/ENG"), Some("en"));
    }
}
