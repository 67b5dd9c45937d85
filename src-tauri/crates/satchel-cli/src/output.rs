//! What the CLI prints: text for people, JSON (`--json`) for scripts. Data goes
//! to standard output, human messages about errors to standard error.
//!
//! Almost everything printed for people comes from credentials and the
//! parties they name, so every human-readable line goes through [`say!`] or
//! [`say_err!`], which make control characters, line breaks and
//! bidirectional controls visible as escapes: a forged name cannot repaint
//! the terminal ("VALID" in green), add a line, or turn text around.
//! JSON output escapes control characters by itself.

use std::borrow::Cow;

use satchel_core::error::ErrorBody;
use satchel_core::store::credentials::CredentialRecord;
use satchel_core::wallet::Status;
use satchel_core::{Error, ImportOutcome};
use serde_json::{json, Value};

#[derive(Debug)]
pub struct Out {
    json: bool,
}

/// `s` with every character that could change how a terminal shows the
/// rest (C0 and C1 controls including ESC, DEL, line and paragraph
/// separators, bidirectional controls) replaced by a visible `\u{..}` escape.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
    };
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| if unsafe_char(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect())
}

/// `println!` for people: the whole line made [`terminal_safe`].
macro_rules! say {
    ($($arg:tt)*) => { println!("{}", terminal_safe(&format!($($arg)*))) };
}

/// `eprintln!` for people: the whole line made [`terminal_safe`].
macro_rules! say_err {
    ($($arg:tt)*) => { eprintln!("{}", terminal_safe(&format!($($arg)*))) };
}

fn line(v: &Value) {
    println!("{}", serde_json::to_string(v).expect("JSON values serialise"));
}

impl Out {
    pub fn new(json: bool) -> Self {
        Self { json }
    }

    pub fn error(&self, e: &ErrorBody) {
        if self.json {
            line(&json!({ "error": e }));
        } else {
            say_err!("satchel: {} ({})", e.message, e.code);
        }
    }

    pub fn message(&self, text: &str) {
        if self.json {
            line(&json!({ "message": text }));
        } else {
            say!("{text}");
        }
    }

    pub fn status(&self, heading: &str, s: &Status) {
        if self.json {
            line(&serde_json::to_value(s).expect("status serialises"));
            return;
        }
        say!("{heading}: {}", s.path);
        if !s.exists {
            say!("  no wallet here yet: create one with `satchel init`");
            return;
        }
        let protection = match s.protection {
            Some(satchel_core::vault::ProtectionKind::Keyring) => "OS keyring",
            Some(satchel_core::vault::ProtectionKind::Passphrase) => "passphrase",
            None => "unknown",
        };
        say!("  protection:  {protection}");
        say!("  state:       {}", if s.unlocked { "unlocked" } else { "locked" });
        if let Some(n) = s.credentials {
            say!("  credentials: {n}");
        }
    }

    pub fn import(&self, input: &str, result: &Result<ImportOutcome, Error>) {
        if self.json {
            let v = match result {
                Ok(o) => {
                    let mut v = serde_json::to_value(o).expect("outcome serialises");
                    v["input"] = json!(input);
                    v
                }
                Err(e) => json!({ "input": input, "outcome": "error", "error": ErrorBody::from(e) }),
            };
            line(&v);
            return;
        }
        match result {
            Ok(ImportOutcome::Added { credential }) => say!(
                "added      {}  {}  [{}]  ({input})",
                credential.id,
                title(credential),
                credential.verdict.as_deref().unwrap_or("not verified")
            ),
            Ok(ImportOutcome::Duplicate { credential, .. }) => {
                say!("already in {}  {}  ({input}): nothing added", credential.id, title(credential))
            }
            Ok(ImportOutcome::AddedBesideInvalid { credential, invalid }) => {
                say!(
                    "added      {}  {}  [{}]  ({input})",
                    credential.id,
                    title(credential),
                    credential.verdict.as_deref().unwrap_or("not verified")
                );
                say!(
                    "  beside {}, a copy with the same id whose signature did not check out: likely tampered with or forged; delete it with `satchel delete {}`",
                    invalid.id,
                    invalid.id
                )
            }
            Err(e) => say_err!("refused    {input}: {e}"),
        }
    }

    pub fn list(&self, page: &[CredentialRecord], total: u64) {
        if self.json {
            line(&json!({ "total": total, "credentials": page }));
            return;
        }
        if page.is_empty() {
            say!("No credentials yet. Add one with `satchel import FILE`.");
            return;
        }
        say!("{:<12}  {:<13}  {:<16}  {:<10}  {:<40}  ISSUER", "ID", "VERDICT", "FORMAT", "ADDED", "TITLE");
        for r in page {
            say!(
                "{:<12}  {:<13}  {:<16}  {:<10}  {:<40}  {}",
                r.id,
                r.verdict.as_deref().unwrap_or("not verified"),
                r.format,
                r.added_at.get(..10).unwrap_or(&r.added_at),
                clip(&title(r), 40),
                r.summary.issuer_name.as_deref().or(r.summary.issuer_id.as_deref()).unwrap_or("-")
            );
        }
        if (page.len() as u64) < total {
            say!("({} of {total} shown; use --offset and --limit for more)", page.len());
        }
    }

    pub fn show(&self, r: &CredentialRecord, report: Option<&str>, view: Option<&satchel_core::learning::LearningView>) {
        if self.json {
            let report: Value = report.and_then(|r| serde_json::from_str(r).ok()).unwrap_or(Value::Null);
            line(&json!({ "credential": r, "report": report, "view": view }));
            return;
        }
        let s = &r.summary;
        say!("{}", title(r));
        let row = |k: &str, v: Option<&str>| {
            if let Some(v) = v {
                say!("  {k:<12} {v}");
            }
        };
        row("id", Some(&r.id));
        row("format", Some(&r.format));
        row("issuer", s.issuer_name.as_deref());
        row("issuer id", s.issuer_id.as_deref());
        row("subject", s.subject.as_deref());
        row("issued", s.issued_at.as_deref());
        row("valid from", s.valid_from.as_deref());
        row("valid until", s.valid_until.as_deref());
        row("description", s.description.as_deref());
        for warning in &s.text_warnings {
            row("warning", Some(warning));
        }
        row("verdict", r.verdict.as_deref().or(Some("not verified yet")));
        row("added", Some(&r.added_at));
        row("source", r.source.as_deref());
        row("credential", r.credential_id.as_deref());
        if let Some(v) = view {
            row("learner", v.learner.as_deref());
            row("sealed by", v.sealed_by.as_deref());
            for a in &v.achievements {
                show_achievement(a, 1);
            }
            for c in &v.claims {
                row(&c.label, Some(&c.value));
            }
        }
        if let Some(report) = report.and_then(|j| serde_json::from_str::<satchel_core::verify::Report>(j).ok()) {
            say!("  checked {}:", report.checked_at);
            for c in &report.checks {
                check_lines(c, "    ");
            }
        }
    }

    pub fn cache(&self, entries: &[(String, String, bool, usize)]) {
        if self.json {
            let rows: Vec<Value> = entries
                .iter()
                .map(|(url, at, manual, size)| json!({"url": url, "fetched_at": at, "manual": manual, "bytes": size}))
                .collect();
            line(&json!({ "cache": rows }));
            return;
        }
        if entries.is_empty() {
            say!("The cache is empty.");
        }
        for (url, at, manual, size) in entries {
            say!("{at}  {:<7}  {size:>8} B  {url}", if *manual { "by hand" } else { "fetched" });
        }
    }

    pub fn settings(&self, settings: &[(satchel_core::store::settings::Setting, String)]) {
        if self.json {
            let map: serde_json::Map<String, Value> = settings.iter().map(|(s, v)| (s.key().to_string(), json!(v))).collect();
            line(&Value::Object(map));
            return;
        }
        for (s, v) in settings {
            say!("{:<20} {v}", s.key());
        }
    }

    pub fn report(&self, file: &str, result: &Result<satchel_core::verify::Report, Error>) {
        if self.json {
            let v = match result {
                Ok(r) => {
                    let mut v = serde_json::to_value(r).expect("report serialises");
                    if let Value::Object(map) = &mut v {
                        let mut with_file = serde_json::Map::new();
                        with_file.insert("file".into(), json!(file));
                        with_file.extend(std::mem::take(map));
                        with_file.insert("text_warnings".into(), json!(text_warnings(r)));
                        *map = with_file;
                    }
                    v
                }
                Err(e) => json!({ "file": file, "error": ErrorBody::from(e) }),
            };
            line(&v);
            return;
        }
        match result {
            Ok(r) => {
                let verdict = r.verdict.as_str().to_uppercase();
                say!("{file}: {verdict}  ({})", r.title.as_deref().unwrap_or("untitled"));
                for warning in text_warnings(r) {
                    say!("  warning    {warning}");
                }
                for c in &r.checks {
                    check_lines(c, "  ");
                }
                if !r.contacted.is_empty() {
                    println!("  contacted: {}", r.contacted.join(", "));
                }
            }
            Err(e) => say_err!("{file}: {e}"),
        }
    }

    pub fn package_report(&self, file: &str, result: &Result<satchel_core::share::PackageReport, Error>) {
        if self.json {
            let v = match result {
                Ok(r) => {
                    let mut v = json!({ "file": file });
                    if let (Value::Object(map), Value::Object(report)) = (&mut v, serde_json::to_value(r).expect("report serialises")) {
                        map.extend(report);
                    }
                    v
                }
                Err(e) => json!({ "file": file, "error": ErrorBody::from(e) }),
            };
            line(&v);
            return;
        }
        match result {
            Ok(r) => {
                say!(
                    "{file}: {}  (a package from {})",
                    r.verdict.as_str().to_uppercase(),
                    r.holder.as_deref().unwrap_or("an unnamed holder")
                );
                for c in &r.checks {
                    check_lines(c, "  ");
                }
                for (i, c) in r.credentials.iter().enumerate() {
                    say!(
                        "  credential {} of {}: {}  ({})",
                        i + 1,
                        r.credentials.len(),
                        c.verdict.as_str().to_uppercase(),
                        c.title.as_deref().unwrap_or("untitled")
                    );
                    for check in &c.checks {
                        check_lines(check, "    ");
                    }
                }
            }
            Err(e) => say_err!("{file}: {e}"),
        }
    }

    pub fn shared(&self, p: &satchel_core::share::Package, path: &std::path::Path) {
        if self.json {
            line(&json!({ "package": p, "file": path.display().to_string() }));
            return;
        }
        say!("Wrote {} ({} credential(s)), signed by {}", path.display(), p.contents.len(), p.holder);
        say!("  challenge  {}", p.challenge);
        if let Some(d) = &p.domain {
            say!("  domain     {d}");
        }
        say!("  expires    {}", p.expires);
        for c in &p.contents {
            say!("  {}  {}  [{}]", c.id, c.title.as_deref().unwrap_or("untitled"), c.carried.as_str());
            if !c.withheld.is_empty() {
                say!("    shows {}; hides {}", c.disclosed.join(", "), c.withheld.join(", "));
            }
        }
    }

    pub fn linkedin(&self, c: &satchel_core::linkedin::Certification) {
        if self.json {
            line(&json!({ "linkedin": c }));
            return;
        }
        say!("Add to profile:");
        say!("  {}", c.add_to_profile);
        if let Some(post) = &c.share_post {
            say!("Share as post:");
            say!("  {post}");
        }
        say!("If LinkedIn leaves a field empty, copy it from here:");
        let row = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                say!("  {k:<18} {v}");
            }
        };
        row("name", Some(c.name.clone()));
        row("organization id", c.organization_id.clone());
        row("organization", c.organization_name.clone());
        row("issued", c.issue_year.map(|y| format!("{y}-{:02}", c.issue_month.unwrap_or(1))));
        row("expires", c.expiration_year.map(|y| format!("{y}-{:02}", c.expiration_month.unwrap_or(1))));
        row("credential URL", c.cert_url.clone());
        row("credential ID", c.cert_id.clone());
    }

    pub fn profiles(&self, profiles: &[satchel_core::store::holder_keys::Profile]) {
        if self.json {
            line(&json!({ "profiles": profiles }));
            return;
        }
        for p in profiles {
            say!("{:<12} {}  (since {})", p.label, p.did, p.created_at);
        }
    }

    pub fn shares(&self, entries: &[satchel_core::wallet::LoggedShare]) {
        if self.json {
            line(&json!({ "shares": entries }));
            return;
        }
        if entries.is_empty() {
            say!("Nothing shared yet.");
        }
        for e in entries {
            // The titles the learner knows them by, as the app shows them.
            let titles: Vec<&str> = e.titles.iter().map(|t| t.as_deref().unwrap_or("(deleted since)")).collect();
            say!(
                "{}  {:<8} {} for {}{}",
                e.shared_at,
                e.method.as_str(),
                titles.join(", "),
                e.recipient.as_deref().unwrap_or("(no one named)"),
                e.expires_at.as_deref().map(|x| format!(", until {x}")).unwrap_or_default()
            );
        }
    }

    pub fn deleted(&self, r: &CredentialRecord) {
        if self.json {
            line(&json!({ "deleted": r }));
        } else {
            say!("deleted {}  {}", r.id, title(r));
        }
    }
}

/// What in a report's names could deceive a reader (see
/// [`satchel_core::credential::deceptive_text`]).
fn text_warnings(r: &satchel_core::verify::Report) -> Vec<String> {
    [("title", &r.title), ("issuer name", &r.issuer.name), ("issuer", &r.issuer.id), ("subject", &r.subject)]
        .iter()
        .filter_map(|(what, v)| v.as_deref().and_then(satchel_core::credential::deceptive_text).map(|why| format!("the {what} {why}")))
        .collect()
}

fn title(r: &CredentialRecord) -> String {
    r.summary.title.clone().unwrap_or_else(|| "(untitled)".into())
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// An achievement and its parts, indented by depth.
fn show_achievement(a: &satchel_core::learning::Achievement, depth: usize) {
    let pad = "  ".repeat(depth);
    say!("{pad}achievement  {}", a.title.as_deref().unwrap_or("(untitled)"));
    let row = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            say!("{pad}  {k:<12} {v}");
        }
    };
    row("level", a.eqf_level.map(|l| format!("EQF {l}")));
    row(
        "credits",
        (!a.credits.is_empty()).then(|| {
            a.credits.iter().map(|c| format!("{} {}", c.points, c.framework.as_deref().unwrap_or("credits"))).collect::<Vec<_>>().join(", ")
        }),
    );
    row("grade", a.grade.clone());
    row("workload", a.volume_in_words.clone().or_else(|| a.volume_of_learning.clone()));
    row("awarded by", a.awarding_body.clone());
    row("criteria", a.criteria.clone());
    for o in &a.learning_outcomes {
        say!("{pad}  outcome      {o}");
    }
    if !a.skills.is_empty() {
        row("skills", Some(a.skills.join(", ")));
    }
    for part in &a.parts {
        show_achievement(part, depth + 1);
    }
}

/// One check: its name, outcome and reason in words, then its technical
/// detail on the next line.
fn check_lines(c: &satchel_core::verify::CheckResult, indent: &str) {
    say!("{indent}{:<10} {:<14} {}", c.check.as_str(), c.outcome.as_str(), crate::messages::reason(c));
    if let Some(detail) = c.detail.as_deref() {
        say!("{indent}{:<10} {:<14} {detail}", "", "");
    }
}

#[cfg(test)]
mod tests {
    use super::terminal_safe;

    #[test]
    fn terminal_text_cannot_repaint_or_reorder() {
        assert_eq!(terminal_safe("Harvard University"), "Harvard University");
        let forged = terminal_safe("x\u{1b}[2K\rVALID\u{9b}31m\nverdict VALID\u{202e}evil");
        assert!(!forged.chars().any(|c| c.is_control() || c == '\u{202e}'), "nothing left a terminal acts on: {forged}");
        assert!(forged.contains("\\u{1b}") && forged.contains("\\u{202e}"), "shown as escapes: {forged}");
    }
}
