//! RDF Dataset Canonicalization (RDFC-1.0) with a work budget.
//!
//! Signatures over JSON-LD sign the canonical N-Quads of the document:
//! blank nodes get labels (`c14n0`, `c14n1`, …) that depend only on the
//! graph's shape. Most blank nodes are told apart by their own statements
//! (the first-degree hash). Those that are not go through the N-degree hash,
//! which tries every order of indistinguishable neighbours, recursively:
//! eight blank nodes that all point at each other already mean millions of
//! steps, and twelve exhaust any memory. The spec warns of exactly this
//! ("dataset poisoning") and lets an implementation stop.
//!
//! This implementation follows the spec step by step (the numbers in the
//! comments are its steps), counts its work (each N-degree hash call and each
//! statement it reads there, each permutation and each node in it) and stops
//! with [`TooComplex`] once the budget is spent, before time or memory run
//! out. Permutations are produced one at a time, never all held at once.
//!
//! Where the spec leaves an order open, this follows digitalbazaar's
//! `rdf-canonize`, the implementation most Data Integrity signers use, so a
//! signature made there is checked against the same bytes here: related
//! blank nodes are a list (a neighbour met twice in the same role counts
//! twice), their permutations start from the labels' order and follow the
//! Steinhaus-Johnson-Trotter sequence, and equal hashes keep the order in
//! which the nodes first appear. That order is the statements' sorted
//! N-Quads (the order `rdf-canonize` reads them in when given sorted
//! N-Quads), not the dataset's own, which oxrdf seeds at random: the same
//! dataset gives the same answer in every process.
//!
//! RDFC-1.0 is not a perfect canonical form: the related-node hash leaves
//! out the statement's other parts (its graph, say), so some blank nodes that
//! play different roles get the same hashes, and which of them gets the
//! lower label then depends on the input's labels and order. Every
//! implementation of the spec does this (oxrdf and `rdf-canonize` give the
//! same two answers for such a graph, see the tests). [`Canonical`] says
//! when a tie was broken that way.
//!
//! See: <https://www.w3.org/TR/rdf-canon/>, and on the budget
//! <https://www.w3.org/TR/rdf-canon/#dataset-poisoning>.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use oxrdf::{Dataset, GraphNameRef, NamedOrBlankNodeRef, TermRef};
use sha2::{Digest, Sha256, Sha384};

use super::RdfcHash;

/// Work allowed for one canonicalisation. Credentials in the field use a
/// tiny fraction of it (their blank nodes are told apart by their first-degree
/// hash, which costs nothing here: the most any public vector needs is 8);
/// a poison graph spends it in a few milliseconds (some 0.2 s in a debug
/// build).
pub const DEFAULT_BUDGET: u64 = 10_000;

/// The budget ran out: the dataset is too complex to put in canonical order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("its blank nodes need more than {budget} steps of RDFC-1.0 to be put in canonical order")]
pub struct TooComplex {
    pub budget: u64,
}

/// A canonical form and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canonical {
    /// One line per statement, sorted, each ending in a newline.
    pub nquads: String,
    /// Some choice between blank nodes with equal hashes fell to the input's
    /// labels or order (equal N-degree hashes in spec 4.4.3 step 5.3, or
    /// equal paths with different labellings in 4.8.3 step 5.4.6). Often it
    /// does not matter (two blank nodes alike in every way tie too), but the
    /// same graph with other labels may come out with other canonical labels.
    pub tie_broken_by_order: bool,
    /// A blank node met the same neighbour twice in one role (two statements
    /// with the same predicate, in different graphs, say): the spec's list of
    /// related nodes holds it twice, which some implementations (oxrdf) do not
    /// do, so they answer otherwise here.
    pub repeated_neighbour: bool,
}

/// One part of a statement: already written as N-Quads, or a blank node.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Fixed(String),
    Blank(usize),
}

#[derive(Debug)]
struct Quad {
    subject: Part,
    /// The predicate IRI, without angle brackets.
    predicate: String,
    object: Part,
    /// `None`: the default graph.
    graph: Option<Part>,
}

/// The canonical N-Quads of `dataset` (RDFC-1.0 with `hash`): one line per
/// statement, sorted, each ending in a newline; or [`TooComplex`] when the
/// work exceeds `budget`.
pub fn canonical_nquads(dataset: &Dataset, hash: RdfcHash, budget: u64) -> Result<String, TooComplex> {
    canonical_nquads_counted(dataset, hash, budget).0
}

/// [`canonical_nquads`], and the work it took (to size the budget).
pub fn canonical_nquads_counted(dataset: &Dataset, hash: RdfcHash, budget: u64) -> (Result<String, TooComplex>, u64) {
    let (canonical, spent) = canonical_form_counted(dataset, hash, budget);
    (canonical.map(|c| c.nquads), spent)
}

/// [`canonical_nquads`] with what [`Canonical`] says about how it was reached.
pub fn canonical_form(dataset: &Dataset, hash: RdfcHash, budget: u64) -> Result<Canonical, TooComplex> {
    canonical_form_counted(dataset, hash, budget).0
}

fn canonical_form_counted(dataset: &Dataset, hash: RdfcHash, budget: u64) -> (Result<Canonical, TooComplex>, u64) {
    let (quads, labels) = intern(dataset);
    let mut canonicalizer = Canonicalizer::new(&quads, &labels, hash, budget);
    let issued = canonicalizer.run();
    let spent = canonicalizer.spent;
    let canonical = issued.map(|issued| Canonical {
        nquads: write_canonical(&quads, &issued),
        tie_broken_by_order: canonicalizer.tie_broken_by_order,
        repeated_neighbour: canonicalizer.repeated_neighbour,
    });
    (canonical, spent)
}

fn write_canonical(quads: &[Quad], labels: &[usize]) -> String {
    let name = |n: usize| format!("_:c14n{}", labels[n]);
    let mut lines: Vec<String> = quads.iter().map(|q| serialize(q, &name)).collect();
    lines.sort();
    lines.concat()
}

/// The statements in sorted N-Quads order, with blank nodes numbered in
/// order of first appearance (subject, object, graph), and each number's
/// label.
fn intern(dataset: &Dataset) -> (Vec<Quad>, Vec<String>) {
    let mut sorted: Vec<(String, oxrdf::QuadRef<'_>)> = dataset.iter().map(|q| (q.to_string(), q)).collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut labels: Vec<String> = Vec::new();
    let mut blank = |label: &str| {
        let next = ids.len();
        Part::Blank(*ids.entry(label.to_string()).or_insert_with(|| {
            labels.push(label.to_string());
            next
        }))
    };
    let quads = sorted
        .into_iter()
        .map(|(_, q)| Quad {
            subject: match q.subject {
                NamedOrBlankNodeRef::NamedNode(n) => Part::Fixed(n.to_string()),
                NamedOrBlankNodeRef::BlankNode(b) => blank(b.as_str()),
            },
            predicate: q.predicate.as_str().to_string(),
            object: match q.object {
                TermRef::NamedNode(n) => Part::Fixed(n.to_string()),
                TermRef::BlankNode(b) => blank(b.as_str()),
                TermRef::Literal(l) => Part::Fixed(l.to_string()),
            },
            graph: match q.graph_name {
                GraphNameRef::DefaultGraph => None,
                GraphNameRef::NamedNode(n) => Some(Part::Fixed(n.to_string())),
                GraphNameRef::BlankNode(b) => Some(blank(b.as_str())),
            },
        })
        .collect();
    (quads, labels)
}

/// `quad` as one N-Quads line, blank nodes written by `name`.
fn serialize(quad: &Quad, name: &dyn Fn(usize) -> String) -> String {
    let part = |p: &Part| match p {
        Part::Fixed(s) => s.clone(),
        Part::Blank(n) => name(*n),
    };
    let mut line = format!("{} <{}> {}", part(&quad.subject), quad.predicate, part(&quad.object));
    if let Some(g) = &quad.graph {
        line.push(' ');
        line.push_str(&part(g));
    }
    line.push_str(" .\n");
    line
}

/// An identifier issuer (spec 4.5): labels `prefix0`, `prefix1`, … in the
/// order blank nodes are first seen.
#[derive(Debug, Clone)]
struct Issuer {
    issued: HashMap<usize, usize>,
    order: Vec<usize>,
}

impl Issuer {
    fn new() -> Self {
        Self { issued: HashMap::new(), order: Vec::new() }
    }

    fn get(&self, node: usize) -> Option<usize> {
        self.issued.get(&node).copied()
    }

    /// Spec 4.5.3: the existing label, or the next one.
    fn issue(&mut self, node: usize) -> usize {
        let next = self.order.len();
        *self.issued.entry(node).or_insert_with(|| {
            self.order.push(node);
            next
        })
    }
}

struct Canonicalizer<'a> {
    quads: &'a [Quad],
    /// Spec 4.4.3 step 2: the statements that mention each blank node.
    mentions: Vec<Vec<usize>>,
    /// The first-degree hash of each blank node (it never changes, so it is
    /// computed once rather than at every related-node hash).
    first_degree: Vec<String>,
    /// Each blank node's place among the labels in JavaScript's string order
    /// (UTF-16 code units), where `rdf-canonize` starts its permutations.
    label_rank: Vec<usize>,
    /// The blank node at each place in that order.
    by_label: Vec<usize>,
    canonical: Issuer,
    hash: RdfcHash,
    spent: u64,
    budget: u64,
    tie_broken_by_order: bool,
    repeated_neighbour: bool,
}

impl<'a> Canonicalizer<'a> {
    fn new(quads: &'a [Quad], labels: &[String], hash: RdfcHash, budget: u64) -> Self {
        let blank_count = labels.len();
        let mut mentions = vec![Vec::new(); blank_count];
        for (i, q) in quads.iter().enumerate() {
            for part in [Some(&q.subject), Some(&q.object), q.graph.as_ref()].into_iter().flatten() {
                if let Part::Blank(n) = part {
                    if mentions[*n].last() != Some(&i) {
                        mentions[*n].push(i);
                    }
                }
            }
        }
        let mut by_label: Vec<usize> = (0..blank_count).collect();
        by_label.sort_by(|&a, &b| labels[a].encode_utf16().cmp(labels[b].encode_utf16()));
        let mut label_rank = vec![0; blank_count];
        for (rank, &node) in by_label.iter().enumerate() {
            label_rank[node] = rank;
        }
        Self {
            quads,
            mentions,
            first_degree: Vec::new(),
            label_rank,
            by_label,
            canonical: Issuer::new(),
            hash,
            spent: 0,
            budget,
            tie_broken_by_order: false,
            repeated_neighbour: false,
        }
    }

    fn spend(&mut self, steps: u64) -> Result<(), TooComplex> {
        self.spent = self.spent.saturating_add(steps);
        if self.spent > self.budget {
            return Err(TooComplex { budget: self.budget });
        }
        Ok(())
    }

    fn digest(&self, input: &str) -> String {
        match self.hash {
            RdfcHash::Sha256 => hex::encode(Sha256::digest(input.as_bytes())),
            RdfcHash::Sha384 => hex::encode(Sha384::digest(input.as_bytes())),
        }
    }

    /// Spec 4.4.3 (the canonicalization algorithm): the canonical label
    /// number of each blank node.
    fn run(&mut self) -> Result<Vec<usize>, TooComplex> {
        let count = self.mentions.len();
        // Step 3: first-degree hashes, grouped.
        self.first_degree = (0..count).map(|n| self.hash_first_degree(n)).collect();
        let mut by_hash: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for n in 0..count {
            by_hash.entry(self.first_degree[n].clone()).or_default().push(n);
        }
        // Step 4: a hash only one node has labels it, in hash order.
        for nodes in by_hash.values() {
            if let [only] = nodes.as_slice() {
                self.canonical.issue(*only);
            }
        }
        // Step 5: the rest through the N-degree hash, in hash order.
        for nodes in by_hash.values().filter(|nodes| nodes.len() > 1) {
            let mut paths = Vec::new();
            for &n in nodes {
                if self.canonical.get(n).is_some() {
                    continue;
                }
                let mut temporary = Issuer::new();
                temporary.issue(n);
                paths.push(self.hash_n_degree(n, &temporary)?);
            }
            // A stable sort: equal hashes keep the order of first appearance.
            paths.sort_by(|(_, a), (_, b)| a.cmp(b));
            if paths.windows(2).any(|w| w[0].1 == w[1].1) {
                self.tie_broken_by_order = true;
            }
            for (issuer, _) in paths {
                for n in issuer.order {
                    self.canonical.issue(n);
                }
            }
        }
        Ok((0..count).map(|n| self.canonical.get(n).expect("step 5 labels every blank node")).collect())
    }

    /// Spec 4.6 (hash first degree quads).
    fn hash_first_degree(&self, reference: usize) -> String {
        let name = |n: usize| if n == reference { "_:a".to_string() } else { "_:z".to_string() };
        let mut lines: Vec<String> = self.mentions[reference].iter().map(|&i| serialize(&self.quads[i], &name)).collect();
        lines.sort();
        self.digest(&lines.concat())
    }

    /// Spec 4.7 (hash related blank node).
    fn hash_related(&self, related: usize, quad: &Quad, issuer: &Issuer, position: char) -> String {
        let mut input = String::from(position);
        if position != 'g' {
            let _ = write!(input, "<{}>", quad.predicate);
        }
        if let Some(id) = self.canonical.get(related) {
            let _ = write!(input, "_:c14n{id}");
        } else if let Some(id) = issuer.get(related) {
            let _ = write!(input, "_:b{id}");
        } else {
            input.push_str(&self.first_degree[related]);
        }
        self.digest(&input)
    }

    /// Spec 4.8 (hash N-degree quads): the hash of `identifier`'s
    /// neighbourhood and the issuer that labelled it.
    fn hash_n_degree(&mut self, identifier: usize, issuer: &Issuer) -> Result<(Issuer, String), TooComplex> {
        let mut issuer = issuer.clone();
        let quads = self.quads;
        self.spend(1 + self.mentions[identifier].len() as u64)?;
        // Steps 1-3: related blank nodes, grouped by their hash. A list, as
        // the spec says: a node related twice the same way is there twice.
        let mut related_by_hash: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &i in &self.mentions[identifier] {
            let quad = &quads[i];
            for (part, position) in [(Some(&quad.subject), 's'), (Some(&quad.object), 'o'), (quad.graph.as_ref(), 'g')] {
                if let Some(&Part::Blank(component)) = part {
                    if component != identifier {
                        let hash = self.hash_related(component, quad, &issuer, position);
                        related_by_hash.entry(hash).or_default().push(component);
                    }
                }
            }
        }
        // Steps 4-5.
        let mut data_to_hash = String::new();
        for (related_hash, nodes) in related_by_hash {
            data_to_hash.push_str(&related_hash);
            if nodes.iter().enumerate().any(|(i, n)| nodes[..i].contains(n)) {
                self.repeated_neighbour = true;
            }
            let mut chosen: Option<(String, Issuer)> = None;
            let mut permutations = Permutations::new(nodes.iter().map(|&n| self.label_rank[n]).collect());
            while let Some(ranks) = permutations.next_permutation() {
                self.spend(1 + ranks.len() as u64)?;
                let permutation: Vec<usize> = ranks.iter().map(|&r| self.by_label[r]).collect();
                let mut issuer_copy = issuer.clone();
                let mut path = String::new();
                let mut recursion = Vec::new();
                let worse = |path: &String, chosen: &Option<(String, Issuer)>| {
                    chosen.as_ref().is_some_and(|(c, _)| path.len() >= c.len() && path > c)
                };
                let mut pruned = false;
                for &related in &permutation {
                    if let Some(id) = self.canonical.get(related) {
                        let _ = write!(path, "_:c14n{id}");
                    } else {
                        if issuer_copy.get(related).is_none() {
                            recursion.push(related);
                        }
                        let id = issuer_copy.issue(related);
                        let _ = write!(path, "_:b{id}");
                    }
                    if worse(&path, &chosen) {
                        pruned = true;
                        break;
                    }
                }
                if !pruned {
                    for related in recursion {
                        let (result_issuer, result_hash) = self.hash_n_degree(related, &issuer_copy)?;
                        let id = issuer_copy.issue(related);
                        let _ = write!(path, "_:b{id}<{result_hash}>");
                        issuer_copy = result_issuer;
                        if worse(&path, &chosen) {
                            pruned = true;
                            break;
                        }
                    }
                }
                if pruned {
                    continue;
                }
                match &chosen {
                    Some((c, _)) if path > *c => {}
                    // The first of two equal paths wins; if they label the
                    // nodes differently, the input's order decided.
                    Some((c, c_issuer)) if path == *c => {
                        if c_issuer.order != issuer_copy.order {
                            self.tie_broken_by_order = true;
                        }
                    }
                    _ => chosen = Some((path, issuer_copy)),
                }
            }
            let (path, chosen_issuer) = chosen.expect("the first permutation is never pruned");
            data_to_hash.push_str(&path);
            issuer = chosen_issuer;
        }
        let hash = self.digest(&data_to_hash);
        Ok((issuer, hash))
    }
}

/// The permutations of a list of blank nodes in `rdf-canonize`'s order,
/// each node given as its place in label order: the list sorted, then the
/// Steinhaus-Johnson-Trotter sequence, each node with a direction (a node
/// listed twice shares one, and is flipped once per place it holds), one
/// permutation at a time. On a list without repeats this is every
/// permutation once; with repeats it is the arrangements `rdf-canonize`
/// visits, so both pick the same path.
struct Permutations {
    current: Vec<usize>,
    /// Looking left, per node.
    left: HashMap<usize, bool>,
    done: bool,
}

impl Permutations {
    fn new(mut ranks: Vec<usize>) -> Self {
        ranks.sort_unstable();
        let left = ranks.iter().map(|&n| (n, true)).collect();
        Self { current: ranks, left, done: false }
    }

    fn next_permutation(&mut self) -> Option<Vec<usize>> {
        if self.done {
            return None;
        }
        let out = self.current.clone();
        // The largest mobile node: larger than the neighbour it looks at.
        let mut mobile: Option<(usize, usize)> = None;
        for (i, &node) in self.current.iter().enumerate() {
            let looks_at = if self.left[&node] { i.checked_sub(1) } else { Some(i + 1).filter(|&j| j < self.current.len()) };
            let is_mobile = looks_at.is_some_and(|j| node > self.current[j]);
            if is_mobile && mobile.is_none_or(|(k, _)| node > k) {
                mobile = Some((node, i));
            }
        }
        match mobile {
            None => self.done = true,
            Some((k, i)) => {
                let j = if self.left[&k] { i - 1 } else { i + 1 };
                self.current.swap(i, j);
                for n in &self.current {
                    if *n > k {
                        let left = self.left.get_mut(n).expect("every listed node has a direction");
                        *left = !*left;
                    }
                }
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
    use oxrdf::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad as OxQuad, Term};

    use super::*;

    /// oxrdf's RDFC-1.0 (no budget): the reference this implementation must
    /// agree with wherever oxrdf finishes.
    fn reference(dataset: &Dataset, hash: RdfcHash) -> String {
        let mut d = dataset.clone();
        let hash_algorithm = match hash {
            RdfcHash::Sha256 => CanonicalizationHashAlgorithm::Sha256,
            RdfcHash::Sha384 => CanonicalizationHashAlgorithm::Sha384,
        };
        d.canonicalize(CanonicalizationAlgorithm::Rdfc10 { hash_algorithm });
        let mut lines: Vec<String> = d.iter().map(|q| format!("{q} .\n")).collect();
        lines.sort();
        lines.concat()
    }

    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    fn random_graph(rng: &mut Rng) -> Dataset {
        let blanks = 2 + rng.below(6);
        let statements = 2 + rng.below(12);
        let predicates = 1 + rng.below(2);
        let mut d = Dataset::new();
        if rng.below(3) == 0 {
            // A ring: every node alike to first-degree hashing.
            for a in 0..blanks {
                d.insert(&OxQuad::new(
                    BlankNode::new_unchecked(format!("x{a}")),
                    NamedNode::new_unchecked("https://p.example/0"),
                    BlankNode::new_unchecked(format!("x{}", (a + 1) % blanks)),
                    GraphName::DefaultGraph,
                ));
            }
        }
        let node = |rng: &mut Rng| -> Term {
            match rng.below(10) {
                0 => NamedNode::new_unchecked(format!("https://n.example/{}", rng.below(3))).into(),
                1 => Literal::new_simple_literal(format!("v{}\"\n", rng.below(2))).into(),
                _ => BlankNode::new_unchecked(format!("x{}", rng.below(blanks))).into(),
            }
        };
        for _ in 0..statements {
            let subject: NamedOrBlankNode = if rng.below(10) == 0 {
                NamedNode::new_unchecked("https://s.example/").into()
            } else {
                BlankNode::new_unchecked(format!("x{}", rng.below(blanks))).into()
            };
            let predicate = NamedNode::new_unchecked(format!("https://p.example/{}", rng.below(predicates)));
            let graph = match rng.below(10) {
                0 => GraphName::BlankNode(BlankNode::new_unchecked(format!("x{}", rng.below(blanks)))),
                1 => GraphName::NamedNode(NamedNode::new_unchecked("https://g.example/")),
                _ => GraphName::DefaultGraph,
            };
            d.insert(&OxQuad::new(subject, predicate, node(rng), graph));
        }
        d
    }

    /// `n` blank nodes, each pointing at every other with the same predicate:
    /// the N-degree hash cannot tell any of them apart.
    pub(crate) fn poison(n: usize) -> Dataset {
        let mut d = Dataset::new();
        let p = NamedNode::new_unchecked("https://p.example/knows");
        for a in 0..n {
            for b in 0..n {
                if a != b {
                    d.insert(&OxQuad::new(
                        BlankNode::new_unchecked(format!("n{a}")),
                        p.clone(),
                        BlankNode::new_unchecked(format!("n{b}")),
                        GraphName::DefaultGraph,
                    ));
                }
            }
        }
        d
    }

    /// Whether oxrdf's answer is the spec's: it keeps related blank nodes
    /// in a set (the spec has a list) and breaks ties in its own order.
    fn oxrdf_comparable(canonical: &Canonical) -> bool {
        !canonical.tie_broken_by_order && !canonical.repeated_neighbour
    }

    #[test]
    fn agrees_with_oxrdf_on_random_small_graphs() {
        let mut rng = Rng(0x5eed_cafe_f00d_d00d);
        let (mut n_degree, mut compared) = (0, 0);
        for round in 0..800 {
            let d = random_graph(&mut rng);
            let hash = if round % 3 == 0 { RdfcHash::Sha384 } else { RdfcHash::Sha256 };
            let ours = canonical_form(&d, hash, u64::MAX).expect("no budget limit here");
            if oxrdf_comparable(&ours) {
                assert_eq!(ours.nquads, reference(&d, hash), "round {round}: same canonical form as oxrdf for\n{d}");
                compared += 1;
            }
            // Count graphs that needed the N-degree hash (with no budget at all
            // they fail), so the test says it exercised it.
            let (quads, labels) = intern(&d);
            if Canonicalizer::new(&quads, &labels, hash, 0).run().is_err() {
                n_degree += 1;
            }
        }
        assert!(n_degree > 80, "the random graphs exercise the N-degree hash ({n_degree} of 800 did)");
        assert!(compared > 700, "most random graphs are compared with oxrdf ({compared} of 800)");
    }

    /// Every JSON document among the public vectors (`SATCHEL_VECTORS`, the
    /// project's `tests/vectors`, or `../shared/vectors`).
    fn vector_documents() -> Vec<(std::path::PathBuf, serde_json::Value)> {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
        let dir = std::env::var_os("SATCHEL_VECTORS")
            .map(std::path::PathBuf::from)
            .into_iter()
            .chain([root.join("tests/vectors"), root.join("../shared/vectors")])
            .find(|d| d.join("MANIFEST.tsv").is_file());
        let Some(dir) = dir else {
            assert!(std::env::var("CI").map_or(true, |v| v != "true"), "public vectors are required under CI");
            eprintln!("public vectors not found: RDFC-1.0 agreement on them not checked");
            return Vec::new();
        };
        let mut stack = vec![dir];
        let mut found = Vec::new();
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "json" || e == "jsonld") {
                    if let Ok(doc) = serde_json::from_slice(&std::fs::read(&path).unwrap()) {
                        found.push((path, doc));
                    }
                }
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
    }

    #[test]
    fn agrees_with_oxrdf_on_every_public_vector_within_a_fraction_of_the_budget() {
        let mut compared = 0;
        let mut most = 0;
        for (path, doc) in vector_documents() {
            let Ok(dataset) = super::super::expand(&doc) else { continue };
            for hash in [RdfcHash::Sha256, RdfcHash::Sha384] {
                let (ours, spent) = canonical_nquads_counted(&dataset, hash, DEFAULT_BUDGET);
                assert_eq!(ours.as_deref(), Ok(reference(&dataset, hash).as_str()), "{}: same canonical form as oxrdf", path.display());
                most = most.max(spent);
            }
            compared += 1;
        }
        eprintln!("{compared} vector documents; the most RDFC-1.0 work any needed: {most} of {DEFAULT_BUDGET}");
        assert!(most * 100 <= DEFAULT_BUDGET, "real credentials stay far below the budget ({most} of {DEFAULT_BUDGET})");
    }

    /// digitalbazaar's rdf-canonize (`tests/interop/rdfc.mjs`) on `documents`.
    fn rdf_canonize(documents: &[String], hash: RdfcHash, limited: bool) -> Vec<serde_json::Value> {
        use std::io::Write as _;
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/interop");
        let digest = if hash == RdfcHash::Sha384 { "sha384" } else { "sha256" };
        let mut child = std::process::Command::new("node")
            .arg("rdfc.mjs")
            .arg(digest)
            .args(limited.then_some("limited"))
            .current_dir(&dir)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run node (tests/interop needs `npm ci`)");
        // Sorted, as Satchel reads a dataset: where RDFC-1.0 breaks a tie by
        // the order of the statements, both then see the same order.
        let sorted: Vec<String> = documents
            .iter()
            .map(|d| {
                let mut lines: Vec<&str> = d.lines().collect();
                lines.sort_unstable();
                lines.iter().map(|l| format!("{l}\n")).collect()
            })
            .collect();
        child.stdin.take().unwrap().write_all(serde_json::to_string(&sorted).unwrap().as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "rdf-canonize failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("rdf-canonize prints JSON")
    }

    /// The fuzz target's input that first showed a canonical form changing
    /// with the labels (`fuzz/seeds/rdfc/label-dependence-2026-11-30`): two
    /// blank nodes that play different parts (which one links to the other
    /// inside a blank-named graph) but that RDFC-1.0's hashes cannot tell
    /// apart, since the related-node hash leaves out the statement's graph.
    const LABEL_DEPENDENCE: [u8; 25] = [8, 0, 0, 1, 80, 4, 80, 131, 6, 4, 80, 3, 0, 5, 80, 4, 0, 5, 80, 7, 0, 1, 80, 128, 0];

    /// A graph where a blank node meets the same neighbour twice with one
    /// predicate (once in each of two graphs): the spec's related-node list
    /// holds it twice, as rdf-canonize does; oxrdf's set holds it once.
    const REPEATED_NEIGHBOUR: [u8; 33] =
        [6, 240, 1, 6, 140, 12, 76, 80, 139, 0, 3, 6, 198, 60, 6, 2, 62, 0, 193, 80, 71, 43, 3, 80, 46, 0, 0, 80, 29, 201, 65, 6, 181];

    /// Label schemes for the fuzz graphs: the target's own, and others that
    /// order the nodes differently (reversed, shuffled, longer).
    const LABELLINGS: [fn(u8) -> String; 4] = [
        |b| format!("n{b}"),
        |b| format!("other{}", 97 - u32::from(b) * 5),
        |b| format!("q{}", (u32::from(b) * 7 + 3) % 17),
        |b| format!("b{}", 15 - u32::from(b)),
    ];

    #[test]
    fn agrees_with_rdf_canonize_an_independent_implementation() {
        let mut rng = Rng(0xdec0_de00_1234_5678);
        let mut graphs: Vec<Dataset> = (0..60).map(|_| random_graph(&mut rng)).collect();
        graphs.push(poison(3));
        graphs.push(poison(4));
        // The two fuzz findings, under every labelling: RDFC-1.0's answer
        // depends on the labels for the first, and rdf-canonize's list of
        // related nodes matters for the second; Satchel must give the
        // reference implementation's answer in each case.
        for data in [&LABEL_DEPENDENCE[..], &REPEATED_NEIGHBOUR[..]] {
            graphs.extend(LABELLINGS.iter().map(|label| graph_from_bytes(data, label)));
        }
        for hash in [RdfcHash::Sha256, RdfcHash::Sha384] {
            let inputs: Vec<String> = graphs.iter().map(ToString::to_string).collect();
            let theirs = rdf_canonize(&inputs, hash, false);
            for (d, theirs) in graphs.iter().zip(theirs) {
                let ours = canonical_nquads(d, hash, DEFAULT_BUDGET).expect("small graphs are within the budget");
                assert_eq!(Some(ours.as_str()), theirs.as_str(), "{hash:?}: rdf-canonize agrees on\n{d}");
            }
        }
        // Both refuse a poison graph rather than spend minutes on it.
        let rings = &graphs[graphs.len() - LABELLINGS.len()..];
        assert!(
            rings.iter().all(|d| canonical_form(d, RdfcHash::Sha256, DEFAULT_BUDGET).unwrap().repeated_neighbour),
            "the second finding does hold a repeated neighbour"
        );
        let refused = rdf_canonize(&[poison(8).to_string()], RdfcHash::Sha256, true);
        assert!(refused[0].get("error").is_some(), "rdf-canonize's own limit refuses 8 linked nodes: {refused:?}");
        assert!(canonical_nquads(&poison(8), RdfcHash::Sha256, DEFAULT_BUDGET).is_err(), "and so does Satchel's budget");
    }

    /// The fuzz target's graph from bytes (fuzz/fuzz_targets/rdfc.rs): the
    /// first byte says how many blank nodes (1-16), each four bytes more
    /// make one statement, small values picking blank nodes.
    fn graph_from_bytes(data: &[u8], label: &dyn Fn(u8) -> String) -> Dataset {
        let blanks = 1 + data.first().copied().unwrap_or(0) % 16;
        let blank = |b: u8| BlankNode::new_unchecked(label(b % blanks));
        let mut d = Dataset::new();
        for q in data.get(1..).unwrap_or_default().chunks_exact(4) {
            let subject: NamedOrBlankNode =
                if q[0] < 0xf0 { blank(q[0]).into() } else { NamedNode::new_unchecked(format!("https://s.example/{}", q[0] & 3)).into() };
            let predicate = NamedNode::new_unchecked(format!("https://p.example/{}", q[1] % 3));
            let object: Term = match q[2] {
                0..=0xdf => blank(q[2]).into(),
                0xe0..=0xef => NamedNode::new_unchecked(format!("https://o.example/{}", q[2] & 3)).into(),
                _ => Literal::new_simple_literal(format!("v{}", q[2] & 3)).into(),
            };
            let graph = match q[3] {
                0..=0x3f => GraphName::BlankNode(blank(q[3])),
                0x40..=0x4f => GraphName::NamedNode(NamedNode::new_unchecked("https://g.example/")),
                _ => GraphName::DefaultGraph,
            };
            d.insert(&OxQuad::new(subject, predicate, object, graph));
        }
        d
    }

    /// The fuzz target's properties over random bytes, for
    /// `SATCHEL_RDFC_SOAK_SECS` seconds (2 by default; longer runs where
    /// cargo-fuzz cannot be built): every graph ends within the budget in
    /// bounded time, gives the same answer again and under other labels, and
    /// agrees with oxrdf whenever it answers.
    #[test]
    fn random_byte_graphs_end_within_the_budget_and_are_stable() {
        let secs: u64 = std::env::var("SATCHEL_RDFC_SOAK_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(2);
        let until = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        let mut rng = Rng(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1);
        let seed = rng.0;
        let (mut runs, mut refused, mut tie_broken_by_order, mut slowest) = (0u64, 0u64, 0u64, std::time::Duration::ZERO);
        while std::time::Instant::now() < until {
            let data: Vec<u8> = if rng.below(3) == 0 {
                // A circulant graph (node i points at i+k for a few k): every
                // node alike, the symmetric graphs the budget is for.
                let n = 3 + rng.below(13) as u8;
                let steps: Vec<u8> = (1..n).filter(|_| rng.below(3) == 0).collect();
                let mut data = vec![n - 1];
                for i in 0..n {
                    for k in &steps {
                        data.extend([i, 0, (i + k) % n, 0x50]);
                    }
                }
                data
            } else {
                let len = 1 + 4 * rng.below(40) as usize;
                (0..len)
                    .map(|i| match i % 4 {
                        1 if rng.below(2) == 0 => 0,
                        2 if rng.below(4) > 0 => rng.below(8) as u8,
                        3 if rng.below(2) == 0 => 0x50,
                        _ => rng.below(256) as u8,
                    })
                    .collect()
            };
            let len = data.len();
            let hash = if len % 2 == 0 { RdfcHash::Sha256 } else { RdfcHash::Sha384 };
            let d = graph_from_bytes(&data, &|b| format!("n{b}"));
            let started = std::time::Instant::now();
            let first = canonical_form(&d, hash, DEFAULT_BUDGET);
            let took = started.elapsed();
            slowest = slowest.max(took);
            assert!(took < std::time::Duration::from_secs(2), "seed {seed}: {took:?} for {data:?}");
            assert_eq!(first, canonical_form(&d, hash, DEFAULT_BUDGET), "seed {seed}: stable for {data:?}");
            let renamed = graph_from_bytes(&data, &|b| format!("other{}", 97 - u32::from(b) * 5));
            match (&first, canonical_form(&renamed, hash, DEFAULT_BUDGET)) {
                (Ok(a), Ok(b)) if !a.tie_broken_by_order && !b.tie_broken_by_order => {
                    assert_eq!(a.nquads, b.nquads, "seed {seed}: label-independent where no tie fell to the labels, for {data:?}")
                }
                (Ok(a), Ok(b)) => {
                    tie_broken_by_order += 1;
                    assert_eq!(shape(&a.nquads), shape(&b.nquads), "seed {seed}: the same graph either way, for {data:?}");
                }
                (Err(_), _) | (_, Err(_)) => {}
            }
            match &first {
                Ok(ours) if oxrdf_comparable(ours) => {
                    assert_eq!(ours.nquads, reference(&d, hash), "seed {seed}: agrees with oxrdf on {data:?}")
                }
                Ok(_) => {}
                Err(_) => refused += 1,
            }
            runs += 1;
        }
        eprintln!(
            "rdfc soak: {runs} graphs in {secs} s (seed {seed}), {refused} too complex, {tie_broken_by_order} with a tie broken by labels, slowest {slowest:?}"
        );
        assert!(runs > 0, "the soak ran");
    }

    #[test]
    fn the_result_does_not_depend_on_the_labels_given() {
        let d = poison(4);
        let relabelled: Dataset = d
            .iter()
            .map(|q| {
                let rename = |s: &str| BlankNode::new_unchecked(format!("other{}", s.len() * 7 + s.as_bytes()[1] as usize));
                let subject = match q.subject {
                    NamedOrBlankNodeRef::BlankNode(b) => NamedOrBlankNode::from(rename(b.as_str())),
                    other => other.into_owned(),
                };
                let object = match q.object {
                    TermRef::BlankNode(b) => Term::from(rename(b.as_str())),
                    other => other.into_owned(),
                };
                OxQuad::new(subject, q.predicate.into_owned(), object, q.graph_name.into_owned())
            })
            .collect();
        assert_eq!(
            canonical_nquads(&d, RdfcHash::Sha256, DEFAULT_BUDGET).unwrap(),
            canonical_nquads(&relabelled, RdfcHash::Sha256, DEFAULT_BUDGET).unwrap(),
            "canonical labels come from the shape, not the input labels"
        );
    }

    #[test]
    fn poison_graphs_end_within_the_budget_quickly() {
        for n in [8, 12, 60] {
            let d = poison(n);
            let started = std::time::Instant::now();
            let result = canonical_nquads(&d, RdfcHash::Sha256, DEFAULT_BUDGET);
            let took = started.elapsed();
            assert_eq!(result, Err(TooComplex { budget: DEFAULT_BUDGET }), "{n} mutually linked blank nodes are refused");
            assert!(took < std::time::Duration::from_millis(900), "{n} nodes refused in {took:?}, well under a second");
        }
        assert_eq!(
            canonical_nquads(&poison(3), RdfcHash::Sha256, DEFAULT_BUDGET).unwrap(),
            reference(&poison(3), RdfcHash::Sha256),
            "a small symmetric graph is still canonicalised"
        );
    }

    /// The canonical N-Quads with every blank node label blanked out and the
    /// lines sorted: two canonical forms of one graph have the same shape.
    fn shape(nquads: &str) -> Vec<String> {
        let mut lines: Vec<String> = nquads
            .lines()
            .map(|l| l.split(' ').map(|t| if t.starts_with("_:") { "_:" } else { t }).collect::<Vec<_>>().join(" "))
            .collect();
        lines.sort();
        lines
    }

    #[test]
    fn a_tie_rdfc_cannot_break_by_shape_falls_to_the_labels_as_in_rdf_canonize() {
        let datasets: Vec<Dataset> = LABELLINGS.iter().map(|label| graph_from_bytes(&LABEL_DEPENDENCE, label)).collect();
        let forms: Vec<Canonical> = datasets.iter().map(|d| canonical_form(d, RdfcHash::Sha384, DEFAULT_BUDGET).unwrap()).collect();
        assert!(forms.iter().all(|f| f.tie_broken_by_order), "each labelling reports that a tie fell to the input: {forms:?}");
        assert!(
            forms.iter().any(|f| f.nquads != forms[0].nquads),
            "RDFC-1.0 itself cannot tell the two nodes apart, so some labelling comes out otherwise: {forms:?}"
        );
        assert!(forms.iter().all(|f| shape(&f.nquads) == shape(&forms[0].nquads)), "every answer is the same graph");
        // The reference implementation gives the same answer as Satchel for
        // each labelling, label-dependence included (also the digest the
        // fuzz target used for this input: 25 bytes, so SHA-384).
        let graphs: Vec<String> = datasets.iter().map(ToString::to_string).collect();
        let theirs = rdf_canonize(&graphs, RdfcHash::Sha384, false);
        for ((ours, theirs), graph) in forms.iter().zip(&theirs).zip(&graphs) {
            assert_eq!(Some(ours.nquads.as_str()), theirs.as_str(), "rdf-canonize agrees on\n{graph}");
        }
        // And a graph whose nodes the hashes do tell apart (the ring seed, with
        // an extra edge) is the same under every labelling, tie-free.
        let distinct = [3, 0, 0, 1, 80, 1, 0, 2, 80, 2, 0, 0, 80, 0, 1, 1, 80];
        let forms: Vec<Canonical> = LABELLINGS
            .iter()
            .map(|label| canonical_form(&graph_from_bytes(&distinct, label), RdfcHash::Sha256, DEFAULT_BUDGET).unwrap())
            .collect();
        assert!(forms.iter().all(|f| !f.tie_broken_by_order && f.nquads == forms[0].nquads), "no tie, one answer: {forms:?}");
    }

    #[test]
    fn permutations_follow_rdf_canonize() {
        let all = |ranks: Vec<usize>| {
            let mut p = Permutations::new(ranks);
            std::iter::from_fn(move || p.next_permutation()).collect::<Vec<_>>()
        };
        let distinct = all(vec![3, 1, 0, 2]);
        let unique: std::collections::HashSet<_> = distinct.iter().cloned().collect();
        assert_eq!((distinct.len(), unique.len()), (24, 24), "4! permutations, each once");
        assert_eq!(distinct[..3], [vec![0, 1, 2, 3], vec![0, 1, 3, 2], vec![0, 3, 1, 2]], "label order first, then SJT's swaps");
        // rdf-canonize's Permuter on ["a","a","b","b"] gives aabb abab baab
        // baba bbaa (it skips abba):
        let (a, b) = (0, 1);
        assert_eq!(
            all(vec![b, a, b, a]),
            vec![vec![a, a, b, b], vec![a, b, a, b], vec![b, a, a, b], vec![b, a, b, a], vec![b, b, a, a]],
            "repeats are visited as rdf-canonize visits them"
        );
    }
}
