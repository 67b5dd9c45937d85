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
//! The service must be granted *for seals* at the time that is proved (its
//! status history, its additional service information, and the
//! Qualifications extension, which can override what the certificate
//! claims); the certificate must not have been revoked then (OCSP, then CRL:
//! the seal's own revocation values first, then the network). Time-stamps
//! count only from a qualified time-stamping service (QTST) on a verified
//! list, or, stated as weaker, a TSA the trust configuration names.
//!
//! Lists come through the caller's fetcher, so the wallet caches them with
//! their fetch time and answers offline from that copy, saying how old it is.
//! A list never goes back: the newest seen (by sequence number and issue
//! date) is remembered, and an older copy is refused.
//!
//! See: ETSI TS 119 612 (trusted lists), ETSI TS 119 615 (using them),
//! ETSI EN 319 102-1 (validating signatures).

pub mod list;

// XML and XML signatures are primitives of their own (`crate::xmldsig`);
// named here too, where trusted lists have always found them.
pub use crate::xmldsig::{dsig, xml};

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Utc};
use der::Decode;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use crate::fetch::Fetcher;
use crate::pki::{self, Revocation};

pub use crate::pki::issued_by;

/// Largest trusted list fetched (national lists run to a few MiB).
pub const MAX_LIST_BYTES: usize = 24 * 1024 * 1024;
/// Where the European Commission publishes the LOTL.
pub const EU_LOTL_URL: &str = "https://ec.europa.eu/tools/lotl/eu-lotl.xml";

const SIGNERS_PEM: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/trust/lotl-signers.pem"));
const SOURCE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/trust/SOURCE.tsv"));

/// Where trust starts: the LOTL's address and who may sign it, the TSAs the
/// trust configuration names, and the newest lists seen.
#[derive(Debug, Clone)]
pub struct Anchors {
    pub lotl_url: String,
    /// Certificates (DER) allowed to sign the LOTL.
    pub lotl_signers: Vec<Vec<u8>>,
    /// Time-stamping authorities (certificates, DER: the TSA's own or a CA
    /// above it) the trust configuration names. Their time-stamps count, and
    /// the report says they are not qualified services on the Trusted Lists.
    pub tsas: Vec<Vec<u8>>,
    /// The newest version of each list seen, so that none goes back.
    pub seen: Arc<ListMemory>,
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
    /// Trust that starts at the LOTL at `lotl_url` signed by one of
    /// `lotl_signers`, with no TSA of its own and a fresh list memory.
    pub fn new(lotl_url: impl Into<String>, lotl_signers: Vec<Vec<u8>>) -> Self {
        Self { lotl_url: lotl_url.into(), lotl_signers, tsas: vec![], seen: Arc::new(ListMemory::default()) }
    }

    /// The same anchors, remembering the lists seen in `memory` (e.g. a
    /// [`ListMemory::at`] file in the wallet's folder, so that a restart does
    /// not forget the newest list seen).
    pub fn remembering(mut self, memory: ListMemory) -> Self {
        self.seen = Arc::new(memory);
        self
    }

    /// The EU's: the LOTL at [`EU_LOTL_URL`], signed by one of the bundled
    /// certificates. Empty (so nothing is trusted) if the bundle does not
    /// match its pin.
    pub fn eu() -> &'static Anchors {
        static EU: OnceLock<Anchors> = OnceLock::new();
        EU.get_or_init(|| {
            let pinned = SOURCE.lines().nth(1).and_then(|l| l.split('\t').nth(1)).unwrap_or_default();
            let intact = hex::encode(Sha256::digest(SIGNERS_PEM.as_bytes())) == pinned;
            Anchors::new(EU_LOTL_URL, if intact { certificates_from_pem(SIGNERS_PEM) } else { vec![] })
        })
    }
}

/// A list's version: its sequence number and issue date.
type Version = (u64, Option<DateTime<Utc>>);

/// The newest version seen of each trusted list: `(sequence number, issue
/// date)` by list. In memory for the process; with [`ListMemory::at`] also
/// in a small file, so a restart does not forget.
#[derive(Debug, Default)]
pub struct ListMemory {
    newest: Mutex<HashMap<String, Version>>,
    file: Option<std::path::PathBuf>,
}

impl ListMemory {
    /// A memory kept in the file at `path` (read now, written on each change).
    pub fn at(path: impl Into<std::path::PathBuf>) -> Self {
        let file = path.into();
        let newest = std::fs::read_to_string(&file)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                let mut f = l.split('\t');
                let key = f.next()?.to_string();
                let seq = f.next()?.parse().ok()?;
                let issued = f.next().and_then(|d| DateTime::parse_from_rfc3339(d).ok()).map(|d| d.with_timezone(&Utc));
                Some((key, (seq, issued)))
            })
            .collect();
        Self { newest: Mutex::new(newest), file: Some(file) }
    }

    /// Accepts `list` under `key` if it is not older than the newest seen,
    /// and remembers it; otherwise says what was seen.
    fn accept(&self, key: &str, list: &list::TrustedList) -> Result<(), Version> {
        let mut newest = self.newest.lock().unwrap_or_else(|e| e.into_inner());
        let this = (list.sequence, list.issued);
        if let Some(&seen) = newest.get(key) {
            let older = this.0 < seen.0 || (this.0 == seen.0 && this.1 < seen.1) || (this.1.is_some() && this.1 < seen.1);
            if older {
                return Err(seen);
            }
            if seen >= this {
                return Ok(());
            }
        }
        newest.insert(key.to_string(), this);
        if let Some(file) = &self.file {
            let text: String = newest
                .iter()
                .map(|(k, (seq, issued))| format!("{k}\t{seq}\t{}\n", issued.map(|d| d.to_rfc3339()).unwrap_or_default()))
                .collect();
            // Losing the file loses only the memory, never a verdict.
            let _ = std::fs::write(file, text);
        }
        Ok(())
    }
}

fn country_of(name: &x509_cert::name::Name) -> Option<String> {
    pki::name_attribute(name, pki::OID_COUNTRY).map(|c| c.to_uppercase())
}

/// Decodes certificates, skipping what does not parse.
fn parse_all(ders: &[Vec<u8>]) -> Vec<Certificate> {
    ders.iter().filter_map(|d| Certificate::from_der(d).ok()).collect()
}

/// `(is a CA, path length limit)` from basicConstraints.
fn basic_constraints(cert: &Certificate) -> (bool, Option<u8>) {
    use x509_cert::ext::pkix::BasicConstraints;
    pki::extension(cert, "2.5.29.19")
        .and_then(|e| BasicConstraints::from_der(e).ok())
        .map_or((false, None), |b| (b.ca, b.path_len_constraint))
}

/// keyUsage, when the certificate states it.
fn key_usage(cert: &Certificate) -> Option<x509_cert::ext::pkix::KeyUsage> {
    pki::extension(cert, "2.5.29.15").and_then(|e| x509_cert::ext::pkix::KeyUsage::from_der(e).ok())
}

/// A CA's name in words: its common name (several CAs of one organisation
/// share its O), else its organisation.
fn ca_name(cert: &Certificate) -> String {
    pki::name_attr(cert, pki::OID_COMMON_NAME).or_else(|| pki::display_name(cert)).unwrap_or_else(|| "an unnamed CA".into())
}

/// Purposes that are not signing documents: a seal certificate whose
/// extendedKeyUsage names only these is not for seals.
const NOT_FOR_SEALS: &[&str] = &[pki::EKU_SERVER_AUTH, pki::EKU_CODE_SIGNING, pki::EKU_TIME_STAMPING, pki::EKU_OCSP_SIGNING];

/// The chain from the seal certificate up through the intermediates the
/// seal carries. Only CA certificates (basicConstraints cA, keyCertSign,
/// within their path length) may issue; the leaf must not be a CA and must
/// be for signing (keyUsage, extendedKeyUsage); every certificate must be
/// valid at `at`; each CA's nameConstraints must allow the names below it,
/// and where a CA states certificate policies, the leaf must carry one.
pub fn build_path(leaf: &Certificate, intermediates: &[Certificate], at: DateTime<Utc>) -> Result<Vec<Certificate>, String> {
    use x509_cert::ext::pkix::KeyUsages;
    if basic_constraints(leaf).0 {
        return Err("the sealing certificate is a CA certificate, not a seal certificate".into());
    }
    if key_usage(leaf).is_some_and(|ku| !ku.0.contains(KeyUsages::DigitalSignature) && !ku.0.contains(KeyUsages::NonRepudiation)) {
        return Err("the sealing certificate is not for signatures (keyUsage)".into());
    }
    if let Some(purposes) = pki::extended_key_usage(leaf) {
        if purposes.iter().all(|p| NOT_FOR_SEALS.contains(&p.as_str())) {
            return Err(format!("the sealing certificate is for other purposes than seals (extendedKeyUsage {})", purposes.join(", ")));
        }
    }
    if !pki::valid_at(leaf, at) {
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
                && pki::valid_at(c, at)
                && issued_by(last, c)
        });
        match next {
            Some(n) => path.push(n.clone()),
            None => break,
        }
    }
    Ok(path)
}

/// The constraints the CAs in `path` (and the listed CA `anchor` above
/// them) set on the certificates below them.
fn constraints_hold(path: &[Certificate], anchor: &Certificate) -> Result<(), String> {
    let leaf = &path[0];
    let cas: Vec<&Certificate> = path[1..].iter().chain((!path.contains(anchor)).then_some(anchor)).collect();
    for (i, ca) in cas.iter().enumerate() {
        for below in path.iter().take(i + 1) {
            pki::name_constraints_allow(ca, below)?;
        }
        if let Some(allowed) = pki::policies(ca) {
            if !allowed.iter().any(|p| p == pki::ANY_POLICY) {
                let leafs = pki::policies(leaf).unwrap_or_default();
                if !leafs.iter().any(|p| allowed.contains(p)) {
                    return Err(format!("the sealing certificate carries none of the policies its CA `{}` is limited to", ca_name(ca)));
                }
            }
        }
        if let Some(purposes) = pki::extended_key_usage(ca).filter(|p| !p.iter().any(|q| q == pki::EKU_ANY)) {
            // What the leaf may be used for is what both it and its CA allow
            // (a leaf that states no purpose takes its CA's).
            let effective: Vec<String> = match pki::extended_key_usage(leaf) {
                Some(leafs) if !leafs.iter().any(|p| p == pki::EKU_ANY) => leafs.into_iter().filter(|p| purposes.contains(p)).collect(),
                _ => purposes,
            };
            if effective.iter().all(|p| NOT_FOR_SEALS.contains(&p.as_str())) {
                return Err(format!("the sealing certificate may not be used for seals under its CA `{}` (extendedKeyUsage)", ca_name(ca)));
            }
        }
    }
    Ok(())
}

/// What the trusted lists say of a seal certificate, in trust's own terms;
/// `verify` turns it into the report's `trust` check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub grant: Grant,
    /// In words: which service grants it and when, or why not.
    pub detail: Option<String>,
}

/// Whether a seal certificate is granted for qualified seals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// A trust service on the EU Trusted Lists grants it.
    Qualified,
    /// It could not be found out (offline, a list unreadable, revocation unknown).
    Unknown,
    /// The lists were read and grant it nothing.
    Refused,
    /// It was revoked (on that day) before the time its seal is proved at.
    Revoked { on: chrono::NaiveDate },
}

impl Standing {
    fn qualified(detail: String) -> Self {
        Self { grant: Grant::Qualified, detail: Some(detail) }
    }

    fn unknown(why: String) -> Self {
        Self { grant: Grant::Unknown, detail: Some(why) }
    }

    fn refused(why: String) -> Self {
        Self { grant: Grant::Refused, detail: Some(why) }
    }

    fn revoked(on: chrono::NaiveDate, why: String) -> Self {
        Self { grant: Grant::Revoked { on }, detail: Some(why) }
    }
}

/// Why a list could not serve: could not be had (`Unknown`), or was had and
/// answers no (`Failed`).
#[derive(Debug)]
enum Unavailable {
    Unknown(String),
    Failed(String),
}

impl Unavailable {
    fn into_check(self) -> Standing {
        match self {
            Self::Unknown(why) => Standing::unknown(why),
            Self::Failed(why) => Standing::refused(why),
        }
    }
}

type Fetched = Rc<(list::TrustedList, String)>;

/// Revocation values a seal carries (JAdES `rVals`, XAdES
/// `RevocationValues`), DER.
#[derive(Debug, Clone, Default)]
pub struct RevocationValues {
    pub crls: Vec<Vec<u8>>,
    pub ocsp: Vec<Vec<u8>>,
}

/// What the lists say of a time-stamp's authority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TsaStanding {
    /// A qualified time-stamping service granted on a verified list at genTime.
    Qualified(String),
    /// A TSA the trust configuration names: counted, and said to be weaker.
    Configured(String),
    /// Not counted, and why.
    Untrusted(String),
}

/// The Trusted Lists for one verification: fetched (through the caller's
/// fetcher) and verified once, whatever number of certificates ask.
#[derive(Debug)]
pub struct Lists<'a> {
    anchors: &'a Anchors,
    fetcher: Option<&'a dyn Fetcher>,
    now: DateTime<Utc>,
    lotl: OnceCell<Result<Fetched, String>>,
    national: RefCell<HashMap<String, Rc<Result<Fetched, Unavailable>>>>,
}

impl<'a> Lists<'a> {
    pub fn new(anchors: &'a Anchors, fetcher: Option<&'a dyn Fetcher>, now: DateTime<Utc>) -> Self {
        Self { anchors, fetcher, now, lotl: OnceCell::new(), national: RefCell::new(HashMap::new()) }
    }

    /// Fetches and verifies a list; `what` names it in messages.
    fn fetch(&self, url: &str, what: &str, signers: &[Vec<u8>], key: &str) -> Result<(list::TrustedList, String), String> {
        let fetcher = self.fetcher.ok_or("offline, and no copy of the EU Trusted Lists was at hand")?;
        // Lists are large and change about daily: a copy from the last hours serves.
        let fetched = fetcher
            .get_recent(url, MAX_LIST_BYTES, chrono::Duration::hours(12))
            .map_err(|e| format!("the {what} could not be had: {e}"))?;
        let note = match &fetched.origin {
            crate::fetch::Origin::Network => String::new(),
            origin => origin.note(),
        };
        let list = list::read(&fetched.body).map_err(|e| format!("the {what} at `{url}` cannot be used: {e}"))?;
        if !signers.contains(&list.signer) {
            return Err(format!(
                "the {what} is not signed by a certificate {}",
                if key == "EU" { "the Official Journal announced" } else { "the EU list names for it" }
            ));
        }
        if list.next_update.is_none_or(|n| n < self.now) {
            return Err(format!("the copy of the {what} is out of date{note}"));
        }
        if let Err((seq, issued)) = self.anchors.seen.accept(&format!("{}#{key}", self.anchors.lotl_url), &list) {
            let day = |d: Option<DateTime<Utc>>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "an unknown date".into());
            return Err(format!(
                "the copy of the {what} (number {}, issued {}) is older than one already seen (number {seq}, issued {}): a trusted list never goes back{note}",
                list.sequence,
                day(list.issued),
                day(issued)
            ));
        }
        Ok((list, note))
    }

    fn lotl(&self) -> Result<Fetched, String> {
        self.lotl
            .get_or_init(|| {
                if self.anchors.lotl_signers.is_empty() {
                    return Err("Satchel's bundled EU list signing certificates do not match their pin".into());
                }
                self.fetch(&self.anchors.lotl_url, "EU List of Trusted Lists", &self.anchors.lotl_signers, "EU").map(Rc::new)
            })
            .clone()
    }

    /// The verified national list of `country`.
    fn national(&self, country: &str) -> Rc<Result<Fetched, Unavailable>> {
        if let Some(done) = self.national.borrow().get(country) {
            return done.clone();
        }
        let result = (|| {
            let lotl = self.lotl().map_err(Unavailable::Unknown)?;
            let pointer =
                lotl.0.pointers.iter().find(|p| p.territory == country || (country == "GR" && p.territory == "EL")).ok_or_else(|| {
                    Unavailable::Failed(format!(
                        "the EU List of Trusted Lists has no list for `{country}`, where the certificate was issued"
                    ))
                })?;
            self.fetch(&pointer.location, &format!("trusted list of {country}"), &pointer.signers, country)
                .map(Rc::new)
                .map_err(Unavailable::Unknown)
        })();
        let result = Rc::new(result);
        self.national.borrow_mut().insert(country.to_string(), result.clone());
        result
    }

    /// Whether a (cryptographically verified) time-stamp's authority is one
    /// whose time counts.
    pub fn tsa_standing(&self, stamp: &pki::TimeStamp) -> TsaStanding {
        let tsa = &stamp.tsa;
        let purposes = pki::extended_key_usage(tsa).unwrap_or_default();
        if !purposes.iter().any(|p| p == pki::EKU_TIME_STAMPING) {
            return TsaStanding::Untrusted("its certificate is not for time-stamping (no timeStamping extended key usage)".into());
        }
        // The authority's chain, from the certificates the token carries.
        let mut chain = vec![tsa.clone()];
        while chain.len() < 6 {
            let last = chain.last().expect("the chain starts with the authority");
            match stamp.certificates.iter().find(|c| !chain.contains(c) && basic_constraints(c).0 && issued_by(last, c)) {
                Some(up) if pki::valid_at(up, stamp.gen_time) => chain.push(up.clone()),
                _ => break,
            }
        }
        let named = |certs: &[Certificate]| chain.iter().any(|c| certs.iter().any(|a| c == a || issued_by(c, a)));
        if named(&parse_all(&self.anchors.tsas)) {
            return TsaStanding::Configured(
                "an authority Satchel's trust configuration names (not a qualified time-stamping service on the EU Trusted Lists)".into(),
            );
        }
        let Some(country) = country_of(&tsa.tbs_certificate.issuer).or_else(|| country_of(&tsa.tbs_certificate.subject)) else {
            return TsaStanding::Untrusted("its certificate names no country, so no trusted list covers it".into());
        };
        let national = self.national(&country);
        let national = match national.as_ref() {
            Ok(n) => n,
            Err(Unavailable::Unknown(why) | Unavailable::Failed(why)) => {
                return TsaStanding::Untrusted(format!("whether it is a qualified time-stamping service could not be checked: {why}"))
            }
        };
        let services: Vec<&list::Service> =
            national.0.services.iter().filter(|s| s.kind == list::TSA_QTST && named(&parse_all(&s.certificates))).collect();
        if services.is_empty() {
            return TsaStanding::Untrusted(format!("it is no qualified time-stamping service on the trusted list of {country}"));
        }
        match services.iter().find(|s| s.status_at(stamp.gen_time).is_some_and(|(st, _)| list::is_granted(st))) {
            Some(s) => TsaStanding::Qualified(format!("`{}` of `{}` ({country}), a qualified time-stamping service", s.name, s.provider)),
            None => TsaStanding::Untrusted(format!(
                "the time-stamping service `{}` was not granted on {}",
                services[0].name,
                stamp.gen_time.format("%Y-%m-%d")
            )),
        }
    }

    /// The `trust` check of a seal certificate `leaf` (with the
    /// intermediates the seal carries), whose existence a trusted
    /// time-stamp proves at `proved_at` (else it is judged now).
    pub fn check_seal(
        &self,
        leaf: &Certificate,
        intermediates: &[Certificate],
        proved_at: Option<DateTime<Utc>>,
        revocation: &RevocationValues,
    ) -> Standing {
        let unknown = Standing::unknown;
        if self.fetcher.is_none() {
            return unknown("offline, and no copy of the EU Trusted Lists was at hand".into());
        }
        if let Err(why) = self.lotl() {
            return unknown(why);
        }
        let Some(country) = country_of(&leaf.tbs_certificate.issuer) else {
            return unknown("the seal certificate's issuer names no country".into());
        };
        let national = self.national(&country);
        let national = match national.as_ref() {
            Ok(n) => n.clone(),
            Err(Unavailable::Unknown(why)) => return Unavailable::Unknown(why.clone()).into_check(),
            Err(Unavailable::Failed(why)) => return Unavailable::Failed(why.clone()).into_check(),
        };
        let (national, national_note) = (&national.0, &national.1);
        let at = proved_at.unwrap_or(self.now);
        let when = match proved_at {
            Some(t) => format!("on {}, when a time-stamp proves the seal existed", t.format("%Y-%m-%d")),
            None => format!("today ({}), as no trusted time-stamp dates the seal", self.now.format("%Y-%m-%d")),
        };
        let path = match build_path(leaf, intermediates, at) {
            Ok(p) => p,
            Err(why) => return Standing::refused(why),
        };
        let issued = |day: Option<DateTime<Utc>>| day.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "an unknown date".into());
        // Every CA/QC service the path leads to; a CA can be listed more
        // than once (a withdrawn seal service, a granted web one): the seal
        // needs one that was granted for seals at `at`.
        let mut refusals = Vec::new();
        let mut granted = None;
        for service in national.services.iter().filter(|s| s.kind == list::CA_QC) {
            let certs = parse_all(&service.certificates);
            let Some((index, anchor)) =
                path.iter().enumerate().find_map(|(i, c)| certs.iter().find(|ca| *c == **ca || issued_by(c, ca)).map(|ca| (i, ca.clone())))
            else {
                continue;
            };
            let name = format!("`{}` of `{}` ({country})", service.name, service.provider);
            match self.service_grants(service, &path[..=index.min(path.len() - 1)], &anchor, leaf, at, &name) {
                Ok(kind) => {
                    granted = Some((service, name, kind, index, anchor));
                    break;
                }
                Err(why) => refusals.push(why),
            }
        }
        let Some((_, name, kind, index, anchor)) = granted else {
            if refusals.is_empty() {
                return Standing::refused(format!(
                    "the sealing certificate leads to no trust service on the EU Trusted Lists (list of {country} issued {})",
                    issued(national.issued)
                ));
            }
            refusals.dedup();
            return Standing::refused(refusals.join("; "));
        };
        // Revocation of the leaf and of every sub-CA below the listed
        // certificate, each asked of the CA above it.
        let mut up: Vec<Certificate> = path[..=index].to_vec();
        if up.last() != Some(&anchor) {
            up.push(anchor);
        }
        // A certificate listed itself answers for itself: the list is its status.
        let mut revocation_note = "its certificate is itself on the list".to_string();
        for (i, pair) in up.windows(2).enumerate() {
            match self.revocation(&pair[0], &pair[1], at, proved_at.is_some(), revocation) {
                Ok(note) if i == 0 => revocation_note = note,
                Ok(note) => revocation_note.push_str(&format!("; its CA `{}` {note}", ca_name(&pair[0]))),
                Err(mut result) => {
                    if i > 0 {
                        let what = format!("the CA `{}` above the seal certificate", ca_name(&pair[0]));
                        result.detail = result.detail.map(|d| d.replacen("the seal certificate", &what, 1));
                    }
                    return result;
                }
            }
        }
        Standing::qualified(format!(
            "{kind}: the certificate comes from {name}, granted for seals on the EU Trusted Lists (list issued {}) {when}; {revocation_note}{national_note}",
            issued(national.issued)
        ))
    }

    /// Whether `service` grants `leaf` a qualified seal at `at`, and which
    /// kind; `path` runs from the leaf to the certificate the service lists.
    fn service_grants(
        &self,
        service: &list::Service,
        path: &[Certificate],
        anchor: &Certificate,
        leaf: &Certificate,
        at: DateTime<Utc>,
        name: &str,
    ) -> Result<&'static str, String> {
        let day = at.format("%Y-%m-%d");
        match service.status_at(at) {
            Some((status, _)) if list::is_granted(status) => {}
            Some((status, _)) => return Err(format!("the trust service {name} was not granted on {day} ({status})")),
            None => return Err(format!("the trust service {name} was not yet on the list on {day}")),
        }
        if !service.for_seals {
            return Err(format!("the trust service {name} is not granted for seals (it is for {})", purposes(&service.additional)));
        }
        constraints_hold(path, anchor)?;
        let (mut compliance, cert_eseal, mut sscd) = pki::qc_statements(leaf);
        let mut kind = if cert_eseal { "seal" } else { "" };
        let mut not_qualified = false;
        for q in service.qualifications.iter().filter(|q| criteria_match(&q.criteria, leaf)) {
            for qualifier in &q.qualifiers {
                match qualifier.strip_prefix(list::QUALIFIER).unwrap_or(qualifier) {
                    "NotQualified" => not_qualified = true,
                    "QCStatement" => compliance = true,
                    "QCForESeal" => kind = "seal",
                    "QCForESig" => kind = "signatures",
                    "QCForWSA" => kind = "website authentication",
                    "QCForLegalPerson" if kind.is_empty() => kind = "seal",
                    "QCWithSSCD" | "QCWithQSCD" | "QCQSCDManagedOnBehalf" => sscd = true,
                    "QCNoSSCD" | "QCNoQSCD" => sscd = false,
                    _ => {}
                }
            }
        }
        if not_qualified || !compliance {
            return Err(format!(
                "the certificate from {name} is not a qualified certificate (the trusted list or the certificate says so)"
            ));
        }
        if kind != "seal" {
            let what = if kind.is_empty() { "signatures" } else { kind };
            return Err(format!("the certificate from {name} is a qualified certificate for {what}, not for electronic seals"));
        }
        Ok(if sscd { "a qualified electronic seal" } else { "an advanced electronic seal based on a qualified certificate" })
    }

    /// Revocation of `cert` (issued by `issuer`) at `at`: OCSP, then CRL;
    /// the seal's own values first, then the network. `Ok` carries words for
    /// the report; `Err` the trust check's result.
    fn revocation(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        at: DateTime<Utc>,
        proved: bool,
        values: &RevocationValues,
    ) -> Result<String, Standing> {
        let mut tried = Vec::new();
        let mut answer: Option<(Revocation, String)> = None;
        let sources: [(&str, &Vec<Vec<u8>>, bool); 2] = [("OCSP", &values.ocsp, true), ("CRL", &values.crls, false)];
        for (what, ders, ocsp) in sources {
            for der in ders {
                let read = if ocsp { pki::ocsp_status(der, cert, issuer, at) } else { pki::crl_status(der, cert, issuer, at) };
                match read {
                    Ok((status, issued)) => {
                        answer = Some((status, format!("{what} answer of {} carried by the seal", issued.format("%Y-%m-%d"))));
                        break;
                    }
                    Err(why) => tried.push(format!("the seal's {what} value: {why}")),
                }
            }
            if answer.is_some() {
                break;
            }
        }
        if answer.is_none() {
            if let Some(fetcher) = self.fetcher {
                let request = pki::ocsp_request(cert, issuer);
                let ocsp = pki::ocsp_urls(cert).into_iter().filter_map(|u| {
                    use base64::Engine as _;
                    let der = request.as_ref()?;
                    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
                    let encoded: String = b64
                        .chars()
                        .map(|c| match c {
                            '+' => "%2B".into(),
                            '/' => "%2F".into(),
                            '=' => "%3D".into(),
                            c => c.to_string(),
                        })
                        .collect();
                    Some((format!("{}/{encoded}", u.trim_end_matches('/')), true))
                });
                let crls = pki::crl_urls(cert).into_iter().map(|u| (u, false));
                for (url, is_ocsp) in ocsp.chain(crls) {
                    let what = if is_ocsp { "OCSP" } else { "CRL" };
                    // Answers are cached like other documents; a CRL from the last hour serves.
                    let fetched = if is_ocsp {
                        fetcher.get(&url, MAX_REVOCATION_BYTES)
                    } else {
                        fetcher.get_recent(&url, MAX_REVOCATION_BYTES, chrono::Duration::hours(1))
                    };
                    let (body, note) = match fetched {
                        Ok(f) => {
                            let note = f.origin.note();
                            (f.body, note)
                        }
                        Err(e) => {
                            tried.push(format!("{what}: {e}"));
                            continue;
                        }
                    };
                    let read = if is_ocsp { pki::ocsp_status(&body, cert, issuer, at) } else { pki::crl_status(&body, cert, issuer, at) };
                    match read {
                        Ok((status, issued)) => {
                            let host = url.split('/').nth(2).unwrap_or_default().to_string();
                            answer = Some((status, format!("{what} answer of {} from `{host}`{note}", issued.format("%Y-%m-%d"))));
                            break;
                        }
                        Err(why) => tried.push(format!("{what} from `{}`: {why}", url.split('/').nth(2).unwrap_or_default())),
                    }
                }
            }
        }
        let Some((status, source)) = answer else {
            let why = if tried.is_empty() {
                "the certificate names no OCSP responder or CRL, and the seal carries no revocation values".to_string()
            } else {
                tried.join("; ")
            };
            return Err(Standing::unknown(format!("could not check revocation of the seal certificate ({why})")));
        };
        match status {
            Revocation::Good => Ok(format!("not revoked ({source})")),
            Revocation::Revoked { on, reason } if on <= at || !proved => Err(Standing::revoked(
                on.date_naive(),
                format!(
                    "the seal certificate was revoked on {}{} ({source})",
                    on.format("%Y-%m-%d"),
                    reason.map(|r| format!(" for {r}")).unwrap_or_default()
                ),
            )),
            Revocation::Revoked { on, .. } => {
                Ok(format!("revoked only on {}, after the time the time-stamp proves ({source})", on.format("%Y-%m-%d")))
            }
        }
    }
}

/// Largest CRL or OCSP answer fetched.
pub const MAX_REVOCATION_BYTES: usize = 8 * 1024 * 1024;

fn purposes(additional: &[String]) -> String {
    let named: Vec<&str> = additional.iter().filter_map(|u| u.rsplit('/').next()).collect();
    if named.is_empty() {
        "no stated purpose".into()
    } else {
        named.join(", ")
    }
}

/// Whether a certificate meets a Qualifications CriteriaList.
fn criteria_match(criteria: &list::Criteria, cert: &Certificate) -> bool {
    use x509_cert::ext::pkix::KeyUsages;
    let usage = key_usage(cert);
    let has_bit = |name: &str| {
        let flag = match name {
            "digitalSignature" => KeyUsages::DigitalSignature,
            "nonRepudiation" | "contentCommitment" => KeyUsages::NonRepudiation,
            "keyEncipherment" => KeyUsages::KeyEncipherment,
            "dataEncipherment" => KeyUsages::DataEncipherment,
            "keyAgreement" => KeyUsages::KeyAgreement,
            "keyCertSign" => KeyUsages::KeyCertSign,
            "crlSign" => KeyUsages::CRLSign,
            "encipherOnly" => KeyUsages::EncipherOnly,
            "decipherOnly" => KeyUsages::DecipherOnly,
            _ => return None,
        };
        Some(usage.as_ref().is_some_and(|u| u.0.contains(flag)))
    };
    let policies = pki::policies(cert).unwrap_or_default();
    let mut results: Vec<bool> = Vec::new();
    for bits in &criteria.key_usage {
        results.push(bits.iter().all(|(name, wanted)| has_bit(name) == Some(*wanted)));
    }
    for set in &criteria.policy_sets {
        results.push(!set.is_empty() && set.iter().all(|p| policies.contains(p)));
    }
    for nested in &criteria.nested {
        results.push(criteria_match(nested, cert));
    }
    results.extend(std::iter::repeat_n(false, criteria.unknown));
    match criteria.assert.as_str() {
        "atLeastOne" => results.iter().any(|r| *r),
        "none" => !results.iter().any(|r| *r),
        _ => !results.is_empty() && results.iter().all(|r| *r),
    }
}

/// The `trust` check of a seal certificate, with no time-stamp and no
/// revocation values: see [`Lists::check_seal`].
pub fn check(
    leaf: &Certificate,
    intermediates: &[Certificate],
    proved_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    anchors: &Anchors,
    fetcher: Option<&dyn Fetcher>,
) -> Standing {
    Lists::new(anchors, fetcher, now).check_seal(leaf, intermediates, proved_at, &RevocationValues::default())
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
