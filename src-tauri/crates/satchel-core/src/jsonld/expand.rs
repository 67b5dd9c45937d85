//! The fast path: JSON-LD 1.1 Expansion and Deserialize JSON-LD to RDF in
//! one pass, straight from the document to quads, over the part of JSON-LD
//! that credentials use. It returns a dataset only when it is sure the
//! result is the one a JSON-LD processor gives; anything else is a
//! [`Fallback`] (in the lenient mode the tests and the fuzzer compare with
//! oxjsonld).
//!
//! Supported: node objects (nested, with `@id` and `@type`), strings,
//! booleans and numbers (under datatypes too), term `@type` mappings to
//! `@id`, `@vocab` and datatypes, `@set`, `@list` and `@graph` containers,
//! type-scoped and property-scoped contexts (a bundled term's scoped `null`
//! included), embedded contexts, `@vocab: null`. Not supported (fallback):
//! value, list, set and graph objects written out in the document, `@json`,
//! `@reverse`, `@nest`, `@index`, `@included`, languages, blank node
//! identifiers, relative IRIs, integers beyond 2^53.
//!
//! Strict mode ([`to_rdf_strict`]) is what verification uses: the document
//! must be in the one plain compacted form in which each JSON key the
//! checks and the learning view read is exactly one signed statement, and
//! each node reference is the IRI it stands for, written out.
//! Everything outside the subset is then a [`Refusal`], never a fallback,
//! and so is every other spelling of the same graph: a keyword written as a
//! key (`@id`, `@value`, `@index`, `@included`, `@reverse`, ...), a full or
//! compact IRI as a key, a type written as the IRI of a bundled term, an
//! inline context that redefines a bundled term or names one of its IRIs
//! again, and a node the checks judge (the credential itself, a status
//! entry) described in more than one place. Keys that no context defines
//! are collected ("safe mode"), whatever `@vocab` the document set or
//! removed.
//!
//! See: <https://www.w3.org/TR/json-ld11-api/#expansion-algorithm> and
//! <https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm>

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use oxrdf::vocab::{rdf, xsd};
use oxrdf::{
    BlankNode, Dataset, GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, QuadRef, Term,
    TermRef,
};
use serde_json::{Map, Value};

use super::active_context::{
    bundled_iris, spend, start_budget, ActiveContext, Expanded, Fallback, Fast, TermDefinition, TypeMapping, MAX_DEPTH, TOO_DEEP,
    TOO_MANY_QUADS, TOO_MUCH_WORK,
};
use super::MAX_QUADS;

/// Integers beyond this are left to oxjsonld (JSON-LD processors disagree
/// on numbers a double cannot hold exactly).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// The IRI of `credentialStatus` (VCDM 1.1 and 2.0 alike): its entries are
/// nodes the status check judges.
const CREDENTIAL_STATUS: &str = "https://www.w3.org/2018/credentials#credentialStatus";

/// Most undefined terms listed (the rest are counted, not named).
const MAX_UNDEFINED_LISTED: usize = 64;

/// The RDF dataset of `document`, or [`Fallback`] when the document is
/// outside the subset or JSON-LD would report an error.
#[cfg_attr(not(any(test, feature = "fuzzing")), allow(dead_code))]
pub(crate) fn to_rdf(document: &Value) -> Fast<Dataset> {
    let Value::Object(element) = document else { return Err(Fallback("the document is not an object")) };
    start_budget();
    let mut rdf = ToRdf::new(false);
    rdf.node(&ActiveContext::root(), None, element, &GraphName::DefaultGraph, 0, true)?;
    Ok(rdf.dataset)
}

/// Why strict mode does not read a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not the plain compacted form: `why`, at the JSON path `at`
    /// (keys joined by dots; empty at the top).
    NotPlain { at: String, why: String },
    /// Deeper, larger or more work than the caps allow.
    TooComplex(String),
}

/// What strict mode read: the dataset, and the keys and types no context
/// defines (sorted, unique; JSON-LD would drop them).
pub(crate) struct Strict {
    pub dataset: Dataset,
    pub undefined: Vec<String>,
}

/// The RDF dataset of `document` in strict mode (see the module docs).
pub(crate) fn to_rdf_strict(document: &Value) -> Result<Strict, Refusal> {
    let Value::Object(element) = document else {
        return Err(Refusal::NotPlain { at: String::new(), why: "the document is not a JSON object".into() });
    };
    start_budget();
    let mut rdf = ToRdf::new(true);
    let result = rdf.node(&ActiveContext::root(), None, element, &GraphName::DefaultGraph, 0, true).and_then(|_| rdf.described_once());
    match result {
        Ok(()) => {
            let mut undefined: Vec<String> = std::mem::take(&mut rdf.undefined).into_iter().collect();
            if rdf.undefined_more > 0 {
                undefined.push(format!("and {} more", rdf.undefined_more));
            }
            Ok(Strict { dataset: rdf.dataset, undefined })
        }
        Err(Fallback(why)) => {
            let at = rdf.path.join(".");
            Err(match rdf.refusal.take() {
                Some(why) => Refusal::NotPlain { at, why },
                None if [TOO_DEEP, TOO_MUCH_WORK, TOO_MANY_QUADS].contains(&why) => Refusal::TooComplex(match why {
                    w if w == TOO_MUCH_WORK => format!("over {} steps of JSON-LD expansion", super::active_context::MAX_WORK),
                    w if w == TOO_MANY_QUADS => format!("over {} statements", super::MAX_QUADS),
                    _ => format!("nested over {MAX_DEPTH} deep"),
                }),
                None => Refusal::NotPlain { at, why: why.to_string() },
            })
        }
    }
}

/// Where a named node is described (strict mode).
#[derive(Default)]
struct Described {
    count: usize,
    /// The first two places, as JSON paths.
    at: Vec<String>,
    /// One of its descriptions is the top node of its graph.
    top: bool,
}

/// The dataset being filled.
struct ToRdf<'d> {
    dataset: Dataset,
    strict: bool,
    /// The keys from the top down to the one being read: where a refusal
    /// happened, since an error leaves it as it was.
    path: Vec<&'d str>,
    /// The plain-words reason of a strict-mode refusal.
    refusal: Option<String>,
    undefined: BTreeSet<String>,
    undefined_more: usize,
    described: HashMap<(GraphName, NamedNode), Described>,
    /// Status entries: judged by the status check, so described once.
    judged: HashSet<(GraphName, NamedNode)>,
}

/// Where a property's values go.
struct Statement<'a> {
    subject: &'a NamedOrBlankNode,
    predicate: &'a NamedNode,
    graph: &'a GraphName,
}

fn absolute(iri: &str) -> Fast<NamedNode> {
    NamedNode::new(iri).map_err(|_| Fallback("an invalid IRI"))
}

/// A node reference (`@id`, or a string under `@type: @id`): compact IRIs
/// expand, terms do not, and there is no base IRI for relative ones.
fn reference(active: &ActiveContext, value: &str) -> Fast<NamedNode> {
    match active.expand_iri(value, false)? {
        Expanded::Iri(iri) => absolute(&iri),
        _ => Err(Fallback("a node reference that is not an absolute IRI")),
    }
}

/// A string or an array of strings (the values of `@type`).
fn strings(value: &Value) -> Fast<Vec<&str>> {
    match value {
        Value::String(s) => Ok(vec![s.as_str()]),
        Value::Array(items) => items.iter().map(|v| v.as_str().ok_or(Fallback("a @type value that is not a string"))).collect(),
        _ => Err(Fallback("a @type value that is not a string")),
    }
}

/// A JSON number's canonical RDF form (JSON-LD 1.1 Object to RDF, steps
/// 10 and 11): integral values below 10^21 as xsd:integer digits, others
/// (or all, when `double`) as a canonical xsd:double (`7.5E0`, `1.0E-1`).
/// `true` when the double form was used. Integers beyond 2^53 are left out
/// (processors disagree on numbers a double cannot hold exactly).
fn number(n: &serde_json::Number, double: bool) -> Fast<(String, bool)> {
    if (n.is_i64() || n.is_u64()) && n.as_i64().is_none_or(|i| i.unsigned_abs() > MAX_SAFE_INTEGER) {
        return Err(Fallback("a number that is not a safe integer"));
    }
    let text = n.to_string();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (mantissa, exponent) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let mut exponent: i64 = exponent.trim_start_matches('+').parse().map_err(|_| Fallback("a number out of range"))?;
    let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // All significant digits, and where the decimal point sits among them.
    let mut digits: String = format!("{integer}{fraction}");
    exponent += integer.len() as i64;
    let leading = digits.len() - digits.trim_start_matches('0').len();
    digits.drain(..leading);
    exponent -= leading as i64;
    digits.truncate(digits.trim_end_matches('0').len());
    let sign = if negative && !digits.is_empty() { "-" } else { "" };
    if digits.is_empty() {
        return Ok(if double { (format!("{sign}0.0E0"), true) } else { ("0".into(), false) });
    }
    let count = digits.len() as i64;
    if !double && exponent >= count && exponent < 21 {
        return Ok((format!("{sign}{digits}{}", "0".repeat((exponent - count) as usize)), false));
    }
    let (first, rest) = digits.split_at(1);
    let rest = if rest.is_empty() { "0" } else { rest };
    Ok((format!("{sign}{first}.{rest}E{}", exponent - 1), true))
}

fn holds_object(value: &Value) -> bool {
    match value {
        Value::Object(_) => true,
        Value::Array(items) => items.iter().any(holds_object),
        _ => false,
    }
}

/// A property's values, arrays flattened and nulls dropped.
fn flatten<'v>(value: &'v Value, list: bool, out: &mut Vec<&'v Value>, depth: usize) -> Fast<()> {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            if depth > MAX_DEPTH {
                return Err(Fallback(TOO_DEEP));
            }
            for item in items {
                match item {
                    Value::Array(_) if list => return Err(Fallback("a list of lists")),
                    _ => flatten(item, list, out, depth + 1)?,
                }
            }
        }
        other => out.push(other),
    }
    Ok(())
}

/// `@` and letters: a keyword (or what JSON-LD treats as one).
fn keyword_form(key: &str) -> bool {
    key.starts_with('@')
}

impl<'d> ToRdf<'d> {
    fn new(strict: bool) -> Self {
        ToRdf {
            dataset: Dataset::new(),
            strict,
            path: Vec::new(),
            refusal: None,
            undefined: BTreeSet::new(),
            undefined_more: 0,
            described: HashMap::new(),
            judged: HashSet::new(),
        }
    }

    /// A node reference ([`reference`]); in strict mode written as the
    /// very IRI it stands for. A compact IRI (`"rev:1"` under a prefix
    /// `rev` = `urn:uuid:`) is the same statement as `urn:uuid:1`, but a
    /// check that reads the string (a credential id looked up in a
    /// revocation list, a subject compared with the holder, a URL fetched)
    /// would read something else than what is signed.
    fn reference(&mut self, active: &ActiveContext, value: &str) -> Fast<NamedNode> {
        let iri = reference(active, value)?;
        if self.strict && iri.as_str() != value {
            return self.refuse(format!("the IRI `{}` is written in a shortened form (`{value}`)", iri.as_str()));
        }
        Ok(iri)
    }

    /// Stops strict mode with `why` (the path says where).
    fn refuse<T>(&mut self, why: String) -> Fast<T> {
        self.refusal = Some(why);
        Err(Fallback("refused"))
    }

    fn note_undefined(&mut self, term: &str) {
        if self.undefined.len() < MAX_UNDEFINED_LISTED {
            self.undefined.insert(term.to_string());
        } else if !self.undefined.contains(term) {
            self.undefined_more += 1;
        }
    }

    /// Strict mode: `key` must be a term of `active` (or `@context`, which
    /// the caller skips), never a keyword or an IRI written out; a key
    /// that `@vocab` maps must not land on a bundled term's IRI.
    fn vet_key(&mut self, active: &ActiveContext, key: &str, expanded: &Expanded<'_>) -> Fast<()> {
        if keyword_form(key) {
            return self.refuse("a keyword is written as a key".into());
        }
        if let Some(definition) = active.term(key) {
            // A class name as a key, where a property term has its IRI:
            // the same statement, under a key no check or screen reads.
            if key.starts_with(|c: char| c.is_ascii_uppercase()) {
                if let Some(property) =
                    active.other_term_for(&definition.iri, key).filter(|t| t.starts_with(|c: char| c.is_ascii_lowercase()))
                {
                    return self.refuse(format!("the type name `{key}` is written as a key for `{property}`"));
                }
            }
            return Ok(());
        }
        if key.contains(':') {
            return self.refuse("a full IRI is written as a key".into());
        }
        if let Expanded::Iri(iri) = expanded {
            if bundled_iris().contains(iri.as_ref()) {
                return self.refuse(format!("a key stands, through a vocabulary, for the bundled term `{iri}`"));
            }
        }
        Ok(())
    }

    /// Strict mode: an inline context (`local`, applied to `before` to give
    /// `after`) may define new terms, never redefine a bundled one, alias a
    /// keyword, or give a new name to an IRI a bundled term maps.
    fn vet_inline_context(&mut self, before: &ActiveContext, after: &ActiveContext, local: &Map<String, Value>) -> Fast<()> {
        for term in local.keys().filter(|k| !keyword_form(k)) {
            if before.term(term).is_some_and(|d| d.is_bundled()) {
                return self.refuse(format!("the document's own context redefines the term `{term}`"));
            }
            let Some(definition) = after.term(term) else { continue };
            if definition.is_keyword() {
                return self.refuse(format!("the document's own context makes `{term}` stand for `{}`", definition.iri));
            }
            if bundled_iris().contains(&definition.iri) {
                return self
                    .refuse(format!("the document's own context gives `{term}` the meaning of a bundled term (`{}`)", definition.iri));
            }
        }
        Ok(())
    }

    /// Applies a node's `@context`, vetting each inline context in strict mode.
    fn embedded(&mut self, active: Arc<ActiveContext>, local: &Value) -> Fast<Arc<ActiveContext>> {
        if !self.strict {
            return active.with_embedded(local);
        }
        let items = match local {
            Value::Array(items) => items.as_slice(),
            one => std::slice::from_ref(one),
        };
        let mut context = active;
        for item in items {
            let before = context.clone();
            context = context.with_embedded(item)?;
            if let Value::Object(map) = item {
                self.vet_inline_context(&before, &context, map)?;
            }
        }
        Ok(context)
    }

    /// Strict mode: a node the checks judge (the top node of a graph, a
    /// status entry) described in more than one place could carry in one
    /// place what a check reads in the other.
    fn described_once(&mut self) -> Fast<()> {
        let twice = self.described.iter().find(|(key, d)| d.count > 1 && (d.top || self.judged.contains(*key)));
        if let Some(((_, node), d)) = twice {
            let places: Vec<String> = d.at.iter().map(|a| if a.is_empty() { "the top level".into() } else { format!("`{a}`") }).collect();
            let why = format!("the node `{}` is described in more than one place ({})", node.as_str(), places.join(" and "));
            self.path.clear();
            return self.refuse(why);
        }
        Ok(())
    }

    fn emit<'a>(
        &mut self,
        subject: impl Into<NamedOrBlankNodeRef<'a>>,
        predicate: impl Into<NamedNodeRef<'a>>,
        object: impl Into<TermRef<'a>>,
        graph: impl Into<GraphNameRef<'a>>,
    ) -> Fast<()> {
        self.dataset.insert(QuadRef::new(subject, predicate, object, graph));
        if self.dataset.len() > MAX_QUADS {
            return Err(Fallback(TOO_MANY_QUADS));
        }
        Ok(())
    }

    /// A node object (Expansion steps 7 to 13) and its statements in
    /// `graph`. `property` is the active property's definition in `active`;
    /// `top`: the node is the top of its graph (the document, a graph
    /// container's value).
    fn node(
        &mut self,
        active: &Arc<ActiveContext>,
        property: Option<&Arc<TermDefinition>>,
        element: &'d Map<String, Value>,
        graph: &GraphName,
        depth: usize,
        top: bool,
    ) -> Fast<NamedOrBlankNode> {
        if depth > MAX_DEPTH {
            return Err(Fallback(TOO_DEEP));
        }
        spend(1 + element.len())?;
        let mut context = active.clone();
        // A type-scoped context does not reach nested node objects, unless
        // the object is a lone node reference.
        if let Some(previous) = &active.previous {
            let lone_id = element.len() == 1 && element.keys().all(|k| matches!(active.expand_iri(k, true), Ok(Expanded::Keyword("@id"))));
            if !lone_id {
                context = previous.clone();
            }
        }
        if let Some(scoped) = property.and_then(|d| d.context.as_ref()) {
            context = context.with_scoped(scoped, false)?;
        }
        if let Some(local) = element.get("@context") {
            self.path.push("@context");
            context = self.embedded(context, local)?;
            self.path.pop();
        }
        // Type-scoped contexts, by the types in order, each looked up in
        // the context as it was before any of them.
        let type_scoped = context.clone();
        let mut type_keys: Vec<&str> = Vec::new();
        for key in element.keys() {
            if key != "@context" && type_scoped.expand_iri(key, true)? == Expanded::Keyword("@type") {
                type_keys.push(key);
            }
        }
        type_keys.sort_unstable();
        for key in &type_keys {
            let mut terms = strings(&element[*key])?;
            terms.sort_unstable();
            for term in terms {
                if let Some(scoped) = type_scoped.term(term).and_then(|d| d.context.as_ref()) {
                    context = context.with_scoped(scoped, true)?;
                }
            }
        }

        let mut subject = None;
        let mut types = None;
        let mut properties = Vec::with_capacity(element.len());
        for (key, value) in element {
            if key == "@context" {
                continue;
            }
            self.path.push(key);
            let expanded = context.expand_iri(key, true)?;
            if self.strict {
                self.vet_key(&context, key, &expanded)?;
            }
            if (expanded == Expanded::Keyword("@type")) != type_keys.contains(&key.as_str()) {
                return Err(Fallback("a key whose meaning type-scoped contexts change"));
            }
            match expanded {
                // Safe mode: a key JSON-LD would drop is named, and what
                // it holds is not read.
                Expanded::Relative if self.strict => self.note_undefined(key),
                // JSON-LD drops the key and its value; oxjsonld still emits
                // the types of node objects inside such a value.
                Expanded::Relative if holds_object(value) => return Err(Fallback("a dropped key over node objects")),
                Expanded::Relative => {}
                Expanded::Keyword("@id") => {
                    let Value::String(id) = value else { return Err(Fallback("an @id that is not a string")) };
                    if subject.replace(NamedOrBlankNode::from(self.reference(&context, id)?)).is_some() {
                        return Err(Fallback("two @id entries"));
                    }
                }
                Expanded::Keyword("@type") => {
                    if types.replace(value).is_some() {
                        return Err(Fallback("two @type entries"));
                    }
                }
                Expanded::Keyword(_) => return Err(Fallback("a keyword outside the subset")),
                Expanded::Iri(iri) => properties.push((key.as_str(), absolute(&iri)?, value)),
            }
            self.path.pop();
        }
        let described = types.is_some() || !properties.is_empty();
        let subject = subject.unwrap_or_else(|| BlankNode::default().into());
        if let Some(types) = types {
            for t in strings(types)? {
                spend(1)?;
                let expanded = type_scoped.expand_iri(t, true)?;
                if self.strict && type_scoped.term(t).is_none() {
                    match &expanded {
                        Expanded::Iri(iri) if bundled_iris().contains(iri.as_ref()) => {
                            return self.refuse(format!("the type `{t}` is written as the IRI of a bundled term"));
                        }
                        Expanded::Relative => {
                            self.note_undefined(t);
                            continue;
                        }
                        _ => {}
                    }
                }
                let Expanded::Iri(iri) = expanded else {
                    return Err(Fallback("a type that is not an absolute IRI"));
                };
                self.emit(&subject, rdf::TYPE, &absolute(&iri)?, graph)?;
            }
        }
        if let (true, true, NamedOrBlankNode::NamedNode(named)) = (self.strict, described, &subject) {
            let at = self.path.join(".");
            let entry = self.described.entry((graph.clone(), named.clone())).or_default();
            entry.count += 1;
            entry.top |= top;
            if entry.at.len() < 2 {
                entry.at.push(at);
            }
        }
        for (key, predicate, value) in properties {
            self.path.push(key);
            let statement = Statement { subject: &subject, predicate: &predicate, graph };
            self.property(&context, key, value, &statement, depth)?;
            self.path.pop();
        }
        Ok(subject)
    }

    /// The values of one property of a node (Expansion step 13.9 to 13.12).
    fn property(&mut self, active: &Arc<ActiveContext>, key: &str, value: &'d Value, at: &Statement<'_>, depth: usize) -> Fast<()> {
        let definition = active.term(key);
        if definition.is_some_and(|d| d.type_mapping == Some(TypeMapping::Json)) {
            return Err(Fallback("a @json value"));
        }
        let container = definition.map(|d| d.container).unwrap_or_default();
        if value.is_null() {
            return Ok(());
        }
        let mut items = Vec::new();
        flatten(value, container.list, &mut items, depth)?;
        if container.list {
            let mut objects = Vec::with_capacity(items.len());
            for item in items {
                objects.push(self.object(active, key, definition, item, at.graph, depth)?);
            }
            return self.list(&objects, at);
        }
        for item in items {
            if container.graph {
                // Each value is a graph object: a named graph with a fresh
                // blank node name that the property points at.
                let Value::Object(element) = item else { return Err(Fallback("a value in a graph container that is not an object")) };
                let name = BlankNode::default();
                self.emit(at.subject, at.predicate, &name, at.graph)?;
                self.node(active, definition, element, &name.into(), depth + 1, true)?;
            } else {
                let object = self.object(active, key, definition, item, at.graph, depth)?;
                if let (true, Term::NamedNode(entry)) = (self.strict && at.predicate.as_str() == CREDENTIAL_STATUS, &object) {
                    self.judged.insert((at.graph.clone(), entry.clone()));
                }
                self.emit(at.subject, at.predicate, &object, at.graph)?;
            }
        }
        Ok(())
    }

    /// An `rdf:first`/`rdf:rest` list of `objects`.
    fn list(&mut self, objects: &[Term], at: &Statement<'_>) -> Fast<()> {
        let nodes: Vec<BlankNode> = objects.iter().map(|_| BlankNode::default()).collect();
        let head: TermRef<'_> = nodes.first().map_or(rdf::NIL.into(), |n| n.as_ref().into());
        self.emit(at.subject, at.predicate, head, at.graph)?;
        for (i, (node, object)) in nodes.iter().zip(objects).enumerate() {
            self.emit(node, rdf::FIRST, object, at.graph)?;
            let next: TermRef<'_> = nodes.get(i + 1).map_or(rdf::NIL.into(), |n| n.as_ref().into());
            self.emit(node, rdf::REST, next, at.graph)?;
        }
        Ok(())
    }

    /// One value of a property: a node object, or a scalar through Value
    /// Expansion (after the property's scoped context, which applies to
    /// scalars too).
    fn object(
        &mut self,
        active: &Arc<ActiveContext>,
        key: &str,
        definition: Option<&Arc<TermDefinition>>,
        item: &'d Value,
        graph: &GraphName,
        depth: usize,
    ) -> Fast<Term> {
        if let Value::Object(element) = item {
            return Ok(self.node(active, definition, element, graph, depth + 1, false)?.into());
        }
        spend(1)?;
        let scoped;
        let (active, definition) = match definition.and_then(|d| d.context.as_ref()) {
            Some(context) => {
                scoped = active.with_scoped(context, false)?;
                (&scoped, scoped.term(key))
            }
            None => (active, definition),
        };
        let mapping = definition.and_then(|d| d.type_mapping.as_ref());
        let term: Term = match (item, mapping) {
            (Value::String(s), Some(TypeMapping::Id)) => self.reference(active, s)?.into(),
            (Value::String(s), Some(TypeMapping::Vocab)) => match active.expand_iri(s, true)? {
                Expanded::Iri(iri) => absolute(&iri)?.into(),
                _ => return Err(Fallback("a @vocab value that is not an absolute IRI")),
            },
            (Value::String(s), Some(TypeMapping::Datatype(datatype))) => Literal::new_typed_literal(s.as_str(), datatype.clone()).into(),
            (Value::String(s), None) => Literal::new_simple_literal(s.as_str()).into(),
            // A number under a datatype: its canonical form with that
            // datatype, as JSON-LD's Object to RDF gives it (`statusSize: 2`
            // and `"2"` are one statement; `creditsAvailable: 7.5` is
            // "7.5E0"^^xsd:float).
            (Value::Number(n), Some(TypeMapping::Datatype(datatype))) => {
                let (lexical, _) = number(n, datatype.as_ref() == xsd::DOUBLE)?;
                Literal::new_typed_literal(lexical, datatype.clone()).into()
            }
            (Value::Bool(b), Some(TypeMapping::Datatype(datatype))) => {
                Literal::new_typed_literal(if *b { "true" } else { "false" }, datatype.clone()).into()
            }
            (_, Some(_)) => return Err(Fallback("a non-string value under a typed term")),
            (Value::Bool(b), None) => Literal::new_typed_literal(if *b { "true" } else { "false" }, xsd::BOOLEAN).into(),
            (Value::Number(n), None) => match number(n, false)? {
                (lexical, false) => Literal::new_typed_literal(lexical, xsd::INTEGER).into(),
                (lexical, true) => Literal::new_typed_literal(lexical, xsd::DOUBLE).into(),
            },
            _ => return Err(Fallback("a value outside the subset")),
        };
        Ok(term)
    }
}
