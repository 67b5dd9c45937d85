//! `satchel`: the wallet without a window. Every subcommand is a few lines over
//! `satchel_core`; `--json` prints machine-readable output on every command.
//!
//! Exit codes: 0 success, 1 a check failed or an item was refused, 2 usage,
//! unreadable input, or the wallet could not be opened; 141 when the reader
//! of standard output went away (`satchel list | head`), as a shell reports a
//! process ended by SIGPIPE, with nothing printed about it.
//!
//! Output files are created new, mode 0600 (0644 for a QR code of a public
//! link), never through a symlink; an existing one is replaced only with
//! `--force`.

mod backup;
mod credentials;
mod messages;
mod output;
mod secret;
mod share;
mod verify;
mod wallet;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use satchel_core::error::ErrorBody;
use satchel_core::fetch::{AllowedHost, NetworkPolicy};
use satchel_core::files::Overwrite;
use satchel_core::vault::{Passphrase, ProtectionKind};
use satchel_core::wallet::Env;
use satchel_core::{Error, ErrorCode, Wallet};

use crate::output::Out;

#[derive(Debug, Parser)]
#[command(name = "satchel", version, about = "Keep, check and share your learning credentials.")]
struct Cli {
    /// The wallet folder (default: the platform's data folder).
    #[arg(long, global = true, env = "SATCHEL_WALLET", value_name = "DIR")]
    wallet: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// Use no network: checks that need it use the wallet's cached documents, or are skipped.
    #[arg(long, global = true)]
    offline: bool,
    /// Read the wallet passphrase from this file (first line). `SATCHEL_PASSPHRASE` works too.
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
    /// Also contact HOST (optionally only on PORT) at a non-public address,
    /// such as an issuer inside your organisation's network. Repeatable. By
    /// default Satchel contacts only public addresses.
    #[arg(long = "allow-host", global = true, value_name = "HOST[:PORT]", value_parser = parse_allowed_host)]
    allow_host: Vec<AllowedHost>,
    /// Replace output files that already exist (otherwise they are never overwritten).
    #[arg(long, global = true)]
    force: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a wallet (key in the OS keyring, or --passphrase).
    Init {
        /// Protect the wallet with a passphrase instead of the OS keyring.
        #[arg(long)]
        passphrase: bool,
    },
    /// Import credentials from files, https URLs, or `-` for standard input.
    Import {
        #[arg(required = true, value_name = "FILE|URL|-")]
        inputs: Vec<String>,
    },
    /// List credentials, newest first.
    List {
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
    /// Verify credentials without storing them; exit 0 only when every one is valid.
    Verify {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Check validity dates against this time (RFC 3339) instead of now.
        #[arg(long, value_name = "RFC3339")]
        at: Option<String>,
        /// For packages: the challenge you gave the learner (a mismatch fails).
        #[arg(long)]
        challenge: Option<String>,
        /// For packages: your domain (a mismatch fails).
        #[arg(long)]
        domain: Option<String>,
        /// The files are pictures of QR codes (PNG/JPEG) that carry one package.
        #[arg(long)]
        qr: bool,
    },
    /// Make a package of credentials for an employer: a presentation signed
    /// with your key, for one recipient, valid for a while.
    Share {
        #[arg(required = true)]
        ids: Vec<String>,
        /// For SD-JWT credentials: a claim to show, as ID:CLAIM (repeat; the rest stay hidden).
        #[arg(long, value_name = "ID:CLAIM")]
        disclose: Vec<String>,
        /// Who it is for (kept in your share log).
        #[arg(long = "for", value_name = "NAME")]
        recipient: Option<String>,
        /// The employer's domain, bound into the proof.
        #[arg(long)]
        domain: Option<String>,
        /// The employer's challenge (a random one otherwise).
        #[arg(long)]
        challenge: Option<String>,
        /// How long it stays valid: `30d`, `12h`, `2w` (default 30 days).
        #[arg(long, value_name = "DURATION")]
        expires: Option<String>,
        /// Which profile signs (its label or DID; default: the first).
        #[arg(long)]
        profile: Option<String>,
        /// Where to write the package (`.json`).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Also write the package as QR codes (`.png` or `.svg`; a sequence is numbered).
        #[arg(long, value_name = "FILE")]
        qr: Option<PathBuf>,
        /// Also write a printable one-page summary with the QR codes (`.html`).
        #[arg(long, value_name = "FILE")]
        summary: Option<PathBuf>,
    },
    /// A QR code of a credential's public page (its own https id, or --link).
    Qr {
        id: String,
        /// The public page, when the credential has none of its own.
        #[arg(long)]
        link: Option<String>,
        /// Where to write it (`.png` or `.svg`).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// LinkedIn "Add to profile" (and "Share as post") links for a credential.
    Linkedin {
        id: String,
        /// A public page for the credential, when it has none of its own.
        #[arg(long)]
        link: Option<String>,
    },
    /// Your profiles: the keys that sign what you share.
    Profiles,
    /// What you shared, with whom, when and until when.
    Shares,
    /// Verify stored credentials again and keep the new reports.
    Recheck {
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Show one credential: what it says (achievements, learning outcomes,
    /// credits, level, grade) and how it was checked.
    Show {
        id: String,
        /// Languages to show texts in, most wanted first (`fr,en`); default: from LANG.
        #[arg(long, value_delimiter = ',')]
        lang: Vec<String>,
    },
    /// Delete a credential.
    Delete { id: String },
    /// Write a credential's original bytes (to standard output, or --out).
    Export {
        id: String,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Change how the wallet key is protected.
    Passphrase {
        #[command(subcommand)]
        action: PassphraseAction,
    },
    /// Where the wallet is, how it is protected, how many credentials it holds.
    Status,
    /// The documents kept for checking offline (DID documents, status lists).
    Cache {
        #[command(subcommand)]
        action: CacheAction,
    },
    /// Encrypted backups: create, check, restore, and automatic ones.
    Backup(backup::BackupArgs),
    /// Show the wallet's settings, or set one: `satchel settings lock-after-minutes 5`.
    Settings {
        /// The setting to change (e.g. `lock-after-minutes`).
        key: Option<String>,
        /// Its new value.
        #[arg(requires = "key")]
        value: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum CacheAction {
    /// Keep FILE as the document published at URL (an issuer's DID document or
    /// a status list you saved), for verifying with no network.
    Add { url: String, file: PathBuf },
    /// List the cached documents.
    List,
}

#[derive(Debug, Subcommand)]
enum PassphraseAction {
    /// Set a new passphrase (a keyring wallet switches to passphrase protection).
    /// The current one is asked first; the new one comes from
    /// --new-passphrase-file, `SATCHEL_NEW_PASSPHRASE` or the prompt (twice).
    /// Re-wraps the same database key unless --rekey.
    Change {
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
        /// Also re-encrypt the database with a new key, so that no old copy of
        /// the header (in a backup) opens it with the old passphrase.
        #[arg(long)]
        rekey: bool,
    },
    /// Move the key into the OS keyring and stop asking for a passphrase.
    /// Re-wraps the same database key unless --rekey.
    UseKeyring {
        /// Also re-encrypt the database with a new key.
        #[arg(long)]
        rekey: bool,
    },
    /// Re-encrypt the database with a new random key (`PRAGMA rekey`), keeping
    /// the protection as it is. Do it when an old header, backup or keyring
    /// entry may be in someone else's hands.
    Rekey,
}

/// Why a command did not succeed, and which exit code that gives.
#[derive(Debug)]
enum Fail {
    /// Exit 2 with this error.
    Fatal(Error),
    /// Exit 2: the command line was not understood (code `usage`).
    Usage(String),
    /// Exit 2: some input could not be read (code `io`); already reported.
    Unreadable(String),
    /// Exit 1: some items were refused; they were already reported.
    Refused,
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        Self::Fatal(e)
    }
}

impl From<satchel_core::files::Error> for Fail {
    fn from(e: satchel_core::files::Error) -> Self {
        Self::Fatal(e.into())
    }
}

/// The learner's languages from `LANGUAGE` / `LANG` (`fr_FR.UTF-8` → `fr`), then English.
fn languages_from_env() -> Vec<String> {
    let mut langs: Vec<String> = std::env::var("LANGUAGE")
        .ok()
        .into_iter()
        .flat_map(|l| l.split(':').map(str::to_string).collect::<Vec<_>>())
        .chain(std::env::var("LANG").ok())
        .filter_map(|l| l.split(['_', '.', '-']).next().map(str::to_ascii_lowercase))
        .filter(|l| l.len() == 2)
        .collect();
    langs.push("en".into());
    langs.dedup();
    langs
}

/// The exit code when standard output's reader went away (128 + SIGPIPE).
const EXIT_BROKEN_PIPE: u8 = 141;

/// A closed pipe makes `println!` panic ("failed printing to stdout: Broken
/// pipe"): end quietly with [`EXIT_BROKEN_PIPE`] instead, as a program that
/// kept SIGPIPE's default would. Any other panic is reported as usual.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if text.contains("failed printing to std") && text.contains("Broken pipe") {
            std::process::exit(i32::from(EXIT_BROKEN_PIPE));
        }
        default(info);
    }));
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    // The process holds the wallet key: no core dump may write it to disk.
    if let Err(e) = satchel_core::files::disable_core_dumps() {
        eprintln!("satchel: warning: core dumps could not be turned off ({e})");
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) if std::env::args().any(|a| a == "--json") => {
            let message = e.render().to_string().lines().next().unwrap_or_default().trim_start_matches("error: ").to_string();
            Out::new(true).error(&ErrorBody { code: ErrorCode::Usage, message });
            return ExitCode::from(2);
        }
        Err(e) => e.exit(),
    };
    let out = Out::new(cli.json);
    match run(&cli, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail::Refused) => ExitCode::from(1),
        Err(Fail::Fatal(e)) => {
            out.error(&ErrorBody::from(&e));
            ExitCode::from(2)
        }
        Err(Fail::Usage(message)) => {
            out.error(&ErrorBody { code: ErrorCode::Usage, message });
            ExitCode::from(2)
        }
        Err(Fail::Unreadable(message)) => {
            out.error(&ErrorBody { code: ErrorCode::Io, message });
            ExitCode::from(2)
        }
    }
}

/// Whether `--force` lets an output file replace what is there.
fn overwrite(cli: &Cli) -> Overwrite {
    if cli.force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    }
}

/// Refuses at once, before anything is signed or logged, when an output name
/// is taken and `--force` was not given.
fn check_free(cli: &Cli, paths: &[&std::path::Path]) -> Result<(), Fail> {
    if cli.force {
        return Ok(());
    }
    for p in paths {
        if std::fs::symlink_metadata(p).is_ok() {
            return Err(Fail::Fatal(Error::FileExists(p.display().to_string())));
        }
    }
    Ok(())
}

fn wallet_of(cli: &Cli) -> Result<Wallet, Fail> {
    match &cli.wallet {
        Some(dir) => Ok(Wallet::at(dir)),
        None => Wallet::default_dir()
            .map(Wallet::at)
            .ok_or_else(|| Fail::Usage("no home folder to put the wallet in: pass --wallet DIR".into())),
    }
}

fn parse_allowed_host(text: &str) -> Result<AllowedHost, String> {
    text.parse()
}

/// Public addresses, and the hosts of `--allow-host`.
fn network_policy(cli: &Cli) -> NetworkPolicy {
    cli.allow_host.iter().cloned().fold(NetworkPolicy::public_only(), NetworkPolicy::allow)
}

fn unlock(cli: &Cli, wallet: &Wallet, env: &Env) -> Result<backup::Opened, Fail> {
    Ok(unlock_with(cli, wallet, env)?.0)
}

/// Unlocks under the network policy (automatic backups run when it is
/// dropped), and keeps the passphrase it took (for commands that must check it again).
fn unlock_with(cli: &Cli, wallet: &Wallet, env: &Env) -> Result<(backup::Opened, Option<Passphrase>), Fail> {
    let header = wallet.header()?;
    let passphrase = match header.kind() {
        ProtectionKind::Keyring => None,
        ProtectionKind::Passphrase => Some(secret::passphrase(cli.passphrase_file.as_deref(), "Wallet passphrase: ")?),
    };
    let mut unlocked = wallet.unlock(passphrase.as_ref(), env)?;
    unlocked.apply_network_policy(&network_policy(cli))?;
    Ok((backup::Opened::new(unlocked), passphrase))
}

fn run(cli: &Cli, out: &Out) -> Result<(), Fail> {
    if let Command::Verify { files, at, challenge, domain, qr } = &cli.command {
        let expect = satchel_core::share::Expectation { challenge: challenge.clone(), domain: domain.clone() };
        let network = (!cli.offline).then(|| network_policy(cli));
        if *qr {
            return verify::qr(files, at.as_deref(), &expect, network.as_ref(), out);
        }
        return verify::files(files, at.as_deref(), &expect, network.as_ref(), out);
    }
    if let Command::Backup(args) = &cli.command {
        return backup::run(cli, args, out);
    }
    let mut env = Env::system();
    if cli.offline {
        env.fetcher = None;
    }
    let wallet = wallet_of(cli)?;
    match &cli.command {
        Command::Init { .. } | Command::Status | Command::Cache { .. } | Command::Settings { .. } | Command::Passphrase { .. } => {
            wallet::run(cli, &wallet, &env, out)
        }
        Command::Import { .. }
        | Command::List { .. }
        | Command::Recheck { .. }
        | Command::Show { .. }
        | Command::Delete { .. }
        | Command::Export { .. } => credentials::run(cli, &wallet, &env, out),
        Command::Share { .. } | Command::Qr { .. } | Command::Linkedin { .. } | Command::Profiles | Command::Shares => {
            share::run(cli, &wallet, &env, out)
        }
        Command::Verify { .. } | Command::Backup(_) => unreachable!("handled before the wallet is opened"),
    }
}

impl From<secret::SecretError> for Fail {
    fn from(e: secret::SecretError) -> Self {
        match e {
            secret::SecretError::Core(e) => Fail::Fatal(e),
            secret::SecretError::Usage(m) => Fail::Usage(m),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
