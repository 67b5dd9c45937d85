//! Compact credentials: a JWS (VC-JWT, VC-JOSE, a signed Open Badge 2.0)
//! or an SD-JWT, recognised from what the issuer signed (its header and
//! payload), never from a `~` someone appended.

use serde_json::Value;

use super::json::{data_model, family_of, is_ob2, string_at, summarise_ob2, summarise_vc, types_of};
use super::sd_jwt::{reveal_sd_jwt, MAX_DISCLOSURES};
use super::text::text;
use super::{unsupported, Container, DataModel, Detected, Family, Format, FormatError, Securing, Summary};
pub(crate) fn looks_compact_jws(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3
        && parts.iter().take(2).all(|p| !p.is_empty())
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'='))
}

pub(crate) fn detect_compact(text: &str, container: Container) -> Result<Detected, FormatError> {
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
    let header = parts.next().and_then(crate::jws::json_part).ok_or_else(|| unsupported("a JWT whose header is not base64url JSON"))?;
    let payload = parts.next().and_then(crate::jws::json_part).ok_or_else(|| unsupported("a JWT whose payload is not base64url JSON"))?;
    let typ = header.get("typ").and_then(Value::as_str).unwrap_or_default().to_ascii_lowercase();
    // What the issuer signed says whether this is an SD-JWT (its type, its
    // digest algorithm, digests in its payload), never a `~` someone added:
    // a VC-JWT with `~` appended is still a VC-JWT, checked as one.
    let mut digests = Vec::new();
    super::sd_jwt::committed_digests(&payload, &mut digests, 0);
    // `vct` is SD-JWT VC's own claim: an SD-JWT VC that happens to make
    // nothing selectively disclosable is still one.
    let sd = typ.ends_with("sd-jwt") || payload.get("_sd_alg").is_some() || !digests.is_empty() || payload.get("vct").is_some();
    let securing = if sd { Securing::SdJwt } else { Securing::Jwt };

    if sd {
        let disclosed = if is_sd { reveal_sd_jwt(text, &payload) } else { payload.clone() };
        let disclosed = credential_in(&disclosed).clone();
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
    if let Some(vc @ Value::Object(_)) = payload.get("vc") {
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

pub(crate) struct JwtClaims {
    iss: Option<String>,
    sub: Option<String>,
    iat: Option<String>,
    nbf: Option<String>,
    exp: Option<String>,
}

impl JwtClaims {
    fn of(payload: &Value) -> Self {
        let time =
            |k: &str| payload.get(k).and_then(crate::clock::numeric_date).map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        Self { iss: string_at(payload, "iss"), sub: string_at(payload, "sub"), iat: time("iat"), nbf: time("nbf"), exp: time("exp") }
    }
}

pub(crate) fn summarise_sd_jwt_vc(claims: &Value) -> Summary {
    let c = JwtClaims::of(claims);
    let person = match (claims.get("given_name").and_then(text), claims.get("family_name").and_then(text)) {
        (Some(g), Some(f)) => Some(format!("{g} {f}")),
        (g, f) => g.or(f),
    };
    Summary {
        // Never the bare `vct` URL: the learning view's rule, in short.
        title: claims
            .get("name")
            .and_then(text)
            .or_else(|| claims.get("achievement").and_then(|a| text(a).or_else(|| a.get("name").and_then(text))))
            .or_else(|| string_at(claims, "vct").and_then(|v| super::text::type_in_words(&v))),
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

/// The credential a JWT's claims carry, by the one rule detection,
/// verification and the learning view all follow: its `vc` claim when that
/// is an object (VC-JWT, and a W3C credential in an SD-JWT), else the claims
/// themselves. Members beside a `vc` claim are never read as the credential's.
pub fn credential_in(claims: &Value) -> &Value {
    match claims.get("vc") {
        Some(vc @ Value::Object(_)) => vc,
        _ => claims,
    }
}
