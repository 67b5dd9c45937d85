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
mod messages;
mod output;
mod secret;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use satchel_core::error::ErrorBody;
use satchel_core::fetch::{AllowedHost, HttpsFetcher, NetworkPolicy};
use satchel_core::files::{Overwrite, Privacy};
use satchel_core::store::credentials::Page;
use satchel_core::vault::{Passphrase, ProtectionKind};
use satchel_core::wallet::{Env, KeyChange, Secret};
use satchel_core::{Error, ErrorCode, ImportInput, Wallet};

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
            return verify_qr(files, at.as_deref(), &expect, network.as_ref(), out);
        }
        return verify_files(files, at.as_deref(), &expect, network.as_ref(), out);
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
        Command::Init { passphrase } => {
            let unlocked = if *passphrase {
                let p = secret::new_passphrase(cli.passphrase_file.as_deref(), "SATCHEL_PASSPHRASE")?;
                wallet.create(Secret::Passphrase(&p), &env)?
            } else {
                match wallet.create(Secret::Keyring, &env) {
                    // No keyring (a server, a minimal desktop): offer a passphrase when someone can type one.
                    Err(e) if e.code() == ErrorCode::KeyringUnavailable && std::io::stdin().is_terminal() => {
                        eprintln!("{e}. Protect the wallet with a passphrase instead.");
                        let p = secret::new_passphrase(None, "SATCHEL_PASSPHRASE")?;
                        wallet.create(Secret::Passphrase(&p), &env)?
                    }
                    other => other?,
                }
            };
            out.status("Created wallet", &unlocked.status()?);
        }
        Command::Status => {
            let status = if wallet.exists() { unlock(cli, &wallet, &env)?.status()? } else { wallet.status()? };
            out.status("Wallet", &status);
        }
        Command::Verify { .. } | Command::Backup(_) => unreachable!("handled before the wallet is opened"),
        Command::Share { ids, disclose, recipient, domain, challenge, expires, profile, out: path, qr, summary } => {
            let valid_for = match expires {
                Some(text) => parse_duration(text).ok_or_else(|| Fail::Usage(format!("--expires `{text}`: say e.g. 30d, 12h or 2w")))?,
                None => chrono::Duration::days(satchel_core::share::DEFAULT_VALIDITY_DAYS),
            };
            let mut chosen: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = Default::default();
            for d in disclose {
                let (id, claim) = d.split_once(':').ok_or_else(|| Fail::Usage(format!("--disclose `{d}`: say ID:CLAIM")))?;
                chosen.entry(id.to_string()).or_default().insert(claim.to_string());
            }
            let audience =
                satchel_core::share::Audience { recipient: recipient.clone(), domain: domain.clone(), challenge: challenge.clone() };
            let mut targets = vec![path.as_path()];
            targets.extend(summary.as_deref());
            if let Some(q) = qr {
                // A sequence is numbered: its first name is the one most likely taken.
                targets.push(q.as_path());
            }
            check_free(cli, &targets)?;
            let mut unlocked = unlock(cli, &wallet, &env)?;
            let package = unlocked.share(ids, &chosen, &audience, valid_for, profile.as_deref())?;
            satchel_core::files::write_new(path, &package.bytes, overwrite(cli), Privacy::Private)?;
            let codes = satchel_core::qr::encode_package(&package.bytes)
                .iter()
                .map(|t| satchel_core::qr::code(t))
                .collect::<Result<Vec<_>, _>>()?;
            if let Some(qr_path) = qr {
                // The codes carry the whole package: private like it.
                write_codes(qr_path, &codes, overwrite(cli), Privacy::Private)?;
            }
            if let Some(html) = summary {
                let page = satchel_core::share::summary_html(&package, &codes);
                satchel_core::files::write_new(html, page.as_bytes(), overwrite(cli), Privacy::Private)?;
            }
            out.shared(&package, path);
        }
        Command::Qr { id, link, out: path } => {
            let unlocked = unlock(cli, &wallet, &env)?;
            let (_, bytes) = unlocked.export(id)?;
            let cert = satchel_core::linkedin::certification(&bytes, link.as_deref())?;
            let url = cert
                .cert_url
                .ok_or_else(|| Error::CannotShare("the credential has no public https page of its own: give one with --link".into()))?;
            // A public page's address: nothing private in it.
            write_codes(path, &[satchel_core::qr::code(&url)?], overwrite(cli), Privacy::Public)?;
            out.message(&format!("Wrote a QR code of {url} to {}", path.display()));
        }
        Command::Linkedin { id, link } => {
            let unlocked = unlock(cli, &wallet, &env)?;
            let (_, bytes) = unlocked.export(id)?;
            out.linkedin(&satchel_core::linkedin::certification(&bytes, link.as_deref())?);
        }
        Command::Profiles => {
            let mut unlocked = unlock(cli, &wallet, &env)?;
            out.profiles(&unlocked.profiles()?);
        }
        Command::Shares => {
            let unlocked = unlock(cli, &wallet, &env)?;
            out.shares(&unlocked.shares()?);
        }
        Command::Import { inputs } => {
            let mut unlocked = unlock(cli, &wallet, &env)?;
            let (mut refused, mut unreadable) = (false, false);
            for input in inputs {
                let result = unlocked.import_from(import_input(input));
                match &result {
                    Err(e) if matches!(e.code(), ErrorCode::Io | ErrorCode::Network) => unreadable = true,
                    Err(_) => refused = true,
                    Ok(_) => {}
                }
                out.import(input, &result);
            }
            if unreadable {
                return Err(Fail::Unreadable("some inputs could not be read".into()));
            }
            if refused {
                return Err(Fail::Refused);
            }
        }
        Command::List { limit, offset } => {
            let unlocked = unlock(cli, &wallet, &env)?;
            let page = unlocked.list(Page { offset: *offset, limit: *limit })?;
            out.list(&page, unlocked.count()?);
        }
        Command::Recheck { ids } => {
            let mut unlocked = unlock(cli, &wallet, &env)?;
            let mut all_valid = true;
            for id in ids {
                let (record, report) = unlocked.reverify(id)?;
                all_valid &= report.verdict == satchel_core::verify::Verdict::Valid;
                out.report(&record.id, &Ok(report));
            }
            if !all_valid {
                return Err(Fail::Refused);
            }
        }
        Command::Show { id, lang } => {
            let unlocked = unlock(cli, &wallet, &env)?;
            let (record, bytes) = unlocked.export(id)?;
            let report = unlocked.report_json(&record.id)?;
            let languages = if lang.is_empty() { languages_from_env() } else { lang.clone() };
            let languages: Vec<&str> = languages.iter().map(String::as_str).collect();
            let view = satchel_core::learning::view(&bytes, &languages).ok();
            out.show(&record, report.as_deref(), view.as_ref());
        }
        Command::Delete { id } => {
            let mut unlocked = unlock(cli, &wallet, &env)?;
            let record = unlocked.delete(id)?;
            out.deleted(&record);
        }
        Command::Export { id, out: path } => {
            let unlocked = unlock(cli, &wallet, &env)?;
            let (_, bytes) = unlocked.export(id)?;
            match path {
                Some(p) => satchel_core::files::write_new(p, &bytes, overwrite(cli), Privacy::Private)?,
                None => {
                    use std::io::Write;
                    std::io::stdout().write_all(&bytes).map_err(|e| Error::io("standard output", e))?;
                }
            }
        }
        Command::Cache { action } => {
            let mut unlocked = unlock(cli, &wallet, &env)?;
            match action {
                CacheAction::Add { url, file } => {
                    let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
                    unlocked.cache_add(url, &bytes)?;
                    out.message(&format!("Kept `{}` as `{url}`; reports will say when they rely on it.", file.display()));
                }
                CacheAction::List => out.cache(&unlocked.cache_entries()?),
            }
        }
        Command::Settings { key, value } => {
            let mut unlocked = unlock(cli, &wallet, &env)?;
            match (key, value) {
                (Some(k), Some(v)) => {
                    let (setting, value) = unlocked.set_setting(k, v)?;
                    out.settings(&[(setting, value)]);
                }
                (Some(k), None) => {
                    let all = unlocked.settings()?;
                    let one: Vec<_> = all.into_iter().filter(|(s, _)| s.key() == k.replace('-', "_")).collect();
                    if one.is_empty() {
                        return Err(Fail::Fatal(Error::InvalidSetting(format!("unknown setting `{k}`"))));
                    }
                    out.settings(&one);
                }
                _ => out.settings(&unlocked.settings()?),
            }
        }
        Command::Passphrase { action } => {
            // Unlocking takes the current secret (passphrase, or the keyring's entry);
            // the change checks it again against the header.
            let (mut unlocked, current) = unlock_with(cli, &wallet, &env)?;
            let change = |rekey: bool| if rekey { KeyChange::Rekey } else { KeyChange::Rewrap };
            let (new, change, said) = match action {
                PassphraseAction::Change { new_passphrase_file, rekey } => {
                    let p = secret::new_passphrase(new_passphrase_file.as_deref(), "SATCHEL_NEW_PASSPHRASE")?;
                    (Some(p), change(*rekey), "Passphrase changed.")
                }
                PassphraseAction::UseKeyring { rekey } => (None, change(*rekey), "The wallet key is now kept in the OS keyring."),
                PassphraseAction::Rekey => (None, KeyChange::Rekey, "Protection unchanged."),
            };
            let current_secret = current.as_ref().map_or(Secret::Keyring, Secret::Passphrase);
            // `rekey` keeps the protection: the same passphrase (or the keyring) protects the new key.
            let new_secret = match (action, &new, &current) {
                (PassphraseAction::Rekey, _, Some(same)) => Secret::Passphrase(same),
                (_, Some(p), _) => Secret::Passphrase(p),
                _ => Secret::Keyring,
            };
            unlocked.change_protection(current_secret, new_secret, change)?;
            let how = match change {
                KeyChange::Rewrap => "The database was not re-encrypted: its key was re-wrapped, so an old copy of the header still opens it with the old secret (use --rekey to prevent that).",
                KeyChange::Rekey => "The database was re-encrypted with a new key: no old header, backup of it or keyring entry opens it any more.",
            };
            out.message(&format!("{said} {how}"));
        }
    }
    Ok(())
}

/// `satchel verify`: needs no wallet.
/// Writes QR codes as PNG or SVG (by extension); several get `-1`, `-2`… names.
fn write_codes(path: &std::path::Path, codes: &[satchel_core::qr::QrCode], overwrite: Overwrite, privacy: Privacy) -> Result<(), Fail> {
    for (target, bytes) in satchel_core::qr::files(path, codes) {
        satchel_core::files::write_new(&target, &bytes, overwrite, privacy)?;
    }
    Ok(())
}

/// Reads the QR codes in `images`, puts their package together, verifies it.
fn verify_qr(
    images: &[PathBuf],
    at: Option<&str>,
    expect: &satchel_core::share::Expectation,
    network: Option<&NetworkPolicy>,
    out: &Out,
) -> Result<(), Fail> {
    let mut texts = Vec::new();
    for image in images {
        let bytes = std::fs::read(image).map_err(|e| Fail::Unreadable(Error::io(image, e).to_string()))?;
        texts.extend(satchel_core::qr::read_image(&bytes)?);
    }
    let package = satchel_core::qr::decode_package(&texts)?;
    let name = format!("QR code(s) {}", images.iter().map(|i| i.display().to_string()).collect::<Vec<_>>().join(", "));
    verify_inputs(vec![(name, Ok(package))], at, expect, network, out)
}

/// `30d`, `12h`, `2w`, `90m`.
fn parse_duration(text: &str) -> Option<chrono::Duration> {
    let (number, unit) = text.trim().split_at(text.trim().len().checked_sub(1)?);
    let n: i64 = number.parse().ok().filter(|n| *n > 0)?;
    Some(match unit {
        "m" => chrono::Duration::minutes(n),
        "h" => chrono::Duration::hours(n),
        "d" => chrono::Duration::days(n),
        "w" => chrono::Duration::weeks(n),
        _ => return None,
    })
}

fn verify_files(
    files: &[PathBuf],
    at: Option<&str>,
    expect: &satchel_core::share::Expectation,
    network: Option<&NetworkPolicy>,
    out: &Out,
) -> Result<(), Fail> {
    let inputs = files.iter().map(|f| (f.display().to_string(), std::fs::read(f).map_err(|e| Error::io(f, e)))).collect();
    verify_inputs(inputs, at, expect, network, out)
}

/// Verifies each input (a credential or a package) and prints its report.
fn verify_inputs(
    inputs: Vec<(String, Result<Vec<u8>, Error>)>,
    at: Option<&str>,
    expect: &satchel_core::share::Expectation,
    network: Option<&NetworkPolicy>,
    out: &Out,
) -> Result<(), Fail> {
    let clock: Box<dyn satchel_core::clock::Clock> = match at {
        Some(t) => {
            let t = chrono::DateTime::parse_from_rfc3339(t).map_err(|e| Fail::Usage(format!("--at `{t}` is not an RFC 3339 time: {e}")))?;
            Box::new(satchel_core::clock::FixedClock(t.with_timezone(&chrono::Utc)))
        }
        None => Box::new(satchel_core::clock::SystemClock),
    };
    let fetcher = network.map(|policy| HttpsFetcher::with_policy(policy.clone()));
    let options = satchel_core::verify::VerifyOptions {
        clock: clock.as_ref(),
        fetcher: fetcher.as_ref().map(|f| f as &dyn satchel_core::fetch::Fetcher),
        trust: None,
    };
    let (mut all_valid, mut unreadable) = (true, false);
    for (name, bytes) in inputs {
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                unreadable = true;
                out.report(&name, &Err(e));
                continue;
            }
        };
        let result = satchel_core::share::check(&bytes, expect, &options);
        match &result {
            Ok(c) => all_valid &= c.verdict() == satchel_core::verify::Verdict::Valid,
            Err(e) if e.code() == ErrorCode::Io => unreadable = true,
            Err(_) => all_valid = false,
        }
        match result {
            Ok(satchel_core::share::Checked::Package(p)) => out.package_report(&name, &Ok(p)),
            Ok(satchel_core::share::Checked::Credential(r)) => out.report(&name, &Ok(r)),
            Err(e) => out.report(&name, &Err(e)),
        }
    }
    if unreadable {
        return Err(Fail::Unreadable("some files could not be read".into()));
    }
    if !all_valid {
        return Err(Fail::Refused);
    }
    Ok(())
}

/// What an `import` argument names: an address (fetched with the wallet's
/// network policy; refused under `--offline`), `-` (standard input) or a file.
fn import_input(input: &str) -> ImportInput {
    if input.starts_with("https://") || input.starts_with("http://") {
        ImportInput::Url(input.to_string())
    } else if input == "-" {
        ImportInput::Stdin
    } else {
        ImportInput::File(PathBuf::from(input))
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
