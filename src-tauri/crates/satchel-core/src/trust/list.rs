//! Trusted lists (ETSI TS 119 612): the EU List of Trusted Lists (LOTL),
//! which points at each member state's list, and the national lists, which
//! name trust service providers and their services with the certificates
//! that identify them.

use chrono::{DateTime, Utc};

use super::dsig;
use super::xml::{self, Element};

/// Service type of a CA issuing qualified certificates.
pub const CA_QC: &str = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC";
/// Service type of a qualified time-stamping authority.
pub const TSA_QTST: &str = "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST";
/// The status of a service that is (still) qualified.
pub const GRANTED: &str = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted";
/// Status URIs from before eIDAS (TS 119 612 v1) that meant "qualified".
const GRANTED_BEFORE_EIDAS: &[&str] = &[
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/undersupervision",
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/supervisionincessation",
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/accredited",
];
const FOR_ESEALS: &str = "http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSeals";
const FOR_ESIGNATURES: &str = "http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSignatures";
const FOR_WEB: &str = "http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForWebSiteAuthentication";
/// Qualifiers of the Qualifications extension (TS 119 612 5.5.9.2).
pub const QUALIFIER: &str = "http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/";
const TSL_MIME: &str = "application/vnd.etsi.tsl+xml";

/// A verified trusted list.
#[derive(Debug, Clone)]
pub struct TrustedList {
    /// The territory it covers (`EU` for the LOTL, else a country code).
    pub territory: String,
    /// TSLSequenceNumber: grows with each issue of the list.
    pub sequence: u64,
    pub issued: Option<DateTime<Utc>>,
    pub next_update: Option<DateTime<Utc>>,
    /// The certificate (DER) that signed it.
    pub signer: Vec<u8>,
    /// Other lists it points to (the LOTL's national lists).
    pub pointers: Vec<Pointer>,
    pub services: Vec<Service>,
}

/// Where another trusted list is, and who may sign it.
#[derive(Debug, Clone)]
pub struct Pointer {
    pub territory: String,
    pub location: String,
    /// Certificates (DER) allowed to sign that list.
    pub signers: Vec<Vec<u8>>,
}

/// A trust service on a national list.
#[derive(Debug, Clone)]
pub struct Service {
    pub provider: String,
    pub name: String,
    pub kind: String,
    pub status: String,
    pub status_since: Option<DateTime<Utc>>,
    /// Certificates (DER) that identify the service.
    pub certificates: Vec<Vec<u8>>,
    /// Whether it issues certificates for seals (no restriction given counts).
    pub for_seals: bool,
    /// Every AdditionalServiceInformation URI.
    pub additional: Vec<String>,
    /// Earlier statuses, newest first: `(status, since)`.
    pub history: Vec<(String, Option<DateTime<Utc>>)>,
    /// The Qualifications extension: qualifiers that apply to certificates
    /// matching their criteria.
    pub qualifications: Vec<Qualification>,
}

impl Service {
    /// The status the service had at `at` (its current one, or one from
    /// its history), and since when.
    pub fn status_at(&self, at: DateTime<Utc>) -> Option<(&str, Option<DateTime<Utc>>)> {
        if self.status_since.is_none_or(|since| since <= at) {
            return Some((&self.status, self.status_since));
        }
        self.history
            .iter()
            .filter(|(_, since)| since.is_some_and(|s| s <= at))
            .max_by_key(|(_, since)| *since)
            .map(|(status, since)| (status.as_str(), *since))
    }
}

/// Whether a status URI means the service was qualified.
pub fn is_granted(status: &str) -> bool {
    status == GRANTED || GRANTED_BEFORE_EIDAS.contains(&status)
}

/// One QualificationElement: `qualifiers` (URIs) for certificates that match `criteria`.
#[derive(Debug, Clone)]
pub struct Qualification {
    pub qualifiers: Vec<String>,
    pub criteria: Criteria,
}

/// A CriteriaList (TS 119 612 5.5.9.2.1).
#[derive(Debug, Clone, Default)]
pub struct Criteria {
    /// `all`, `atLeastOne` or `none`.
    pub assert: String,
    /// Each KeyUsage criterion: `(bit name, required value)` pairs.
    pub key_usage: Vec<Vec<(String, bool)>>,
    /// Each PolicySet: policy OIDs that must all be present.
    pub policy_sets: Vec<Vec<String>>,
    pub nested: Vec<Criteria>,
    /// A criterion Satchel does not read (it never matches).
    pub unknown: usize,
}

fn criteria(e: &Element) -> Criteria {
    let mut out = Criteria { assert: e.attribute("assert").unwrap_or("all").to_string(), ..Criteria::default() };
    for c in e.elements() {
        match c.local_name() {
            "KeyUsage" => out.key_usage.push(
                c.children_named("KeyUsageBit")
                    .map(|b| (b.attribute("name").unwrap_or_default().to_string(), b.text().trim() == "true"))
                    .collect(),
            ),
            "PolicySet" => out.policy_sets.push(
                c.children_named("PolicyIdentifier")
                    .filter_map(|p| p.child("Identifier"))
                    .map(|i| i.text().trim().trim_start_matches("urn:oid:").to_string())
                    .collect(),
            ),
            "CriteriaList" => out.nested.push(criteria(c)),
            "Description" => {}
            _ => out.unknown += 1,
        }
    }
    out
}

fn qualifications(info: &Element) -> Vec<Qualification> {
    info.child("ServiceInformationExtensions")
        .into_iter()
        .flat_map(|x| x.children_named("Extension"))
        .filter_map(|x| x.child("Qualifications"))
        .flat_map(|q| q.children_named("QualificationElement"))
        .map(|q| Qualification {
            qualifiers: q
                .child("Qualifiers")
                .into_iter()
                .flat_map(|qs| qs.children_named("Qualifier"))
                .filter_map(|x| x.attribute("uri"))
                .map(str::to_string)
                .collect(),
            criteria: q.child("CriteriaList").map(criteria).unwrap_or_default(),
        })
        .collect()
}

/// Why a list cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListError {
    #[error(transparent)]
    Xml(#[from] xml::XmlError),
    #[error("its signature does not hold: {0}")]
    Signature(#[from] dsig::SignatureError),
    #[error("it is not a trusted list ({0})")]
    NotAList(String),
}

fn time(e: Option<&Element>) -> Option<DateTime<Utc>> {
    let text = e?.text();
    DateTime::parse_from_rfc3339(text.trim()).ok().map(|d| d.with_timezone(&Utc))
}

fn name_in(e: Option<&Element>) -> String {
    let Some(e) = e else { return String::new() };
    let names: Vec<&Element> = e.children_named("Name").collect();
    names
        .iter()
        .find(|n| n.attribute("xml:lang").is_some_and(|l| l.eq_ignore_ascii_case("en")))
        .or_else(|| names.first())
        .map(|n| n.text().trim().to_string())
        .unwrap_or_default()
}

fn certificates_in(identities: Option<&Element>) -> Vec<Vec<u8>> {
    use base64::Engine as _;
    let mut out = Vec::new();
    let Some(identities) = identities else { return out };
    let ids: Vec<&Element> = if identities.local_name() == "ServiceDigitalIdentity" {
        vec![identities]
    } else {
        identities.children_named("ServiceDigitalIdentity").collect()
    };
    for id in ids {
        for digital in id.children_named("DigitalId") {
            if let Some(c) = digital.child("X509Certificate") {
                let compact: String = c.text().split_whitespace().collect();
                if let Ok(der) = base64::engine::general_purpose::STANDARD.decode(compact) {
                    out.push(der);
                }
            }
        }
    }
    out
}

/// Parses a trusted list and verifies its signature (who signed it is for
/// the caller to judge: [`TrustedList::signer`]).
pub fn read(bytes: &[u8]) -> Result<TrustedList, ListError> {
    let doc = xml::parse(bytes)?;
    if doc.root.local_name() != "TrustServiceStatusList" {
        return Err(ListError::NotAList(format!("its root is `{}`", doc.root.name)));
    }
    let verified = dsig::verify_enveloped(&doc)?;
    let signer = verified.signer;
    // Everything below is read from what the signature covers, never from
    // the signature element (its text is not signed, and it can be moved).
    let doc = verified.signed;
    let scheme = doc.root.child("SchemeInformation").ok_or_else(|| ListError::NotAList("no SchemeInformation".into()))?;
    let territory = scheme.child("SchemeTerritory").map(|t| t.text().trim().to_string()).unwrap_or_default();
    let pointers = scheme
        .child("PointersToOtherTSL")
        .map(|p| {
            p.children_named("OtherTSLPointer")
                .filter_map(|o| {
                    let location = o.child("TSLLocation")?.text().trim().to_string();
                    let info = o.child("AdditionalInformation");
                    let texts: Vec<String> = info
                        .map(|i| i.elements().flat_map(|x| x.elements().map(|y| y.text()).chain([x.text()])).collect())
                        .unwrap_or_default();
                    let is_xml = texts.iter().any(|t| t.trim() == TSL_MIME);
                    let pointer_territory =
                        texts.iter().map(|t| t.trim()).find(|t| t.len() == 2 && t.chars().all(|c| c.is_ascii_uppercase()));
                    is_xml.then(|| Pointer {
                        territory: pointer_territory.unwrap_or_default().to_string(),
                        location,
                        signers: certificates_in(o.child("ServiceDigitalIdentities")),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let mut services = Vec::new();
    if let Some(providers) = doc.root.child("TrustServiceProviderList") {
        for tsp in providers.children_named("TrustServiceProvider") {
            let provider = name_in(tsp.child("TSPInformation").and_then(|i| i.child("TSPName")));
            for service in tsp.child("TSPServices").into_iter().flat_map(|s| s.children_named("TSPService")) {
                let Some(info) = service.child("ServiceInformation") else { continue };
                let additional: Vec<String> = info
                    .child("ServiceInformationExtensions")
                    .into_iter()
                    .flat_map(|x| x.children_named("Extension"))
                    .filter_map(|x| x.child("AdditionalServiceInformation"))
                    .filter_map(|a| a.child("URI"))
                    .map(|u| u.text().trim().to_string())
                    .collect();
                // Any of the three purposes restricts the service to those named.
                let restricted = additional.iter().any(|u| u == FOR_ESEALS || u == FOR_ESIGNATURES || u == FOR_WEB);
                let history = service
                    .child("ServiceHistory")
                    .into_iter()
                    .flat_map(|h| h.children_named("ServiceHistoryInstance"))
                    .map(|h| {
                        (
                            h.child("ServiceStatus").map(|t| t.text().trim().to_string()).unwrap_or_default(),
                            time(h.child("StatusStartingTime")),
                        )
                    })
                    .collect();
                services.push(Service {
                    provider: provider.clone(),
                    name: name_in(info.child("ServiceName")),
                    kind: info.child("ServiceTypeIdentifier").map(|t| t.text().trim().to_string()).unwrap_or_default(),
                    status: info.child("ServiceStatus").map(|t| t.text().trim().to_string()).unwrap_or_default(),
                    status_since: time(info.child("StatusStartingTime")),
                    certificates: certificates_in(info.child("ServiceDigitalIdentity")),
                    for_seals: !restricted || additional.iter().any(|u| u == FOR_ESEALS),
                    qualifications: qualifications(info),
                    additional,
                    history,
                });
            }
        }
    }
    Ok(TrustedList {
        territory,
        sequence: scheme.child("TSLSequenceNumber").and_then(|n| n.text().trim().parse().ok()).unwrap_or(0),
        issued: time(scheme.child("ListIssueDateTime")),
        next_update: scheme.child("NextUpdate").and_then(|n| time(n.child("dateTime"))),
        signer,
        pointers,
        services,
    })
}
