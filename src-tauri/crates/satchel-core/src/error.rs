//! The wallet's errors. An error means "could not even do it" (the wallet is
//! locked, the passphrase is wrong, the input is no credential at all); a
//! verification that ran and failed is a report, never an error.
//!
//! Every error has a stable [`ErrorCode`]: the UI and scripts branch on the code,
//! never on the message. Messages are lowercase, with values in backticks.

use serde::Serialize;

pub use crate::error_code::ErrorCode;
use crate::{credential, fetch, store, vault};

/// Anything the wallet could not do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error(transparent)]
    Vault(#[from] vault::Error),
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error(transparent)]
    Format(#[from] credential::FormatError),
    #[error(transparent)]
    Fetch(#[from] fetch::Error),
    #[error(transparent)]
    Backup(#[from] BackupError),
    #[error("no wallet at `{0}`: create one with `satchel init`")]
    WalletNotFound(String),
    #[error("a wallet already exists at `{0}`")]
    WalletExists(String),
    #[error("no credential matches `{0}`")]
    NotFound(String),
    #[error("`{0}` matches several credentials: give more characters")]
    AmbiguousId(String),
    #[error("{0}")]
    InvalidSetting(String),
    #[error("{0}")]
    CannotShare(String),
    #[error("input is larger than {limit} bytes")]
    InputTooLarge { limit: usize },
    #[error("the wallet folder `{path}` {reason}: Satchel uses only a folder that you alone can write (e.g. `chmod 700` it, or choose another with --wallet)")]
    UnsafeFolder { path: String, reason: String },
    #[error("`{0}` already exists: choose another name, or pass --force to replace it")]
    FileExists(String),
    #[error("{0}")]
    Cancelled(String),
    #[error("could not read or write `{path}`: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl From<crate::files::Error> for Error {
    fn from(e: crate::files::Error) -> Self {
        match e {
            crate::files::Error::FileExists(path) => Self::FileExists(path),
            crate::files::Error::UnsafeFolder { path, reason } => Self::UnsafeFolder { path, reason },
            crate::files::Error::Io { path, source } => Self::Io { path, source },
        }
    }
}

impl Error {
    pub fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        Self::Io { path: path.as_ref().display().to_string(), source }
    }

    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Vault(e) => e.code(),
            Self::Store(e) => e.code(),
            Self::Format(_) => ErrorCode::UnsupportedFormat,
            Self::Fetch(e) => e.code(),
            Self::Backup(e) => e.code(),
            Self::WalletNotFound(_) => ErrorCode::WalletNotFound,
            Self::WalletExists(_) => ErrorCode::WalletExists,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::AmbiguousId(_) => ErrorCode::AmbiguousId,
            Self::InputTooLarge { .. } => ErrorCode::InputTooLarge,
            Self::InvalidSetting(_) => ErrorCode::InvalidSetting,
            Self::CannotShare(_) => ErrorCode::CannotShare,
            Self::UnsafeFolder { .. } => ErrorCode::UnsafeFolder,
            Self::FileExists(_) => ErrorCode::FileExists,
            Self::Cancelled(_) => ErrorCode::Cancelled,
            Self::Io { .. } => ErrorCode::Io,
        }
    }
}

/// Why a backup could not be made, checked or restored. None of them changed
/// the wallet or the last good backup.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BackupError {
    #[error("wrong {expected}: the backup was not opened and nothing was changed")]
    WrongSecret { expected: &'static str },
    #[error("the backup is damaged: {0}; nothing was changed")]
    Damaged(String),
    #[error("the backup was made by a newer Satchel (format {found}; this one reads up to {known}): update Satchel; nothing was changed")]
    TooNew { found: u64, known: u32 },
    #[error("this is not a Satchel backup: {0}")]
    NotABackup(String),
    #[error("`{0}` already exists: choose another name, or replace it on purpose (`--force`)")]
    Exists(String),
    #[error("{0}")]
    Refused(String),
    #[error("could not read or write `{path}`: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl BackupError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::WrongSecret { .. } => ErrorCode::BackupWrongSecret,
            Self::Damaged(_) => ErrorCode::BackupDamaged,
            Self::TooNew { .. } => ErrorCode::BackupTooNew,
            Self::NotABackup(_) => ErrorCode::NotABackup,
            Self::Exists(_) | Self::Io { .. } => ErrorCode::Io,
            Self::Refused(_) => ErrorCode::InvalidSetting,
        }
    }

    pub(crate) fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        Self::Io { path: path.as_ref().display().to_string(), source }
    }

    pub(crate) fn write(source: std::io::Error) -> Self {
        Self::Io { path: "the backup being written".into(), source }
    }
}

/// The shape of an error wherever it leaves the core: IPC, `--json` output.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
}

impl From<&Error> for ErrorBody {
    fn from(e: &Error) -> Self {
        Self { code: e.code(), message: e.to_string() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_json_is_pinned() {
        let e = Error::NotFound("ab12".into());
        let json = serde_json::to_string(&ErrorBody::from(&e)).unwrap();
        assert_eq!(
            json, r#"{"code":"not_found","message":"no credential matches `ab12`"}"#,
            "the UI and scripts read exactly these two fields"
        );
    }

    #[test]
    fn code_strings_match_serde_names() {
        for code in [ErrorCode::WrongPassphrase, ErrorCode::HeaderCorrupt, ErrorCode::UnsupportedFormat] {
            let via_serde = serde_json::to_value(code).unwrap();
            assert_eq!(via_serde, code.as_str(), "as_str and serde must agree");
        }
    }
}
