//! The plaintext inside a backup: a tar archive whose first file is
//! `manifest.json`, then the files it lists, each with its size and SHA-256.
//! `docs/backup-format.md` describes it for people; this module is the one
//! place that writes and reads it.
//!
//! Reading checks as it goes and keeps nothing it has not checked: the
//! manifest comes first and bounds every later entry (its path must be
//! listed once, its size must be the declared one, its hash must match), so
//! damaged or hostile input costs at most what the manifest declared, capped.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use super::Error;

/// `format` in every manifest.
pub const FORMAT: &str = "satchel-backup";
/// The format version this Satchel writes and the newest it reads.
pub const VERSION: u32 = 1;
pub const MANIFEST: &str = "manifest.json";
pub const README: &str = "README.txt";
pub const HOLDER_KEYS: &str = "holder-keys.json";
pub const SHARE_LOG: &str = "share-log.json";
pub const SETTINGS: &str = "settings.json";
pub const CACHE_INDEX: &str = "cache.json";

/// The largest manifest read (about 150 bytes per entry: 100,000 credentials fit).
const MAX_MANIFEST_BYTES: u64 = 64 << 20;
/// The largest other metadata file read.
const MAX_METADATA_BYTES: u64 = 256 << 20;
/// The most a backup may declare in all; beyond it, it is refused unread.
pub const MAX_TOTAL_BYTES: u64 = 8 << 30;

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub wallet_id: String,
    /// RFC 3339, UTC.
    pub created: String,
    /// Which program wrote it (`Satchel 0.1.0`).
    #[serde(default)]
    pub made_by: String,
    pub counts: Counts,
    pub entries: Vec<Entry>,
}

/// How many of each thing the backup holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Counts {
    pub credentials: usize,
    pub holder_keys: usize,
    pub shares: usize,
    pub settings: usize,
    pub cached_documents: usize,
}

/// One file of the archive, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub size: u64,
    /// Lowercase hex SHA-256 of the file's bytes.
    pub sha256: String,
}

/// `records/<hash>.json`: what the wallet knows about one credential beyond its bytes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// The credential's file in the archive (`credentials/<hash>.<ext>`).
    pub file: String,
    pub media_type: String,
    pub source: Source,
    pub added_at: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub note: String,
    /// The latest verification report, exactly as the wallet kept it.
    #[serde(default)]
    pub report: Option<Box<RawValue>>,
    #[serde(default)]
    pub verdict: Option<String>,
    #[serde(default)]
    pub verified_at: Option<String>,
}

/// Where a credential came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// `file`, `url`, `paste`, `sample`.
    pub kind: String,
    #[serde(default)]
    pub name: Option<String>,
}

/// One entry of `holder-keys.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HolderKeyFile {
    pub label: String,
    pub did: String,
    pub algorithm: String,
    pub created_at: String,
    /// The key as a JWK (`OKP`/`Ed25519`), private part `d` included.
    pub jwk: Jwk,
}

/// An Ed25519 key as RFC 8037 writes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Jwk {
    pub kty: String,
    pub crv: String,
    pub x: String,
    pub d: String,
}

/// One entry of `cache.json`; the body is the file `cache/<sha256 of url>`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CacheFile {
    pub url: String,
    pub file: String,
    #[serde(default)]
    pub media_type: Option<String>,
    pub fetched_at: String,
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default)]
    pub manual: bool,
}

/// The file extension a credential's bytes get, from its media type, so a
/// file manager opens them with the right program.
pub fn extension(media_type: &str) -> &'static str {
    let m = media_type.to_ascii_lowercase();
    if m.contains("png") {
        "png"
    } else if m.contains("svg") {
        "svg"
    } else if m.contains("xml") {
        "xml"
    } else if m.contains("jwt") {
        "jwt"
    } else if m.contains("json") || m == "application/vc" || m == "application/vp" {
        "json"
    } else {
        "txt"
    }
}

/// Writes the archive: the manifest first, then each file in the order given.
/// Files are produced by `body` one at a time, so the whole backup never needs
/// to be in memory; the hash each body is written with must be the one the
/// manifest declared.
pub struct Writer<W: Write> {
    tar: tar::Builder<W>,
    mtime: u64,
}

impl<W: Write> std::fmt::Debug for Writer<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("backup::format::Writer")
    }
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, manifest: &Manifest, mtime: u64) -> Result<Self, Error> {
        let mut w = Self { tar: tar::Builder::new(out), mtime };
        let bytes = serde_json::to_vec_pretty(manifest).expect("a manifest serialises");
        w.file(MANIFEST, &bytes)?;
        Ok(w)
    }

    /// Adds one file (a plain file, owner read/write only).
    pub fn file(&mut self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        let mut header = tar::Header::new_ustar();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o600);
        header.set_mtime(self.mtime);
        header.set_entry_type(tar::EntryType::Regular);
        self.tar.append_data(&mut header, path, bytes).map_err(Error::write)?;
        Ok(())
    }

    /// Ends the archive (two zero blocks) and gives the writer back.
    pub fn finish(self) -> Result<W, Error> {
        self.tar.into_inner().map_err(Error::write)
    }
}

/// The hex SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Reads an archive, checking every entry against the manifest, and hands
/// each checked file to `keep` (which may drop it: `check` keeps nothing).
/// Returns the manifest once every listed file was seen exactly once.
pub fn read<R: Read>(input: R, mut keep: impl FnMut(&str, Vec<u8>) -> Result<(), Error>) -> Result<Manifest, Error> {
    let mut archive = tar::Archive::new(input);
    let mut entries = archive.entries().map_err(|e| Error::NotABackup(format!("it decrypts, but to no archive ({e})")))?;
    let mut manifest: Option<(Manifest, HashMap<String, Entry>)> = None;
    let mut seen = 0usize;
    loop {
        let mut entry = match entries.next() {
            None => break,
            Some(Ok(entry)) => entry,
            Some(Err(e)) if manifest.is_none() => return Err(Error::NotABackup(format!("it decrypts, but to no archive ({e})"))),
            Some(Err(e)) => return Err(Error::Damaged(format!("the archive inside breaks off ({e})"))),
        };
        let kind = entry.header().entry_type();
        if kind.is_dir() {
            continue;
        }
        let raw_path = entry.path_bytes().into_owned();
        let path = String::from_utf8_lossy(&raw_path).trim_start_matches("./").to_string();
        if !kind.is_file() {
            return Err(Error::Damaged(format!("`{path}` is not a plain file")));
        }
        let size = entry.header().size().map_err(|e| Error::Damaged(format!("`{path}` has no readable size ({e})")))?;
        let Some((_, listed)) = manifest.as_mut() else {
            if path != MANIFEST {
                return Err(Error::NotABackup(format!("its archive starts with `{path}`, not with `{MANIFEST}`")));
            }
            if size > MAX_MANIFEST_BYTES {
                return Err(Error::Damaged(format!("its manifest is {size} bytes, over the {MAX_MANIFEST_BYTES}-byte limit")));
            }
            let bytes = read_exact(&mut entry, size, &path)?;
            let m = parse_manifest(&bytes)?;
            let mut index = HashMap::new();
            for e in &m.entries {
                if index.insert(e.path.clone(), e.clone()).is_some() {
                    return Err(Error::Damaged(format!("the manifest lists `{}` twice", e.path)));
                }
            }
            manifest = Some((m, index));
            continue;
        };
        let expected = listed
            .remove(&path)
            .ok_or_else(|| Error::Damaged(format!("`{path}` is in the archive but not in its manifest (or is in the archive twice)")))?;
        if size != expected.size {
            return Err(Error::Damaged(format!("`{path}` is {size} bytes; the manifest says {}", expected.size)));
        }
        let bytes = read_exact(&mut entry, size, &path)?;
        if sha256(&bytes) != expected.sha256 {
            return Err(Error::Damaged(format!("`{path}` does not match its hash in the manifest")));
        }
        seen += 1;
        keep(&path, bytes)?;
    }
    let Some((manifest, missing)) = manifest else {
        return Err(Error::NotABackup("it decrypts, but to an empty archive".into()));
    };
    if let Some(path) = missing.keys().min() {
        return Err(Error::Damaged(format!("`{path}` is in the manifest but not in the archive ({} missing)", missing.len())));
    }
    debug_assert_eq!(seen, manifest.entries.len());
    Ok(manifest)
}

fn read_exact(entry: &mut impl Read, size: u64, path: &str) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::with_capacity(size.min(16 << 20) as usize);
    entry.take(size).read_to_end(&mut bytes).map_err(|e| Error::Damaged(format!("`{path}` cannot be read whole ({e})")))?;
    if bytes.len() as u64 != size {
        return Err(Error::Damaged(format!("`{path}` breaks off after {} of {size} bytes", bytes.len())));
    }
    Ok(bytes)
}

/// Parses and bounds a manifest: known format, a version this Satchel
/// reads, sizes within limits, paths that stay inside the archive.
pub fn parse_manifest(bytes: &[u8]) -> Result<Manifest, Error> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| Error::NotABackup(format!("its `{MANIFEST}` is not JSON ({e})")))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(Error::NotABackup(format!("its `{MANIFEST}` does not say `\"format\": \"{FORMAT}\"`")));
    }
    let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
    if version > u64::from(VERSION) {
        return Err(Error::TooNew { found: version, known: VERSION });
    }
    let m: Manifest = serde_json::from_value(value).map_err(|e| Error::Damaged(format!("its manifest is incomplete ({e})")))?;
    if m.version != VERSION {
        return Err(Error::Damaged(format!("its manifest has version {}, which no Satchel wrote", m.version)));
    }
    let mut total = 0u64;
    for e in &m.entries {
        if !safe_path(&e.path) || e.path == MANIFEST {
            return Err(Error::Damaged(format!("the manifest lists a path Satchel does not accept: `{}`", e.path)));
        }
        if e.sha256.len() != 64 || !e.sha256.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
            return Err(Error::Damaged(format!("the manifest's hash of `{}` is not lowercase hex SHA-256", e.path)));
        }
        let limit = if e.path.starts_with("credentials/") {
            crate::credential::MAX_INPUT_BYTES as u64
        } else if e.path.starts_with("cache/") {
            crate::did::MAX_DOCUMENT_BYTES as u64
        } else {
            MAX_METADATA_BYTES
        };
        if e.size > limit {
            return Err(Error::Damaged(format!("`{}` is declared {} bytes, over the {limit}-byte limit", e.path, e.size)));
        }
        total = total.saturating_add(e.size);
    }
    if total > MAX_TOTAL_BYTES {
        return Err(Error::Damaged(format!("it declares {total} bytes in all, over the {MAX_TOTAL_BYTES}-byte limit")));
    }
    Ok(m)
}

/// Relative, no `..`, no empty part, plain characters.
fn safe_path(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= 200
        && !path.starts_with('/')
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
        && path.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b))
}

/// The whole content of a checked backup, by path.
#[derive(Debug, Default)]
pub struct Contents {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Contents {
    pub fn take(&mut self, path: &str) -> Option<Vec<u8>> {
        self.files.remove(path)
    }

    /// A JSON file of the backup, which must be there.
    pub fn json<T: serde::de::DeserializeOwned>(&mut self, path: &str) -> Result<T, Error> {
        let bytes = self.take(path).ok_or_else(|| Error::Damaged(format!("`{path}` is missing")))?;
        serde_json::from_slice(&bytes).map_err(|e| Error::Damaged(format!("`{path}` is not what the format says ({e})")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(entries: Vec<Entry>) -> Manifest {
        Manifest {
            format: FORMAT.into(),
            version: VERSION,
            wallet_id: "w".into(),
            created: "2026-01-01T00:00:00Z".into(),
            made_by: "test".into(),
            counts: Counts::default(),
            entries,
        }
    }

    fn archive(m: &Manifest, files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = Writer::new(Vec::new(), m, 0).unwrap();
        for (p, b) in files {
            w.file(p, b).unwrap();
        }
        w.finish().unwrap()
    }

    #[test]
    fn every_entry_is_checked_against_the_manifest() {
        let good = Entry { path: "a.json".into(), size: 2, sha256: sha256(b"{}") };
        let m = manifest(vec![good.clone()]);
        let mut kept = Vec::new();
        read(archive(&m, &[("a.json", b"{}")]).as_slice(), |p, b| {
            kept.push((p.to_string(), b));
            Ok(())
        })
        .unwrap();
        assert_eq!(kept, vec![("a.json".to_string(), b"{}".to_vec())], "the listed file is handed over");

        let changed = read(archive(&m, &[("a.json", b"[]")]).as_slice(), |_, _| Ok(())).unwrap_err();
        assert!(matches!(changed, Error::Damaged(_)), "other bytes of the same size fail the hash: {changed}");
        let missing = read(archive(&m, &[]).as_slice(), |_, _| Ok(())).unwrap_err();
        assert!(missing.to_string().contains("not in the archive"), "{missing}");
        let extra = read(archive(&m, &[("a.json", b"{}"), ("b.json", b"{}")]).as_slice(), |_, _| Ok(())).unwrap_err();
        assert!(extra.to_string().contains("not in its manifest"), "{extra}");
        let twice = read(archive(&m, &[("a.json", b"{}"), ("a.json", b"{}")]).as_slice(), |_, _| Ok(())).unwrap_err();
        assert!(twice.to_string().contains("twice"), "{twice}");
    }

    #[test]
    fn manifests_are_bounded_and_versioned() {
        let newer = br#"{"format":"satchel-backup","version":2,"wallet_id":"w","created":"x","counts":{},"entries":[]}"#;
        assert!(matches!(parse_manifest(newer), Err(Error::TooNew { found: 2, known: 1 })));
        assert!(matches!(parse_manifest(br#"{"format":"other"}"#), Err(Error::NotABackup(_))));
        for path in ["../etc/passwd", "/abs", "a//b", "a/./b", "sp ace"] {
            let m = manifest(vec![Entry { path: path.into(), size: 0, sha256: sha256(b"") }]);
            let bytes = serde_json::to_vec(&m).unwrap();
            assert!(matches!(parse_manifest(&bytes), Err(Error::Damaged(_))), "`{path}` is refused");
        }
        let huge = manifest(vec![Entry { path: "credentials/x.json".into(), size: 1 << 40, sha256: sha256(b"") }]);
        assert!(matches!(parse_manifest(&serde_json::to_vec(&huge).unwrap()), Err(Error::Damaged(_))), "a declared size over the limit");
    }

    #[test]
    fn an_archive_not_starting_with_the_manifest_is_not_a_backup() {
        let mut w = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_ustar();
        h.set_size(2);
        h.set_mode(0o600);
        w.append_data(&mut h, "other.json", &b"{}"[..]).unwrap();
        let bytes = w.into_inner().unwrap();
        assert!(matches!(read(bytes.as_slice(), |_, _| Ok(())), Err(Error::NotABackup(_))));
    }
}
