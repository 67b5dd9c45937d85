//! JSON credentials: W3C VCs (1.1 and 2.0, with or without a Data Integrity
//! proof), Open Badges 3.0 and CLR, JAdES-sealed EDCs in JWS JSON
//! serialization, and Open Badges 2.0 assertions; and the summary each is
//! listed by.

use serde_json::Value;

use super::text::text;
use super::{unsupported, Container, DataModel, Detected, Family, Format, FormatError, Securing, Summary};
pub(crate) fn types_of(v: &Value) -> Vec<&str> {
    match v.get("type").or_else(|| v.get("@type")) {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    }
}

pub(crate) fn contexts_of(v: &Value) -> Vec<&str> {
    match v.get("@context") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    }
}

pub(crate) fn data_model(v: &Value) -> Option<DataModel> {
    let ctx = contexts_of(v);
    match ctx.first() {
        Some(&"https://www.w3.org/ns/credentials/v2") => Some(DataModel::Vc2),
        Some(&"https://www.w3.org/2018/credentials/v1") => Some(DataModel::Vc11),
        _ => None,
    }
}

pub(crate) fn family_of(types: &[&str]) -> Family {
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

pub(crate) fn detect_json(v: &Value, container: Container) -> Result<Detected, FormatError> {
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
            summary: summarise_vc(shown_credential(&inner).unwrap_or(&Value::Null)),
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

pub(crate) fn is_ob2(v: &Value) -> bool {
    let ob2_ctx = contexts_of(v).iter().any(|c| c.contains("w3id.org/openbadges/v2"))
        || v.get("@context").and_then(Value::as_str).is_some_and(|c| c.contains("openbadges"));
    let types = types_of(v);
    (ob2_ctx || types.contains(&"Assertion")) && v.get("recipient").is_some() && v.get("badge").is_some()
}

pub(crate) fn string_at(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

pub(crate) fn first(v: &Value) -> &Value {
    match v {
        Value::Array(a) => a.first().unwrap_or(&Value::Null),
        other => other,
    }
}

pub(crate) fn image_ref(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

pub(crate) fn date(v: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| v.get(*k).and_then(Value::as_str)).map(str::to_string)
}

pub(crate) fn summarise_vc(v: &Value) -> Summary {
    let subject = first(v.get("credentialSubject").unwrap_or(&Value::Null));
    let achievement = subject.get("achievement").map(first);
    let edc_title = v.pointer("/displayParameter/title").and_then(text);
    let edc_description = v.pointer("/displayParameter/description").and_then(text);
    // The credential's own `name` first: Open Badges 3.0 gives it "for
    // display purposes in wallets, in a list of credentials and in detail
    // views", and the detail (the learning view) shows it too, so the
    // gallery and the detail never title one credential two ways.
    let title = v
        .get("name")
        .and_then(text)
        .or_else(|| achievement.and_then(|a| a.get("name")).and_then(text))
        .or(edc_title)
        .or_else(|| types_of(v).into_iter().find(|t| *t != "VerifiableCredential").map(str::to_string));
    let description =
        v.get("description").and_then(text).or_else(|| achievement.and_then(|a| a.get("description")).and_then(text)).or(edc_description);
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
        valid_from: ["validFrom", "issuanceDate"].iter().filter_map(|k| date(v, &[k])).max_by_key(|d| crate::clock::parse_time(d)),
        valid_until: ["validUntil", "expirationDate"].iter().filter_map(|k| date(v, &[k])).min_by_key(|d| crate::clock::parse_time(d)),
        image,
        text_warnings: Vec::new(),
    }
}

pub(crate) fn summarise_ob2(v: &Value) -> Summary {
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

/// The credential of a sealed payload whose content is shown: the payload
/// itself, or, for a sealed presentation, its first credential (the one the
/// checks read). A presentation's own top-level fields are never shown: the
/// checks do not read them. `None` when a presentation holds no readable
/// credential.
pub fn shown_credential(payload: &Value) -> Option<&Value> {
    credentials_of(payload).into_iter().next()
}

/// The credentials inside a sealed payload: the payload itself, or those of
/// a sealed presentation (the EBSI variant) that are JSON objects.
pub(crate) fn credentials_of(payload: &Value) -> Vec<&Value> {
    match payload.get("verifiableCredential") {
        Some(Value::Array(items)) => items.iter().filter(|i| i.is_object()).collect(),
        Some(one @ Value::Object(_)) => vec![one],
        Some(_) => vec![],
        None => vec![payload],
    }
}
