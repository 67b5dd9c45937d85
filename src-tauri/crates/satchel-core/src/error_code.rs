//! The stable codes of the wallet's errors, in a module that depends on
//! nothing: every room's own error type names its code here, and
//! [`crate::error`] gathers those errors, so the codes sit below both.

use serde::Serialize;

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
