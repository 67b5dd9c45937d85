//! What is shown and judged is what is signed, end to end:
//! - an Open Badge signed by `@digitalbazaar/vc` (fresh key, dates around
//!   the real clock), re-spelt as the same signed graph (the peer still
//!   verifies it), is never `valid` in `satchel verify --json`, in `satchel
//!   show --json` after import, or in an employer's package check, and shows
//!   what the plain one shows;
//! - every public vector that verifies, rewritten into equivalent JSON-LD
//!   forms, keeps its verdict and every displayed field, or is refused in
//!   plain words.

use std::process::Command;

use satchel_core::clock::FixedClock;
use satchel_core::fetch::HttpsFetcher;
use satchel_core::verify::{verify, Check, Outcome, Report, Verdict, VerifyOptions};
use satchel_tests::{json, serve_vectors, vectors_dir, workspace_root, TestWallet};
use serde_json::{json, Map, Value};

const CRED: &str = "https://www.w3.org/2018/credentials#";
const DATE: &str = "http://www.w3.org/2001/XMLSchema#dateTime";

fn peer(args: &[&str]) -> Value {
    let dir = workspace_root().join("tests/interop");
    assert!(dir.join("node_modules/@digitalbazaar/vc").is_dir(), "the interop peer's npm packages are missing (npm ci in tests/interop)");
    let run = Command::new("node").arg("signed-graph.mjs").args(args).current_dir(&dir).output().expect("run node");
    assert!(run.status.success(), "the peer failed: {}", String::from_utf8_lossy(&run.stderr));
    String::from_utf8_lossy(&run.stdout).lines().last().and_then(|l| serde_json::from_str(l).ok()).unwrap_or(Value::Null)
}

fn stamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn checks(r: &Value) -> Vec<(String, String, String)> {
    r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["check"].as_str().unwrap().into(), c["outcome"].as_str().unwrap().into(), c["detail"].as_str().unwrap_or("").into()))
        .collect()
}

fn format_detail(r: &Value) -> String {
    checks(r).into_iter().find(|(c, _, _)| c == "format").map(|(_, o, d)| format!("{o}: {d}")).unwrap_or_default()
}

/// A revoked and expired badge issued by the peer, re-spelt (full-IRI
/// `credentialStatus`, full-IRI typed `validUntil`): the peer verifies the
/// signature of both spellings; Satchel refuses the second in plain words
/// wherever it is read, and shows the same title.
#[test]
fn a_peer_signed_credential_respelt_is_never_valid() {
    let w = TestWallet::new().init_passphrase();
    let now = chrono::Utc::now();
    let (from, until) = (stamp(now - chrono::Duration::days(3)), stamp(now - chrono::Duration::days(1)));
    let plain_file = w.file("plain.json");
    peer(&["issue", plain_file.to_str().unwrap(), &from, &until, "https://status.peer.example/lists/7"]);
    let plain: Value = serde_json::from_slice(&std::fs::read(&plain_file).unwrap()).unwrap();
    let mut respelt = plain.clone();
    let d = respelt.as_object_mut().unwrap();
    let status = d.remove("credentialStatus").unwrap();
    d.insert(format!("{CRED}credentialStatus"), status);
    let until_value = d.remove("validUntil").unwrap();
    d.insert(format!("{CRED}validUntil"), json!({"@value": until_value, "@type": DATE}));
    let respelt_file = w.scratch("respelt.json", &serde_json::to_vec_pretty(&respelt).unwrap());
    let mut unsigned_name = plain.clone();
    unsigned_name["@context"].as_array_mut().unwrap().push(json!({"@vocab": null}));
    unsigned_name["credentialSubject"]["fullName"] = json!("Mallory Unsigned");
    let unsigned_file = w.scratch("unsigned-name.json", &serde_json::to_vec_pretty(&unsigned_name).unwrap());

    // The premise, by the independent implementation: within the validity
    // period, both spellings carry a good signature; the unsigned name is
    // caught by its safe mode.
    let during = stamp(now - chrono::Duration::days(2));
    assert_eq!(peer(&["verify", plain_file.to_str().unwrap(), &during])["verified"], true);
    assert_eq!(peer(&["verify", respelt_file.to_str().unwrap(), &during])["verified"], true, "the same signed graph");
    let theirs = peer(&["verify", unsigned_file.to_str().unwrap(), &during]);
    assert_eq!(theirs["verified"], false, "{theirs}");

    let verify_json = |file: &std::path::Path| json(&w.cmd().args(["verify", "--offline", "--json"]).arg(file).output().unwrap());
    let baseline = verify_json(&plain_file);
    assert_eq!(baseline["verdict"], "expired", "the plain badge is expired (its status unknown offline): {baseline}");
    let report = verify_json(&respelt_file);
    assert_eq!(report["verdict"], "unverifiable", "{report}");
    let why = format_detail(&report);
    assert!(why.starts_with("skipped: written in an unusual JSON-LD form (a full IRI is written as a key"), "plain words: {why}");
    assert!(why.contains("cannot be sure what it shows is what was signed"), "{why}");
    assert_eq!(report["title"], baseline["title"], "the same title is shown");
    assert_eq!(report["issuer"], baseline["issuer"], "and the same issuer");
    let unsigned = verify_json(&unsigned_file);
    assert_eq!(unsigned["verdict"], "invalid", "{unsigned}");
    assert!(format_detail(&unsigned).contains("fullName"), "the unsigned key is named: {unsigned}");

    // In the wallet: imported, listed and shown with the same verdict.
    let added = json(&w.run(&["import", respelt_file.to_str().unwrap()]));
    let id = added["credential"]["id"].as_str().unwrap().to_string();
    let shown = json(&w.run(&["show", &id]));
    assert_eq!(shown["report"]["verdict"], "unverifiable", "{shown}");
    assert!(format_detail(&shown["report"]).contains("unusual JSON-LD form"), "{shown}");
    let expected_title = plain["credentialSubject"]["achievement"]["name"].as_str().unwrap();
    assert_eq!(shown["credential"]["title"], expected_title, "the list's title: {shown}");
    assert_eq!(shown["view"]["achievements"][0]["title"], expected_title, "the detail's achievement: {shown}");

    // In an employer's package: the learner shares the plain badge; the
    // badge is re-spelt inside the package after it was signed.
    // (Another wallet: this one already holds the badge's id, re-spelt.)
    let w = TestWallet::new().init_passphrase();
    let plain_id = json(&w.run(&["import", plain_file.to_str().unwrap()]))["credential"]["id"].as_str().unwrap().to_string();
    let package_file = w.file("package.json");
    let made = w.run(&["share", &plain_id, "--challenge", "ch-1", "--out", package_file.to_str().unwrap()]);
    assert_eq!(made.status.code(), Some(0), "{}", String::from_utf8_lossy(&made.stderr));
    let mut package: Value = serde_json::from_slice(&std::fs::read(&package_file).unwrap()).unwrap();
    let inner = package["verifiableCredential"][0].as_object_mut().unwrap();
    let status = inner.remove("credentialStatus").unwrap();
    inner.insert(format!("{CRED}credentialStatus"), status);
    let tampered = w.scratch("package-respelt.json", &serde_json::to_vec(&package).unwrap());
    let employer = json(&w.cmd().args(["verify", "--offline", "--json", "--challenge", "ch-1"]).arg(&tampered).output().unwrap());
    assert_ne!(employer["verdict"], "valid", "{employer}");
    assert_eq!(employer["verdict"], "invalid", "the holder's proof is not read in that form: {employer}");
}

/// Rewrites a credential into another JSON-LD form; `None` when the form
/// does not apply to it.
type Rewrite = fn(&Value) -> Option<Value>;

/// JSON-LD forms of the same graph, by name.
fn rewrites() -> Vec<(&'static str, Rewrite)> {
    fn with(doc: &Value, f: impl FnOnce(&mut Map<String, Value>) -> Option<()>) -> Option<Value> {
        let mut d = doc.clone();
        f(d.as_object_mut()?)?;
        Some(d)
    }
    fn full_iri(doc: &Value) -> Option<Value> {
        with(doc, |d| {
            let key = ["credentialStatus", "credentialSubject", "issuer"].into_iter().find(|k| d.contains_key(*k))?;
            let v = d.remove(key)?;
            d.insert(format!("{CRED}{key}"), v);
            Some(())
        })
    }
    fn typed_date(doc: &Value) -> Option<Value> {
        with(doc, |d| {
            let key = ["validUntil", "expirationDate", "validFrom", "issuanceDate"].into_iter().find(|k| d.contains_key(*k))?;
            d[key] = json!({"@value": d[key].clone(), "@type": DATE});
            Some(())
        })
    }
    fn index(doc: &Value) -> Option<Value> {
        with(doc, |d| {
            let name = d.get_mut("credentialSubject")?.get_mut("achievement")?.get_mut("name")?;
            *name = json!({"@value": name.clone(), "@index": "Doctor of Medicine"});
            Some(())
        })
    }
    fn at_id(doc: &Value) -> Option<Value> {
        with(doc, |d| {
            let v = d.remove("id")?;
            d.insert("@id".into(), v);
            Some(())
        })
    }
    fn included(doc: &Value) -> Option<Value> {
        with(doc, |d| {
            let id = d.get("id")?.clone();
            let key = ["credentialStatus", "validUntil", "expirationDate", "validFrom", "issuanceDate"]
                .into_iter()
                .find(|k| d.contains_key(*k))?;
            let v = d.remove(key)?;
            d.insert("@included".into(), json!([{"id": id, "type": "VerifiableCredential", key: v}]));
            Some(())
        })
    }
    fn single_arrays(doc: &Value) -> Option<Value> {
        with(doc, |d| {
            let key = ["validUntil", "expirationDate", "validFrom", "issuanceDate", "issuer"].into_iter().find(|k| d.contains_key(*k))?;
            d[key] = json!([d[key].clone()]);
            Some(())
        })
    }
    fn status_array(doc: &Value) -> Option<Value> {
        with(doc, |d| {
            let entry = d.get("credentialStatus").filter(|e| e.is_object())?.clone();
            d["credentialStatus"] = json!([entry]);
            Some(())
        })
    }
    fn vocab_null_appended(doc: &Value) -> Option<Value> {
        with(doc, |d| {
            let ctx = d.get_mut("@context")?;
            if !ctx.is_array() {
                *ctx = json!([ctx.clone()]);
            }
            ctx.as_array_mut()?.push(json!({"@vocab": null}));
            Some(())
        })
    }
    fn vocab_null_nested(doc: &Value) -> Option<Value> {
        with(doc, |d| {
            d.get_mut("credentialSubject")?.as_object_mut()?.insert("@context".into(), json!({"@vocab": null}));
            Some(())
        })
    }
    fn reordered(doc: &Value) -> Option<Value> {
        // Sets may come in any order: every array but `@context` (whose
        // order is meaning) reversed, at every depth.
        fn reverse(v: &mut Value) {
            match v {
                Value::Array(items) => {
                    items.reverse();
                    items.iter_mut().for_each(reverse);
                }
                Value::Object(map) => map.iter_mut().filter(|(k, _)| k.as_str() != "@context").for_each(|(_, v)| reverse(v)),
                _ => {}
            }
        }
        let mut d = doc.clone();
        reverse(&mut d);
        (d != *doc).then_some(d)
    }
    vec![
        ("full-IRI key", full_iri),
        ("typed value object", typed_date),
        ("@index", index),
        ("@id for id", at_id),
        ("@included re-describing the credential", included),
        ("single-value array on a judged key", single_arrays),
        ("credentialStatus as a one-entry list", status_array),
        ("{\"@vocab\": null} appended", vocab_null_appended),
        ("{\"@vocab\": null} nested", vocab_null_nested),
        ("reordered arrays", reordered),
    ]
}

/// Everything a learner or an employer reads about a credential.
fn displayed(bytes: &[u8], report: &Report) -> Value {
    let view = satchel_core::learning::view(bytes, &["en"]).ok();
    let summary = satchel_core::credential::detect(bytes).ok().map(|d| d.summary);
    json!({
        "report": {"title": report.title, "issuer": report.issuer, "subject": report.subject},
        "view": view.map(|v| json!({"title": v.title, "issuer": v.issuer.name, "learner": v.learner,
            "achievements": v.achievements.iter().map(|a| a.title.clone()).collect::<Vec<_>>()})),
        "summary": summary.map(|s| json!({"title": s.title, "issuer": s.issuer_name, "subject": s.subject})),
    })
}

/// Refused in plain words: not `valid`, and the format check (or, for a
/// proof over the JSON bytes, the signature check) says why.
fn refused(report: &Report) -> bool {
    let format = report.check(Check::Format);
    let signature = report.check(Check::Signature);
    let plain_words = format.is_some_and(|f| {
        f.outcome != Outcome::Passed
            && f.detail.as_deref().is_some_and(|d| d.contains("unusual JSON-LD form") || d.contains("no context defines"))
    }) || signature
        .is_some_and(|s| s.outcome == Outcome::Failed && s.detail.as_deref().is_some_and(|d| d.contains("does not match")));
    report.verdict != Verdict::Valid && plain_words
}

/// The property the issue asks for, over every public vector that verifies.
#[test]
fn every_equivalent_form_of_a_public_vector_reads_alike_or_is_refused() {
    let Some(dir) = vectors_dir() else { return };
    let port = serve_vectors(&dir);
    let fetcher = HttpsFetcher::new().with_loopback_rewrite("https://", &format!("http://127.0.0.1:{port}/")).unwrap();
    let clock = FixedClock(chrono::DateTime::parse_from_rfc3339("2026-11-27T00:00:00Z").unwrap().into());
    let options = VerifyOptions { clock: &clock, fetcher: Some(&fetcher), trust: None };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let (mut vectors, mut same, mut refusals, mut failures) = (0, 0, 0, Vec::new());
    for row in manifest.lines().skip(1) {
        let file = row.split('\t').next().unwrap();
        let Ok(doc) = serde_json::from_slice::<Value>(&std::fs::read(dir.join(file)).unwrap_or_default()) else { continue };
        if doc.get("@context").is_none() || doc.get("proof").is_none() {
            continue;
        }
        let bytes = serde_json::to_vec(&doc).unwrap();
        let Ok(baseline) = verify(&bytes, &options) else { continue };
        if baseline.verdict != Verdict::Valid {
            continue;
        }
        vectors += 1;
        let shown = displayed(&bytes, &baseline);
        for (form, rewrite) in rewrites() {
            let Some(rewritten) = rewrite(&doc) else { continue };
            let bytes = serde_json::to_vec(&rewritten).unwrap();
            let report = match verify(&bytes, &options) {
                Ok(r) => r,
                Err(e) => {
                    failures.push(format!("{file} ({form}): could not be read at all: {e}"));
                    continue;
                }
            };
            if report.verdict == baseline.verdict && displayed(&bytes, &report) == shown {
                same += 1;
            } else if refused(&report) {
                refusals += 1;
            } else {
                failures.push(format!(
                    "{file} ({form}): {:?} (was valid), shown {} (was {shown}); checks {:?}",
                    report.verdict,
                    displayed(&bytes, &report),
                    report.checks
                ));
            }
            if form == "reordered arrays" && report.verdict != Verdict::Valid {
                failures.push(format!("{file}: reordered sets must stay valid: {:?}", report.checks));
            }
        }
    }
    eprintln!("{vectors} valid vectors: {same} rewrites read alike, {refusals} refused in plain words");
    assert!(vectors >= 10, "the public vectors that verify are all tried ({vectors})");
    assert!(refusals > 0 && same > 0, "both outcomes occur");
    assert!(failures.is_empty(), "rewrites that changed what Satchel concludes or shows:\n{}", failures.join("\n"));
}
