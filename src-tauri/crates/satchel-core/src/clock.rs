//! Time, passed in. Nothing in the core reads the system clock directly: the
//! wallet takes a [`Clock`], so tests and `--at` pin "now". Also how
//! credentials write dates ([`parse_time`], [`numeric_date`]), read the same
//! way by the summary and by the checks.

use chrono::{DateTime, Utc};

/// A source of the current time.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock stopped at one instant.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// A date as credentials write it: RFC 3339, or a date and time with no
/// zone, or a bare date (read as UTC).
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .ok()
        .or_else(|| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").ok().map(|n| n.and_utc()))
        .or_else(|| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|n| n.and_utc()))
}

/// A JWT NumericDate: seconds since the epoch as any JSON number, a
/// fraction included (RFC 7519 §2), so `exp: 1700000000.5` expires like
/// `exp: 1700000000` instead of being passed over as no date at all.
pub fn numeric_date(v: &serde_json::Value) -> Option<chrono::DateTime<chrono::Utc>> {
    if let Some(t) = v.as_i64() {
        return chrono::DateTime::from_timestamp(t, 0);
    }
    let t = v.as_f64().filter(|t| t.is_finite())?;
    let seconds = t.floor();
    chrono::DateTime::from_timestamp(seconds as i64, ((t - seconds) * 1e9) as u32)
}
