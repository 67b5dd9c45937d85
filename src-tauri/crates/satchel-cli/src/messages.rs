//! What a check result means, in words: the CLI renders each reason code
//! from the UI's English message table (`ui/src/messages/en.json`,
//! `reason.<code>`), so the terminal and the app say the same sentence.
//! Plural forms follow the table's ICU-style `{n, plural, one {…} other {…}}`
//! with English rules; the technical detail is printed under it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use satchel_core::verify::CheckResult;

const EN: &str = include_str!("../../../../ui/src/messages/en.json");

fn table() -> &'static BTreeMap<String, String> {
    static TABLE: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| serde_json::from_str(EN).expect("ui/src/messages/en.json is a map of strings"))
}

/// The sentence a learner reads for `check`.
pub fn reason(check: &CheckResult) -> String {
    table().get(&format!("reason.{}", check.code.as_str())).map(|text| render(text, &check.params)).unwrap_or_default()
}

/// `text` with `{name}` and `{n, plural, …}` arguments filled from `params`.
pub fn render(text: &str, params: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = matching(&rest[open..]) else {
            out.push_str(&rest[open..]);
            return out;
        };
        out.push_str(&argument(&rest[open + 1..open + close], params));
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The byte offset of the `}` closing the `{` that starts `text`.
fn matching(text: &str) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn argument(body: &str, params: &BTreeMap<String, String>) -> String {
    let mut parts = body.splitn(3, ',');
    let name = parts.next().unwrap_or_default().trim();
    let value = params.get(name).cloned().unwrap_or_default();
    match (parts.next().map(str::trim), parts.next()) {
        (Some("plural"), Some(forms)) => {
            let forms = branches(forms);
            let n: Option<f64> = value.parse().ok();
            let category = if n == Some(1.0) { "one" } else { "other" };
            let chosen = n
                .and_then(|n| forms.get(format!("={n}").as_str()).copied())
                .or_else(|| forms.get(category).copied())
                .or_else(|| forms.get("other").copied())
                .unwrap_or_default();
            render(&chosen.replace('#', &value), params)
        }
        _ => value,
    }
}

/// `one {…} other {…}` as selector → text.
fn branches(text: &str) -> BTreeMap<&str, &str> {
    let mut forms = BTreeMap::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = matching(&rest[open..]) else { break };
        forms.insert(rest[..open].trim(), &rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    forms
}

#[cfg(test)]
mod tests {
    use satchel_core::verify::{Check, CheckResult, Code};

    use super::*;

    #[test]
    fn every_code_reads_as_a_sentence() {
        for code in Code::ALL {
            let mut c = CheckResult::passed(Check::Format, None).because(*code);
            for name in [
                "n",
                "suite",
                "key",
                "issuer",
                "controller",
                "sealer",
                "from",
                "until",
                "date",
                "field",
                "format",
                "image",
                "holder",
                "title",
            ] {
                c = c.param(name, if name == "n" { "2" } else { "X" });
            }
            let text = reason(&c);
            assert!(!text.is_empty(), "{} has an English message", code.as_str());
            assert!(!text.contains('{') && !text.contains('}'), "{} leaves no placeholder unfilled: {text}", code.as_str());
        }
    }

    #[test]
    fn plurals_follow_the_count() {
        let params = |n: &str| BTreeMap::from([("n".to_string(), n.to_string())]);
        let text = "{n, plural, =0 {none} one {# part} other {# parts}} here";
        assert_eq!(render(text, &params("1")), "1 part here");
        assert_eq!(render(text, &params("3")), "3 parts here");
        assert_eq!(render(text, &params("0")), "none here", "an exact form wins");
        assert_eq!(render("Valid until {until}.", &BTreeMap::from([("until".into(), "2027-01-01".into())])), "Valid until 2027-01-01.");
    }
}
