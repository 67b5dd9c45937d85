//! Active contexts for the fast path: the JSON-LD 1.1 Context Processing and
//! Create Term Definition algorithms over the part of JSON-LD that
//! credentials and the bundled contexts use.
//!
//! A context derived only from bundled contexts (and the safe-mode probe) is
//! processed once and kept in a process-wide cache, keyed by the context it
//! was applied to and what was applied: a bundled URL, the probe, or a scoped
//! context that lives inside a cached context. Contexts written inline in a
//! document are processed on every expansion and nothing derived from them
//! is cached.
//!
//! Whatever this module does not handle, and every error JSON-LD would
//! report, ends in [`Fallback`]: oxjsonld then processes the document and
//! reports its own result.
//!
//! See: <https://www.w3.org/TR/json-ld11-api/#context-processing-algorithms>

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use oxrdf::NamedNode;
use serde_json::{Map, Value};

use super::PROBE_VOCAB;

/// The fast path gives up: the input is outside its subset, or JSON-LD
/// would report an error there. The reason is for tests and debugging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fallback(pub &'static str);

/// A result of the fast path.
pub(crate) type Fast<T> = Result<T, Fallback>;

/// Deepest nesting of contexts (remote inside remote) and of node objects
/// the fast path follows before it leaves the document to oxjsonld.
pub(crate) const MAX_DEPTH: usize = 64;

/// The steps one expansion may take (a node, a value, a term defined or
/// copied into a derived context): a document within the size cap can
/// still ask for work that grows faster than its size, such as a large
/// inline context copied into thousands of nested ones.
pub(crate) const MAX_WORK: usize = 200_000;

/// Why the fast path stopped on input that is too deep or too big; kept as
/// constants so that callers can tell them from other fallbacks.
pub(crate) const TOO_DEEP: &str = "nested too deep";
pub(crate) const TOO_MUCH_WORK: &str = "too much work";
pub(crate) const TOO_MANY_QUADS: &str = "too many quads";

thread_local! {
    /// The steps left to the expansion running on this thread. Contexts
    /// are processed inside the shared cache, far from the expansion that
    /// asked for them, so the budget lives beside the thread rather than
    /// in every signature.
    static WORK_LEFT: std::cell::Cell<usize> = const { std::cell::Cell::new(MAX_WORK) };
}

/// Starts a fresh budget for one expansion on this thread.
pub(crate) fn start_budget() {
    WORK_LEFT.with(|w| w.set(MAX_WORK));
}

/// Takes `steps` from the budget; [`TOO_MUCH_WORK`] when it runs out.
pub(crate) fn spend(steps: usize) -> Fast<()> {
    WORK_LEFT.with(|w| match w.get().checked_sub(steps) {
        Some(left) => {
            w.set(left);
            Ok(())
        }
        None => {
            w.set(0);
            Err(Fallback(TOO_MUCH_WORK))
        }
    })
}

/// More cached contexts than this and the cache starts over: only hostile
/// input reaches it (the bundle yields a few hundred at most).
const MAX_CACHED: usize = 4096;

fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The `@type` of a term definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TypeMapping {
    Id,
    Vocab,
    Json,
    Datatype(NamedNode),
}

/// The `@container` of a term definition, in the combinations supported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Container {
    pub list: bool,
    pub graph: bool,
    set: bool,
}

/// A term's own (scoped) context, kept as written until it is used.
#[derive(Debug)]
pub(crate) struct ScopedContext {
    id: u64,
    value: Value,
    /// It comes from a bundled context, so whatever it yields may be cached.
    cacheable: bool,
    /// The bundled context it is written in.
    origin: Option<&'static str>,
}

/// A term definition; its IRI mapping is an absolute IRI or a keyword.
#[derive(Debug)]
pub(crate) struct TermDefinition {
    /// The IRI mapping: an absolute IRI, or the keyword it aliases.
    pub iri: String,
    pub type_mapping: Option<TypeMapping>,
    pub container: Container,
    pub context: Option<Arc<ScopedContext>>,
    protected: bool,
    prefix: bool,
    /// The bundled context it was defined in (`None`: inline), which JSON-LD
    /// resolves its scoped context against.
    origin: Option<&'static str>,
}

impl TermDefinition {
    /// The same definition, protection aside (JSON-LD 1.1 allows that for a
    /// protected term). Scoped contexts are compared as JSON, and only
    /// between definitions from the same context document (their base URL
    /// could otherwise differ): oxjsonld decides the rest.
    fn same_as(&self, other: &TermDefinition) -> bool {
        fn context_value(d: &TermDefinition) -> Option<&Value> {
            d.context.as_ref().map(|c| &c.value)
        }
        self.iri == other.iri
            && self.type_mapping == other.type_mapping
            && self.container == other.container
            && self.prefix == other.prefix
            && context_value(self) == context_value(other)
            && (self.context.is_none() || self.origin == other.origin)
    }

    /// An alias of a keyword (`"id": "@id"`), not a property.
    pub fn is_keyword(&self) -> bool {
        self.iri.starts_with('@')
    }

    /// Defined by a bundled context (not by one the document wrote).
    pub fn is_bundled(&self) -> bool {
        self.origin.is_some()
    }
}

/// Every IRI a term of a bundled context maps to, scoped contexts
/// included: a document's own context must not give another name to one
/// of them, or a check that reads the bundled name would miss the statement.
pub(crate) fn bundled_iris() -> &'static std::collections::HashSet<String> {
    static IRIS: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    IRIS.get_or_init(|| {
        fn collect(active: &Arc<ActiveContext>, seen: &mut std::collections::HashSet<u64>, out: &mut std::collections::HashSet<String>) {
            for definition in active.terms.values() {
                if !definition.is_keyword() {
                    out.insert(definition.iri.clone());
                }
                if let Some(scoped) = &definition.context {
                    if seen.insert(scoped.id) {
                        if let Ok(inner) = active.with_scoped(scoped, false) {
                            collect(&inner, seen, out);
                        }
                    }
                }
            }
        }
        // Computed once, maybe in the middle of an expansion: its own
        // budget, and the expansion's left as it was.
        let left = WORK_LEFT.with(|w| w.get());
        let (mut seen, mut out) = (Default::default(), Default::default());
        for url in super::context_urls() {
            start_budget();
            if let Ok(active) = ActiveContext::root().with_embedded(&Value::String(url.to_string())) {
                collect(&active, &mut seen, &mut out);
            }
        }
        WORK_LEFT.with(|w| w.set(left));
        out
    })
}

/// What was applied to a cached context to get another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ContextKey {
    Bundled(&'static str),
    Probe,
    /// A scoped context, applied for a type (not propagated) or a property.
    Scoped {
        id: u64,
        type_scoped: bool,
    },
}

type Cache = Mutex<HashMap<(u64, ContextKey), Arc<ActiveContext>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// A processed context.
#[derive(Debug)]
pub(crate) struct ActiveContext {
    id: u64,
    terms: HashMap<String, Arc<TermDefinition>>,
    vocab: Option<String>,
    /// The context a type-scoped context was applied to: nested node
    /// objects go back to it.
    pub previous: Option<Arc<ActiveContext>>,
    /// Derived only from bundled contexts and the probe.
    cacheable: bool,
}

/// How a string IRI-expands (JSON-LD 1.1 IRI Expansion, over the subset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expanded<'a> {
    Keyword(&'a str),
    /// An absolute IRI (still to be validated by whoever makes a node of it).
    Iri(std::borrow::Cow<'a, str>),
    /// Not absolute: a key JSON-LD drops.
    Relative,
}

/// A JSON-LD 1.1 keyword.
fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "@base"
            | "@container"
            | "@context"
            | "@direction"
            | "@graph"
            | "@id"
            | "@import"
            | "@included"
            | "@index"
            | "@json"
            | "@language"
            | "@list"
            | "@nest"
            | "@none"
            | "@prefix"
            | "@propagate"
            | "@protected"
            | "@reverse"
            | "@set"
            | "@type"
            | "@value"
            | "@version"
            | "@vocab"
    )
}

/// `@` then letters only: JSON-LD ignores such terms with a warning.
fn has_keyword_form(s: &str) -> bool {
    s.strip_prefix('@').is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphabetic()))
}

fn ends_with_gen_delim(iri: &str) -> bool {
    iri.ends_with([':', '/', '?', '#', '[', ']', '@'])
}

fn absolute_iri(iri: &str) -> Fast<NamedNode> {
    NamedNode::new(iri).map_err(|_| Fallback("not an absolute IRI"))
}

impl ActiveContext {
    /// The empty context every document starts from.
    pub fn root() -> Arc<ActiveContext> {
        static ROOT: OnceLock<Arc<ActiveContext>> = OnceLock::new();
        ROOT.get_or_init(|| Arc::new(ActiveContext { id: next_id(), terms: HashMap::new(), vocab: None, previous: None, cacheable: true }))
            .clone()
    }

    /// Derived only from bundled contexts (and so cached).
    #[cfg(test)]
    pub fn is_cacheable(&self) -> bool {
        self.cacheable
    }

    /// The definition of `term`, if the context has one.
    pub fn term(&self, term: &str) -> Option<&Arc<TermDefinition>> {
        self.terms.get(term)
    }

    /// Another term than `term` with the same IRI mapping, if any (Open
    /// Badges 3.0 gives a class and a property one IRI: `Achievement` and
    /// `achievement`, `Result` and `result`, ...).
    pub fn other_term_for(&self, iri: &str, term: &str) -> Option<&str> {
        self.terms.iter().find(|(t, d)| t.as_str() != term && d.iri == iri).map(|(t, _)| t.as_str())
    }

    fn derive(&self, cacheable: bool) -> Fast<ActiveContext> {
        // Copying the terms is the cost of every context applied to a
        // node: a big inline context and many nested ones would square it.
        spend(self.terms.len())?;
        Ok(ActiveContext {
            id: next_id(),
            terms: self.terms.clone(),
            vocab: self.vocab.clone(),
            previous: self.previous.clone(),
            cacheable: self.cacheable && cacheable,
        })
    }

    fn cached(self: &Arc<Self>, key: ContextKey, process: impl FnOnce() -> Fast<ActiveContext>) -> Fast<Arc<ActiveContext>> {
        if !self.cacheable {
            return process().map(Arc::new);
        }
        if let Some(hit) = cache().lock().unwrap_or_else(|e| e.into_inner()).get(&(self.id, key)) {
            return Ok(hit.clone());
        }
        let processed = Arc::new(process()?);
        let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= MAX_CACHED {
            cache.clear();
        }
        Ok(cache.entry((self.id, key)).or_insert(processed).clone())
    }

    /// Applies a document's `@context` (at the top or in a nested node).
    pub fn with_embedded(self: &Arc<Self>, local: &Value) -> Fast<Arc<ActiveContext>> {
        let items = match local {
            Value::Array(items) => items.as_slice(),
            one => std::slice::from_ref(one),
        };
        let mut active = self.clone();
        for item in items {
            active = match item {
                Value::String(url) => {
                    let (url, _) = bundled(url)?;
                    active.cached(ContextKey::Bundled(url), || {
                        let mut result = active.derive(true)?;
                        result.apply(item, false, true, None, 0)?;
                        Ok(result)
                    })?
                }
                Value::Object(map) if map.len() == 1 && map.get("@vocab").and_then(Value::as_str) == Some(PROBE_VOCAB) => {
                    active.cached(ContextKey::Probe, || {
                        let mut result = active.derive(true)?;
                        result.apply(item, false, true, None, 0)?;
                        Ok(result)
                    })?
                }
                Value::Object(_) => {
                    let mut result = active.derive(false)?;
                    result.apply(item, false, false, None, 0)?;
                    Arc::new(result)
                }
                _ => return Err(Fallback("a null or non-object context")),
            };
        }
        Ok(active)
    }

    /// Applies a term's scoped context: for a type (not propagated to nested
    /// node objects, protected terms kept) or for a property (propagated,
    /// protected terms may be overridden).
    pub fn with_scoped(self: &Arc<Self>, scoped: &Arc<ScopedContext>, type_scoped: bool) -> Fast<Arc<ActiveContext>> {
        let process = || {
            let mut result = self.derive(scoped.cacheable)?;
            if type_scoped && result.previous.is_none() {
                result.previous = Some(self.clone());
            }
            result.apply(&scoped.value, !type_scoped, scoped.cacheable, scoped.origin, 0)?;
            Ok(result)
        };
        if scoped.cacheable {
            self.cached(ContextKey::Scoped { id: scoped.id, type_scoped }, process)
        } else {
            process().map(Arc::new)
        }
    }

    /// The Context Processing algorithm's loop over `local`, into `self`.
    fn apply(&mut self, local: &Value, override_protected: bool, cacheable: bool, origin: Option<&'static str>, depth: usize) -> Fast<()> {
        if depth > MAX_DEPTH {
            return Err(Fallback(TOO_DEEP));
        }
        let items = match local {
            Value::Array(items) => items.as_slice(),
            one => std::slice::from_ref(one),
        };
        for item in items {
            match item {
                Value::String(url) => {
                    let (url, loaded) = bundled(url)?;
                    // A remote context never overrides protected terms.
                    self.apply(&loaded, false, cacheable, Some(url), depth + 1)?;
                }
                Value::Object(map) => self.define_all(map, override_protected, cacheable, origin)?,
                // A bundled term's scoped `null` (VCDM 2.0's
                // `verifiableCredential`): a fresh context, so a credential
                // inside a presentation is read by its own contexts alone.
                Value::Null => {
                    if !override_protected && self.terms.values().any(|t| t.protected) {
                        return Err(Fallback("a null context over protected terms"));
                    }
                    self.terms.clear();
                    self.vocab = None;
                    self.previous = None;
                }
                _ => return Err(Fallback("a non-object context")),
            }
        }
        Ok(())
    }

    /// One local context object: its keywords, then every term.
    fn define_all(
        &mut self,
        local: &Map<String, Value>,
        override_protected: bool,
        cacheable: bool,
        origin: Option<&'static str>,
    ) -> Fast<()> {
        let mut protected = false;
        for (key, value) in local {
            match key.as_str() {
                "@version" if value.as_f64() == Some(1.1) && value.is_f64() => {}
                "@protected" => protected = value.as_bool().ok_or(Fallback("@protected is not a boolean"))?,
                // `@vocab: null` removes the vocabulary: keys it would have
                // mapped are then undefined, which safe mode refuses.
                "@vocab" if value.is_null() => {}
                "@vocab" => {
                    let Value::String(vocab) = value else { return Err(Fallback("@vocab is not a string")) };
                    let scheme = vocab.split(':').next().unwrap_or_default();
                    if !vocab.contains(':') || scheme == "_" || self.terms.contains_key(scheme) || local.contains_key(scheme) {
                        return Err(Fallback("@vocab is not an absolute IRI"));
                    }
                    absolute_iri(vocab)?;
                }
                k if k.starts_with('@') => return Err(Fallback("a context keyword outside the subset")),
                _ => {}
            }
        }
        match local.get("@vocab") {
            Some(Value::String(vocab)) => self.vocab = Some(vocab.clone()),
            Some(Value::Null) => self.vocab = None,
            _ => {}
        }
        spend(local.len())?;
        let mut defining = Defining { local, defined: HashMap::new(), protected, override_protected, cacheable, origin, depth: 0 };
        for term in local.keys() {
            if !term.starts_with('@') {
                self.define(&mut defining, term)?;
            }
        }
        Ok(())
    }

    /// Create Term Definition.
    fn define<'l>(&mut self, d: &mut Defining<'l>, term: &'l str) -> Fast<()> {
        match d.defined.get(term) {
            Some(true) => return Ok(()),
            Some(false) => return Err(Fallback("a cyclic term definition")),
            None => {}
        }
        if term.is_empty() || term.starts_with('@') || term.contains([':', '/']) {
            return Err(Fallback("a term outside the subset"));
        }
        // A term defined through another, defined through another, ...:
        // the recursion must not outgrow the stack.
        if d.depth > MAX_DEPTH {
            return Err(Fallback(TOO_DEEP));
        }
        d.depth += 1;
        d.defined.insert(term, false);
        let local = d.local;
        let value = local.get(term).ok_or(Fallback("no such local term"))?;
        let previous = self.terms.remove(term);
        let (id, simple) = match value {
            Value::String(_) => (Some(value), true),
            Value::Object(m) => (m.get("@id"), false),
            _ => return Err(Fallback("a term definition that is neither a string nor an object")),
        };
        let (mut type_entry, mut container, mut context, mut protected, mut prefix) = (None, None, None, None, None);
        if let Value::Object(m) = value {
            for (k, v) in m {
                match k.as_str() {
                    "@id" => {}
                    "@type" => type_entry = Some(v),
                    "@container" => container = Some(v),
                    "@context" => context = Some(v),
                    "@protected" => protected = Some(v.as_bool().ok_or(Fallback("@protected is not a boolean"))?),
                    "@prefix" => prefix = Some(v.as_bool().ok_or(Fallback("@prefix is not a boolean"))?),
                    _ => return Err(Fallback("a term definition entry outside the subset")),
                }
            }
        }
        let type_mapping = match type_entry {
            None => None,
            Some(Value::String(t)) => Some(match self.expand_defining(d, t)?.as_str() {
                "@id" => TypeMapping::Id,
                "@vocab" => TypeMapping::Vocab,
                "@json" => TypeMapping::Json,
                k if k.starts_with('@') => return Err(Fallback("a type mapping outside the subset")),
                iri => TypeMapping::Datatype(absolute_iri(iri)?),
            }),
            Some(_) => return Err(Fallback("a type mapping that is not a string")),
        };
        let mut from_id = false;
        let iri = match id {
            Some(Value::String(id)) if id != term => {
                from_id = true;
                if has_keyword_form(id) && !is_keyword(id) {
                    return Err(Fallback("an IRI mapping of keyword form"));
                }
                let iri = self.expand_defining(d, id)?;
                if iri.starts_with('@') {
                    if !matches!(iri.as_str(), "@id" | "@type" | "@graph" | "@value" | "@list" | "@set" | "@json" | "@nest" | "@reverse") {
                        return Err(Fallback("an alias of a keyword outside the subset"));
                    }
                } else {
                    absolute_iri(&iri)?;
                }
                iri
            }
            Some(Value::String(_)) | None => match &self.vocab {
                Some(vocab) => {
                    let iri = format!("{vocab}{term}");
                    absolute_iri(&iri)?;
                    iri
                }
                None => return Err(Fallback("a term with no IRI")),
            },
            Some(_) => return Err(Fallback("an @id that is not a string")),
        };
        let prefix = match prefix {
            Some(true) if iri.starts_with('@') => return Err(Fallback("a keyword as a prefix")),
            Some(flag) => flag,
            None => from_id && simple && !iri.starts_with('@') && ends_with_gen_delim(&iri),
        };
        let container = match container {
            None => Container::default(),
            Some(c) => {
                let values = match c {
                    Value::Array(items) => items.as_slice(),
                    one => std::slice::from_ref(one),
                };
                let mut container = Container::default();
                for v in values {
                    match v.as_str() {
                        Some("@set") => container.set = true,
                        Some("@list") => container.list = true,
                        Some("@graph") => container.graph = true,
                        _ => return Err(Fallback("a container outside the subset")),
                    }
                }
                if container.list && (container.set || container.graph) {
                    return Err(Fallback("a container combination outside the subset"));
                }
                container
            }
        };
        let context = match context {
            None => None,
            // JSON-LD validates a scoped context where it is defined; the
            // bundled ones are known to be valid, others are left to oxjsonld.
            Some(_) if !d.cacheable => return Err(Fallback("a scoped context in an inline context")),
            Some(v) => Some(Arc::new(ScopedContext { id: next_id(), value: v.clone(), cacheable: true, origin: d.origin })),
        };
        if iri.starts_with('@') && (type_mapping.is_some() || container != Container::default() || context.is_some() || prefix) {
            return Err(Fallback("a keyword alias with more than an @id"));
        }
        let definition =
            TermDefinition { iri, type_mapping, container, context, protected: protected.unwrap_or(d.protected), prefix, origin: d.origin };
        let definition = match previous {
            Some(previous) if previous.protected && !d.override_protected => {
                if !previous.same_as(&definition) {
                    return Err(Fallback("a protected term redefined"));
                }
                previous
            }
            _ => Arc::new(definition),
        };
        self.terms.insert(term.to_string(), definition);
        d.defined.insert(term, true);
        d.depth -= 1;
        Ok(())
    }

    /// IRI Expansion while a local context is being defined (vocab true;
    /// terms of the local context are defined first when needed). Only
    /// keywords, terms, compact IRIs and absolute IRIs: anything relative
    /// falls back.
    fn expand_defining<'l>(&mut self, d: &mut Defining<'l>, value: &'l str) -> Fast<String> {
        if is_keyword(value) {
            return Ok(value.to_string());
        }
        if has_keyword_form(value) {
            return Err(Fallback("a value of keyword form"));
        }
        if d.local.contains_key(value) && d.defined.get(value) != Some(&true) {
            self.define(d, value)?;
        }
        if let Some(def) = self.terms.get(value) {
            return Ok(def.iri.clone());
        }
        let Some((prefix, suffix)) = value.split_once(':') else { return Err(Fallback("a relative IRI in a context")) };
        if prefix.is_empty() || prefix == "_" {
            return Err(Fallback("a blank node or empty prefix in a context"));
        }
        if suffix.starts_with("//") {
            return Ok(value.to_string());
        }
        if d.local.contains_key(prefix) && d.defined.get(prefix) != Some(&true) {
            self.define(d, prefix)?;
        }
        match self.terms.get(prefix) {
            Some(def) if def.prefix && !def.is_keyword() => Ok(format!("{}{suffix}", def.iri)),
            Some(_) => Err(Fallback("a compact IRI whose prefix is not a prefix term")),
            None => Ok(value.to_string()),
        }
    }

    /// IRI Expansion during document expansion. `vocab`: the value is a
    /// property or type (terms and `@vocab` apply); else it is a node
    /// reference (only compact IRIs expand, and there is no base IRI).
    pub fn expand_iri<'a>(&'a self, value: &'a str, vocab: bool) -> Fast<Expanded<'a>> {
        if is_keyword(value) {
            return Ok(Expanded::Keyword(value));
        }
        if value.starts_with('@') {
            return Err(Fallback("a value of keyword form"));
        }
        if let Some(def) = self.terms.get(value) {
            if def.is_keyword() {
                return Ok(Expanded::Keyword(&def.iri));
            }
            if vocab {
                return Ok(Expanded::Iri(def.iri.as_str().into()));
            }
        }
        if let Some((prefix, suffix)) = value.split_once(':') {
            if prefix.is_empty() || prefix == "_" {
                return Err(Fallback("a blank node identifier or empty prefix"));
            }
            if suffix.starts_with("//") {
                return Ok(Expanded::Iri(value.into()));
            }
            return match self.terms.get(prefix) {
                Some(def) if def.prefix && !def.is_keyword() => Ok(Expanded::Iri(format!("{}{suffix}", def.iri).into())),
                Some(_) => Err(Fallback("a compact IRI whose prefix is not a prefix term")),
                None => Ok(Expanded::Iri(value.into())),
            };
        }
        match &self.vocab {
            Some(v) if vocab => Ok(Expanded::Iri(format!("{v}{value}").into())),
            _ if vocab => Ok(Expanded::Relative),
            _ => Err(Fallback("a relative IRI (there is no base IRI)")),
        }
    }
}

/// The state of Create Term Definition over one local context.
struct Defining<'l> {
    local: &'l Map<String, Value>,
    defined: HashMap<&'l str, bool>,
    protected: bool,
    override_protected: bool,
    cacheable: bool,
    origin: Option<&'static str>,
    /// How deep Create Term Definition has recursed.
    depth: usize,
}

/// A bundled context by URL, checked against its pin, with its `@context`
/// parsed once per process.
fn bundled(url: &str) -> Fast<(&'static str, Arc<Value>)> {
    static PARSED: OnceLock<Mutex<HashMap<&'static str, Arc<Value>>>> = OnceLock::new();
    let (url, bytes) = super::bundled_context(url).map_err(|_| Fallback("a context that is not bundled or not intact"))?;
    let parsed = PARSED.get_or_init(Default::default);
    if let Some(hit) = parsed.lock().unwrap_or_else(|e| e.into_inner()).get(url) {
        return Ok((url, hit.clone()));
    }
    let mut document: Value = serde_json::from_slice(bytes).map_err(|_| Fallback("a bundled context that is not JSON"))?;
    let context = Arc::new(document.get_mut("@context").map(Value::take).ok_or(Fallback("a bundled context with no @context"))?);
    parsed.lock().unwrap_or_else(|e| e.into_inner()).insert(url, context.clone());
    Ok((url, context))
}
