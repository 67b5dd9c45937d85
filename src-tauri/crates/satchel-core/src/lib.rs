//! Satchel's wallet core: everything a learner's wallet does, with no user
//! interface attached. The Tauri app and the `satchel` CLI are thin adapters over
//! [`Wallet`] and [`UnlockedWallet`].
//!
//! Data flows one way on import: bytes arrive (file, URL, paste) →
//! [`credential::detect`] recognises the format by content and reads a
//! [`credential::Summary`] → [`store`] keeps the exact bytes with that summary in
//! the SQLCipher database, whose key [`vault`] protects with the OS keyring or a
//! passphrase.
//!
//! The outside world comes in through parameters: a [`clock::Clock`] for time,
//! a [`fetch::Fetcher`] for the network, a [`vault::KeyStore`] for the keyring,
//! so tests pin all three.

pub mod backup;
pub mod clock;
pub mod credential;
pub mod did;
pub mod error;
pub mod error_code;
pub mod fetch;
pub mod files;
pub mod jsonld;
pub mod jws;
pub mod keys;
pub mod learning;
pub mod linkedin;
pub mod pki;
pub mod qr;
pub mod samples;
pub mod share;
pub mod store;
pub mod trust;
pub mod vault;
pub mod verify;
pub mod wallet;
pub mod xmldsig;

pub use error::{Error, ErrorCode};
pub use wallet::{ImportInput, ImportOutcome, ImportSource, UnlockedWallet, Wallet};
