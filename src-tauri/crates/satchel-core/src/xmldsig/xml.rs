//! A small XML tree for signed trusted lists, and its canonical forms:
//! Canonical XML 1.0 and Exclusive XML Canonicalization 1.0, with or
//! without comments, over a whole document or an element, leaving out one
//! element (the enveloped signature).
//!
//! Prefixes are kept as written (a signature is over them). No DTD is read:
//! a document with an entity other than XML's five is refused, and so is a
//! `DOCTYPE` ([`parse`]; [`parse_with`] and [`read`] can tolerate one that
//! only names an external DTD, for SVG, see [`Doctype`]), so nothing can
//! expand or reach outside the document. [`read`] is the reader itself,
//! event by event; the tree is built on it, and so is the badge reader of
//! `credential` (what an SVG carries), so both apply the same rules.
//!
//! See: <https://www.w3.org/TR/xml-c14n/>, <https://www.w3.org/TR/xml-exc-c14n/>

use std::collections::BTreeMap;

use quick_xml::events::Event;
use quick_xml::Reader;

/// Deepest element nesting accepted.
pub const MAX_DEPTH: usize = 256;
/// Most namespace declarations in a document: scopes are copied per
/// element, so many declarations times many elements would cost dearly.
pub const MAX_NAMESPACE_DECLARATIONS: usize = 256;
/// Most elements in a document. The largest real documents Satchel reads
/// hold far fewer (the 920 KB diploma supplement among the vectors has
/// 2,260; a national trusted list is mostly certificates in text, a few
/// tens of thousands of elements at most). A tree of 100,000 empty elements
/// takes about 28 MB; 8 MB of `<a/>` (2 million) would take over 500 MB and
/// seconds of reading.
pub const MAX_ELEMENTS: usize = 100_000;

/// An element as written: its qualified name, attributes and namespace
/// declarations in document order.
#[derive(Debug, Clone, Default)]
pub struct Element {
    pub name: String,
    /// Attributes other than namespace declarations: (qualified name, value).
    pub attributes: Vec<(String, String)>,
    /// Namespace declarations on this element: (prefix, `""` for the default; URI).
    pub namespaces: Vec<(String, String)>,
    pub children: Vec<Node>,
}

/// A node of the tree.
#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    Text(String),
    Comment(String),
    Pi(String),
}

/// A parsed document: the root element and what stands around it.
#[derive(Debug, Clone)]
pub struct Document {
    pub before: Vec<Node>,
    pub root: Element,
    pub after: Vec<Node>,
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not well-formed XML Satchel reads: {0}")]
pub struct XmlError(pub String);

fn err(s: impl Into<String>) -> XmlError {
    XmlError(s.into())
}

/// What a document's type declaration (`<!DOCTYPE ...>`) may be. No DTD
/// is ever read, fetched or expanded either way: the choice is only whether
/// a declaration that names one is tolerated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doctype {
    /// Any `DOCTYPE` refuses the document: trusted lists, XML signatures and
    /// EDCI credentials never carry one, so one there is a sign of an attack.
    Refused,
    /// `<!DOCTYPE name>`, `<!DOCTYPE name SYSTEM "uri">` or
    /// `<!DOCTYPE name PUBLIC "id" "uri">` is read past: SVG files very often
    /// start with the SVG 1.1 one (`<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG
    /// 1.1//EN" ...>`), and it only names a DTD, which is not fetched. An
    /// internal subset (`[ ... ]`, where entities are declared: billion
    /// laughs, external entities) still refuses the document, and so does any
    /// entity reference other than XML's five, as without a DOCTYPE.
    ExternalIdOnly,
}

/// What a reading hands on, in document order, once the reader's rules hold
/// for it: an element's start (its attributes and namespace declarations,
/// no children yet), its end, and the text, comments and processing
/// instructions in between (around the root element too, except text,
/// which only whitespace can be there). [`parse_with`] builds a
/// [`Document`] from these; a reader that needs one element of a large
/// document (the badge in an SVG) keeps only that, in bounded memory.
pub trait Handler {
    fn start(&mut self, element: Element);
    fn end(&mut self);
    fn node(&mut self, node: Node);
    /// Whether the reading can stop here (read no further, check no more).
    fn done(&self) -> bool {
        false
    }
}

/// Parses `bytes` (UTF-8), refusing any `DOCTYPE`.
pub fn parse(bytes: &[u8]) -> Result<Document, XmlError> {
    parse_with(bytes, Doctype::Refused)
}

/// Parses `bytes` (UTF-8) into a tree, with `doctype` saying which document
/// type declarations are tolerated (see [`Doctype`]).
pub fn parse_with(bytes: &[u8], doctype: Doctype) -> Result<Document, XmlError> {
    let mut tree = Tree::default();
    read(bytes, doctype, &mut tree)?;
    let root = tree.root.ok_or_else(|| err("it has no root element"))?;
    Ok(Document { before: tree.before, root, after: tree.after })
}

/// The root element's start tag (its attributes and namespace
/// declarations, no children) and the namespaces in scope inside it, read
/// up to there only: what a document is, before reading it whole.
pub fn root_element(bytes: &[u8], doctype: Doctype) -> Result<(Element, Scope), XmlError> {
    #[derive(Default)]
    struct Root(Option<Element>);
    impl Handler for Root {
        fn start(&mut self, element: Element) {
            self.0.get_or_insert(element);
        }
        fn end(&mut self) {}
        fn node(&mut self, _: Node) {}
        fn done(&self) -> bool {
            self.0.is_some()
        }
    }
    let mut root = Root::default();
    read(bytes, doctype, &mut root)?;
    let root = root.0.ok_or_else(|| err("it has no root element"))?;
    let scope = root.scope(&Scope::new());
    Ok((root, scope))
}

/// The tree [`parse_with`] builds.
#[derive(Default)]
struct Tree {
    stack: Vec<Element>,
    before: Vec<Node>,
    root: Option<Element>,
    after: Vec<Node>,
}

impl Handler for Tree {
    fn start(&mut self, element: Element) {
        self.stack.push(element);
    }

    fn end(&mut self) {
        let Some(e) = self.stack.pop() else { return };
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(Node::Element(e)),
            None => self.root = Some(e),
        }
    }

    fn node(&mut self, node: Node) {
        match self.stack.last_mut() {
            Some(parent) => match (&node, parent.children.last_mut()) {
                // Text split by references or CDATA sections joins up again.
                (Node::Text(t), Some(Node::Text(prev))) => prev.push_str(t),
                _ => parent.children.push(node),
            },
            None if self.root.is_none() => self.before.push(node),
            None => self.after.push(node),
        }
    }
}

/// Reads `bytes` (UTF-8) event by event, handing each to `handler` once the
/// rules of this reader hold for it: well-formed, at most one root element,
/// no entity other than XML's five, no `DOCTYPE` but what `doctype` allows,
/// nesting within [`MAX_DEPTH`], namespace declarations within
/// [`MAX_NAMESPACE_DECLARATIONS`], elements within [`MAX_ELEMENTS`]. Stops
/// early, without error, when the
/// handler says it is [`done`](Handler::done).
pub fn read(bytes: &[u8], doctype: Doctype, handler: &mut dyn Handler) -> Result<(), XmlError> {
    let text = std::str::from_utf8(bytes).map_err(|_| err("it is not UTF-8"))?;
    // A byte order mark may start a UTF-8 document; it is no text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Plain ASCII (most documents) is checked byte by byte; a document of
    // megabytes is scanned once per read, so this stays cheap.
    let refused = if text.is_ascii() { ascii_refused(text.as_bytes()).map(char::from) } else { text.chars().find(|c| !is_xml_char(*c)) };
    if let Some(c) = refused {
        return Err(err(format!("it holds the character U+{:04X}, which XML does not allow", u32::from(c))));
    }
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut root_seen = false;
    let mut doctype_seen = false;
    let mut declarations = 0usize;
    let mut elements = 0usize;
    let mut open = |e: &quick_xml::events::BytesStart<'_>, depth: usize, root_seen: bool| -> Result<Element, XmlError> {
        if depth >= MAX_DEPTH {
            return Err(err("it nests too deeply"));
        }
        elements += 1;
        if elements > MAX_ELEMENTS {
            return Err(err(format!("it has more than {MAX_ELEMENTS} elements, too many to read safely")));
        }
        if depth == 0 && root_seen {
            return Err(err("it has more than one root element"));
        }
        let e = element_of(e)?;
        declarations += e.namespaces.len();
        if declarations > MAX_NAMESPACE_DECLARATIONS {
            return Err(err("it declares too many namespaces"));
        }
        Ok(e)
    };
    let text_in = |depth: usize, content: String, handler: &mut dyn Handler| -> Result<(), XmlError> {
        if depth > 0 {
            handler.node(Node::Text(content));
        } else if !content.trim().is_empty() {
            return Err(err("text stands outside the root element"));
        }
        Ok(())
    };
    loop {
        if handler.done() {
            return Ok(());
        }
        let event = reader.read_event().map_err(|e| err(e.to_string()))?;
        match event {
            Event::Start(start) => {
                let e = open(&start, depth, root_seen)?;
                handler.start(e);
                depth += 1;
            }
            Event::Empty(start) => {
                let e = open(&start, depth, root_seen)?;
                handler.start(e);
                handler.end();
                root_seen |= depth == 0;
            }
            Event::End(_) => {
                if depth == 0 {
                    return Err(err("an end tag closes nothing"));
                }
                depth -= 1;
                handler.end();
                root_seen |= depth == 0;
            }
            Event::Text(t) => {
                let content = t.xml10_content().into_owned();
                // Only a CDATA section ends so; in text it must be escaped.
                if content.contains("]]>") {
                    return Err(err("text holds `]]>` outside a CDATA section"));
                }
                text_in(depth, content, handler)?
            }
            Event::CData(c) => {
                let content = String::from_utf8(c.xml10_content().into_owned().into_bytes()).map_err(|_| err("CDATA is not UTF-8"))?;
                text_in(depth, content, handler)?;
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|e| err(e.to_string()))? {
                    Some(c) if !is_xml_char(c) => {
                        return Err(err(format!("it refers to the character U+{:04X}, which XML does not allow", u32::from(c))))
                    }
                    Some(c) => c.to_string(),
                    None => match AsRef::<str>::as_ref(&r) {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => return Err(err(format!("the entity `{other}` is not one of XML's own"))),
                    },
                };
                text_in(depth, c, handler)?;
            }
            Event::Comment(c) => handler.node(Node::Comment(c.xml10_content().into_owned())),
            Event::PI(pi) => handler.node(Node::Pi((*pi).to_string())),
            Event::Decl(_) => {}
            Event::DocType(d) => {
                if doctype == Doctype::Refused {
                    return Err(err("it has a DOCTYPE (no DTD is read)"));
                }
                if doctype_seen || depth > 0 || root_seen {
                    return Err(err("its DOCTYPE is not at the start of the document"));
                }
                doctype_seen = true;
                external_id_only(&d.xml10_content())?;
            }
            Event::Eof => break,
        }
    }
    if depth > 0 {
        return Err(err("it ends inside an element"));
    }
    if !root_seen {
        return Err(err("it has no root element"));
    }
    Ok(())
}

/// Checks a `DOCTYPE`'s content (what follows `<!DOCTYPE`) is a name and at
/// most an external identifier: `name`, `name SYSTEM "uri"` or `name PUBLIC
/// "id" "uri"`, nothing else (above all no internal subset).
fn external_id_only(decl: &str) -> Result<(), XmlError> {
    let refuse = |why: &str| err(format!("its DOCTYPE {why} (no DTD is read)"));
    let decl = decl.trim();
    let name_end = decl.find(|c: char| c.is_whitespace() || c == '[').unwrap_or(decl.len());
    let (name, mut rest) = decl.split_at(name_end);
    if name.is_empty() {
        return Err(refuse("names no root element"));
    }
    let trimmed = rest.trim_start();
    if let Some(after) = trimmed.strip_prefix("SYSTEM") {
        rest = quoted_literal(after).ok_or_else(|| refuse("has a malformed SYSTEM identifier"))?;
    } else if let Some(after) = trimmed.strip_prefix("PUBLIC") {
        let after_id = quoted_literal(after).ok_or_else(|| refuse("has a malformed PUBLIC identifier"))?;
        rest = quoted_literal(after_id).ok_or_else(|| refuse("has a malformed PUBLIC identifier"))?;
    }
    match rest.trim() {
        "" => Ok(()),
        r if r.starts_with('[') => Err(refuse(&format!("`{}` has an internal subset, where entities are declared", shown(name)))),
        _ => Err(refuse(&format!("`{}` holds more than a name and an external identifier", shown(name)))),
    }
}

/// A name from the document, short and escaped, for an error message.
fn shown(name: &str) -> String {
    name.chars().take(40).flat_map(char::escape_debug).collect()
}

/// What follows one quoted literal that follows at least one space.
fn quoted_literal(rest: &str) -> Option<&str> {
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() {
        return None;
    }
    let quote = trimmed.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let body = &trimmed[1..];
    body.find(quote).map(|end| &body[end + 1..])
}

fn element_of(start: &quick_xml::events::BytesStart<'_>) -> Result<Element, XmlError> {
    let name = start.name().as_ref().to_string();
    let mut e = Element { name, ..Element::default() };
    for attr in start.attributes() {
        let attr = attr.map_err(|e| err(e.to_string()))?;
        if attr.value.contains('<') {
            return Err(err("an attribute value holds `<`, which XML does not allow there"));
        }
        let key = attr.key.as_ref().to_string();
        let value = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(|e| err(e.to_string()))?.into_owned();
        if key == "xmlns" {
            e.namespaces.push((String::new(), value));
        } else if let Some(prefix) = key.strip_prefix("xmlns:") {
            e.namespaces.push((prefix.to_string(), value));
        } else {
            e.attributes.push((key, value));
        }
    }
    Ok(e)
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production): no
/// control character but tab, line feed and carriage return, no U+FFFE or
/// U+FFFF.
/// The first byte of ASCII `bytes` that XML does not allow (a control
/// character other than tab, line feed and carriage return), looked for
/// eight bytes at a time: only a chunk holding some byte below 0x20 is
/// looked at byte by byte.
fn ascii_refused(bytes: &[u8]) -> Option<u8> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let refused = |b: &u8| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if x.wrapping_sub(ONES * 0x20) & !x & HIGH != 0 {
            if let Some(b) = chunk.iter().find(|b| refused(b)) {
                return Some(*b);
            }
        }
    }
    chunks.remainder().iter().find(|b| refused(b)).copied()
}

fn is_xml_char(c: char) -> bool {
    !matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// In-scope namespaces: prefix (`""` default) → URI.
pub type Scope = BTreeMap<String, String>;

impl Element {
    /// The prefix of a qualified name (`""` when none).
    pub fn prefix_of(name: &str) -> &str {
        name.split_once(':').map_or("", |(p, _)| p)
    }

    /// The local part of the element's name.
    pub fn local_name(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    /// The scope inside this element, given its parent's.
    pub fn scope(&self, parent: &Scope) -> Scope {
        let mut scope = parent.clone();
        for (p, uri) in &self.namespaces {
            scope.insert(p.clone(), uri.clone());
        }
        scope
    }

    /// This element's namespace URI in `scope` (its own scope).
    pub fn namespace<'s>(&self, scope: &'s Scope) -> &'s str {
        scope.get(Self::prefix_of(&self.name)).map(String::as_str).unwrap_or("")
    }

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// The first child element with this local name.
    pub fn child(&self, local: &str) -> Option<&Element> {
        self.elements().find(|e| e.local_name() == local)
    }

    /// Child elements with this local name.
    pub fn children_named<'a>(&'a self, local: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements().filter(move |e| e.local_name() == local)
    }

    /// The element's text content (all descendant text).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for c in &self.children {
            match c {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => out.push_str(&e.text()),
                _ => {}
            }
        }
        out
    }

    /// An attribute's value by qualified name.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Finds the descendant (or self) matching `pred`, with the scope
    /// inside it and the path of scopes above it.
    pub fn find<'a>(&'a self, parent: &Scope, pred: &dyn Fn(&Element, &Scope) -> bool) -> Option<(&'a Element, Scope, Scope)> {
        let scope = self.scope(parent);
        if pred(self, &scope) {
            return Some((self, scope, parent.clone()));
        }
        self.elements().find_map(|e| e.find(&scope, pred))
    }
}

/// The document without the elements `drop` picks (given each element and
/// the namespaces in scope inside it).
pub fn prune(doc: &Document, drop: &dyn Fn(&Element, &Scope) -> bool) -> Document {
    fn walk(e: &Element, scope: &Scope, drop: &dyn Fn(&Element, &Scope) -> bool) -> Element {
        let inner = e.scope(scope);
        Element {
            name: e.name.clone(),
            attributes: e.attributes.clone(),
            namespaces: e.namespaces.clone(),
            children: e
                .children
                .iter()
                .filter_map(|c| match c {
                    Node::Element(child) if drop(child, &child.scope(&inner)) => None,
                    Node::Element(child) => Some(Node::Element(walk(child, &inner, drop))),
                    other => Some(other.clone()),
                })
                .collect(),
        }
    }
    Document { before: doc.before.clone(), root: walk(&doc.root, &Scope::new(), drop), after: doc.after.clone() }
}

/// The document without any XML-DSig `Signature` element: nothing inside a
/// signature is signed content, so readers of a signed document use this.
pub fn without_signatures(doc: &Document) -> Document {
    prune(doc, &|e, scope| e.local_name() == "Signature" && e.namespace(scope) == "http://www.w3.org/2000/09/xmldsig#")
}

/// Which canonicalization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Inclusive { comments: bool },
    Exclusive { comments: bool },
}

impl Method {
    /// The method an algorithm URI names.
    pub fn from_uri(uri: &str) -> Option<Self> {
        Some(match uri {
            "http://www.w3.org/TR/2001/REC-xml-c14n-20010315" => Self::Inclusive { comments: false },
            "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments" => Self::Inclusive { comments: true },
            "http://www.w3.org/2001/10/xml-exc-c14n#" => Self::Exclusive { comments: false },
            "http://www.w3.org/2001/10/xml-exc-c14n#WithComments" => Self::Exclusive { comments: true },
            _ => return None,
        })
    }

    fn comments(self) -> bool {
        match self {
            Self::Inclusive { comments } | Self::Exclusive { comments } => comments,
        }
    }
}

fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

/// The canonical form of a whole document (the root element, and comments
/// and processing instructions around it), leaving out `skip`.
pub fn document(doc: &Document, method: Method, skip: Option<*const Element>) -> String {
    let mut out = String::new();
    let around = |nodes: &[Node], out: &mut String, before: bool| {
        for n in nodes {
            let text = match n {
                Node::Comment(c) if method.comments() => format!("<!--{c}-->"),
                Node::Pi(p) => format!("<?{p}?>"),
                _ => continue,
            };
            if !before {
                out.push('\n');
            }
            out.push_str(&text);
            if before {
                out.push('\n');
            }
        }
    };
    around(&doc.before, &mut out, true);
    render(&doc.root, &Scope::new(), &Scope::new(), method, skip, &mut out);
    around(&doc.after, &mut out, false);
    out
}

/// The canonical form of `element` as a document subset: `scope` is the
/// namespaces in scope at its parent (they are rendered on it as C14N says).
pub fn element(element: &Element, scope: &Scope, method: Method, skip: Option<*const Element>) -> String {
    let mut out = String::new();
    render(element, scope, &Scope::new(), method, skip, &mut out);
    out
}

/// Renders `e`. `parent_scope` is what is in scope above it in the
/// document; `rendered` is what the output has already declared above it.
fn render(e: &Element, parent_scope: &Scope, rendered: &Scope, method: Method, skip: Option<*const Element>, out: &mut String) {
    if skip == Some(e as *const Element) {
        return;
    }
    let scope = e.scope(parent_scope);
    // Namespace declarations to write here.
    let mut decls: Vec<(String, String)> = Vec::new();
    match method {
        Method::Inclusive { .. } => {
            for (p, uri) in &scope {
                if p == "xml" {
                    continue;
                }
                let already = rendered.get(p);
                if p.is_empty() && uri.is_empty() {
                    if already.is_some_and(|u| !u.is_empty()) {
                        decls.push((String::new(), String::new()));
                    }
                } else if already != Some(uri) {
                    decls.push((p.clone(), uri.clone()));
                }
            }
        }
        Method::Exclusive { .. } => {
            let mut used: Vec<&str> = vec![Element::prefix_of(&e.name)];
            used.extend(e.attributes.iter().map(|(k, _)| Element::prefix_of(k)).filter(|p| !p.is_empty()));
            used.sort_unstable();
            used.dedup();
            for p in used {
                if p == "xml" {
                    continue;
                }
                let uri = scope.get(p).cloned().unwrap_or_default();
                let already = rendered.get(p);
                if p.is_empty() && uri.is_empty() {
                    if already.is_some_and(|u| !u.is_empty()) {
                        decls.push((String::new(), String::new()));
                    }
                } else if already != Some(&uri) {
                    decls.push((p.to_string(), uri));
                }
            }
        }
    }
    decls.sort();
    let mut now_rendered = rendered.clone();
    for (p, uri) in &decls {
        now_rendered.insert(p.clone(), uri.clone());
    }
    // Attributes sorted by (namespace URI, local name); unqualified first.
    let mut attrs: Vec<(&str, &str, &str, &str)> = e
        .attributes
        .iter()
        .map(|(k, v)| {
            let (p, local) = k.split_once(':').unwrap_or(("", k));
            let ns = if p.is_empty() {
                ""
            } else if p == "xml" {
                "http://www.w3.org/XML/1998/namespace"
            } else {
                scope.get(p).map(String::as_str).unwrap_or("")
            };
            (ns, local, k.as_str(), v.as_str())
        })
        .collect();
    attrs.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));

    out.push('<');
    out.push_str(&e.name);
    for (p, uri) in &decls {
        out.push_str(if p.is_empty() { " xmlns" } else { " xmlns:" });
        out.push_str(p);
        out.push_str("=\"");
        escape_attr(uri, out);
        out.push('"');
    }
    for (_, _, name, value) in attrs {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        escape_attr(value, out);
        out.push('"');
    }
    out.push('>');
    for child in &e.children {
        match child {
            Node::Element(c) => render(c, &scope, &now_rendered, method, skip, out),
            Node::Text(t) => escape_text(t, out),
            Node::Comment(c) if method.comments() => {
                out.push_str("<!--");
                out.push_str(c);
                out.push_str("-->");
            }
            Node::Comment(_) => {}
            Node::Pi(p) => {
                out.push_str("<?");
                out.push_str(p);
                out.push_str("?>");
            }
        }
    }
    out.push_str("</");
    out.push_str(&e.name);
    out.push('>');
}

#[cfg(test)]
mod tests {
    use super::*;

    const INC: Method = Method::Inclusive { comments: false };
    const EXC: Method = Method::Exclusive { comments: false };

    #[test]
    fn canonical_forms_of_the_spec_examples() {
        // XML C14N 1.0 section 3.2 (whitespace and line ends in content).
        let doc = parse(b"<?xml version=\"1.0\"?>\r\n<doc>\r\n   <clean>   </clean>\r\n   <dirty>   A   B   </dirty>\r\n   <mixed>\r\n      A\r\n      <clean>   </clean>\r\n      B\r\n      <dirty>   A   B   </dirty>\r\n      C\r\n   </mixed>\r\n</doc>").unwrap();
        assert_eq!(
            document(&doc, INC, None),
            "<doc>\n   <clean>   </clean>\n   <dirty>   A   B   </dirty>\n   <mixed>\n      A\n      <clean>   </clean>\n      B\n      <dirty>   A   B   </dirty>\n      C\n   </mixed>\n</doc>"
        );
        // Section 3.3: empty elements, attribute order, quotes, namespaces.
        let doc = parse(br#"<doc><e1   /><e2   ></e2><e3   name = "elem3"   id="elem3"   /><e4   name="elem4"   id="elem4"   ></e4><e5 a:attr="out" b:attr="sorted" attr2="all" attr="I'm" xmlns:b="http://www.ietf.org" xmlns:a="http://www.w3.org" xmlns="http://example.org"/><e6 xmlns="" xmlns:a="http://www.w3.org"><e7 xmlns="http://www.ietf.org"><e8 xmlns="" xmlns:a="http://www.w3.org"><e9 xmlns="" xmlns:a="http://www.ietf.org"/></e8></e7></e6></doc>"#).unwrap();
        assert_eq!(
            document(&doc, INC, None),
            r#"<doc><e1></e1><e2></e2><e3 id="elem3" name="elem3"></e3><e4 id="elem4" name="elem4"></e4><e5 xmlns="http://example.org" xmlns:a="http://www.w3.org" xmlns:b="http://www.ietf.org" attr="I'm" attr2="all" b:attr="sorted" a:attr="out"></e5><e6 xmlns:a="http://www.w3.org"><e7 xmlns="http://www.ietf.org"><e8 xmlns=""><e9 xmlns:a="http://www.ietf.org"></e9></e8></e7></e6></doc>"#
        );
        // Section 3.4: character references and entities in text and attributes.
        let doc = parse(b"<doc><text>First line&#x0d;&#10;Second line</text><value>&#x32;</value><compute><![CDATA[value>\"0\" && value<\"10\" ?\"valid\":\"error\"]]></compute><norm attr=' &apos;   &#x20;&#13;&#xa;&#9;   &apos; '/></doc>").unwrap();
        assert_eq!(
            document(&doc, INC, None),
            "<doc><text>First line&#xD;\nSecond line</text><value>2</value><compute>value&gt;\"0\" &amp;&amp; value&lt;\"10\" ?\"valid\":\"error\"</compute><norm attr=\" '    &#xD;&#xA;&#x9;   ' \"></norm></doc>"
        );
    }

    #[test]
    fn exclusive_renders_only_visibly_used_namespaces() {
        let doc =
            parse(br#"<a:root xmlns:a="urn:a" xmlns:b="urn:b" xmlns:c="urn:c"><b:child c:attr="1"><a:leaf/></b:child></a:root>"#).unwrap();
        let child = doc.root.child("child").unwrap();
        let scope = doc.root.scope(&Scope::new());
        assert_eq!(
            element(child, &scope, EXC, None),
            r#"<b:child xmlns:b="urn:b" xmlns:c="urn:c" c:attr="1"><a:leaf xmlns:a="urn:a"></a:leaf></b:child>"#
        );
        assert_eq!(
            element(child, &scope, INC, None),
            r#"<b:child xmlns:a="urn:a" xmlns:b="urn:b" xmlns:c="urn:c" c:attr="1"><a:leaf></a:leaf></b:child>"#,
            "inclusive C14N of a subset renders the namespaces in scope"
        );
    }

    #[test]
    fn refuses_what_it_must_not_read() {
        assert!(parse(b"<!DOCTYPE x [<!ENTITY e \"boom\">]><x>&e;</x>").is_err(), "no DTD");
        assert!(parse(b"<x>&e;</x>").is_err(), "no unknown entity");
        assert!(parse(b"<x><y></x>").is_err());
        assert!(parse(b"<x/><y/>").is_err());
        for at in 0..17 {
            for (byte, allowed) in [(0u8, false), (0x1b, false), (0x1f, false), (b'\t', true), (b'\n', true), (b'\r', true), (0x7f, true)] {
                let mut text = vec![b'a'; 17];
                text[at] = byte;
                assert_eq!(ascii_refused(&text), (!allowed).then_some(byte), "{byte:#x} at {at}");
            }
        }
        let many = format!("<r>{}</r>", "<a/>".repeat(MAX_ELEMENTS));
        let said = parse(many.as_bytes()).unwrap_err().to_string();
        assert!(said.contains("too many to read safely"), "{said}");
        let enough = format!("<r>{}</r>", "<a/>".repeat(MAX_ELEMENTS - 1));
        assert!(parse(enough.as_bytes()).is_ok(), "the root and {} more are within the cap", MAX_ELEMENTS - 1);
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert!(parse(deep.as_bytes()).is_err(), "depth cap");
    }

    const SVG11: &str = r#"<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">"#;

    #[test]
    fn a_doctype_naming_an_external_dtd_is_read_past_only_when_asked() {
        let svg = format!("<?xml version=\"1.0\"?>\r\n{SVG11}\r\n<svg xmlns=\"http://www.w3.org/2000/svg\"><g/></svg>");
        let err = parse(svg.as_bytes()).unwrap_err();
        assert!(err.0.contains("DOCTYPE"), "the strict reader (trusted lists, signatures) still refuses any DOCTYPE: {err}");
        let doc = parse_with(svg.as_bytes(), Doctype::ExternalIdOnly).expect("the SVG 1.1 DOCTYPE only names a DTD");
        assert_eq!(doc.root.name, "svg", "the document past the DOCTYPE is read as usual");
        for ok in ["<!DOCTYPE svg><svg/>", "<!DOCTYPE svg SYSTEM 'svg.dtd'><svg/>", "<!DOCTYPE  svg  PUBLIC 'a' \"b\" ><svg/>"] {
            assert!(parse_with(ok.as_bytes(), Doctype::ExternalIdOnly).is_ok(), "{ok} names a DTD and nothing else");
        }
    }

    #[test]
    fn an_internal_subset_or_an_unknown_entity_is_refused_even_so() {
        let cases = [
            ("<!DOCTYPE svg [<!ENTITY e \"boom\">]><svg>&e;</svg>", "internal subset"),
            ("<!DOCTYPE svg[<!ENTITY e \"boom\">]><svg/>", "internal subset"),
            ("<!DOCTYPE svg SYSTEM \"x.dtd\" [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><svg>&e;</svg>", "internal subset"),
            ("<!DOCTYPE svg PUBLIC \"a\"><svg/>", "PUBLIC"),
            ("<!DOCTYPE svg SYSTEM><svg/>", "SYSTEM"),
            ("<!DOCTYPE svg junk><svg/>", "more than a name"),
            // No DTD is read, so its entities are unknown: `&nbsp;` is not XML's.
            (&format!("{SVG11}<svg>&nbsp;</svg>"), "`nbsp` is not one of XML's own"),
            ("<svg/><!DOCTYPE svg>", "not at the start"),
            ("<!DOCTYPE svg><!DOCTYPE svg><svg/>", "not at the start"),
        ];
        for (xml, why) in cases {
            let err = parse_with(xml.as_bytes(), Doctype::ExternalIdOnly).expect_err(xml);
            assert!(err.0.contains(why), "{xml} is refused because of the {why}, said so: {err}");
        }
    }

    #[test]
    fn what_xml_does_not_allow_in_content_is_refused() {
        // Found by the `baked` fuzzer: quick-xml alone reads these.
        let cases = [
            ("<x>a]]>b</x>", "`]]>` outside a CDATA section"),
            ("<x>a\u{1}b</x>", "U+0001"),
            ("<x a='\0'/>", "U+0000"),
            ("<x>&#1;</x>", "U+0001"),
            ("<x>\u{ffff}</x>", "U+FFFF"),
            ("<x a='1<2'/>", "holds `<`"),
        ];
        for (xml, why) in cases {
            let err = parse(xml.as_bytes()).expect_err(xml);
            assert!(err.0.contains(why), "{xml:?} is refused because of the {why}, said so: {err}");
        }
        let fine = parse("<x a='1>2 ]]>'>\t]]&gt; &#x9;<![CDATA[]]]]><![CDATA[>]]></x>".as_bytes()).expect("all allowed");
        assert_eq!(fine.root.text(), "\t]]> \t]]>", "escaped or split, `]]>` is text");
    }
}
