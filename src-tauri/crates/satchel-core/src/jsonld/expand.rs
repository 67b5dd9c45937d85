//! The fast path: JSON-LD 1.1 Expansion and Deserialize JSON-LD to RDF in
//! one pass, straight from the document to quads, over the part of JSON-LD
//! that credentials use. It returns a dataset only when it is sure the
//! result is the one a JSON-LD processor gives; anything else is a
//! [`Fallback`] and oxjsonld processes the document.
//!
//! Supported: node objects (nested, with `@id` and `@type`), strings,
//! booleans, integers, term `@type` mappings to `@id`, `@vocab` and
//! datatypes, `@set`, `@list` and `@graph` containers, type-scoped and
//! property-scoped contexts, embedded contexts. Not supported (fallback):
//! value, list, set and graph objects written out in the document, `@json`,
//! `@reverse`, `@nest`, `@index`, `@included`, languages, blank node
//! identifiers, relative IRIs, non-integer numbers.
//!
//! See: <https://www.w3.org/TR/json-ld11-api/#expansion-algorithm> and
//! <https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm>

use std::sync::Arc;

use oxrdf::vocab::{rdf, xsd};
use oxrdf::{
    BlankNode, Dataset, GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, QuadRef, Term,
    TermRef,
};
use serde_json::{Map, Value};

use super::active_context::{ActiveContext, Expanded, Fallback, Fast, TermDefinition, TypeMapping, MAX_DEPTH};
use super::MAX_QUADS;

/// Integers beyond this are left to oxjsonld (JSON-LD processors disagree
/// on numbers a double cannot hold exactly).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// The RDF dataset of `document`, or [`Fallback`] when the document is
/// outside the subset or JSON-LD would report an error.
pub(crate) fn to_rdf(document: &Value) -> Fast<Dataset> {
    let Value::Object(element) = document else { return Err(Fallback("the document is not an object")) };
    let mut rdf = ToRdf { dataset: Dataset::new() };
    rdf.node(&ActiveContext::root(), None, element, &GraphName::DefaultGraph, 0)?;
    Ok(rdf.dataset)
}

/// The dataset being filled.
struct ToRdf {
    dataset: Dataset,
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
                return Err(Fallback("arrays nested too deep"));
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

impl ToRdf {
    fn emit<'a>(
        &mut self,
        subject: impl Into<NamedOrBlankNodeRef<'a>>,
        predicate: impl Into<NamedNodeRef<'a>>,
        object: impl Into<TermRef<'a>>,
        graph: impl Into<GraphNameRef<'a>>,
    ) -> Fast<()> {
        self.dataset.insert(QuadRef::new(subject, predicate, object, graph));
        if self.dataset.len() > MAX_QUADS {
            return Err(Fallback("too many quads"));
        }
        Ok(())
    }

    /// A node object (Expansion steps 7 to 13) and its statements in
    /// `graph`. `property` is the active property's definition in `active`.
    fn node(
        &mut self,
        active: &Arc<ActiveContext>,
        property: Option<&Arc<TermDefinition>>,
        element: &Map<String, Value>,
        graph: &GraphName,
        depth: usize,
    ) -> Fast<NamedOrBlankNode> {
        if depth > MAX_DEPTH {
            return Err(Fallback("node objects nested too deep"));
        }
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
            context = context.with_embedded(local)?;
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
            let expanded = context.expand_iri(key, true)?;
            if (expanded == Expanded::Keyword("@type")) != type_keys.contains(&key.as_str()) {
                return Err(Fallback("a key whose meaning type-scoped contexts change"));
            }
            match expanded {
                // JSON-LD drops the key and its value; oxjsonld still emits
                // the types of node objects inside such a value.
                Expanded::Relative if holds_object(value) => return Err(Fallback("a dropped key over node objects")),
                Expanded::Relative => {}
                Expanded::Keyword("@id") => {
                    let Value::String(id) = value else { return Err(Fallback("an @id that is not a string")) };
                    if subject.replace(NamedOrBlankNode::from(reference(&context, id)?)).is_some() {
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
        }
        let subject = subject.unwrap_or_else(|| BlankNode::default().into());
        if let Some(types) = types {
            for t in strings(types)? {
                let Expanded::Iri(iri) = type_scoped.expand_iri(t, true)? else {
                    return Err(Fallback("a type that is not an absolute IRI"));
                };
                self.emit(&subject, rdf::TYPE, &absolute(&iri)?, graph)?;
            }
        }
        for (key, predicate, value) in properties {
            let statement = Statement { subject: &subject, predicate: &predicate, graph };
            self.property(&context, key, value, &statement, depth)?;
        }
        Ok(subject)
    }

    /// The values of one property of a node (Expansion step 13.9 to 13.12).
    fn property(&mut self, active: &Arc<ActiveContext>, key: &str, value: &Value, at: &Statement<'_>, depth: usize) -> Fast<()> {
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
                self.node(active, definition, element, &name.into(), depth + 1)?;
            } else {
                let object = self.object(active, key, definition, item, at.graph, depth)?;
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
        item: &Value,
        graph: &GraphName,
        depth: usize,
    ) -> Fast<Term> {
        if let Value::Object(element) = item {
            return Ok(self.node(active, definition, element, graph, depth + 1)?.into());
        }
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
            (Value::String(s), Some(TypeMapping::Id)) => reference(active, s)?.into(),
            (Value::String(s), Some(TypeMapping::Vocab)) => match active.expand_iri(s, true)? {
                Expanded::Iri(iri) => absolute(&iri)?.into(),
                _ => return Err(Fallback("a @vocab value that is not an absolute IRI")),
            },
            (Value::String(s), Some(TypeMapping::Datatype(datatype))) => Literal::new_typed_literal(s.as_str(), datatype.clone()).into(),
            (Value::String(s), None) => Literal::new_simple_literal(s.as_str()).into(),
            (_, Some(_)) => return Err(Fallback("a non-string value under a typed term")),
            (Value::Bool(b), None) => Literal::new_typed_literal(if *b { "true" } else { "false" }, xsd::BOOLEAN).into(),
            (Value::Number(n), None) => match n.as_i64().filter(|i| i.unsigned_abs() <= MAX_SAFE_INTEGER) {
                Some(i) => Literal::new_typed_literal(i.to_string(), xsd::INTEGER).into(),
                None => return Err(Fallback("a number that is not a safe integer")),
            },
            _ => return Err(Fallback("a value outside the subset")),
        };
        Ok(term)
    }
}
