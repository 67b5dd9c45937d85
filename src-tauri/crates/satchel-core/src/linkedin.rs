//! LinkedIn: "Add to profile" and "Share as post" links for a credential.
//!
//! Every value is percent-encoded (RFC 3986 unreserved characters only stay
//! as they are), so an issuer called "Smith & Jones" or "École #1" arrives
//! whole. The certificate URL must be a public https page whose meaning
//! does not live in a `#fragment` (LinkedIn drops fragments).
//!
//! See: <https://addtoprofile.linkedin.com/>

use serde::Serialize;
use serde_json::Value;

use crate::credential;
use crate::error::Result;

/// The fields LinkedIn's certification form takes, and the links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Certification {
    pub name: String,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    pub issue_year: Option<i32>,
    pub issue_month: Option<u32>,
    pub expiration_year: Option<i32>,
    pub expiration_month: Option<u32>,
    pub cert_url: Option<String>,
    pub cert_id: Option<String>,
    /// `https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&…`
    pub add_to_profile: String,
    /// `https://www.linkedin.com/sharing/share-offsite/?url=…`, with a public link.
    pub share_post: Option<String>,
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A public https page for the credential: `public` when the learner gives
/// one, else the credential's own `id` or an issuer-given link, when https
/// and not resting on a fragment.
pub fn public_link(credential: &Value, public: Option<&str>) -> Option<String> {
    let usable = |u: &str| u.starts_with("https://") && !u.contains('#') && !u.contains(char::is_whitespace);
    if let Some(p) = public {
        return usable(p).then(|| p.to_string());
    }
    let subject = credential.get("credentialSubject").unwrap_or(&Value::Null);
    [credential.get("id"), credential.get("url"), subject.pointer("/achievement/id"), credential.pointer("/evidence/0/id")]
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|u| usable(u))
        .map(str::to_string)
}

fn organization_id(issuer: &Value) -> Option<String> {
    let ids = match issuer.get("otherIdentifier") {
        Some(Value::Array(items)) => items.clone(),
        Some(one) => vec![one.clone()],
        None => vec![],
    };
    ids.iter()
        .find(|i| i.get("identifierType").and_then(Value::as_str) == Some("ext:LinkedIn:organizationId"))
        .and_then(|i| i.get("identifier").and_then(Value::as_str))
        .map(str::to_string)
}

fn year_month(date: Option<&str>) -> (Option<i32>, Option<u32>) {
    use chrono::Datelike as _;
    match date.and_then(|d| {
        chrono::DateTime::parse_from_rfc3339(d)
            .ok()
            .map(|d| d.date_naive())
            .or_else(|| chrono::NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())
    }) {
        Some(d) => (Some(d.year()), Some(d.month())),
        None => (None, None),
    }
}

/// The LinkedIn certification of the credential in `bytes`; `public` is a
/// public link the learner gives (else one the credential carries).
pub fn certification(bytes: &[u8], public: Option<&str>) -> Result<Certification> {
    let detected = credential::detect(bytes)?;
    let view = crate::learning::view(bytes, &["en"])?;
    let doc: Value = serde_json::from_slice(bytes)
        .ok()
        .and_then(|d: Value| {
            // An EDC's credential is its sealed payload.
            match d.get("payload").and_then(Value::as_str) {
                Some(p) if d.get("signatures").is_some() => serde_json::from_str(p).ok(),
                _ => Some(d),
            }
        })
        .unwrap_or(Value::Null);
    let issuer = doc.get("issuer").unwrap_or(&Value::Null);
    let name = view.title.clone().or(detected.summary.title.clone()).unwrap_or_else(|| "Credential".into());
    let organization_id = organization_id(issuer);
    let organization_name =
        if organization_id.is_some() { None } else { view.issuer.name.clone().or(detected.summary.issuer_name.clone()) };
    let (issue_year, issue_month) =
        year_month(view.issued.as_deref().or(view.valid_from.as_deref()).or(detected.summary.issued_at.as_deref()));
    let (expiration_year, expiration_month) = year_month(view.valid_until.as_deref());
    let cert_url = public_link(&doc, public);
    let cert_id = detected.credential_id.clone().filter(|id| !id.is_empty());
    let mut query = vec![("startTask", "CERTIFICATION_NAME".to_string()), ("name", name.clone())];
    match (&organization_id, &organization_name) {
        (Some(id), _) => query.push(("organizationId", id.clone())),
        (None, Some(n)) => query.push(("organizationName", n.clone())),
        _ => {}
    }
    for (k, v) in [("issueYear", issue_year.map(|y| y.to_string())), ("issueMonth", issue_month.map(|m| m.to_string()))] {
        if let Some(v) = v {
            query.push((k, v));
        }
    }
    for (k, v) in [("expirationYear", expiration_year.map(|y| y.to_string())), ("expirationMonth", expiration_month.map(|m| m.to_string()))]
    {
        if let Some(v) = v {
            query.push((k, v));
        }
    }
    if let Some(u) = &cert_url {
        query.push(("certUrl", u.clone()));
    }
    if let Some(id) = &cert_id {
        query.push(("certId", id.clone()));
    }
    let add_to_profile = format!(
        "https://www.linkedin.com/profile/add?{}",
        query.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
    );
    let share_post = cert_url.as_ref().map(|u| format!("https://www.linkedin.com/sharing/share-offsite/?url={}", encode(u)));
    Ok(Certification {
        name,
        organization_id,
        organization_name,
        issue_year,
        issue_month,
        expiration_year,
        expiration_month,
        cert_url,
        cert_id,
        add_to_profile,
        share_post,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn badge(issuer: Value, extra: Value) -> Vec<u8> {
        let mut doc = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": issuer,
            "validFrom": "2026-03-15T09:00:00Z",
            "name": "Data & Society: #1 course + more",
            "credentialSubject": {"type": ["AchievementSubject"], "achievement": {"id": "urn:uuid:1", "type": ["Achievement"], "name": "Data & Society: #1 course + more"}}
        });
        doc.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        serde_json::to_vec(&doc).unwrap()
    }

    fn query(url: &str) -> Vec<(String, String)> {
        url.split_once('?')
            .unwrap()
            .1
            .split('&')
            .map(|kv| kv.split_once('=').unwrap())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_value_is_encoded() {
        let c = certification(
            &badge(json!({"id": "https://u.example", "type": ["Profile"], "name": "Smith & Jones École #1 + Co"}), json!({})),
            None,
        )
        .unwrap();
        let q = query(&c.add_to_profile);
        assert_eq!(q[0], ("startTask".into(), "CERTIFICATION_NAME".into()));
        let get = |k: &str| q.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        assert_eq!(get("name").as_deref(), Some("Data%20%26%20Society%3A%20%231%20course%20%2B%20more"));
        assert_eq!(get("organizationName").as_deref(), Some("Smith%20%26%20Jones%20%C3%89cole%20%231%20%2B%20Co"), "& # + and non-ASCII");
        assert_eq!((get("issueYear").as_deref(), get("issueMonth").as_deref()), (Some("2026"), Some("3")));
        assert_eq!(get("expirationYear"), None, "no expiry: no expiration fields");
        assert_eq!(c.cert_url, None, "urn ids are no public link");
        assert_eq!(get("certUrl"), None);
        assert_eq!(c.share_post, None, "no public link: nothing to post");
        assert_eq!(q.len(), 5, "startTask, name, organizationName, issueYear, issueMonth (no id, so no certId): {q:?}");
    }

    #[test]
    fn organization_ids_expiry_and_public_links() {
        let issuer = json!({"id": "https://u.example", "type": ["Profile"], "name": "U",
            "otherIdentifier": [{"type": "IdentifierEntry", "identifier": "1337", "identifierType": "ext:LinkedIn:organizationId"}]});
        let c =
            certification(&badge(issuer.clone(), json!({"id": "https://u.example/badges/42", "validUntil": "2028-11-30T00:00:00Z"})), None)
                .unwrap();
        let q = query(&c.add_to_profile);
        let get = |k: &str| q.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        assert_eq!(get("organizationId").as_deref(), Some("1337"));
        assert_eq!(get("organizationName"), None, "the id wins over the name");
        assert_eq!((get("expirationYear").as_deref(), get("expirationMonth").as_deref()), (Some("2028"), Some("11")));
        assert_eq!(get("certUrl").as_deref(), Some("https%3A%2F%2Fu.example%2Fbadges%2F42"));
        assert_eq!(
            c.share_post.as_deref(),
            Some("https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fu.example%2Fbadges%2F42")
        );
        let fragment = certification(&badge(issuer, json!({"id": "https://u.example/#badge-42"})), None).unwrap();
        assert_eq!(fragment.cert_url, None, "a link whose meaning is in a fragment is not used");
        let given = certification(&badge(json!("https://u.example"), json!({})), Some("https://me.example/cv")).unwrap();
        assert_eq!(given.cert_url.as_deref(), Some("https://me.example/cv"));
    }
}
