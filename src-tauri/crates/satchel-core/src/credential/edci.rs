//! Legacy European Digital Credentials in EDCI XML: the identifier and the
//! summary, read from the parsed document as its seal covers it.

use super::baked::attr;
use super::Summary;

pub(crate) fn xml_root_id(head: &str) -> Option<String> {
    let root = head.find("<vp:verifiablePresentation").or_else(|| head.find("<europassCredential"))?;
    let end = head[root..].find('>')? + root;
    attr(&head[root..end], "id")
}

/// The list view of a legacy EDCI XML credential, read from the parsed
/// document as the seal covers it: comments, processing instructions and
/// the signature itself are no part of the view (a comment naming a
/// university is not the credential's issuer). Unreadable XML shows nothing.
pub(crate) fn summarise_edci_xml(text: &str) -> Summary {
    use crate::xmldsig::xml::{self, Element, Scope};
    let Ok(doc) = xml::parse(text.as_bytes()) else { return Summary::default() };
    let doc = xml::without_signatures(&doc);
    // The first English `<text>` inside the first element named `section`,
    // else its first `<text>`: enough to list it. Showing it whole is the EDC work.
    let english_text_in = |section: &str| -> Option<String> {
        let (block, _, _) = doc.root.find(&Scope::new(), &|e: &Element, _: &Scope| e.local_name() == section)?;
        let mut texts = Vec::new();
        collect_named(block, "text", &mut texts, 0);
        let lang = |e: &Element| e.attribute("lang").or_else(|| e.attribute("xml:lang")).map(str::to_string);
        let pick = texts.iter().find(|e| lang(e).as_deref() == Some("en")).or(texts.first())?;
        Some(pick.text().trim().to_string()).filter(|t| !t.is_empty())
    };
    // The credential's issuer by the rule the seal check and the detail
    // use, never the first organisation in the file (often the sealer).
    let english_text_of = |e: &Element| -> Option<String> {
        let mut texts = Vec::new();
        collect_named(e, "text", &mut texts, 0);
        let lang = |e: &Element| e.attribute("lang").or_else(|| e.attribute("xml:lang")).map(str::to_string);
        let pick = texts.iter().find(|t| lang(t).as_deref() == Some("en")).or(texts.first()).copied();
        pick.map(|t| t.text().trim().to_string()).or_else(|| Some(e.text().trim().to_string())).filter(|t| !t.is_empty())
    };
    let issuer = crate::verify::seal::xml_roles(&doc)
        .credential_issuer
        .and_then(|i| i.child("prefLabel").and_then(english_text_of).or_else(|| i.child("legalName").and_then(english_text_of)));
    Summary {
        title: english_text_in("title"),
        issuer_name: issuer.or_else(|| english_text_in("registration")).or_else(|| english_text_in("prefLabel")),
        ..Summary::default()
    }
}

/// Descendant elements of `e` with local name `local`, in document order.
pub(crate) fn collect_named<'a>(
    e: &'a crate::xmldsig::xml::Element,
    local: &str,
    out: &mut Vec<&'a crate::xmldsig::xml::Element>,
    depth: usize,
) {
    if depth > crate::xmldsig::xml::MAX_DEPTH {
        return;
    }
    for child in e.elements() {
        if child.local_name() == local {
            out.push(child);
        }
        collect_named(child, local, out, depth + 1);
    }
}
