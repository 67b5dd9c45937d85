//! A verification report: one outcome per check, and the verdict they add up
//! to. A report is data: a credential that fails a check still gets a report;
//! only "could not even check" is an error.

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
}

impl Outcome {
    /// The stable name (`passed`, `failed`, `warning`, `skipped`), as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed => "failed",
            Self::Warning => "warning",
            Self::Skipped => "skipped",
        }
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckResult {
    pub check: Check,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding: Option<Finding>,
}

impl CheckResult {
    pub fn passed(check: Check, detail: impl Into<Option<String>>) -> Self {
        Self { check, outcome: Outcome::Passed, detail: detail.into(), finding: None }
    }
    pub fn failed(check: Check, detail: impl Into<String>) -> Self {
        Self { check, outcome: Outcome::Failed, detail: Some(detail.into()), finding: None }
    }
    pub fn warning(check: Check, detail: impl Into<String>) -> Self {
        Self { check, outcome: Outcome::Warning, detail: Some(detail.into()), finding: None }
    }
    pub fn skipped(check: Check, detail: impl Into<String>) -> Self {
        Self { check, outcome: Outcome::Skipped, detail: Some(detail.into()), finding: None }
    }
    pub fn with(mut self, finding: Finding) -> Self {
        self.finding = Some(finding);
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
        let r = CheckResult::skipped(Check::Status, "offline");
        assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"check":"status","outcome":"skipped","detail":"offline"}"#);
    }
}
