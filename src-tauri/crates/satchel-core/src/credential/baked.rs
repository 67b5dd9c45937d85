//! Baked badges: a credential carried inside a PNG (an `iTXt`/`tEXt` chunk)
//! or an SVG (an element in an Open Badges namespace, read with the crate's
//! XML reader). The wallet keeps the image's bytes; this reads what it
//! carries.

use serde_json::Value;

use super::compact::detect_compact;
use super::json::detect_json;
use super::{unsupported, Container, Detected, FormatError};
use crate::xmldsig::xml::{self, Doctype, Element, Handler, Node, Scope};

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

/// A PNG badge, recognised by what it carries, and that text.
pub(crate) fn detect_png(bytes: &[u8]) -> Result<(Detected, String), FormatError> {
    let text = png_baked_text(bytes)?.ok_or_else(|| unsupported("a PNG image with no badge baked into it"))?;
    let mut d = detect_inner(&text, Container::Png)?;
    d.media_type = "image/png";
    Ok((d, text))
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

/// The namespaces Open Badges 3.0 binds `credential` to in an SVG: the
/// spec's, and the one some bakers write (the spec's JSON-LD context path,
/// `/spec/ob/v3p0`), which names the same thing and nothing else.
///
/// See: <https://www.imsglobal.org/spec/ob/v3p0/#svg>
const OB3_NAMESPACES: [&str; 2] = ["https://purl.imsglobal.org/ob/v3p0", "https://purl.imsglobal.org/spec/ob/v3p0"];

/// The namespace Open Badges 2.0 binds `assertion` to in an SVG.
///
/// See: <https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/baking/index.html>
const OB2_NAMESPACE: &str = "http://openbadges.org";

/// Which badge element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Baked {
    /// OB 3.0 `credential`: a compact JWS in `verify`, or JSON in the body.
    Ob3,
    /// OB 2.0 `assertion`: JSON in the body, or a JWS (or the hosted
    /// assertion's URL) in `verify` when there is no body.
    Ob2,
}

impl Baked {
    fn of(element: &Element, scope: &Scope) -> Option<Self> {
        // (The name first: an SVG can hold millions of elements, few named so.)
        match element.local_name() {
            "credential" if OB3_NAMESPACES.contains(&element.namespace(scope)) => Some(Self::Ob3),
            "assertion" if element.namespace(scope) == OB2_NAMESPACE => Some(Self::Ob2),
            _ => None,
        }
    }
}

/// One badge element as read: its `verify` attribute and its own text (the
/// text and CDATA directly inside it, comments and child elements left out).
#[derive(Debug, Default)]
struct BadgeElement {
    verify: Option<String>,
    text: String,
}

impl BadgeElement {
    /// What it carries, as its spec says to read it.
    fn carried(self, kind: Baked) -> Option<String> {
        let verify = self.verify.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let body = Some(self.text.trim().to_string()).filter(|t| !t.is_empty());
        match kind {
            // "If the credential is signed using VC-JWT add a verify attribute";
            // with an embedded proof, "omit the verify attribute" and use the body.
            Baked::Ob3 => verify.or(body),
            // "If the tag has no body, the verify attribute will contain the
            // signature of the badge. If there is a body, it will be the JSON."
            Baked::Ob2 => body.or(verify),
        }
    }
}

/// Reads an SVG for its badge elements, keeping only those (an SVG can be
/// megabytes of paths): the namespaces in scope, the badge elements being
/// read, and the first one of each kind (in document order, one inside the
/// other too).
#[derive(Default)]
struct BadgeReader {
    /// The namespaces in scope, one entry per open element that declares some.
    scopes: Vec<Scope>,
    /// For each open element, whether it pushed a scope.
    declared: Vec<bool>,
    /// The badge elements being read (one of each kind at most), each with
    /// the depth of its own content.
    open: Vec<(Baked, usize, BadgeElement)>,
    ob3: Option<BadgeElement>,
    ob2: Option<BadgeElement>,
}

impl BadgeReader {
    fn seen(&self, kind: Baked) -> bool {
        let read = match kind {
            Baked::Ob3 => self.ob3.is_some(),
            Baked::Ob2 => self.ob2.is_some(),
        };
        read || self.open.iter().any(|(k, _, _)| *k == kind)
    }
}

impl Handler for BadgeReader {
    fn start(&mut self, element: Element) {
        let declares = !element.namespaces.is_empty();
        if declares {
            let scope = element.scope(self.scopes.last().unwrap_or(&Scope::new()));
            self.scopes.push(scope);
        }
        self.declared.push(declares);
        let kind = Baked::of(&element, self.scopes.last().unwrap_or(&Scope::new()));
        if let Some(kind) = kind.filter(|k| !self.seen(*k)) {
            let verify = element.attribute("verify").map(str::to_string);
            self.open.push((kind, self.declared.len(), BadgeElement { verify, text: String::new() }));
        }
    }

    fn end(&mut self) {
        let depth = self.declared.len();
        if let Some(at) = self.open.iter().position(|(_, d, _)| *d == depth) {
            let (kind, _, read) = self.open.remove(at);
            match kind {
                Baked::Ob3 => self.ob3 = Some(read),
                Baked::Ob2 => self.ob2 = Some(read),
            }
        }
        if self.declared.pop() == Some(true) {
            self.scopes.pop();
        }
    }

    fn node(&mut self, node: Node) {
        let depth = self.declared.len();
        if let (Some((_, _, element)), Node::Text(text)) = (self.open.iter_mut().find(|(_, d, _)| *d == depth), node) {
            element.text.push_str(&text);
        }
    }
}

/// The credential baked into an SVG, read with the crate's XML reader (so
/// comments, processing instructions and anything a `DOCTYPE` holds never
/// count): the first `credential` element in the Open Badges 3.0 namespace,
/// else the first `assertion` in the Open Badges 2.0 one, whatever prefix
/// the document binds to it. From OB 3.0's, its `verify` attribute (a
/// compact JWS), else its content (JSON, usually in CDATA); from OB 2.0's,
/// its content, else `verify`. `Ok(None)` when the SVG carries no badge.
///
/// A `DOCTYPE` that only names an external DTD (the SVG 1.1 one most badges
/// start with) is read past; one with an internal subset is refused, as is
/// any entity other than XML's five.
///
/// # Errors
/// [`FormatError`] saying why, when the SVG is not XML this reader reads.
///
/// See: <https://www.imsglobal.org/spec/ob/v3p0/#svg>
pub fn svg_baked_text(svg: &str) -> Result<Option<String>, FormatError> {
    let mut reader = BadgeReader::default();
    xml::read(svg.as_bytes(), Doctype::ExternalIdOnly, &mut reader)
        .map_err(|e| unsupported(format!("an SVG image Satchel does not read: {}", e.0)))?;
    Ok(reader.ob3.and_then(|e| e.carried(Baked::Ob3)).or_else(|| reader.ob2.and_then(|e| e.carried(Baked::Ob2))))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG11: &str = r#"<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">"#;
    const OB3: &str = "https://purl.imsglobal.org/ob/v3p0";

    #[test]
    fn a_badge_after_the_svg_1_1_doctype_is_read() {
        let svg = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n{SVG11}\r\n<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" \
             xmlns:openbadges=\"{OB3}\">\r\n    <openbadges:credential verify=\"h.p.s\"/>\r\n</svg>\r\n"
        );
        assert_eq!(svg_baked_text(&svg), Ok(Some("h.p.s".into())), "the DOCTYPE most SVG badges start with only names a DTD");
        let bom = format!("\u{feff}{svg}");
        assert_eq!(svg_baked_text(&bom), Ok(Some("h.p.s".into())), "a byte order mark may start the file");
    }

    #[test]
    fn a_badge_is_found_by_its_namespace_whatever_the_prefix() {
        let cases = [
            (format!(r#"<svg xmlns:ob="{OB3}"><ob:credential verify="a.b.c"/></svg>"#), "a prefix other than `openbadges`"),
            (format!(r#"<svg><g><credential xmlns="{OB3}" verify="a.b.c"/></g></svg>"#), "the default namespace"),
            (r#"<svg xmlns:o="https://purl.imsglobal.org/spec/ob/v3p0"><o:credential verify="a.b.c"/></svg>"#.into(), "the context path"),
            (r#"<svg xmlns:b="http://openbadges.org"><b:assertion verify="a.b.c"/></svg>"#.into(), "OB 2.0 under another prefix"),
        ];
        for (svg, why) in cases {
            assert_eq!(svg_baked_text(&svg), Ok(Some("a.b.c".into())), "{why}: {svg}");
        }
    }

    #[test]
    fn an_openbadges_element_in_another_namespace_is_no_badge() {
        let cases = [
            r#"<svg xmlns:openbadges="https://example.org/not-badges"><openbadges:credential verify="a.b.c"/></svg>"#,
            r#"<svg><openbadges:credential verify="a.b.c"/></svg>"#,
            r#"<svg xmlns:openbadges="http://openbadges.org"><openbadges:credential verify="a.b.c"/></svg>"#,
            r#"<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:assertion verify="a.b.c"/></svg>"#,
        ];
        for svg in cases {
            assert_eq!(svg_baked_text(svg), Ok(None), "the prefix is only a name; the namespace says what an element is: {svg}");
        }
        let svg = format!(
            r#"<svg xmlns:openbadges="https://example.org/not-badges" xmlns:ob="{OB3}"><openbadges:credential verify="x.y.z"/><ob:credential verify="a.b.c"/></svg>"#
        );
        assert_eq!(svg_baked_text(&svg), Ok(Some("a.b.c".into())), "the impostor before the badge is passed over");
    }

    #[test]
    fn a_badge_in_a_comment_a_pi_or_a_doctype_is_no_badge() {
        let comment = format!(r#"<svg xmlns:openbadges="{OB3}"><!-- <openbadges:credential verify="a.b.c"/> --></svg>"#);
        assert_eq!(svg_baked_text(&comment), Ok(None), "a comment is not content");
        let pi = format!(r#"<svg xmlns:openbadges="{OB3}"><?badge <openbadges:credential verify="a.b.c"/> ?></svg>"#);
        assert_eq!(svg_baked_text(&pi), Ok(None), "a processing instruction is not content");
        let public = format!(r#"<!DOCTYPE svg PUBLIC "<openbadges:credential verify='a.b.c'/>" "x.dtd"><svg xmlns:openbadges="{OB3}"/>"#);
        assert_eq!(svg_baked_text(&public), Ok(None), "the DOCTYPE's identifiers are not content");
        let subset =
            format!(r#"<!DOCTYPE svg [<!ENTITY b "<openbadges:credential verify='a.b.c'/>">]><svg xmlns:openbadges="{OB3}">&b;</svg>"#);
        let err = svg_baked_text(&subset).expect_err("an internal subset is refused, its entities never expanded");
        assert!(err.seen.contains("internal subset"), "{err}");
    }

    #[test]
    fn an_svg_with_an_internal_subset_is_refused_with_a_reason() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;">]><svg xmlns="http://www.w3.org/2000/svg">&lol1;</svg>"#;
        let err = crate::credential::detect(laughs.as_bytes()).expect_err("billion laughs");
        assert!(err.seen.contains("DOCTYPE `svg` has an internal subset"), "the error names the cause: {err}");
        let external = r#"<?xml version="1.0"?><!DOCTYPE svg SYSTEM "svg.dtd" [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion>&xxe;</openbadges:assertion></svg>"#;
        let err = crate::credential::detect(external.as_bytes()).expect_err("an external entity");
        assert!(err.seen.contains("internal subset"), "the error names the cause: {err}");
        let unknown = format!(r#"{SVG11}<svg xmlns:openbadges="{OB3}"><openbadges:credential>&nbsp;</openbadges:credential></svg>"#);
        let err = svg_baked_text(&unknown).expect_err("no DTD is read, so `&nbsp;` is unknown");
        assert!(err.seen.contains("`nbsp`"), "{err}");
    }

    #[test]
    fn each_version_reads_its_attribute_and_body_as_its_spec_says() {
        let json = r#"{"id":"urn:x"}"#;
        let ob3 = format!(
            r#"<svg xmlns:openbadges="{OB3}"><openbadges:credential verify="a.b.c"><![CDATA[{json}]]></openbadges:credential></svg>"#
        );
        assert_eq!(svg_baked_text(&ob3), Ok(Some("a.b.c".into())), "OB 3.0: `verify` holds a VC-JWT");
        let ob2 = format!(
            r#"<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="https://example.org/assertions/123">
  <![CDATA[ {json} ]]>
</openbadges:assertion></svg>"#
        );
        assert_eq!(svg_baked_text(&ob2), Ok(Some(json.into())), "OB 2.0: a body is the assertion; `verify` is then its URL");
        let ob2_signed = r#"<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="a.b.c"/></svg>"#;
        assert_eq!(svg_baked_text(ob2_signed), Ok(Some("a.b.c".into())), "OB 2.0 without a body: `verify` is the signed assertion");
        let both = format!(
            r#"<svg xmlns:openbadges="http://openbadges.org" xmlns:ob="{OB3}"><openbadges:assertion verify="old.b.c"/><ob:credential verify="new.b.c"/></svg>"#
        );
        assert_eq!(svg_baked_text(&both), Ok(Some("new.b.c".into())), "OB 3.0's element is read before OB 2.0's");
    }

    #[test]
    fn the_fuzzers_finding_of_text_cut_out_of_an_attribute_is_refused() {
        // `verify="...<?xml ... ?>..."` with `<` in the attribute and a
        // misnamed end tag: the string scanner cut the `<?...?>` out and
        // carried text that is nowhere in the file. It is no XML.
        let finding = include_bytes!("../../fuzz/findings/baked-svg-carried-text-not-a-slice-2026-11-30");
        let text = std::str::from_utf8(finding).expect("the finding is text");
        let err = svg_baked_text(text).expect_err("the finding is not well-formed XML");
        assert!(err.seen.starts_with("an SVG image Satchel does not read"), "{err}");
        let err = crate::credential::detect(finding).expect_err("nor is it a credential");
        assert!(err.seen.contains("does not read"), "{err}");
    }
}
