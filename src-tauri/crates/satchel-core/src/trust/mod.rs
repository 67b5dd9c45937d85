//! Trust: whether an EDC's seal certificate is a qualified certificate of a
//! trust service on the EU Trusted Lists.
//!
//! The EU List of Trusted Lists (LOTL) is fetched and its XML signature
//! verified against the certificates the Official Journal announced
//! (bundled, pinned by SHA-256: `trust/SOURCE.tsv`); the LOTL names, for
//! each member state, where its national list is and who may sign it; that
//! list is fetched and verified the same way. The seal certificate must be
//! issued (directly, or through the intermediates the seal carries) by a
//! `CA/QC` service whose status is `granted` and that issues certificates
//! for seals, and must itself claim QcCompliance and QcType eseal. QcSSCD
//! then tells a qualified seal from an advanced seal based on a qualified
//! certificate; both confirm the sealer.
//!
//! Lists come through the caller's fetcher, so the wallet caches them with
//! their fetch time and answers offline from that copy, saying how old it is.
//!
//! See: ETSI TS 119 612 (trusted lists), ETSI TS 119 615 (using them).

pub mod dsig;
pub mod list;
pub mod xml;

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use crate::fetch::Fetcher;
use crate::verify::report::{Check, CheckResult, Finding};

/// Largest trusted list fetched (national lists run to a few MiB).
pub const MAX_LIST_BYTES: usize = 24 * 1024 * 1024;
/// Where the European Commission publishes the LOTL.
pub const EU_LOTL_URL: &str = "https://ec.europa.eu/tools/lotl/eu-lotl.xml";

const SIGNERS_PEM: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/trust/lotl-signers.pem"));
const SOURCE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/trust/SOURCE.tsv"));

/// Where trust starts: the LOTL's address and who may sign it.
#[derive(Debug, Clone)]
pub struct Anchors {
    pub lotl_url: String,
    /// Certificates (DER) allowed to sign the LOTL.
    pub lotl_signers: Vec<Vec<u8>>,
}

/// Certificates (DER) from PEM text.
pub fn certificates_from_pem(pem: &str) -> Vec<Vec<u8>> {
    use base64::Engine as _;
    pem.split("-----BEGIN CERTIFICATE-----")
        .skip(1)
        .filter_map(|block| block.split("-----END CERTIFICATE-----").next())
        .filter_map(|b64| base64::engine::general_purpose::STANDARD.decode(b64.split_whitespace().collect::<String>()).ok())
        .collect()
}

impl Anchors {
    /// The EU's: the LOTL at [`EU_LOTL_URL`], signed by one of the bundled
    /// certificates. Empty (so nothing is trusted) if the bundle does not
    /// match its pin.
    pub fn eu() -> &'static Anchors {
        static EU: OnceLock<Anchors> = OnceLock::new();
        EU.get_or_init(|| {
            let pinned = SOURCE.lines().nth(1).and_then(|l| l.split('\t').nth(1)).unwrap_or_default();
            let intact = hex::encode(Sha256::digest(SIGNERS_PEM.as_bytes())) == pinned;
            Anchors { lotl_url: EU_LOTL_URL.to_string(), lotl_signers: if intact { certificates_from_pem(SIGNERS_PEM) } else { vec![] } }
        })
    }
}

/// Decodes certificates, skipping what does not parse.
fn parse_all(ders: &[Vec<u8>]) -> Vec<Certificate> {
    ders.iter().filter_map(|d| Certificate::from_der(d).ok()).collect()
}

fn country_of(name: &x509_cert::name::Name) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|a| a.oid.to_string() == "2.5.4.6")
        .and_then(|a| crate::verify::seal::directory_string(&a.value))
        .map(|c| c.to_uppercase())
}

/// Whether `issuer` signed `cert` (names chain and the signature verifies).
pub fn issued_by(cert: &Certificate, issuer: &Certificate) -> bool {
    if cert.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return false;
    }
    let (Ok(tbs), Ok(spki)) = (cert.tbs_certificate.to_der(), issuer.tbs_certificate.subject_public_key_info.to_der()) else {
        return false;
    };
    let Ok(key) = crate::jws::key_from_spki(&spki) else { return false };
    let (digest, algorithm) = match cert.signature_algorithm.oid.to_string().as_str() {
        "1.2.840.113549.1.1.11" => ("2.16.840.1.101.3.4.2.1", "1.2.840.113549.1.1.11"),
        "1.2.840.113549.1.1.12" => ("2.16.840.1.101.3.4.2.2", "1.2.840.113549.1.1.12"),
        "1.2.840.113549.1.1.13" => ("2.16.840.1.101.3.4.2.3", "1.2.840.113549.1.1.13"),
        "1.2.840.10045.4.3.2" => ("2.16.840.1.101.3.4.2.1", "1.2.840.10045.4.3.2"),
        "1.2.840.10045.4.3.3" => ("2.16.840.1.101.3.4.2.2", "1.2.840.10045.4.3.3"),
        _ => return false,
    };
    crate::verify::seal::verify_cms_signature(&key, digest, algorithm, &tbs, cert.signature.raw_bytes()).is_ok()
}

fn valid_at(cert: &Certificate, at: DateTime<Utc>) -> bool {
    let v = &cert.tbs_certificate.validity;
    let secs = |t: x509_cert::time::Time| t.to_unix_duration().as_secs() as i64;
    (secs(v.not_before)..=secs(v.not_after)).contains(&at.timestamp())
}

/// `(is a CA, path length limit)` from basicConstraints.
fn basic_constraints(cert: &Certificate) -> (bool, Option<u8>) {
    use x509_cert::ext::pkix::BasicConstraints;
    cert.tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id.to_string() == "2.5.29.19")
        .and_then(|e| BasicConstraints::from_der(e.extn_value.as_bytes()).ok())
        .map_or((false, None), |b| (b.ca, b.path_len_constraint))
}

/// keyUsage, when the certificate states it.
fn key_usage(cert: &Certificate) -> Option<x509_cert::ext::pkix::KeyUsage> {
    cert.tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id.to_string() == "2.5.29.15")
        .and_then(|e| x509_cert::ext::pkix::KeyUsage::from_der(e.extn_value.as_bytes()).ok())
}

/// The chain from the seal certificate up through the intermediates the
/// seal carries. Only CA certificates (basicConstraints cA, keyCertSign,
/// within their path length) may issue; the leaf must not be a CA and must
/// be for signing; every certificate must be valid at `at`.
pub fn build_path(leaf: &Certificate, intermediates: &[Certificate], at: DateTime<Utc>) -> Result<Vec<Certificate>, String> {
    use x509_cert::ext::pkix::KeyUsages;
    if basic_constraints(leaf).0 {
        return Err("the sealing certificate is a CA certificate, not a seal certificate".into());
    }
    if key_usage(leaf).is_some_and(|ku| !ku.0.contains(KeyUsages::DigitalSignature) && !ku.0.contains(KeyUsages::NonRepudiation)) {
        return Err("the sealing certificate is not for signatures (keyUsage)".into());
    }
    if !valid_at(leaf, at) {
        return Err(format!("the sealing certificate was not valid on {}", at.format("%Y-%m-%d")));
    }
    let mut path = vec![leaf.clone()];
    while path.len() < 6 {
        let last = path.last().expect("the path starts with the leaf");
        let below = path.len() - 1; // intermediates under the next one
        let next = intermediates.iter().find(|c| {
            let (ca, path_len) = basic_constraints(c);
            let signs_certs = key_usage(c).is_none_or(|ku| ku.0.contains(KeyUsages::KeyCertSign));
            ca && signs_certs
                && path_len.is_none_or(|n| below <= usize::from(n))
                && !path.contains(c)
                && valid_at(c, at)
                && issued_by(last, c)
        });
        match next {
            Some(n) => path.push(n.clone()),
            None => break,
        }
    }
    Ok(path)
}

/// Fetches and verifies a list; `what` names it in messages.
fn fetch_list(url: &str, what: &str, fetcher: &dyn Fetcher) -> Result<(list::TrustedList, String), String> {
    // Lists are large and change about daily: a copy from the last hours serves.
    let fetched =
        fetcher.get_recent(url, MAX_LIST_BYTES, chrono::Duration::hours(12)).map_err(|e| format!("the {what} could not be had: {e}"))?;
    let note = match &fetched.origin {
        crate::fetch::Origin::Network => String::new(),
        origin => origin.note(),
    };
    let list = list::read(&fetched.body).map_err(|e| format!("the {what} at `{url}` cannot be used: {e}"))?;
    Ok((list, note))
}

/// The `trust` check of a seal certificate `leaf` (with the intermediates
/// the seal carries), sealed at `sealed_at`, judged at `now`.
pub fn check(
    leaf: &Certificate,
    intermediates: &[Certificate],
    sealed_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    anchors: &Anchors,
    fetcher: Option<&dyn Fetcher>,
) -> CheckResult {
    let (compliance, eseal, sscd) = crate::verify::seal::qc_statements(leaf);
    let unknown = |why: String| CheckResult::skipped(Check::Trust, why);
    let Some(fetcher) = fetcher else {
        return unknown("offline, and no copy of the EU Trusted Lists was at hand".into());
    };
    if anchors.lotl_signers.is_empty() {
        return unknown("Satchel's bundled EU list signing certificates do not match their pin".into());
    }
    let (lotl, lotl_note) = match fetch_list(&anchors.lotl_url, "EU List of Trusted Lists", fetcher) {
        Ok(l) => l,
        Err(why) => return unknown(why),
    };
    if !anchors.lotl_signers.contains(&lotl.signer) {
        return unknown("the EU List of Trusted Lists is not signed by a certificate the Official Journal announced".into());
    }
    if lotl.next_update.is_none_or(|n| n < now) {
        return unknown(format!("the copy of the EU List of Trusted Lists is out of date{lotl_note}"));
    }
    let Some(country) = country_of(&leaf.tbs_certificate.issuer) else {
        return unknown("the seal certificate's issuer names no country".into());
    };
    let Some(pointer) = lotl.pointers.iter().find(|p| p.territory == country || (country == "GR" && p.territory == "EL")) else {
        return CheckResult::failed(
            Check::Trust,
            format!("the EU List of Trusted Lists has no list for `{country}`, where the seal certificate was issued"),
        )
        .with(Finding::Unconfirmed);
    };
    let (national, national_note) = match fetch_list(&pointer.location, &format!("trusted list of {country}"), fetcher) {
        Ok(l) => l,
        Err(why) => return unknown(why),
    };
    if !pointer.signers.contains(&national.signer) {
        return unknown(format!("the trusted list of {country} is not signed by a certificate the EU list names for it"));
    }
    if national.next_update.is_none_or(|n| n < now) {
        return unknown(format!("the copy of the trusted list of {country} is out of date{national_note}"));
    }
    let at = sealed_at.unwrap_or(now);
    let path = match build_path(leaf, intermediates, at) {
        Ok(p) => p,
        Err(why) => return CheckResult::failed(Check::Trust, why).with(Finding::Unconfirmed),
    };
    let issued = |day: Option<DateTime<Utc>>| day.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "an unknown date".into());
    let listed = national.services.iter().filter(|s| s.kind == list::CA_QC).find_map(|service| {
        let certs = parse_all(&service.certificates);
        path.iter().find_map(|c| certs.iter().any(|ca| c == ca || issued_by(c, ca)).then_some(service))
    });
    let Some(service) = listed else {
        return CheckResult::failed(
            Check::Trust,
            format!(
                "the sealing certificate leads to no trust service on the EU Trusted Lists (list of {country} issued {})",
                issued(national.issued)
            ),
        )
        .with(Finding::Unconfirmed);
    };
    let name = format!("`{}` of `{}` ({country})", service.name, service.provider);
    if service.status != list::GRANTED {
        return CheckResult::failed(Check::Trust, format!("the trust service {name} is no longer qualified ({})", service.status))
            .with(Finding::Unconfirmed);
    }
    if let (Some(since), Some(at)) = (service.status_since, sealed_at) {
        if at < since {
            return unknown(format!("the trust service {name} became qualified after the seal was made; its history is not read"));
        }
    }
    if !service.for_seals {
        return CheckResult::failed(Check::Trust, format!("the trust service {name} issues certificates for signatures, not seals"))
            .with(Finding::Unconfirmed);
    }
    if !(compliance && eseal) {
        return CheckResult::failed(
            Check::Trust,
            format!("the certificate from {name} is not a qualified certificate for electronic seals"),
        )
        .with(Finding::Unconfirmed);
    }
    let kind = if sscd { "a qualified electronic seal" } else { "an advanced electronic seal based on a qualified certificate" };
    CheckResult::passed(
        Check::Trust,
        Some(format!(
            "{kind}: the certificate comes from {name}, granted on the EU Trusted Lists (list issued {}){national_note}",
            issued(national.issued)
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_lotl_signers_match_their_pin() {
        let eu = Anchors::eu();
        assert_eq!(eu.lotl_url, EU_LOTL_URL);
        assert!(eu.lotl_signers.len() >= 2, "the announced certificates are bundled");
        assert!(parse_all(&eu.lotl_signers).len() == eu.lotl_signers.len(), "and each is a certificate");
    }
}
