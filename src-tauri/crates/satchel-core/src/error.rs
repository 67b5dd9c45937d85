//! The wallet's errors. An error means "could not even do it" (the wallet is
//! locked, the passphrase is wrong, the input is no credential at all); a
//! verification that ran and failed is a report, never an error.
//!
//! Every error has a stable [`ErrorCode`]: the UI and scripts branch on the code,
//! never on the message. Messages are lowercase, with values in backticks.

use serde::Serialize;

use crate::{backup, credential, fetch, store, vault};

/// Stable machine-readable error codes. They cross IPC and appear in the CLI's
/// JSON output; never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ErrorCode {
    WalletNotFound,
    WalletExists,
    WrongPassphrase,
    PassphraseRequired,
    WeakPassphrase,
    HeaderCorrupt,
    DatabaseMissing,
    DatabaseCorrupt,
    KeyringUnavailable,
    KeyringEntryMissing,
    Locked,
    NotFound,
    AmbiguousId,
    UnsupportedFormat,
    InputTooLarge,
    InvalidSetting,
    /// What was asked to be shared cannot be shared that way.
    CannotShare,
    Network,
    Storage,
    Io,
    /// The passphrase or recovery code does not open the backup.
    BackupWrongSecret,
    /// The backup is truncated, changed, or incomplete.
    BackupDamaged,
    /// The backup was made by a newer Satchel.
    BackupTooNew,
    /// The file is not a Satchel backup.
    NotABackup,
    /// A passphrase was given for a wallet whose key is in the OS keyring.
    PassphraseNotUsed,
    /// The wallet folder can be written by others, or is not the user's.
    UnsafeFolder,
    /// An output file is already there (ask, or `--force`).
    FileExists,
    /// The command line was not understood.
    Usage,
    /// The learner said no (in a dialog Satchel showed).
    Cancelled,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WalletNotFound => "wallet_not_found",
            Self::WalletExists => "wallet_exists",
            Self::WrongPassphrase => "wrong_passphrase",
            Self::PassphraseRequired => "passphrase_required",
            Self::WeakPassphrase => "weak_passphrase",
            Self::HeaderCorrupt => "header_corrupt",
            Self::DatabaseMissing => "database_missing",
            Self::DatabaseCorrupt => "database_corrupt",
            Self::KeyringUnavailable => "keyring_unavailable",
            Self::KeyringEntryMissing => "keyring_entry_missing",
            Self::Locked => "locked",
            Self::NotFound => "not_found",
            Self::AmbiguousId => "ambiguous_id",
            Self::UnsupportedFormat => "unsupported_format",
            Self::InputTooLarge => "input_too_large",
            Self::InvalidSetting => "invalid_setting",
            Self::CannotShare => "cannot_share",
            Self::Network => "network",
            Self::Storage => "storage",
            Self::Io => "io",
            Self::BackupWrongSecret => "backup_wrong_secret",
            Self::BackupDamaged => "backup_damaged",
            Self::BackupTooNew => "backup_too_new",
            Self::NotABackup => "not_a_backup",
            Self::PassphraseNotUsed => "passphrase_not_used",
            Self::UnsafeFolder => "unsafe_folder",
            Self::FileExists => "file_exists",
            Self::Usage => "usage",
            Self::Cancelled => "cancelled",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

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
    Backup(#[from] backup::Error),
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
