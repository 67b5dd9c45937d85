//! The text a credential's values show: plain strings, JSON-LD value
//! objects and language maps read by one rule ([`display_text`]), the
//! same for the list, the learning view, sharing and the CLI.

use serde_json::Value;

/// A language tag (`en`, `pt-BR`), or `@none`: a key of a language map.
fn is_language_tag(key: &str) -> bool {
    let mut parts = key.split('-');
    let first = parts.next().unwrap_or_default();
    key == "@none"
        || ((2..=3).contains(&first.len())
            && first.bytes().all(|b| b.is_ascii_alphabetic())
            && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric())))
}

/// `tag` is (or is a regional form of) the language `wanted`.
pub(crate) fn speaks(tag: &str, wanted: &str) -> bool {
    let (tag, wanted) = (tag.to_ascii_lowercase(), wanted.to_ascii_lowercase());
    tag == wanted || tag.strip_prefix(&wanted).is_some_and(|rest| rest.starts_with('-'))
}

/// The one rule by which a value of a credential becomes a string that
/// Satchel shows (list, detail, share preview, employer report, CLI all
/// come here, through [`text`] or the learning view ([`crate::learning`])):
/// - a string is itself;
/// - a JSON-LD value object is its `@value` (never its `@index`, which is
///   not part of what is signed);
/// - a language map (every key a language tag) gives its texts in the first
///   of `languages`, then `primary`, then English, then the first tag in
///   order;
/// - a list gives the texts of its items tagged with a language chosen the
///   same way, or, untagged, of all its items;
/// - several texts are sorted and joined with "; ": a JSON array is an
///   unordered set in the signed graph, so its order must not change what
///   is shown;
/// - anything else (a node object, a number, a mix) shows nothing.
///
/// Credentials verified by Satchel are in the plain form (a string per
/// key), where every rule gives the same text; the rest is how a credential
/// that could not be checked is still shown, the same way everywhere.
pub fn display_text(v: &Value, languages: &[&str], primary: Option<&str>) -> Option<String> {
    let order = || languages.iter().copied().chain(primary).chain(std::iter::once("en"));
    let joined = |mut texts: Vec<String>| {
        texts.sort();
        texts.dedup();
        (!texts.is_empty()).then(|| texts.join("; "))
    };
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) if map.contains_key("@value") => map.get("@value").and_then(Value::as_str).map(str::to_string),
        Value::Object(map) if !map.is_empty() && map.keys().all(|k| is_language_tag(k)) => {
            let in_language = |x: &Value| match x {
                Value::String(s) => Some(s.clone()),
                Value::Array(a) => joined(a.iter().filter_map(Value::as_str).map(str::to_string).collect()),
                _ => None,
            };
            let mut tags: Vec<&String> = map.keys().collect();
            tags.sort();
            order()
                .find_map(|lang| tags.iter().find(|t| speaks(t, lang)).and_then(|t| in_language(&map[t.as_str()])))
                .or_else(|| tags.iter().find_map(|t| in_language(&map[t.as_str()])))
        }
        Value::Array(items) => {
            let tag = |i: &Value| i.get("@language").and_then(Value::as_str).map(str::to_string);
            let mut tags: Vec<String> = items.iter().filter_map(tag).collect();
            tags.sort();
            let chosen = order().find_map(|lang| tags.iter().find(|t| speaks(t, lang)).cloned()).or_else(|| tags.first().cloned());
            let texts =
                items.iter().filter(|i| chosen.is_none() || tag(i) == chosen).filter_map(|i| display_text(i, languages, primary)).collect();
            joined(texts)
        }
        _ => None,
    }
}

/// Readable text from a plain string, a language map, JSON-LD value objects
/// or arrays of these, English first: [`display_text`], the one rule every
/// screen shows credential text by.
pub fn text(v: &Value) -> Option<String> {
    display_text(v, &["en"], None)
}

/// An SD-JWT VC type (`vct`) in words, for a credential that gives itself
/// no name: its last segment (`https://x.example/course-result` → "Course
/// result").
pub fn type_in_words(vct: &str) -> Option<String> {
    vct.trim_end_matches('/').rsplit(['/', ':', '#']).next().filter(|w| !w.is_empty()).map(in_words)
}

/// A claim name in words: `family_name` → "Family name".
pub(crate) fn in_words(name: &str) -> String {
    let spaced = name.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
