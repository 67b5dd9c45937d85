//! Legacy European Digital Credentials in EDCI XML: the identifier and the
//! summary, read from the parsed document as its seal covers it.

use super::{unsupported, Container, Detected, Family, Format, FormatError, Securing, Summary};
use crate::xmldsig::xml::{self, Document, Element, Scope};

/// The XML-DSig namespace, where an enveloped XAdES seal's `Signature` is.
const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";

/// Whether a root element (its start tag and the namespaces in scope
/// inside it) is one an EDC in XML has: a sealed presentation, a Europass
/// credential (or the names later schemas gave them), in a Europass
/// namespace, or named `europassCredential`, which says so itself.
pub(crate) fn is_edc_root(root: &Element, scope: &Scope) -> bool {
    let local = root.local_name().to_ascii_lowercase();
    let named =
        matches!(local.as_str(), "verifiablepresentation" | "europasscredential" | "verifiablecredential" | "europeandigitalcredential");
    named && (local == "europasscredential" || mentions_europass(scope))
}

/// Whether a namespace in `scope` is a Europass or EU data one.
pub(crate) fn mentions_europass(scope: &Scope) -> bool {
    scope.values().any(|uri| uri.contains("data.europa.eu/snb") || uri.to_ascii_lowercase().contains("europass"))
}

/// A legacy EDC in XML, read whole with the crate's XML reader, as strictly
/// as its seal check reads it (no `DOCTYPE` at all), so detection and
/// verification see the same document: its identifier, whether it carries
/// an XAdES seal, and its summary.
pub(crate) fn detect_edci_xml(text: &str) -> Result<Detected, FormatError> {
    let doc = xml::parse(text.as_bytes())
        .map_err(|e| unsupported(format!("a European Digital Credential in XML that Satchel does not read: {}", e.0)))?;
    let sealed = doc.root.find(&Scope::new(), &|e: &Element, s: &Scope| e.local_name() == "Signature" && e.namespace(s) == DSIG).is_some();
    // What the seal covers: nothing inside a signature is the credential's.
    let signed = xml::without_signatures(&doc);
    Ok(Detected {
        format: Format { family: Family::Edc, model: None, securing: if sealed { Securing::Xades } else { Securing::None } },
        container: Container::Bare,
        media_type: "application/xml",
        credential_id: xml_root_id(&signed),
        summary: summarise_edci_xml(&signed),
    })
}

/// The credential's identifier: the sealed presentation's `id`, else the
/// first Europass credential's.
fn xml_root_id(doc: &Document) -> Option<String> {
    let root = &doc.root;
    let holder = if root.local_name() == "verifiablePresentation" {
        root
    } else {
        root.find(&Scope::new(), &|e: &Element, _: &Scope| e.local_name() == "europassCredential").map(|(e, _, _)| e)?
    };
    holder.attribute("id").map(str::to_string)
}

/// The list view of a legacy EDCI XML credential, read from the parsed
/// document as the seal covers it (`doc` holds no signature): comments,
/// processing instructions and the signature itself are no part of the view
/// (a comment naming a university is not the credential's issuer).
fn summarise_edci_xml(doc: &Document) -> Summary {
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
    let issuer = xml_roles(doc)
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

/// The organisations a legacy Europass XML names in each role, as the view
/// reads them: the credential's issuer (its `issuer`, followed by `idref`),
/// the presentation's issuer (who sealed a mandated issue), and the awarding
/// bodies of its achievements.
#[derive(Debug)]
pub struct XmlRoles<'a> {
    pub credential_issuer: Option<&'a crate::xmldsig::xml::Element>,
    pub presentation_issuer: Option<&'a crate::xmldsig::xml::Element>,
    pub awarding_bodies: Vec<&'a crate::xmldsig::xml::Element>,
}

/// See [`XmlRoles`]; `doc` is the signed document (no signature in it).
pub fn xml_roles(doc: &crate::xmldsig::xml::Document) -> XmlRoles<'_> {
    use crate::xmldsig::xml::Scope;
    let scope = Scope::new();
    fn resolve<'a>(
        doc: &'a crate::xmldsig::xml::Document,
        e: &'a crate::xmldsig::xml::Element,
    ) -> Option<&'a crate::xmldsig::xml::Element> {
        match e.attribute("idref") {
            Some(id) => doc.root.find(&crate::xmldsig::xml::Scope::new(), &|e, _| e.attribute("id") == Some(id)).map(|(e, _, _)| e),
            None => Some(e),
        }
    }
    let presentation_issuer = (doc.root.local_name() == "verifiablePresentation").then(|| doc.root.child("issuer")).flatten();
    let credential = if doc.root.local_name() == "europassCredential" {
        Some(&doc.root)
    } else {
        doc.root.find(&scope, &|e, _| e.local_name() == "europassCredential").map(|(e, _, _)| e)
    };
    let credential_issuer = credential.and_then(|c| c.child("issuer")).and_then(|i| resolve(doc, i)).or(presentation_issuer);
    let mut refs = Vec::new();
    collect_elements(&doc.root, "awardingBody", &mut refs, 0);
    let mut awarding_bodies: Vec<&crate::xmldsig::xml::Element> = Vec::new();
    for body in refs.into_iter().filter_map(|r| resolve(doc, r)) {
        if !awarding_bodies.iter().any(|b| std::ptr::eq(*b, body)) {
            awarding_bodies.push(body);
        }
    }
    XmlRoles { credential_issuer, presentation_issuer, awarding_bodies }
}

fn collect_elements<'a>(e: &'a crate::xmldsig::xml::Element, local: &str, out: &mut Vec<&'a crate::xmldsig::xml::Element>, depth: usize) {
    for c in e.elements() {
        if c.local_name() == local {
            out.push(c);
        }
        if depth < 32 {
            collect_elements(c, local, out, depth + 1);
        }
    }
}
