//! Baked badges: a credential carried inside a PNG (an `iTXt`/`tEXt` chunk)
//! or an SVG (an `openbadges:` element). The wallet keeps the image's bytes;
//! this reads what it carries.

use serde_json::Value;

use super::compact::detect_compact;
use super::json::detect_json;
use super::{unsupported, Container, Detected, FormatError};
/// The text of the first PNG `iTXt`/`tEXt` chunk whose keyword is
/// `openbadgecredential` (OB 3.0) or `openbadges` (OB 2.0).
///
/// See: <https://www.imsglobal.org/spec/ob/v3p0/#png>
pub fn png_baked_text(bytes: &[u8]) -> Result<Option<String>, FormatError> {
    let mut pos = 8;
    while pos + 12 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[pos..pos + 4].try_into().expect("4 bytes")) as usize;
        let kind = &bytes[pos + 4..pos + 8];
        let end = pos
            .checked_add(12)
            .and_then(|p| p.checked_add(len))
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| unsupported("a PNG image that is cut short"))?;
        let data = &bytes[pos + 8..pos + 8 + len];
        if kind == b"iTXt" || kind == b"tEXt" {
            if let Some(nul) = data.iter().position(|&b| b == 0) {
                let keyword = &data[..nul];
                if keyword == b"openbadgecredential" || keyword == b"openbadges" {
                    let rest = &data[nul + 1..];
                    let text = if kind == b"iTXt" {
                        // compression flag, method, language tag\0, translated keyword\0, text
                        if rest.len() < 2 {
                            return Err(unsupported("a PNG badge with a malformed iTXt chunk"));
                        }
                        if rest[0] != 0 {
                            return Err(unsupported("a PNG badge whose credential is compressed, which Open Badges does not allow"));
                        }
                        let after = &rest[2..];
                        let lang_end =
                            after.iter().position(|&b| b == 0).ok_or_else(|| unsupported("a PNG badge with a malformed iTXt chunk"))?;
                        let after = &after[lang_end + 1..];
                        let tk_end =
                            after.iter().position(|&b| b == 0).ok_or_else(|| unsupported("a PNG badge with a malformed iTXt chunk"))?;
                        &after[tk_end + 1..]
                    } else {
                        rest
                    };
                    let s = std::str::from_utf8(text).map_err(|_| unsupported("a PNG badge whose credential is not UTF-8"))?;
                    return Ok(Some(s.trim().to_string()));
                }
            }
        }
        if kind == b"IEND" {
            return Ok(None);
        }
        pos = end;
    }
    Err(unsupported("a PNG image that is cut short"))
}

pub(crate) fn detect_png(bytes: &[u8]) -> Result<Detected, FormatError> {
    let text = png_baked_text(bytes)?.ok_or_else(|| unsupported("a PNG image with no badge baked into it"))?;
    let mut d = detect_inner(&text, Container::Png)?;
    d.media_type = "image/png";
    Ok(d)
}

pub(crate) fn detect_inner(text: &str, container: Container) -> Result<Detected, FormatError> {
    let text = text.trim();
    if text.starts_with('{') {
        let v: Value = serde_json::from_str(text).map_err(|_| unsupported("a badge image whose baked JSON does not parse"))?;
        detect_json(&v, container)
    } else {
        detect_compact(text, container)
    }
}

/// The credential baked into an SVG: the `verify` attribute (a JWS) or the
/// element's content (JSON, usually in CDATA) of `openbadges:credential` (OB
/// 3.0) or `openbadges:assertion` (OB 2.0).
///
/// See: <https://www.imsglobal.org/spec/ob/v3p0/#svg>
pub fn svg_baked_text(svg: &str) -> Option<String> {
    let content = xml_content_only(svg);
    let svg = content.as_str();
    for tag in ["openbadges:credential", "openbadges:assertion"] {
        let open = format!("<{tag}");
        let Some(start) = svg.find(&open) else { continue };
        let rest = &svg[start + open.len()..];
        let tag_end = rest.find('>')?;
        let attrs = &rest[..tag_end];
        if let Some(v) = attr(attrs, "verify") {
            return Some(v);
        }
        if attrs.ends_with('/') {
            continue;
        }
        let body = &rest[tag_end + 1..];
        let close = body.find(&format!("</{tag}>"))?;
        let content = body[..close].trim();
        let content = content
            .strip_prefix("<![CDATA[")
            .and_then(|c| c.strip_suffix("]]>"))
            .map(str::to_string)
            .unwrap_or_else(|| unescape_xml(content));
        return Some(content.trim().to_string());
    }
    None
}

pub(crate) fn attr(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(i) = rest.find(name) {
        let before_ok = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
        let after = rest[i + name.len()..].trim_start();
        if before_ok {
            if let Some(after) = after.strip_prefix('=') {
                let after = after.trim_start();
                let quote = after.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let end = after[1..].find(quote)?;
                    return Some(unescape_xml(&after[1..1 + end]));
                }
            }
        }
        rest = &rest[i + name.len()..];
    }
    None
}

pub(crate) fn unescape_xml(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// After `open` at the start of `rest`, what follows the next `close`
/// (nothing when it never closes).
pub(crate) fn skip_to<'a>(rest: &'a str, open: &str, close: &str) -> Option<&'a str> {
    rest.strip_prefix(open).map(|r| r.find(close).map_or("", |e| &r[e + close.len()..]))
}

/// XML text with its comments, processing instructions and document type
/// declaration left out (CDATA sections kept as written): what a reader of
/// the document's content sees. A badge baked into a comment is no badge.
pub(crate) fn xml_content_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = skip_to(rest, "<!--", "-->") {
            rest = after;
        } else if let Some(after) = skip_to(rest, "<?", "?>") {
            rest = after;
        } else if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").map_or(body.len(), |e| e + 3);
            out.push_str("<![CDATA[");
            out.push_str(&body[..end]);
            rest = &body[end..];
        } else if rest.starts_with("<!DOCTYPE") {
            // `<!DOCTYPE svg PUBLIC "..." "...">` or with an internal subset `[...]`.
            let subset = rest.find('[').filter(|b| rest.find('>').is_none_or(|g| *b < g));
            let end = match subset {
                Some(b) => rest[b..].find("]>").map_or(rest.len(), |e| b + e + 2),
                None => rest.find('>').map_or(rest.len(), |e| e + 1),
            };
            rest = &rest[end..];
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}
