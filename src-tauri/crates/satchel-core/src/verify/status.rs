//! The `status` check: BitstringStatusList and StatusList2021 entries, and
//! the 1EdTech Revocation List of Open Badges 3.0 / CLR 2.0, and the IETF
//! Token Status List of SD-JWT VCs ([`token_status`]).
//!
//! The status list credential is fetched (https, through the caller's
//! fetcher), and must itself pass: its proof, that its issuer is the
//! credential's issuer, and its validity dates. Only then is the bit read
//! (MSB-first, after gunzip with a size cap). A list that cannot be had or
//! trusted leaves the status unknown: `skipped`, which is never `valid`.
//!
//! A 1EdTech Revocation List is a plain JSON document at the entry's `id`
//! (`{"id", "issuer", "revokedCredentials": [{"id", "revocationReason"}]}`);
//! it carries no proof of its own, so it is believed only when it names the
//! credential's issuer and comes over https.
//!
//! See: <https://www.w3.org/TR/vc-bitstring-status-list/#validate-algorithm>,
//! <https://www.imsglobal.org/spec/vcrl/v1p0/>

use std::io::Read;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::Value;

use super::report::{Check, CheckResult, Code, Finding, Outcome};
use super::{data_integrity, VerifyOptions};

/// Largest status list credential fetched.
pub const MAX_LIST_BYTES: usize = 2 * 1024 * 1024;
/// Largest decompressed bitstring (16 Mi bits would be 2 MiB; allow 8x more).
pub const MAX_BITSTRING_BYTES: usize = 16 * 1024 * 1024;
/// The spec's minimum list size, in bits: shorter lists weaken herd privacy.
pub const MIN_LIST_BITS: usize = 131_072;

/// One entry's conclusion.
enum EntryOutcome {
    Clear(String, Option<String>),
    Set {
        purpose: String,
        detail: String,
    },
    Unknown(String),
    /// The list could not be had: offline, or its server did not answer.
    Unfetched(String, Code),
}

/// The status check of `doc`, issued by `issuer`.
pub fn check(doc: &Value, issuer: Option<&str>, options: &VerifyOptions<'_>) -> CheckResult {
    let entries: Vec<&Value> = match doc.get("credentialStatus") {
        None | Some(Value::Null) => return CheckResult::not_applicable(Check::Status, "the credential has no status entry"),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(v) => vec![v],
    };
    let mut clear = Vec::new();
    let mut warnings = Vec::new();
    let mut unknown = Vec::new();
    let mut unfetched = None;
    for entry in entries {
        match check_entry(entry, doc.get("id").and_then(Value::as_str), issuer, options) {
            EntryOutcome::Set { purpose, detail } => {
                let (finding, code) = if purpose == "suspension" {
                    (Finding::Suspended, Code::StatusSuspended)
                } else {
                    (Finding::Revoked, Code::StatusRevoked)
                };
                return CheckResult::failed(Check::Status, detail).with(finding).because(code);
            }
            EntryOutcome::Clear(detail, warning) => {
                clear.push(detail);
                warnings.extend(warning);
            }
            EntryOutcome::Unknown(why) => unknown.push(why),
            EntryOutcome::Unfetched(why, code) => {
                unknown.push(why);
                unfetched = unfetched.or(Some(code));
            }
        }
    }
    if !unknown.is_empty() {
        let skipped = CheckResult::skipped(Check::Status, unknown.join("; "));
        return match unfetched {
            Some(code) => skipped.because(code),
            None => skipped,
        };
    }
    if !warnings.is_empty() {
        return CheckResult::warning(Check::Status, format!("{} ({})", clear.join("; "), warnings.join("; ")))
            .because(Code::StatusSmallList);
    }
    CheckResult::passed(Check::Status, Some(clear.join("; ")))
}

/// A `1EdTechRevocationList` entry: the list at the entry's `id` must be
/// the issuer's, and the credential's id is looked for among the revoked.
fn revocation_list_entry(entry: &Value, doc_id: Option<&str>, issuer: Option<&str>, options: &VerifyOptions<'_>) -> EntryOutcome {
    let Some(url) = entry.get("id").and_then(Value::as_str) else {
        return EntryOutcome::Unknown("the revocation list entry has no `id`".into());
    };
    let Some(credential_id) = doc_id else {
        return EntryOutcome::Unknown("the credential has no `id` to look up in its revocation list".into());
    };
    let (list, fetched) = match fetch_json_list(url, "revocation list", options) {
        Ok(got) => got,
        Err(unknown) => return unknown,
    };
    let list_issuer = match list.get("issuer") {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(v) => v.get("id").and_then(Value::as_str),
        None => None,
    };
    if list_issuer.is_none() || list_issuer != issuer {
        return EntryOutcome::Unknown(format!(
            "the revocation list `{url}` is issued by `{}`, not by the credential's issuer",
            list_issuer.unwrap_or("nobody")
        ));
    }
    let Some(revoked) = list.get("revokedCredentials").and_then(Value::as_array) else {
        return EntryOutcome::Unknown(format!("the revocation list `{url}` has no `revokedCredentials`"));
    };
    let hit = revoked.iter().find(|r| r.as_str().or_else(|| r.get("id").and_then(Value::as_str)) == Some(credential_id));
    match hit {
        Some(r) => {
            let reason = r.get("revocationReason").and_then(Value::as_str).map(|why| format!(": {why}")).unwrap_or_default();
            EntryOutcome::Set {
                purpose: "revocation".into(),
                detail: format!("revoked in the issuer's revocation list{reason}{}", fetched.origin.note()),
            }
        }
        None => {
            EntryOutcome::Clear(format!("not in the issuer's revocation list (unsigned, served over https){}", fetched.origin.note()), None)
        }
    }
}

/// Fetches a list (`what` names it) and parses it as JSON; the reason it
/// could not be had, in words, otherwise.
fn fetch_json_list(url: &str, what: &str, options: &VerifyOptions<'_>) -> Result<(Value, crate::fetch::Fetched), EntryOutcome> {
    let fetcher = options
        .fetcher
        .ok_or_else(|| EntryOutcome::Unfetched(format!("offline: the {what} `{url}` was not fetched"), Code::StatusOffline))?;
    let fetched = fetcher
        .get(url, MAX_LIST_BYTES)
        .map_err(|e| EntryOutcome::Unfetched(format!("the {what} could not be fetched: {e}"), Code::StatusUnreachable))?;
    let list =
        serde_json::from_slice::<Value>(&fetched.body).map_err(|_| EntryOutcome::Unknown(format!("the {what} `{url}` is not JSON")))?;
    Ok((list, fetched))
}

fn check_entry(entry: &Value, doc_id: Option<&str>, issuer: Option<&str>, options: &VerifyOptions<'_>) -> EntryOutcome {
    // `type` is a name or a list of names (the same statements either way).
    const KNOWN: [&str; 3] = ["BitstringStatusListEntry", "StatusList2021Entry", "1EdTechRevocationList"];
    let kind = match entry.get("type") {
        Some(Value::Array(names)) => {
            let names: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
            names.iter().copied().find(|n| KNOWN.contains(n)).or(names.first().copied()).unwrap_or_default()
        }
        other => other.and_then(Value::as_str).unwrap_or_default(),
    };
    let (list_type, subject_type) = match kind {
        "BitstringStatusListEntry" => ("BitstringStatusListCredential", "BitstringStatusList"),
        "StatusList2021Entry" => ("StatusList2021Credential", "StatusList2021"),
        "1EdTechRevocationList" => return revocation_list_entry(entry, doc_id, issuer, options),
        other => return EntryOutcome::Unknown(format!("the status type `{other}` is not supported yet")),
    };
    let purpose = entry.get("statusPurpose").and_then(Value::as_str).unwrap_or_default().to_string();
    let index = match entry.get("statusListIndex") {
        Some(Value::String(s)) => s.parse::<usize>().ok(),
        Some(Value::Number(n)) => n.as_u64().map(|n| n as usize),
        _ => None,
    };
    let Some(index) = index else { return EntryOutcome::Unknown("the status entry has no usable `statusListIndex`".into()) };
    let Some(url) = entry.get("statusListCredential").and_then(Value::as_str) else {
        return EntryOutcome::Unknown("the status entry names no `statusListCredential`".into());
    };
    // `statusSize` is an integer the context types, so `"2"` and `2` are
    // the same signed statement: both are two bits, never the one-bit
    // default.
    let size = match entry.get("statusSize") {
        None => Some(1),
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.parse::<u64>().ok(),
        Some(_) => None,
    };
    match size {
        Some(1) => {}
        Some(0) | None => return EntryOutcome::Unknown("the status entry's `statusSize` is not a positive number".into()),
        Some(bits) => {
            return EntryOutcome::Unknown(format!("the status entry uses {bits}-bit statuses (`statusSize`), which are not supported yet"))
        }
    }
    let (list, fetched) = match fetch_json_list(url, "status list", options) {
        Ok(got) => got,
        Err(unknown) => return unknown,
    };
    let run_by = match trust_list(&list, list_type, issuer, options) {
        Ok(note) => format!("{}{}", note.map(|n| format!(", {n}")).unwrap_or_default(), fetched.origin.note()),
        Err(why) => return EntryOutcome::Unknown(format!("the status list `{url}` cannot be trusted: {why}")),
    };
    let subject = list.get("credentialSubject").unwrap_or(&Value::Null);
    let is_subject_type = match subject.get("type") {
        Some(Value::Array(names)) => names.iter().any(|n| n.as_str() == Some(subject_type)),
        other => other.and_then(Value::as_str) == Some(subject_type),
    };
    if !is_subject_type {
        return EntryOutcome::Unknown(format!("the status list `{url}` is not a {subject_type}"));
    }
    let list_purpose = subject.get("statusPurpose").and_then(Value::as_str).unwrap_or_default();
    if list_purpose != purpose {
        return EntryOutcome::Unknown(format!("the list's purpose `{list_purpose}` differs from the entry's `{purpose}`"));
    }
    let Some(encoded) = subject.get("encodedList").and_then(Value::as_str) else {
        return EntryOutcome::Unknown(format!("the status list `{url}` has no `encodedList`"));
    };
    let bits = match decode_list(encoded) {
        Ok(b) => b,
        Err(why) => return EntryOutcome::Unknown(format!("the status list `{url}` cannot be decoded: {why}")),
    };
    let Some(set) = bit(&bits, index) else {
        return EntryOutcome::Unknown(format!("index {index} lies beyond the {}-bit list `{url}`", bits.len() * 8));
    };
    let warning = (bits.len() * 8 < MIN_LIST_BITS)
        .then(|| format!("the list has {} entries, under the spec's minimum of {MIN_LIST_BITS}", bits.len() * 8));
    if set {
        EntryOutcome::Set { detail: format!("{purpose}: bit {index} is set in `{url}`{run_by}"), purpose }
    } else {
        EntryOutcome::Clear(format!("{purpose}: bit {index} is clear in `{url}`{run_by}"), warning)
    }
}

/// The list must be a list credential whose own checks pass: proof, issuer
/// binding, dates. Its issuer may differ from the credential's (the
/// credential's issuer chose the list); the detail then names who runs it.
fn trust_list(list: &Value, list_type: &str, issuer: Option<&str>, options: &VerifyOptions<'_>) -> Result<Option<String>, String> {
    let is_type = match list.get("type") {
        Some(Value::Array(t)) => t.iter().any(|t| t.as_str() == Some(list_type)),
        Some(Value::String(t)) => t == list_type,
        _ => false,
    };
    if !is_type {
        return Err(format!("it is not a {list_type}"));
    }
    let mut checks = data_integrity::check_document(list, options.fetcher);
    checks.push(super::signed_validity(list, options.clock.now()));
    if let Some(bad) = checks.iter().find(|c| c.outcome != Outcome::Passed) {
        return Err(format!("its {} check did not pass ({})", bad.check.as_str(), bad.detail.as_deref().unwrap_or("no detail")));
    }
    let list_issuer = match list.get("issuer") {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(Value::Object(o)) => o.get("id").and_then(Value::as_str),
        _ => None,
    };
    Ok((list_issuer != issuer).then(|| format!("the list is run by `{}`", list_issuer.unwrap_or("an unnamed issuer"))))
}

/// The IETF Token Status List entry of JWT-secured `claims`
/// (`status.status_list: {idx, uri}`): the Status List Token at `uri` is a
/// JWT (`typ: statuslist+jwt`) whose `sub` is that `uri`, signed by a key of
/// the credential's `issuer`, within its `exp`; its `status_list` holds
/// `bits`-wide statuses, zlib-compressed, the first one in the least
/// significant bits of byte 0. 0 is valid, 1 revoked ("invalid"), 2
/// suspended; anything else is unknown.
///
/// See: <https://datatracker.ietf.org/doc/html/draft-ietf-oauth-status-list#name-status-list>
pub fn token_status(claims: &Value, issuer: Option<&str>, options: &VerifyOptions<'_>) -> CheckResult {
    let unknown = |why: String| CheckResult::skipped(Check::Status, why);
    let entry = claims.pointer("/status/status_list").unwrap_or(&Value::Null);
    let (Some(index), Some(uri)) = (entry.get("idx").and_then(Value::as_u64), entry.get("uri").and_then(Value::as_str)) else {
        return unknown("the status entry has no usable `idx` and `uri`".into());
    };
    let Some(fetcher) = options.fetcher else {
        return unknown(format!("offline: the status list `{uri}` was not fetched")).because(Code::StatusOffline);
    };
    let fetched = match fetcher.get(uri, MAX_LIST_BYTES) {
        Ok(f) => f,
        Err(e) => return unknown(format!("the status list could not be fetched: {e}")).because(Code::StatusUnreachable),
    };
    let Ok(text) = std::str::from_utf8(&fetched.body) else { return unknown(format!("the status list `{uri}` is not a JWT")) };
    let token = match crate::jws::parse(text) {
        Ok(t) => t,
        Err(e) => return unknown(format!("the status list `{uri}` is not a JWT ({e})")),
    };
    if token.header.get("typ").and_then(Value::as_str) != Some("statuslist+jwt") {
        return unknown(format!("the status list `{uri}` is not a status list token (`typ`)"));
    }
    if token.payload.get("sub").and_then(Value::as_str) != Some(uri) {
        return unknown(format!("the status list at `{uri}` is about another list (`sub`)"));
    }
    let candidates = match super::jose::resolve_key(&token.header, issuer, options) {
        Ok(c) => c,
        Err(result) => return unknown(format!("the status list's key: {}", result.detail.unwrap_or_default())),
    };
    let source = match super::jose::verify_with(&token, candidates) {
        Ok(s) => s,
        Err(e) => return unknown(format!("the status list's signature: {e}")),
    };
    let bound = super::jose::issuer_check(&source, issuer);
    if bound.outcome != Outcome::Passed {
        return unknown(format!("the status list is not the issuer's: {}", bound.detail.unwrap_or_default()));
    }
    let now = options.clock.now();
    if token.payload.get("exp").is_some_and(|exp| crate::clock::numeric_date(exp).is_none_or(|exp| now > exp)) {
        return unknown(format!("the status list `{uri}` has expired"));
    }
    let list = token.payload.get("status_list").unwrap_or(&Value::Null);
    let bits = list.get("bits").and_then(Value::as_u64).unwrap_or(0);
    if ![1, 2, 4, 8].contains(&bits) {
        return unknown(format!("the status list `{uri}` has no valid `bits`"));
    }
    let Some(lst) = list.get("lst").and_then(Value::as_str) else { return unknown(format!("the status list `{uri}` has no `lst`")) };
    let bytes = match decode_token_list(lst) {
        Ok(b) => b,
        Err(why) => return unknown(format!("the status list `{uri}` cannot be decoded: {why}")),
    };
    let Some(value) = status_value(&bytes, index, bits as u32) else {
        return unknown(format!("index {index} lies beyond the status list `{uri}`"));
    };
    let origin = fetched.origin.note();
    match value {
        0 => CheckResult::passed(Check::Status, Some(format!("valid in the issuer's token status list{origin}"))),
        1 => CheckResult::failed(Check::Status, format!("revoked in the issuer's token status list{origin}"))
            .with(Finding::Revoked)
            .because(Code::StatusRevoked),
        2 => CheckResult::failed(Check::Status, format!("suspended in the issuer's token status list{origin}"))
            .with(Finding::Suspended)
            .because(Code::StatusSuspended),
        other => unknown(format!("the issuer's token status list gives the status {other:#04x}, whose meaning it defines itself")),
    }
}

/// base64url, then zlib with the same size cap as the bitstring lists.
fn decode_token_list(lst: &str) -> Result<Vec<u8>, String> {
    let zlib = URL_SAFE_NO_PAD.decode(lst.trim_end_matches('=')).map_err(|_| "not base64url")?;
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(zlib.as_slice())
        .take(MAX_BITSTRING_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("not zlib ({e})"))?;
    if out.len() > MAX_BITSTRING_BYTES {
        return Err(format!("it decompresses to more than {MAX_BITSTRING_BYTES} bytes"));
    }
    Ok(out)
}

/// The `bits`-wide status at `index`, least significant bits first.
pub fn status_value(bytes: &[u8], index: u64, bits: u32) -> Option<u8> {
    let per_byte = 8 / bits as u64;
    let byte = bytes.get(usize::try_from(index / per_byte).ok()?)?;
    let shift = (index % per_byte) as u32 * bits;
    let mask = if bits == 8 { 0xff } else { (1u8 << bits) - 1 };
    Some((byte >> shift) & mask)
}

/// Decodes an `encodedList`: multibase base64url (`u…`, BitstringStatusList)
/// or bare base64/base64url (StatusList2021), then gunzip with a size cap.
pub fn decode_list(encoded: &str) -> Result<Vec<u8>, String> {
    let candidates = [
        encoded.strip_prefix('u').map(|e| URL_SAFE_NO_PAD.decode(e.trim_end_matches('='))),
        Some(URL_SAFE_NO_PAD.decode(encoded.trim_end_matches('='))),
        Some(STANDARD.decode(encoded)),
    ];
    let gz = candidates.into_iter().flatten().find_map(Result::ok).ok_or("not base64")?;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .take(MAX_BITSTRING_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("not gzip ({e})"))?;
    if out.len() > MAX_BITSTRING_BYTES {
        return Err(format!("it decompresses to more than {MAX_BITSTRING_BYTES} bytes"));
    }
    Ok(out)
}

/// Bit `index` of `bits`, the first bit being the most significant of byte 0.
pub fn bit(bits: &[u8], index: usize) -> Option<bool> {
    let byte = bits.get(index / 8)?;
    Some(byte & (0x80 >> (index % 8)) != 0)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn a_credential_without_status_cannot_be_revoked_and_is_not_said_to_pass() {
        let clock = crate::clock::FixedClock(chrono::Utc::now());
        let options = VerifyOptions { clock: &clock, fetcher: None, trust: None };
        let none = check(&serde_json::json!({"id": "urn:x"}), Some("did:example:i"), &options);
        assert_eq!(
            (none.outcome, none.code),
            (Outcome::NotApplicable, Code::StatusNone),
            "no status entry: the check does not apply, it did not pass"
        );
        let entry = serde_json::json!({"credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
            "statusListIndex": "8", "statusListCredential": "https://status.example/list"}});
        let offline = check(&entry, Some("did:example:i"), &options);
        assert_eq!(
            (offline.outcome, offline.code),
            (Outcome::Skipped, Code::StatusOffline),
            "offline: the learner is told the network is why, first"
        );
        assert!(offline.code.is_network());
    }

    fn gzip_b64(bytes: &[u8]) -> String {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        format!("u{}", URL_SAFE_NO_PAD.encode(e.finish().unwrap()))
    }

    #[test]
    fn token_status_values_are_read_lsb_first() {
        // The draft's example: bits 1, statuses [1,0,0,1,1,1,0,1, 1,1,0,0,0,1,0,1] = bytes 0xB9 0xA3.
        let one = [0xb9u8, 0xa3];
        let expected = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1];
        for (i, e) in expected.iter().enumerate() {
            assert_eq!(status_value(&one, i as u64, 1), Some(*e), "index {i}");
        }
        // bits 2: [1,2,0,3, 0,1,0,1, 1,2,3,3] = 0xC9 0x44 0xF9.
        let two = [0xc9u8, 0x44, 0xf9];
        let expected = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3];
        for (i, e) in expected.iter().enumerate() {
            assert_eq!(status_value(&two, i as u64, 2), Some(*e), "index {i}");
        }
        assert_eq!(status_value(&two, 12, 2), None);
        assert_eq!(status_value(&[0xab], 0, 8), Some(0xab));
    }

    #[test]
    fn bits_are_read_msb_first() {
        let bits = [0b1000_0001u8, 0b0010_0000];
        assert_eq!(bit(&bits, 0), Some(true), "index 0 is the top bit of the first byte");
        assert_eq!(bit(&bits, 7), Some(true));
        assert_eq!(bit(&bits, 1), Some(false));
        assert_eq!(bit(&bits, 10), Some(true));
        assert_eq!(bit(&bits, 16), None, "beyond the list");
    }

    #[test]
    fn decodes_both_encodings_and_caps_size() {
        let plain = vec![0u8; 16_384];
        assert_eq!(decode_list(&gzip_b64(&plain)).unwrap(), plain, "multibase base64url");
        assert_eq!(decode_list(&gzip_b64(&plain)[1..]).unwrap(), plain, "bare base64url (StatusList2021)");
        let bomb = vec![0u8; MAX_BITSTRING_BYTES + 1];
        assert!(decode_list(&gzip_b64(&bomb)).unwrap_err().contains("more than"), "a gzip bomb is refused");
        assert!(decode_list("u!!!").is_err());
    }
}
