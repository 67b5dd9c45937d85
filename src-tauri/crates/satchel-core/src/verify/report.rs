//! A verification report: one outcome per check, and the verdict they add up
//! to. A report is data: a credential that fails a check still gets a report;
//! only "could not even check" is an error.
//!
//! Each check result carries a reason [`Code`] with parameters: what the
//! learner reads is rendered from it by the UI and the CLI, from the message
//! tables in `ui/src/messages/*.json` (`reason.<code>`), in the learner's
//! language. Its `detail` stays the technical text, for whoever wants it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What was checked. The ids are stable: other tools read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Check {
    Format,
    Signature,
    Issuer,
    Validity,
    Status,
    Trust,
}

impl Check {
    /// The stable id (`format`, `signature`, …), as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Format => "format",
            Self::Signature => "signature",
            Self::Issuer => "issuer",
            Self::Validity => "validity",
            Self::Status => "status",
            Self::Trust => "trust",
        }
    }
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Outcome {
    Passed,
    Failed,
    Warning,
    Skipped,
    /// The check has nothing to look at in this credential (a status check
    /// on a credential that carries no status entry: it cannot be revoked).
    /// It is neither a pass (nothing was found in force) nor a gap in what
    /// Satchel could check: it does not change the verdict.
    NotApplicable,
}

impl Outcome {
    /// The stable name (`passed`, `failed`, `warning`, `skipped`,
    /// `not_applicable`), as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed => "failed",
            Self::Warning => "warning",
            Self::Skipped => "skipped",
            Self::NotApplicable => "not_applicable",
        }
    }
}

macro_rules! codes {
    ($($variant:ident => $id:literal,)*) => {
        /// Why a check came out as it did, in a form the UI and the CLI turn
        /// into a sentence (`reason.<id>` in `ui/src/messages/*.json`). The
        /// ids are stable: other tools read them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            /// Every code the core can emit: each has a message in every language.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable id (`signature.passed`, …), as in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $id,)* }
            }

            /// The code whose id is `id`.
            pub fn parse(id: &str) -> Option<Self> {
                match id { $($id => Some(Self::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    FormatPassed => "format.passed",
    FormatFailed => "format.failed",
    FormatWarning => "format.warning",
    FormatSkipped => "format.skipped",
    FormatBaked => "format.baked",
    FormatUnknownTerms => "format.unknown_terms",
    FormatUnknownContext => "format.unknown_context",
    FormatUnusualForm => "format.unusual_form",
    FormatTooComplex => "format.too_complex",
    FormatMissingField => "format.missing_field",
    FormatNotJson => "format.not_json",
    FormatRecognised => "format.recognised",
    FormatSdJwt => "format.sd_jwt",
    FormatEdc => "format.edc",
    FormatEdcNoIssueDate => "format.edc_no_issue_date",
    FormatOb2 => "format.ob2",
    FormatPackage => "format.package",
    FormatPackagePart => "format.package_part",
    FormatPackageEmpty => "format.package_empty",
    FormatPackageUnreadable => "format.package_unreadable",
    SignaturePassed => "signature.passed",
    SignatureFailed => "signature.failed",
    SignatureWarning => "signature.warning",
    SignatureSkipped => "signature.skipped",
    SignatureSealed => "signature.sealed",
    SignatureIssuerCopy => "signature.issuer_copy",
    SignatureWithdrawn => "signature.withdrawn",
    SignatureMismatch => "signature.mismatch",
    SignatureDiffersFromCopy => "signature.differs_from_copy",
    SignatureMissing => "signature.missing",
    SignatureUnsupported => "signature.unsupported",
    SignatureKeyUnreachable => "signature.key_unreachable",
    SignatureTooComplex => "signature.too_complex",
    SignatureKeyBinding => "signature.key_binding",
    SignatureKeyBindingFailed => "signature.key_binding_failed",
    SignatureHolder => "signature.holder",
    SignatureChallenge => "signature.challenge",
    SignatureNotAPackage => "signature.not_a_package",
    IssuerPassed => "issuer.passed",
    IssuerFailed => "issuer.failed",
    IssuerWarning => "issuer.warning",
    IssuerSkipped => "issuer.skipped",
    IssuerOtherKey => "issuer.other_key",
    IssuerKeyNotListed => "issuer.key_not_listed",
    IssuerUnpublishedKey => "issuer.unpublished_key",
    IssuerMissing => "issuer.missing",
    IssuerProfileUnreachable => "issuer.profile_unreachable",
    IssuerSealer => "issuer.sealer",
    IssuerSealerMismatch => "issuer.sealer_mismatch",
    IssuerHolder => "issuer.holder",
    IssuerHolderMismatch => "issuer.holder_mismatch",
    IssuerNotAboutHolder => "issuer.not_about_holder",
    IssuerOtherHolderKey => "issuer.other_holder_key",
    ValidityPassed => "validity.passed",
    ValidityFailed => "validity.failed",
    ValidityWarning => "validity.warning",
    ValiditySkipped => "validity.skipped",
    ValidityNoDates => "validity.no_dates",
    ValidityFrom => "validity.from",
    ValidityUntil => "validity.until",
    ValidityBetween => "validity.between",
    ValidityExpired => "validity.expired",
    ValidityNotYet => "validity.not_yet",
    ValidityBadDate => "validity.bad_date",
    ValidityProofExpired => "validity.proof_expired",
    ValidityProofFuture => "validity.proof_future",
    ValidityPackageNoExpiry => "validity.package_no_expiry",
    StatusPassed => "status.passed",
    StatusFailed => "status.failed",
    StatusWarning => "status.warning",
    StatusSkipped => "status.skipped",
    StatusNone => "status.none",
    StatusNoList => "status.no_list",
    StatusRevoked => "status.revoked",
    StatusSuspended => "status.suspended",
    StatusOffline => "status.offline",
    StatusUnreachable => "status.unreachable",
    StatusHeldBack => "status.held_back",
    StatusUnsupported => "status.unsupported",
    StatusSmallList => "status.small_list",
    TrustPassed => "trust.passed",
    TrustFailed => "trust.failed",
    TrustWarning => "trust.warning",
    TrustSkipped => "trust.skipped",
    TrustOffline => "trust.offline",
    TrustCertificateRevoked => "trust.certificate_revoked",
}

impl Code {
    /// The plain code of a check and its outcome (`status.skipped`), for a
    /// result no more specific reason was given.
    pub fn of(check: Check, outcome: Outcome) -> Self {
        use Outcome::*;
        match (check, outcome) {
            (Check::Format, Passed | NotApplicable) => Self::FormatPassed,
            (Check::Format, Failed) => Self::FormatFailed,
            (Check::Format, Warning) => Self::FormatWarning,
            (Check::Format, Skipped) => Self::FormatSkipped,
            (Check::Signature, Passed | NotApplicable) => Self::SignaturePassed,
            (Check::Signature, Failed) => Self::SignatureFailed,
            (Check::Signature, Warning) => Self::SignatureWarning,
            (Check::Signature, Skipped) => Self::SignatureSkipped,
            (Check::Issuer, Passed | NotApplicable) => Self::IssuerPassed,
            (Check::Issuer, Failed) => Self::IssuerFailed,
            (Check::Issuer, Warning) => Self::IssuerWarning,
            (Check::Issuer, Skipped) => Self::IssuerSkipped,
            (Check::Validity, Passed | NotApplicable) => Self::ValidityPassed,
            (Check::Validity, Failed) => Self::ValidityFailed,
            (Check::Validity, Warning) => Self::ValidityWarning,
            (Check::Validity, Skipped) => Self::ValiditySkipped,
            (Check::Status, Passed) => Self::StatusPassed,
            (Check::Status, NotApplicable) => Self::StatusNone,
            (Check::Status, Failed) => Self::StatusFailed,
            (Check::Status, Warning) => Self::StatusWarning,
            (Check::Status, Skipped) => Self::StatusSkipped,
            (Check::Trust, Passed | NotApplicable) => Self::TrustPassed,
            (Check::Trust, Failed) => Self::TrustFailed,
            (Check::Trust, Warning) => Self::TrustWarning,
            (Check::Trust, Skipped) => Self::TrustSkipped,
        }
    }

    /// The check could not run because the network was away or a server
    /// did not answer: the UI says so first, plainly.
    pub fn is_network(self) -> bool {
        matches!(
            self,
            Self::SignatureKeyUnreachable
                | Self::IssuerProfileUnreachable
                | Self::StatusOffline
                | Self::StatusUnreachable
                | Self::TrustOffline
        )
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        Self::parse(&id).ok_or_else(|| serde::de::Error::custom(format!("unknown reason code `{id}`")))
    }
}

/// What a failed or skipped check means for the verdict, beyond "it failed".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Finding {
    Revoked,
    Suspended,
    Expired,
    NotYetValid,
    /// Nothing proves it false, but authorship could not be confirmed.
    Unconfirmed,
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredCheckResult")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckResult {
    pub check: Check,
    pub outcome: Outcome,
    /// Why, for people: rendered from `reason.<code>` with `params`.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub code: Code,
    /// The values the message names (`{suite}`, `{n}`, `{until}`, …).
    pub params: BTreeMap<String, String>,
    /// The technical detail, in English, one click away from the message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding: Option<Finding>,
}

/// A check result as stored: reports kept before reason codes existed
/// (or with a code this build does not know) read with their plain code.
#[derive(Deserialize)]
struct StoredCheckResult {
    check: Check,
    outcome: Outcome,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    params: BTreeMap<String, String>,
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    finding: Option<Finding>,
}

impl From<StoredCheckResult> for CheckResult {
    fn from(s: StoredCheckResult) -> Self {
        let code = s.code.as_deref().and_then(Code::parse).unwrap_or_else(|| Code::of(s.check, s.outcome));
        Self { check: s.check, outcome: s.outcome, code, params: s.params, detail: s.detail, finding: s.finding }
    }
}

impl CheckResult {
    fn new(check: Check, outcome: Outcome, detail: Option<String>) -> Self {
        Self { check, outcome, code: Code::of(check, outcome), params: BTreeMap::new(), detail, finding: None }
    }
    pub fn passed(check: Check, detail: impl Into<Option<String>>) -> Self {
        Self::new(check, Outcome::Passed, detail.into())
    }
    pub fn failed(check: Check, detail: impl Into<String>) -> Self {
        Self::new(check, Outcome::Failed, Some(detail.into()))
    }
    pub fn warning(check: Check, detail: impl Into<String>) -> Self {
        Self::new(check, Outcome::Warning, Some(detail.into()))
    }
    pub fn skipped(check: Check, detail: impl Into<String>) -> Self {
        Self::new(check, Outcome::Skipped, Some(detail.into()))
    }
    /// A check with nothing to look at ([`Outcome::NotApplicable`]).
    pub fn not_applicable(check: Check, detail: impl Into<String>) -> Self {
        Self::new(check, Outcome::NotApplicable, Some(detail.into()))
    }
    pub fn with(mut self, finding: Finding) -> Self {
        self.finding = Some(finding);
        self
    }
    /// The reason, more precisely than the plain code of the outcome.
    pub fn because(mut self, code: Code) -> Self {
        self.code = code;
        self
    }
    /// A value the reason's message names.
    pub fn param(mut self, name: &str, value: impl std::fmt::Display) -> Self {
        self.params.insert(name.to_string(), value.to_string());
        self
    }
}

/// The overall conclusion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Verdict {
    Valid,
    Invalid,
    Expired,
    NotYetValid,
    Revoked,
    Suspended,
    Unverifiable,
}

impl Verdict {
    /// The stable name (`valid`, `not_yet_valid`, …), as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Invalid => "invalid",
            Self::Expired => "expired",
            Self::NotYetValid => "not_yet_valid",
            Self::Revoked => "revoked",
            Self::Suspended => "suspended",
            Self::Unverifiable => "unverifiable",
        }
    }

    /// The verdict of a set of checks, by the order the vectors' README sets:
    /// `invalid`; `unverifiable` because authenticity could not be confirmed;
    /// `revoked`; `suspended`; `expired`; `not_yet_valid`; `unverifiable`
    /// because only the status could not be decided; `valid`.
    /// How bad it is, in the README's order: the worse of two verdicts
    /// (e.g. of a package and the credentials in it) has the higher rank.
    pub fn rank(self) -> u8 {
        match self {
            Self::Valid => 0,
            Self::NotYetValid => 2,
            Self::Expired => 3,
            Self::Suspended => 4,
            Self::Revoked => 5,
            Self::Unverifiable => 6,
            Self::Invalid => 7,
        }
    }

    pub fn of(checks: &[CheckResult]) -> Self {
        let authenticity = [Check::Format, Check::Signature, Check::Issuer, Check::Trust];
        let is = |c: &CheckResult, o: Outcome| c.outcome == o;
        if checks.iter().any(|c| authenticity.contains(&c.check) && is(c, Outcome::Failed) && c.finding != Some(Finding::Unconfirmed)) {
            return Self::Invalid;
        }
        if checks.iter().any(|c| authenticity.contains(&c.check) && (is(c, Outcome::Skipped) || c.finding == Some(Finding::Unconfirmed))) {
            return Self::Unverifiable;
        }
        let has = |f: Finding| checks.iter().any(|c| c.finding == Some(f) && is(c, Outcome::Failed));
        for (finding, verdict) in [
            (Finding::Revoked, Self::Revoked),
            (Finding::Suspended, Self::Suspended),
            (Finding::Expired, Self::Expired),
            (Finding::NotYetValid, Self::NotYetValid),
        ] {
            if has(finding) {
                return verdict;
            }
        }
        if checks.iter().any(|c| matches!(c.check, Check::Status | Check::Validity) && (is(c, Outcome::Failed) || is(c, Outcome::Skipped)))
        {
            return Self::Unverifiable;
        }
        if !checks.iter().any(|c| c.check == Check::Signature) {
            return Self::Unverifiable;
        }
        Self::Valid
    }
}

/// Who issued the credential, as it says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssuerRef {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// The full report of one verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Report {
    pub format: String,
    pub verdict: Verdict,
    pub checks: Vec<CheckResult>,
    pub issuer: IssuerRef,
    pub subject: Option<String>,
    pub title: Option<String>,
    pub checked_at: String,
    /// Every host contacted for this verification (`host` or `host:port`),
    /// in order: the user can see what was asked, and of whom. Empty when
    /// nothing was fetched (offline, cached copies, or nothing to fetch).
    #[serde(default)]
    pub contacted: Vec<String>,
}

impl Report {
    /// The result of one check, if it ran.
    pub fn check(&self, check: Check) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.check == check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_pass() -> Vec<CheckResult> {
        [Check::Format, Check::Signature, Check::Issuer, Check::Validity, Check::Status].map(|c| CheckResult::passed(c, None)).to_vec()
    }

    fn with(mut checks: Vec<CheckResult>, replace: CheckResult) -> Vec<CheckResult> {
        checks.retain(|c| c.check != replace.check);
        checks.push(replace);
        checks
    }

    #[test]
    fn verdict_order() {
        assert_eq!(Verdict::of(&all_pass()), Verdict::Valid);
        let revoked = with(all_pass(), CheckResult::failed(Check::Status, "bit 8 set").with(Finding::Revoked));
        let revoked_and_expired = with(revoked.clone(), CheckResult::failed(Check::Validity, "2010").with(Finding::Expired));
        assert_eq!(Verdict::of(&revoked_and_expired), Verdict::Revoked, "revoked outranks expired");
        let unconfirmed = with(revoked_and_expired, CheckResult::failed(Check::Issuer, "fragment key").with(Finding::Unconfirmed));
        assert_eq!(Verdict::of(&unconfirmed), Verdict::Unverifiable, "unconfirmed authorship outranks revocation");
        let bad_sig = with(unconfirmed, CheckResult::failed(Check::Signature, "bad"));
        assert_eq!(Verdict::of(&bad_sig), Verdict::Invalid, "invalid outranks everything");
        let status_unknown = with(all_pass(), CheckResult::skipped(Check::Status, "offline"));
        assert_eq!(Verdict::of(&status_unknown), Verdict::Unverifiable, "an undecided status is never valid");
        let expired_status_unknown = with(status_unknown, CheckResult::failed(Check::Validity, "x").with(Finding::Expired));
        assert_eq!(Verdict::of(&expired_status_unknown), Verdict::Expired, "expired outranks an unknown status");
    }

    #[test]
    fn names_match_json() {
        for v in [Verdict::Valid, Verdict::NotYetValid, Verdict::Unverifiable] {
            assert_eq!(serde_json::to_value(v).unwrap(), v.as_str());
        }
        for c in [Check::Format, Check::Status, Check::Trust] {
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
        for o in [Outcome::Passed, Outcome::Skipped] {
            assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
        }
    }

    #[test]
    fn report_json_shape() {
        let r = CheckResult::skipped(Check::Status, "offline").because(Code::StatusOffline).param("url", "https://x.example/l");
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"check":"status","outcome":"skipped","code":"status.offline","params":{"url":"https://x.example/l"},"detail":"offline"}"#
        );
    }

    #[test]
    fn reports_stored_before_codes_still_read() {
        let old: CheckResult = serde_json::from_str(r#"{"check":"status","outcome":"skipped","detail":"offline"}"#).unwrap();
        assert_eq!(old.code, Code::StatusSkipped, "a stored report without a code reads with its plain code");
        let future: CheckResult = serde_json::from_str(r#"{"check":"issuer","outcome":"failed","code":"issuer.new_thing"}"#).unwrap();
        assert_eq!(future.code, Code::IssuerFailed, "an unknown code falls back to the plain one, never to an error");
    }

    #[test]
    fn every_code_has_one_id() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{} is used twice", code.as_str());
            assert_eq!(Code::parse(code.as_str()), Some(*code), "the id reads back");
            let check = code.as_str().split('.').next().unwrap();
            assert!(
                [Check::Format, Check::Signature, Check::Issuer, Check::Validity, Check::Status, Check::Trust]
                    .iter()
                    .any(|c| c.as_str() == check),
                "{} starts with a check's id",
                code.as_str()
            );
        }
    }

    fn messages(lang: &str) -> serde_json::Map<String, serde_json::Value> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../../ui/src/messages/{lang}.json"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).expect("a message table is a JSON object")
    }

    /// The `{name}` placeholders of a message (ICU plural arguments count
    /// by their name), so both languages name the same values.
    fn placeholders(text: &str) -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !name.is_empty() && rest[name.len()..].starts_with(['}', ',']) {
                out.insert(name);
            }
        }
        out
    }

    #[test]
    fn every_code_the_core_emits_has_a_message_in_every_language() {
        for lang in ["en", "fr"] {
            let table = messages(lang);
            for code in Code::ALL {
                let key = format!("reason.{}", code.as_str());
                let text = table.get(&key).and_then(|v| v.as_str());
                assert!(text.is_some_and(|t| !t.trim().is_empty()), "{lang}.json has no message `{key}`: the learner would read nothing");
            }
            for outcome in [Outcome::Passed, Outcome::Failed, Outcome::Warning, Outcome::Skipped, Outcome::NotApplicable] {
                assert!(table.contains_key(&format!("outcome.{}", outcome.as_str())), "{lang}.json names the outcome {outcome:?}");
            }
            let stale: Vec<&String> =
                table.keys().filter(|k| k.strip_prefix("reason.").is_some_and(|c| Code::parse(c).is_none())).collect();
            assert!(stale.is_empty(), "{lang}.json has messages for codes the core no longer emits: {stale:?}");
        }
    }

    #[test]
    fn message_tables_have_the_same_keys_and_placeholders() {
        let (en, fr) = (messages("en"), messages("fr"));
        let only_en: Vec<&String> = en.keys().filter(|k| !fr.contains_key(*k)).collect();
        let only_fr: Vec<&String> = fr.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(only_en.is_empty() && only_fr.is_empty(), "keys in one language only: en {only_en:?}, fr {only_fr:?}");
        for (key, text) in &en {
            let (Some(a), Some(b)) = (text.as_str(), fr[key].as_str()) else { panic!("`{key}` is not a string in both") };
            assert_eq!(placeholders(a), placeholders(b), "`{key}` names different values in English and French");
        }
    }

    #[test]
    fn the_ui_knows_which_codes_mean_no_network() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../ui/src/components/Report.svelte");
        let ui = std::fs::read_to_string(path).expect("the report component");
        let set = ui.split("NETWORK_CODES = new Set([").nth(1).and_then(|s| s.split("])").next()).expect("the UI lists them");
        for code in Code::ALL {
            assert_eq!(
                set.contains(&format!("\"{}\"", code.as_str())),
                code.is_network(),
                "{}: the UI says \"no network\" first exactly for the codes the core marks so",
                code.as_str()
            );
        }
    }

    #[test]
    fn not_applicable_status_keeps_a_valid_verdict() {
        let none = with(all_pass(), CheckResult::not_applicable(Check::Status, "no status entry"));
        assert_eq!(Verdict::of(&none), Verdict::Valid, "a credential that cannot be revoked is valid, as before");
        assert_eq!(none.last().unwrap().code, Code::StatusNone, "and says it cannot be revoked, not that it passed");
    }
}
