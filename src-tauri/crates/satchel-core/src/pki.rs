//! X.509 primitives for seals: certificate fields and extensions, CMS
//! signatures, RFC 3161 time-stamp tokens, CRLs (RFC 5280) and OCSP
//! responses (RFC 6960).
//!
//! Everything here answers "what does this structure say, and is it signed
//! by that certificate"; whether a certificate is *trusted* is for
//! [`crate::trust`], and how a seal is judged is for `verify::seal`.
//!
//! See: RFC 5280, RFC 3161, RFC 5652, RFC 6960, ETSI EN 319 412-5.

use chrono::{DateTime, Utc};
use der::asn1::{BitString, GeneralizedTime, ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use sha2::{Digest, Sha256, Sha384, Sha512};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;

use crate::jws::{self, JwsKey};

pub const OID_ORGANIZATION: &str = "2.5.4.10";
pub const OID_ORGANIZATION_IDENTIFIER: &str = "2.5.4.97";
pub const OID_COMMON_NAME: &str = "2.5.4.3";
pub const OID_COUNTRY: &str = "2.5.4.6";
const OID_QC_STATEMENTS: &str = "1.3.6.1.5.5.7.1.3";
const OID_QC_COMPLIANCE: &str = "0.4.0.1862.1.1";
const OID_QC_SSCD: &str = "0.4.0.1862.1.4";
const OID_QC_TYPE: &str = "0.4.0.1862.1.6";
const OID_QC_TYPE_ESEAL: &str = "0.4.0.1862.1.6.2";
const OID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const OID_TST_INFO: &str = "1.2.840.113549.1.9.16.1.4";
const OID_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const OID_EXT_KEY_USAGE: &str = "2.5.29.37";
const OID_CERTIFICATE_POLICIES: &str = "2.5.29.32";
const OID_NAME_CONSTRAINTS: &str = "2.5.29.30";
const OID_CRL_DISTRIBUTION_POINTS: &str = "2.5.29.31";
const OID_AUTHORITY_INFO_ACCESS: &str = "1.3.6.1.5.5.7.1.1";
const OID_AD_OCSP: &str = "1.3.6.1.5.5.7.48.1";
const OID_OCSP_BASIC: &str = "1.3.6.1.5.5.7.48.1.1";
const OID_CRL_REASON: &str = "2.5.29.21";
/// Extended key usages.
pub const EKU_SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
pub const EKU_CODE_SIGNING: &str = "1.3.6.1.5.5.7.3.3";
pub const EKU_TIME_STAMPING: &str = "1.3.6.1.5.5.7.3.8";
pub const EKU_OCSP_SIGNING: &str = "1.3.6.1.5.5.7.3.9";
pub const EKU_ANY: &str = "2.5.29.37.0";
pub const ANY_POLICY: &str = "2.5.29.32.0";

/// A certificate time as a UTC time.
pub fn certificate_time(t: x509_cert::time::Time) -> DateTime<Utc> {
    DateTime::from_timestamp(t.to_unix_duration().as_secs() as i64, 0).unwrap_or_default()
}

fn generalized(t: &GeneralizedTime) -> DateTime<Utc> {
    DateTime::from_timestamp(t.to_unix_duration().as_secs() as i64, 0).unwrap_or_default()
}

/// `(notBefore, notAfter)`.
pub fn validity(cert: &Certificate) -> (DateTime<Utc>, DateTime<Utc>) {
    let v = &cert.tbs_certificate.validity;
    (certificate_time(v.not_before), certificate_time(v.not_after))
}

/// Whether `cert` was within its validity at `at`.
pub fn valid_at(cert: &Certificate, at: DateTime<Utc>) -> bool {
    let (from, until) = validity(cert);
    from <= at && at <= until
}

/// An attribute of a name, as text.
pub fn name_attribute(name: &Name, oid: &str) -> Option<String> {
    name.0.iter().flat_map(|rdn| rdn.0.iter()).find(|a| a.oid.to_string() == oid).and_then(|a| directory_string(&a.value))
}

/// An attribute of the certificate's subject, as text.
pub fn name_attr(cert: &Certificate, oid: &str) -> Option<String> {
    name_attribute(&cert.tbs_certificate.subject, oid)
}

/// The name a person reads for a certificate's subject: its organisation,
/// else its common name.
pub fn display_name(cert: &Certificate) -> Option<String> {
    name_attr(cert, OID_ORGANIZATION).or_else(|| name_attr(cert, OID_COMMON_NAME))
}

/// A DirectoryString as text: UTF8String, PrintableString, IA5String,
/// TeletexString (read as Latin-1) or BMPString (UTF-16BE).
pub fn directory_string(any: &der::Any) -> Option<String> {
    let bytes = any.value();
    match der::Tagged::tag(any) {
        der::Tag::Utf8String | der::Tag::PrintableString | der::Tag::Ia5String => std::str::from_utf8(bytes).ok().map(str::to_string),
        der::Tag::TeletexString => Some(bytes.iter().map(|b| char::from(*b)).collect()),
        der::Tag::BmpString => {
            let units: Vec<u16> = bytes.chunks(2).filter(|c| c.len() == 2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            String::from_utf16(&units).ok()
        }
        _ => None,
    }
}

/// The DER value of an extension, when the certificate carries it.
pub fn extension<'a>(cert: &'a Certificate, oid: &str) -> Option<&'a [u8]> {
    cert.tbs_certificate.extensions.iter().flatten().find(|e| e.extn_id.to_string() == oid).map(|e| e.extn_value.as_bytes())
}

/// extendedKeyUsage purposes (OIDs), when the certificate states them.
pub fn extended_key_usage(cert: &Certificate) -> Option<Vec<String>> {
    let der = extension(cert, OID_EXT_KEY_USAGE)?;
    // An unreadable extension restricts to nothing known.
    Some(x509_cert::ext::pkix::ExtendedKeyUsage::from_der(der).map(|e| e.0.iter().map(|o| o.to_string()).collect()).unwrap_or_default())
}

/// certificatePolicies (OIDs), when the certificate states them.
pub fn policies(cert: &Certificate) -> Option<Vec<String>> {
    let der = extension(cert, OID_CERTIFICATE_POLICIES)?;
    Some(
        x509_cert::ext::pkix::CertificatePolicies::from_der(der)
            .map(|p| p.0.iter().map(|i| i.policy_identifier.to_string()).collect())
            .unwrap_or_default(),
    )
}

/// Whether `name` lies within `subtree` (RFC 5280 7.1: attribute by
/// attribute, values compared as text, case and spacing aside).
fn within(subtree: &Name, name: &Name) -> bool {
    let text = |a: &x509_cert::attr::AttributeTypeAndValue| {
        directory_string(&a.value).map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase())
    };
    subtree.0.len() <= name.0.len()
        && subtree.0.iter().zip(name.0.iter()).all(|(a, b)| {
            a.0.len() == b.0.len()
                && a.0
                    .iter()
                    .all(|x| b.0.iter().any(|y| x.oid == y.oid && (x.value == y.value || (text(x).is_some() && text(x) == text(y)))))
        })
}

/// Whether the nameConstraints of CA certificate `ca` allow `cert`'s subject
/// (directory names; other name forms are not used by seal certificates and
/// a CA constraining only them leaves the subject unconstrained).
pub fn name_constraints_allow(ca: &Certificate, cert: &Certificate) -> Result<(), String> {
    let Some(der) = extension(ca, OID_NAME_CONSTRAINTS) else { return Ok(()) };
    let constraints =
        x509_cert::ext::pkix::NameConstraints::from_der(der).map_err(|_| "a CA's name constraints cannot be read".to_string())?;
    let subject = &cert.tbs_certificate.subject;
    let directory = |trees: &Option<Vec<x509_cert::ext::pkix::constraints::name::GeneralSubtree>>| -> Vec<Name> {
        trees
            .iter()
            .flatten()
            .filter_map(|t| match &t.base {
                GeneralName::DirectoryName(n) => Some(n.clone()),
                _ => None,
            })
            .collect()
    };
    let shown = || subject.to_string();
    if directory(&constraints.excluded_subtrees).iter().any(|t| within(t, subject)) {
        return Err(format!("`{}` is outside the names its CA may certify (excluded by nameConstraints)", shown()));
    }
    let permitted = directory(&constraints.permitted_subtrees);
    if !permitted.is_empty() && !permitted.iter().any(|t| within(t, subject)) {
        return Err(format!("`{}` is outside the names its CA may certify (nameConstraints)", shown()));
    }
    Ok(())
}

/// https addresses of the certificate's CRL distribution points (a plain
/// http address is asked for over https: the fetcher speaks nothing else).
pub fn crl_urls(cert: &Certificate) -> Vec<String> {
    use x509_cert::ext::pkix::name::DistributionPointName;
    let Some(der) = extension(cert, OID_CRL_DISTRIBUTION_POINTS) else { return vec![] };
    let Ok(points) = x509_cert::ext::pkix::CrlDistributionPoints::from_der(der) else { return vec![] };
    points
        .0
        .iter()
        .filter_map(|p| match &p.distribution_point {
            Some(DistributionPointName::FullName(names)) => Some(names),
            _ => None,
        })
        .flatten()
        .filter_map(|n| match n {
            GeneralName::UniformResourceIdentifier(u) => Some(https(u.as_str())),
            _ => None,
        })
        .flatten()
        .collect()
}

/// OCSP responder addresses from authorityInfoAccess (https, as [`crl_urls`]).
pub fn ocsp_urls(cert: &Certificate) -> Vec<String> {
    let Some(der) = extension(cert, OID_AUTHORITY_INFO_ACCESS) else { return vec![] };
    let Ok(access) = x509_cert::ext::pkix::AuthorityInfoAccessSyntax::from_der(der) else { return vec![] };
    access
        .0
        .iter()
        .filter(|a| a.access_method.to_string() == OID_AD_OCSP)
        .filter_map(|a| match &a.access_location {
            GeneralName::UniformResourceIdentifier(u) => https(u.as_str()),
            _ => None,
        })
        .collect()
}

fn https(url: &str) -> Option<String> {
    if let Some(rest) = url.strip_prefix("http://") {
        Some(format!("https://{rest}"))
    } else {
        url.starts_with("https://").then(|| url.to_string())
    }
}

/// The certificate's QC statements: (QcCompliance, QcType eseal, QcSSCD).
pub fn qc_statements(cert: &Certificate) -> (bool, bool, bool) {
    let Some(der) = extension(cert, OID_QC_STATEMENTS) else { return (false, false, false) };
    let Ok(statements) = Vec::<der::Any>::from_der(der) else { return (false, false, false) };
    let (mut compliance, mut eseal, mut sscd) = (false, false, false);
    for statement in statements {
        let Ok(parts) = statement.decode_as::<Vec<der::Any>>() else { continue };
        let Some(id) = parts.first().and_then(|p| p.decode_as::<ObjectIdentifier>().ok()) else { continue };
        match id.to_string().as_str() {
            OID_QC_COMPLIANCE => compliance = true,
            OID_QC_SSCD => sscd = true,
            OID_QC_TYPE => {
                let types = parts.get(1).and_then(|p| p.decode_as::<Vec<ObjectIdentifier>>().ok()).unwrap_or_default();
                eseal |= types.iter().any(|t| t.to_string() == OID_QC_TYPE_ESEAL);
            }
            _ => {}
        }
    }
    (compliance, eseal, sscd)
}

/// A hash named by its OID.
pub fn hash_named(oid: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    Some(match oid {
        "2.16.840.1.101.3.4.2.1" => Sha256::digest(bytes).to_vec(),
        "2.16.840.1.101.3.4.2.2" => Sha384::digest(bytes).to_vec(),
        "2.16.840.1.101.3.4.2.3" => Sha512::digest(bytes).to_vec(),
        _ => return None,
    })
}

/// A CMS signer's signature over its DER signed attributes (or any signed
/// bytes): `digest_oid` hashes them, `signature_oid` says how they were signed.
pub fn verify_cms_signature(key: &JwsKey, digest_oid: &str, signature_oid: &str, signed: &[u8], signature: &[u8]) -> Result<(), String> {
    let bad = || "its signature does not verify with its authority's certificate".to_string();
    let digest = hash_named(digest_oid, signed).ok_or("its digest algorithm is not supported")?;
    match (key, signature_oid) {
        (JwsKey::Rsa(k), "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.11" | "1.2.840.113549.1.1.12" | "1.2.840.113549.1.1.13") => {
            let scheme = match digest_oid {
                "2.16.840.1.101.3.4.2.1" => rsa::Pkcs1v15Sign::new::<Sha256>(),
                "2.16.840.1.101.3.4.2.2" => rsa::Pkcs1v15Sign::new::<Sha384>(),
                _ => rsa::Pkcs1v15Sign::new::<Sha512>(),
            };
            k.verify(scheme, &digest, signature).map_err(|_| bad())
        }
        (JwsKey::P256(k), "1.2.840.10045.4.3.2") => {
            use p256::ecdsa::signature::hazmat::PrehashVerifier;
            let sig = p256::ecdsa::Signature::from_der(signature).map_err(|_| bad())?;
            k.verify_prehash(&digest, &sig).map_err(|_| bad())
        }
        (JwsKey::P384(k), "1.2.840.10045.4.3.3") => {
            use p384::ecdsa::signature::hazmat::PrehashVerifier;
            let sig = p384::ecdsa::Signature::from_der(signature).map_err(|_| bad())?;
            k.verify_prehash(&digest, &sig).map_err(|_| bad())
        }
        (_, other) => Err(format!("its signature algorithm {other} is not supported")),
    }
}

/// Whether `signer`'s key made `signature` over `tbs` with the X.509
/// signature algorithm `algorithm` (certificates, CRLs, OCSP responses).
pub fn signed_by(tbs: &[u8], algorithm: &str, signature: &[u8], signer: &Certificate) -> bool {
    let Ok(spki) = signer.tbs_certificate.subject_public_key_info.to_der() else { return false };
    let Ok(key) = jws::key_from_spki(&spki) else { return false };
    let digest = match algorithm {
        "1.2.840.113549.1.1.11" | "1.2.840.10045.4.3.2" => "2.16.840.1.101.3.4.2.1",
        "1.2.840.113549.1.1.12" | "1.2.840.10045.4.3.3" => "2.16.840.1.101.3.4.2.2",
        "1.2.840.113549.1.1.13" | "1.2.840.10045.4.3.4" => "2.16.840.1.101.3.4.2.3",
        _ => return false,
    };
    verify_cms_signature(&key, digest, algorithm, tbs, signature).is_ok()
}

/// Whether `issuer` signed `cert` (names chain and the signature verifies).
pub fn issued_by(cert: &Certificate, issuer: &Certificate) -> bool {
    if cert.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return false;
    }
    let Ok(tbs) = cert.tbs_certificate.to_der() else { return false };
    signed_by(&tbs, &cert.signature_algorithm.oid.to_string(), cert.signature.raw_bytes(), issuer)
}

/// A verified RFC 3161 time-stamp token: its signature holds with the
/// certificate it names, and it covers the bytes it was asked to cover.
/// Whether its authority is *trusted* is for the caller.
#[derive(Debug, Clone)]
pub struct TimeStamp {
    /// The time the authority states.
    pub gen_time: DateTime<Utc>,
    /// The authority's (TSU's) certificate.
    pub tsa: Certificate,
    /// Every certificate the token carries (for the authority's chain).
    pub certificates: Vec<Certificate>,
}

impl TimeStamp {
    /// The authority's name, as a person reads it.
    pub fn authority(&self) -> String {
        name_attr(&self.tsa, OID_COMMON_NAME)
            .or_else(|| name_attr(&self.tsa, OID_ORGANIZATION))
            .unwrap_or_else(|| "an unnamed authority".into())
    }
}

#[derive(der::Sequence)]
struct ImprintFields {
    hash_algorithm: AlgorithmIdentifierOwned,
    hashed_message: OctetString,
}

/// Reads an RFC 3161 time-stamp token over `stamped` and verifies its
/// signature; the authority's certificate must have been valid at genTime.
pub fn timestamp(token: &[u8], stamped: &[u8]) -> Result<TimeStamp, String> {
    use cms::content_info::ContentInfo;
    use cms::signed_data::{SignedData, SignerIdentifier};
    let info = ContentInfo::from_der(token).map_err(|e| format!("not a CMS structure ({e})"))?;
    if info.content_type.to_string() != OID_SIGNED_DATA {
        return Err("not CMS signed data".into());
    }
    let signed: SignedData = info.content.decode_as().map_err(|e| format!("unreadable signed data ({e})"))?;
    if signed.encap_content_info.econtent_type.to_string() != OID_TST_INFO {
        return Err("it is not a time-stamp (TSTInfo)".into());
    }
    let content = signed.encap_content_info.econtent.as_ref().ok_or("the time-stamp has no content")?;
    let tst_der = OctetString::from_der(&content.to_der().map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let tst_der = tst_der.as_bytes();
    let fields: Vec<der::Any> = Vec::from_der(tst_der).map_err(|e| format!("unreadable TSTInfo ({e})"))?;
    let imprint = fields.get(2).ok_or("the TSTInfo has no message imprint")?;
    let (imprint_alg, imprint_value): (AlgorithmIdentifierOwned, OctetString) = imprint
        .decode_as::<ImprintFields>()
        .map(|f| (f.hash_algorithm, f.hashed_message))
        .map_err(|e| format!("unreadable imprint ({e})"))?;
    let expected = hash_named(&imprint_alg.oid.to_string(), stamped).ok_or("the imprint's hash algorithm is not supported")?;
    if imprint_value.as_bytes() != expected.as_slice() {
        return Err("it does not cover this seal's signature value".into());
    }
    let gen_time = fields
        .get(4)
        .and_then(|t| std::str::from_utf8(t.value()).ok())
        .and_then(|t| chrono::NaiveDateTime::parse_from_str(t.trim_end_matches('Z'), "%Y%m%d%H%M%S%.f").ok())
        .map(|t| t.and_utc())
        .ok_or("the time-stamp has no readable time")?;

    let signer = signed.signer_infos.0.iter().next().ok_or("the time-stamp has no signer")?;
    let certificates: Vec<Certificate> = signed
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    cms::cert::CertificateChoices::Certificate(cert) => Some(cert.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let tsa = certificates
        .iter()
        .find(|c| match &signer.sid {
            SignerIdentifier::IssuerAndSerialNumber(i) => {
                c.tbs_certificate.serial_number == i.serial_number && c.tbs_certificate.issuer == i.issuer
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => c
                .tbs_certificate
                .extensions
                .iter()
                .flatten()
                .any(|e| e.extn_id.to_string() == "2.5.29.14" && e.extn_value.as_bytes().ends_with(ski.0.as_bytes())),
        })
        .cloned()
        .ok_or("the time-stamp does not carry its authority's certificate")?;
    let digest_oid = signer.digest_alg.oid.to_string();
    let attrs = signer.signed_attrs.as_ref().ok_or("the time-stamp has no signed attributes")?;
    let digest = attrs
        .iter()
        .find(|a| a.oid.to_string() == OID_MESSAGE_DIGEST)
        .and_then(|a| a.values.iter().next())
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .ok_or("the time-stamp's signed attributes have no message digest")?;
    if Some(digest.as_bytes().to_vec()) != hash_named(&digest_oid, tst_der) {
        return Err("its signed digest does not match its content".into());
    }
    let signed_attrs = attrs.to_der().map_err(|e| e.to_string())?;
    let tsa_spki = tsa.tbs_certificate.subject_public_key_info.to_der().map_err(|e| e.to_string())?;
    let tsa_key = jws::key_from_spki(&tsa_spki).map_err(|e| format!("the authority's key: {e}"))?;
    verify_cms_signature(&tsa_key, &digest_oid, &signer.signature_algorithm.oid.to_string(), &signed_attrs, signer.signature.as_bytes())?;
    if !valid_at(&tsa, gen_time) {
        return Err("the authority's certificate was not valid at the time it gives".into());
    }
    Ok(TimeStamp { gen_time, tsa, certificates })
}

/// What a revocation source says of a certificate at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revocation {
    /// Not revoked at the time asked about.
    Good,
    /// Revoked on that date (for the reason given, when one is).
    Revoked { on: DateTime<Utc>, reason: Option<String> },
}

fn reason_name(code: u8) -> String {
    match code {
        0 => "unspecified",
        1 => "key compromise",
        2 => "CA compromise",
        3 => "affiliation changed",
        4 => "superseded",
        5 => "cessation of operation",
        6 => "certificate hold",
        8 => "removed from CRL",
        9 => "privilege withdrawn",
        10 => "AA compromise",
        _ => "an unknown reason",
    }
    .to_string()
}

/// A CRL that `issuer` signed: what it says of `cert`, and when it was issued.
/// The CRL must have been issued after `at` (or still be current at `at`).
pub fn crl_status(der: &[u8], cert: &Certificate, issuer: &Certificate, at: DateTime<Utc>) -> Result<(Revocation, DateTime<Utc>), String> {
    let crl = CertificateList::from_der(der).map_err(|e| format!("not a CRL ({e})"))?;
    let tbs_der = crl.tbs_cert_list.to_der().map_err(|e| e.to_string())?;
    let tbs = TbsCertList::from_der(&tbs_der).map_err(|e| format!("not a CRL ({e})"))?;
    if tbs.issuer != issuer.tbs_certificate.subject {
        return Err("the CRL is not its CA's".into());
    }
    let Some(signature) = crl.signature.as_bytes() else { return Err("the CRL's signature cannot be read".into()) };
    if !signed_by(&tbs_der, &crl.signature_algorithm.oid.to_string(), signature, issuer) {
        return Err("the CRL is not signed by the certificate's CA".into());
    }
    let this_update = certificate_time(tbs.this_update);
    let next_update = tbs.next_update.map(certificate_time);
    if this_update < at && next_update.is_none_or(|n| n < at) {
        return Err(format!("the CRL was issued on {} and says nothing of {}", this_update.format("%Y-%m-%d"), at.format("%Y-%m-%d")));
    }
    let entry = tbs.revoked_certificates.iter().flatten().find(|r| r.serial_number == cert.tbs_certificate.serial_number);
    let status = match entry {
        None => Revocation::Good,
        Some(r) => {
            let reason = r
                .crl_entry_extensions
                .iter()
                .flatten()
                .find(|e| e.extn_id.to_string() == OID_CRL_REASON)
                .and_then(|e| e.extn_value.as_bytes().get(2).copied())
                .map(reason_name);
            Revocation::Revoked { on: certificate_time(r.revocation_date), reason }
        }
    };
    Ok((status, this_update))
}

/// A CRL, its signed part kept as it was received.
#[derive(der::Sequence)]
struct CertificateList {
    tbs_cert_list: der::Any,
    signature_algorithm: AlgorithmIdentifierOwned,
    signature: BitString,
}

/// TBSCertList (RFC 5280 5.1), version 1 (no version field) or 2.
#[derive(der::Sequence)]
struct TbsCertList {
    version: Option<u8>,
    signature: AlgorithmIdentifierOwned,
    issuer: Name,
    this_update: x509_cert::time::Time,
    next_update: Option<x509_cert::time::Time>,
    revoked_certificates: Option<Vec<x509_cert::crl::RevokedCert>>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    crl_extensions: Option<x509_cert::ext::Extensions>,
}

#[derive(der::Sequence)]
struct CertId {
    hash_algorithm: AlgorithmIdentifierOwned,
    issuer_name_hash: OctetString,
    issuer_key_hash: OctetString,
    serial_number: SerialNumber,
}

#[derive(der::Sequence)]
struct OcspSingleRequest {
    req_cert: CertId,
}

#[derive(der::Sequence)]
struct OcspTbsRequest {
    request_list: Vec<OcspSingleRequest>,
}

#[derive(der::Sequence)]
struct OcspRequest {
    tbs_request: OcspTbsRequest,
}

/// An OCSP request (SHA-256 CertID) for `cert`, whose CA is `issuer`.
pub fn ocsp_request(cert: &Certificate, issuer: &Certificate) -> Option<Vec<u8>> {
    let name = issuer.tbs_certificate.subject.to_der().ok()?;
    let key = issuer.tbs_certificate.subject_public_key_info.subject_public_key.raw_bytes();
    let id = CertId {
        hash_algorithm: AlgorithmIdentifierOwned { oid: ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1"), parameters: None },
        issuer_name_hash: OctetString::new(Sha256::digest(name).to_vec()).ok()?,
        issuer_key_hash: OctetString::new(Sha256::digest(key).to_vec()).ok()?,
        serial_number: cert.tbs_certificate.serial_number.clone(),
    };
    OcspRequest { tbs_request: OcspTbsRequest { request_list: vec![OcspSingleRequest { req_cert: id }] } }.to_der().ok()
}

#[derive(der::Sequence)]
struct OcspResponseBytes {
    response_type: ObjectIdentifier,
    response: OctetString,
}

#[derive(der::Sequence)]
struct OcspResponse {
    response_status: der::Any,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    response_bytes: Option<OcspResponseBytes>,
}

#[derive(der::Sequence)]
struct BasicOcspResponse {
    tbs_response_data: der::Any,
    signature_algorithm: AlgorithmIdentifierOwned,
    signature: BitString,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    certs: Option<Vec<Certificate>>,
}

#[derive(der::Sequence)]
struct ResponseData {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    version: Option<u8>,
    responder_id: der::Any,
    produced_at: GeneralizedTime,
    responses: Vec<SingleResponse>,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    response_extensions: Option<der::Any>,
}

#[derive(der::Sequence)]
struct SingleResponse {
    cert_id: CertId,
    cert_status: der::Any,
    this_update: GeneralizedTime,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    next_update: Option<GeneralizedTime>,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    single_extensions: Option<der::Any>,
}

/// An OCSP response about `cert` (whose CA is `issuer`): signed by the CA or
/// by a responder the CA certified for OCSP signing, produced after `at` (or
/// current at `at`). Returns the status and when the response was produced.
pub fn ocsp_status(der: &[u8], cert: &Certificate, issuer: &Certificate, at: DateTime<Utc>) -> Result<(Revocation, DateTime<Utc>), String> {
    let response = OcspResponse::from_der(der).map_err(|e| format!("not an OCSP response ({e})"))?;
    if der::Tagged::tag(&response.response_status) != der::Tag::Enumerated || response.response_status.value() != [0] {
        return Err("the OCSP responder did not answer (its status is not `successful`)".into());
    }
    let bytes = response.response_bytes.ok_or("the OCSP response is empty")?;
    if bytes.response_type.to_string() != OID_OCSP_BASIC {
        return Err("the OCSP response is not a basic response".into());
    }
    let basic = BasicOcspResponse::from_der(bytes.response.as_bytes()).map_err(|e| format!("unreadable OCSP response ({e})"))?;
    let tbs = basic.tbs_response_data.to_der().map_err(|e| e.to_string())?;
    let data = ResponseData::from_der(&tbs).map_err(|e| format!("unreadable OCSP response data ({e})"))?;
    let algorithm = basic.signature_algorithm.oid.to_string();
    let signature = basic.signature.as_bytes().ok_or("the OCSP response's signature cannot be read")?;
    let produced = generalized(&data.produced_at);
    let by_issuer = signed_by(&tbs, &algorithm, signature, issuer);
    let by_delegate = || {
        basic.certs.iter().flatten().any(|responder| {
            issued_by(responder, issuer)
                && extended_key_usage(responder).is_some_and(|e| e.iter().any(|p| p == EKU_OCSP_SIGNING))
                && valid_at(responder, produced)
                && signed_by(&tbs, &algorithm, signature, responder)
        })
    };
    if !by_issuer && !by_delegate() {
        return Err("the OCSP response is not signed by the certificate's CA or a responder it named".into());
    }
    let single = data
        .responses
        .iter()
        .find(|r| r.cert_id.serial_number == cert.tbs_certificate.serial_number)
        .ok_or("the OCSP response is about another certificate")?;
    let this_update = generalized(&single.this_update);
    if this_update < at && single.next_update.as_ref().is_none_or(|n| generalized(n) < at) {
        return Err(format!("the OCSP answer is from {} and says nothing of {}", this_update.format("%Y-%m-%d"), at.format("%Y-%m-%d")));
    }
    let status = der::Tagged::tag(&single.cert_status);
    let status = match (status.class(), status.number().value()) {
        (der::Class::ContextSpecific, 0) => Revocation::Good,
        (der::Class::ContextSpecific, 1) => {
            let mut reader = der::SliceReader::new(single.cert_status.value()).map_err(|e| e.to_string())?;
            let on = <GeneralizedTime as der::Decode>::decode(&mut reader).map_err(|e| format!("unreadable revocation time ({e})"))?;
            // A DER GeneralizedTime takes 17 bytes; then revocationReason
            // [0] EXPLICIT ENUMERATED: A0 03 0A 01 NN.
            let rest = single.cert_status.value().get(17..).unwrap_or_default();
            let reason = (rest.len() >= 5 && rest[0] == 0xA0 && rest[2] == 0x0A).then(|| reason_name(rest[4]));
            Revocation::Revoked { on: generalized(&on), reason }
        }
        _ => return Err("the OCSP responder does not know the certificate".into()),
    };
    Ok((status, produced))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_addresses_are_asked_over_https() {
        assert_eq!(https("http://crl.example/a.crl").as_deref(), Some("https://crl.example/a.crl"));
        assert_eq!(https("ldap://crl.example/a"), None, "only what the fetcher can ask");
    }

    #[test]
    fn bad_revocation_data_is_an_error_not_a_panic() {
        let der = &crate::trust::Anchors::eu().lotl_signers[0];
        let cert = Certificate::from_der(der).unwrap();
        let at = Utc::now();
        for bytes in [&b""[..], b"\x30\x03\x02\x01\x00", b"\x30\x03\x0a\x01\x00", b"garbage", der] {
            assert!(ocsp_status(bytes, &cert, &cert, at).is_err(), "{bytes:?} is no OCSP answer about it");
            assert!(crl_status(bytes, &cert, &cert, at).is_err(), "{bytes:?} is no CRL");
            assert!(timestamp(bytes, b"x").is_err(), "{bytes:?} is no time-stamp");
        }
    }
}
