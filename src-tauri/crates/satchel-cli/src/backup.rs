//! `satchel backup`: make, check and restore encrypted backups, and keep a
//! folder of automatic ones. Also [`Opened`], the open wallet every command
//! uses, which makes an automatic backup when one is due as the command ends.
//!
//! The backup's secret comes from `--backup-passphrase-file FILE` (first
//! line), `SATCHEL_BACKUP_PASSPHRASE`, or the prompt (twice for a new one).
//! Where a backup is opened, a recovery code (`AGE-SECRET-KEY-1…`) is
//! accepted in the same places.

use std::io::IsTerminal;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use satchel_core::backup::{self, auto, BackupKey, BackupSecret, CreateOptions, RecoveryCode, RestoreOptions};
use satchel_core::vault::Passphrase;
use satchel_core::wallet::{Env, Secret};
use satchel_core::{Error, UnlockedWallet};
use serde_json::json;
use zeroize::Zeroizing;

use crate::output::Out;
use crate::{secret, Cli, Fail};

/// The variable a backup's passphrase (or recovery code) can come from.
const PASSPHRASE_VAR: &str = "SATCHEL_BACKUP_PASSPHRASE";

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Read the backup's passphrase (or recovery code) from this file (first
    /// line). `SATCHEL_BACKUP_PASSPHRASE` works too; otherwise you are asked.
    #[arg(long, global = true, value_name = "FILE")]
    backup_passphrase_file: Option<PathBuf>,
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Back up the whole wallet (credentials, keys, share log, settings) to
    /// one encrypted file.
    Create {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Encrypt to a new recovery code (shown once) instead of a passphrase.
        #[arg(long, conflicts_with = "to")]
        recovery_code: bool,
        /// Encrypt to the recovery code whose public half (`age1…`) this is.
        #[arg(long, value_name = "AGE1…")]
        to: Option<String>,
        /// Put the cached documents (DID documents, status lists) in too.
        #[arg(long)]
        include_cache: bool,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Decrypt a backup and check every file's hash; restore nothing.
    Check { file: PathBuf },
    /// Restore a backup: as a new wallet, or (--merge) into this one.
    Restore {
        file: PathBuf,
        /// Merge into the existing wallet instead of making a new one.
        #[arg(long)]
        merge: bool,
        /// When merging, take the backup's settings too.
        #[arg(long, requires = "merge")]
        settings: bool,
        /// Protect the new wallet with a passphrase instead of the OS keyring.
        #[arg(long, conflicts_with = "merge")]
        passphrase: bool,
    },
    /// Automatic backups: show them, or set a folder (after changes, at most daily, the last N kept).
    Auto {
        /// The folder to keep them in (one a sync client mirrors is a good choice).
        #[arg(long, value_name = "DIR")]
        folder: Option<PathBuf>,
        /// How many to keep.
        #[arg(long, default_value_t = auto::DEFAULT_KEEP, requires = "folder")]
        keep: usize,
        /// Encrypt them to a new recovery code (shown once) instead of a passphrase.
        #[arg(long, requires = "folder")]
        recovery_code: bool,
        /// Turn automatic backups off.
        #[arg(long, conflicts_with = "folder")]
        off: bool,
    },
    /// Back up into the automatic folder now.
    Now,
}

/// An open wallet that makes an automatic backup, when one is due, as the
/// command that opened it ends.
#[derive(Debug)]
pub struct Opened(UnlockedWallet);

impl Opened {
    pub fn new(wallet: UnlockedWallet) -> Self {
        Self(wallet)
    }
}

impl Deref for Opened {
    type Target = UnlockedWallet;
    fn deref(&self) -> &UnlockedWallet {
        &self.0
    }
}

impl DerefMut for Opened {
    fn deref_mut(&mut self) -> &mut UnlockedWallet {
        &mut self.0
    }
}

impl Drop for Opened {
    fn drop(&mut self) {
        // The command's own output is done; a failed automatic backup must
        // not turn its success into a failure, so it is said on stderr.
        match auto::run_if_due(&mut self.0, chrono::Utc::now()) {
            Ok(Some(made)) => eprintln!("satchel: automatic backup written to {}", made.path),
            Ok(None) => {}
            Err(e) => eprintln!("satchel: the automatic backup failed: {e} ({})", e.code()),
        }
    }
}

fn from_file(path: &Path) -> Result<Zeroizing<String>, Fail> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0) {
            eprintln!("satchel: warning: `{}` can be read by other users of this computer; a backup passphrase file should be yours alone (chmod 600)", path.display());
        }
    }
    let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?);
    Ok(Zeroizing::new(text.lines().next().unwrap_or_default().to_string()))
}

fn prompt(label: &str) -> Result<Zeroizing<String>, Fail> {
    if !std::io::stdin().is_terminal() {
        return Err(Fail::Usage(format!(
            "no backup passphrase: give it with --backup-passphrase-file FILE or {PASSPHRASE_VAR} (no terminal to ask on)"
        )));
    }
    Ok(Zeroizing::new(rpassword::prompt_password(label).map_err(|e| Error::io("the terminal", e))?))
}

/// The secret that opens a backup: a passphrase or a recovery code.
fn opening_secret(args: &BackupArgs) -> Result<BackupSecret, Fail> {
    let text = match &args.backup_passphrase_file {
        Some(f) => from_file(f)?,
        None => match std::env::var(PASSPHRASE_VAR) {
            Ok(p) => Zeroizing::new(p),
            Err(_) => prompt("Backup passphrase or recovery code: ")?,
        },
    };
    Ok(BackupSecret::from_text(&text))
}

/// A new backup passphrase: from the file or variable, or typed twice.
fn new_passphrase(args: &BackupArgs) -> Result<Passphrase, Fail> {
    let p = match &args.backup_passphrase_file {
        Some(f) => Passphrase::new(from_file(f)?.as_str()),
        None => match std::env::var(PASSPHRASE_VAR) {
            Ok(p) => Passphrase::new(p),
            Err(_) => {
                let first = prompt("Backup passphrase: ")?;
                let second = prompt("Repeat it: ")?;
                if first != second {
                    return Err(Fail::Usage("the two passphrases differ; no backup was made".into()));
                }
                Passphrase::new(first.as_str())
            }
        },
    };
    p.check_strength().map_err(Error::from)?;
    Ok(p)
}

fn show_code(json: bool, code: &RecoveryCode) {
    if json {
        return;
    }
    eprintln!("Your recovery code. It is shown once: print it or keep it somewhere safe. Without it these backups cannot be opened;");
    eprintln!("with it, anyone can open them (`age -d -i FILE_WITH_THE_CODE`).\n");
    println!("    {}\n", code.reveal().as_str());
}

fn print(out: &Out, json: bool, value: serde_json::Value, text: &str) {
    if json {
        println!("{}", serde_json::to_string(&value).expect("JSON values serialise"));
    } else {
        out.message(text);
    }
}

/// Runs `satchel backup …`.
pub fn run(cli: &Cli, args: &BackupArgs, out: &Out) -> Result<(), Fail> {
    let mut env = Env::system();
    if cli.offline {
        env.fetcher = None;
    }
    let wallet = crate::wallet_of(cli)?;
    let now = chrono::Utc::now();
    match &args.action {
        Action::Create { out: path, recovery_code, to, include_cache, force } => {
            let mut opened = crate::unlock(cli, &wallet, &env)?;
            let code = recovery_code.then(RecoveryCode::generate);
            let key = match (&code, to) {
                (Some(c), _) => BackupKey::Recipient(c.recipient()),
                (None, Some(r)) => BackupKey::Recipient(r.clone()),
                (None, None) => BackupKey::Passphrase(new_passphrase(args)?),
            };
            let options = CreateOptions { include_cache: *include_cache, overwrite: *force };
            let made = backup::create(&mut opened, &key, now, path, &options)?;
            if let Some(c) = &code {
                show_code(cli.json, c);
            }
            let mut value = serde_json::to_value(&made).expect("serialises");
            if let Some(c) = &code {
                value["recovery_code"] = json!(c.reveal().as_str());
                value["recipient"] = json!(c.recipient());
            }
            let c = made.counts;
            print(
                out,
                cli.json,
                value,
                &format!(
                    "Backed up {} credentials, {} keys, {} shares and {} settings to {} ({} bytes, {}).",
                    c.credentials,
                    c.holder_keys,
                    c.shares,
                    c.settings,
                    made.path,
                    made.size,
                    made.encryption.replace('_', " ")
                ),
            );
        }
        Action::Check { file } => {
            let secret = opening_secret(args)?;
            let checked = backup::check(file, &secret)?;
            let c = checked.counts;
            print(
                out,
                cli.json,
                serde_json::to_value(&checked).expect("serialises"),
                &format!(
                    "{}: a complete Satchel backup (format {}) made {} of wallet {}: {} credentials, {} keys, {} shares, {} settings; every one of its {} files matches its hash.",
                    file.display(),
                    checked.version,
                    checked.created,
                    checked.wallet_id,
                    c.credentials,
                    c.holder_keys,
                    c.shares,
                    c.settings,
                    checked.files
                ),
            );
        }
        Action::Restore { file, merge, settings, passphrase } => {
            let secret = opening_secret(args)?;
            let restored = if *merge {
                let mut opened = crate::unlock(cli, &wallet, &env)?;
                backup::restore(&mut opened, file, &secret, &RestoreOptions { settings: *settings, verify: true, now })?
            } else {
                if wallet.exists() {
                    if !cli.json {
                        eprintln!("satchel: merge the backup into this wallet with --merge, or restore it into a new --wallet folder");
                    }
                    return Err(Fail::Fatal(Error::WalletExists(wallet.dir().display().to_string())));
                }
                let new =
                    if *passphrase { Some(secret::new_passphrase(cli.passphrase_file.as_deref(), "SATCHEL_PASSPHRASE")?) } else { None };
                let protect = match &new {
                    Some(p) => Secret::Passphrase(p),
                    None => Secret::Keyring,
                };
                let (_, restored) =
                    backup::restore_new(&wallet, protect, &env, file, &secret, &RestoreOptions { settings: true, verify: true, now })?;
                restored
            };
            let text = format!(
                "Restored from the backup of {}: {} credentials added, {} already there, {} replaced by an authentic copy, {} refused; {} keys added; {} shares added; settings taken: {}.\nVerified again: {}.{}",
                restored.created,
                restored.added.len(),
                restored.already_there.len(),
                restored.replaced.len(),
                restored.refused.len(),
                restored.holder_keys_added,
                restored.shares_added,
                if restored.settings_applied.is_empty() { "none".to_string() } else { restored.settings_applied.join(", ") },
                if restored.verdicts.is_empty() {
                    "nothing new to verify".to_string()
                } else {
                    restored.verdicts.iter().map(|(v, n)| format!("{n} {v}")).collect::<Vec<_>>().join(", ")
                },
                restored
                    .refused
                    .iter()
                    .map(|r| format!("\n  refused {}: {}", r.id, r.reason))
                    .chain(restored.changed.iter().map(|c| format!("\n  {} is now {} (was {})", c.id, c.after, c.before.as_deref().unwrap_or("not verified"))))
                    .collect::<String>()
            );
            print(out, cli.json, serde_json::to_value(&restored).expect("serialises"), &text);
            if !restored.refused.is_empty() || !restored.holder_keys_refused.is_empty() {
                return Err(Fail::Refused);
            }
        }
        Action::Auto { folder, keep, recovery_code, off } => {
            let mut opened = crate::unlock(cli, &wallet, &env)?;
            let mut code = None;
            let status = match (folder, off) {
                (_, true) => auto::disable(&mut opened)?,
                (Some(dir), false) => {
                    let key = if *recovery_code {
                        let c = RecoveryCode::generate();
                        let r = c.recipient();
                        code = Some(c);
                        auto::AutoKey::Recipient(r)
                    } else {
                        auto::AutoKey::Passphrase(new_passphrase(args)?)
                    };
                    auto::configure(&mut opened, dir, *keep, key)?
                }
                (None, false) => auto::status(&opened)?,
            };
            if let Some(c) = &code {
                show_code(cli.json, c);
            }
            let mut value = serde_json::to_value(&status).expect("serialises");
            if let Some(c) = &code {
                value["recovery_code"] = json!(c.reveal().as_str());
            }
            let text = match &status.folder {
                Some(f) => format!(
                    "Automatic backups: on, into {f} (after changes, at most daily; the last {} kept; {}). Last backup: {}.",
                    status.keep,
                    status.encryption.as_deref().unwrap_or("").replace('_', " "),
                    status.last_at.as_deref().unwrap_or("never")
                ),
                None => format!("Automatic backups: off. Last backup: {}.", status.last_at.as_deref().unwrap_or("never")),
            };
            print(out, cli.json, value, &text);
        }
        Action::Now => {
            let mut opened = crate::unlock(cli, &wallet, &env)?;
            let made = auto::run_now(&mut opened, now)?;
            print(
                out,
                cli.json,
                serde_json::to_value(&made).expect("serialises"),
                &format!("Backed up {} credentials to {}.", made.counts.credentials, made.path),
            );
        }
    }
    Ok(())
}
