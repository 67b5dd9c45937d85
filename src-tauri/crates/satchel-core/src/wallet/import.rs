//! The one way a credential comes into a wallet. Every source (a file the
//! learner chose, bytes already in hand, pasted text, a picture of a QR
//! code, an https address) is an [`ImportInput`], and
//! [`UnlockedWallet::import_from`] turns it into bytes with the wallet's own
//! environment (its fetcher under its network policy, its clock, its cache),
//! reads them once into a [`Credential`] and stores it verified. What needs
//! no wallet is done first by [`ImportInput::resolve`] (an image's QR codes
//! read, pasted text that is a link turned into one), so the app can ask the
//! learner about an address before the wallet is touched. The app's
//! commands and the CLI's `import` only say which source; a new one (an
//! OpenID4VCI offer, a VC-API exchange) is a new variant here and nowhere else.

use std::io::Read;
use std::path::PathBuf;

use super::{ImportOutcome, ImportSource, UnlockedWallet};
use crate::credential::{Credential, MAX_INPUT_BYTES};
use crate::error::{Error, Result};

/// Where a credential to import comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportInput {
    /// Bytes already in hand, and where they came from.
    Bytes { bytes: Vec<u8>, source: ImportSource },
    /// A file the learner chose: read here, refused above [`MAX_INPUT_BYTES`].
    File(PathBuf),
    /// Pasted text: a credential, or an https address of one (fetched).
    Text(String),
    /// A pasted image: a baked badge, or a picture of QR codes that hold a
    /// credential or an address of one.
    Image(Vec<u8>),
    /// An address to fetch the credential from (https only).
    Url(String),
    /// Standard input, read up to one byte over [`MAX_INPUT_BYTES`] (the CLI's `-`).
    Stdin,
}

/// Pasted text that is an https address and nothing else.
fn as_link(text: &str) -> Option<&str> {
    let trimmed = text.trim();
    (trimmed.starts_with("https://") && !trimmed.contains(char::is_whitespace)).then_some(trimmed)
}

/// A file's bytes, refused above the input size limit before they are read.
fn read_capped(path: &std::path::Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.len() > MAX_INPUT_BYTES as u64 {
        return Err(Error::InputTooLarge { limit: MAX_INPUT_BYTES });
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

impl ImportInput {
    /// This input with what needs no wallet and no network done: a pasted
    /// link becomes [`Self::Url`], an image that is no baked badge becomes
    /// the text of its QR codes (and that text, a link or a credential).
    ///
    /// # Errors
    /// `unsupported_format` for an image with no badge and no QR code.
    pub fn resolve(self) -> Result<Self> {
        Ok(match self {
            Self::Text(text) => match as_link(&text) {
                Some(url) => Self::Url(url.to_string()),
                None => Self::Bytes { bytes: text.into_bytes(), source: ImportSource::Paste },
            },
            // A baked badge is a credential as it is; any other image is
            // read for QR codes.
            Self::Image(bytes) if crate::credential::detect(&bytes).is_ok() => Self::Bytes { bytes, source: ImportSource::Paste },
            Self::Image(bytes) => Self::Text(crate::qr::read_image(&bytes)?.join("\n")).resolve()?,
            other => other,
        })
    }

    /// The address this input fetches, once [resolved](Self::resolve): what
    /// the app asks the learner about before anything is contacted.
    pub fn url(&self) -> Option<&str> {
        match self {
            Self::Url(url) => Some(url),
            _ => None,
        }
    }
}

impl UnlockedWallet {
    /// Imports one credential from `input`, verified, in one transaction.
    /// An address is fetched with this wallet's fetcher (none: offline, and
    /// nothing is contacted). A caller that must ask the learner first
    /// resolves the input and asks about its [`ImportInput::url`].
    ///
    /// # Errors
    /// `network` (not https, offline, the fetch failed), `io`,
    /// `input_too_large`, `unsupported_format` (nothing stored), `storage`.
    pub fn import_from(&mut self, input: ImportInput) -> Result<ImportOutcome> {
        let (bytes, source) = match input.resolve()? {
            ImportInput::Bytes { bytes, source } => (bytes, source),
            ImportInput::File(path) => {
                let bytes = read_capped(&path)?;
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
                (bytes, ImportSource::File(name))
            }
            ImportInput::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin().take(MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| Error::io("standard input", e))?;
                (bytes, ImportSource::Paste)
            }
            ImportInput::Url(url) => {
                if !url.starts_with("https://") {
                    return Err(crate::fetch::Error::NotHttps(url).into());
                }
                let Some(fetcher) = self.env.fetcher.clone() else {
                    // Offline: an address Satchel would refuse anyway is said
                    // as refused (known without a network), anything else as offline.
                    if let Some(refused) = self.store.network_policy()?.refusal_of_address(&url) {
                        return Err(refused.into());
                    }
                    return Err(crate::fetch::Error::Offline(url).into());
                };
                let fetched = fetcher.get(&url, MAX_INPUT_BYTES)?;
                (fetched.body, ImportSource::Url(url))
            }
            ImportInput::Text(_) | ImportInput::Image(_) => unreachable!("resolved above"),
        };
        self.import_parsed(bytes, source, true)
    }

    /// Stores `bytes` read once into a [`Credential`]: the same value is
    /// verified, summarised and indexed for search.
    pub(super) fn import_parsed(&mut self, bytes: Vec<u8>, source: ImportSource, verify: bool) -> Result<ImportOutcome> {
        if bytes.len() > MAX_INPUT_BYTES {
            return Err(Error::InputTooLarge { limit: MAX_INPUT_BYTES });
        }
        let credential = Credential::parse(bytes)?;
        self.store_credential(&credential, source, verify)
    }
}
