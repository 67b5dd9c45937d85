//! `satchel init`, `status`, `settings`, `cache` and `passphrase`: the wallet itself.

use std::io::IsTerminal;

use satchel_core::wallet::{Env, KeyChange, Secret};
use satchel_core::{Error, ErrorCode, Wallet};

use crate::output::Out;
use crate::{secret, unlock, unlock_with, CacheAction, Cli, Command, Fail, PassphraseAction};

pub(crate) fn run(cli: &Cli, wallet: &Wallet, env: &Env, out: &Out) -> Result<(), Fail> {
    match &cli.command {
        Command::Init { passphrase } => {
            let unlocked = if *passphrase {
                let p = secret::new_passphrase(cli.passphrase_file.as_deref(), "SATCHEL_PASSPHRASE")?;
                wallet.create(Secret::Passphrase(&p), env)?
            } else {
                match wallet.create(Secret::Keyring, env) {
                    // No keyring (a server, a minimal desktop): offer a passphrase when someone can type one.
                    Err(e) if e.code() == ErrorCode::KeyringUnavailable && std::io::stdin().is_terminal() => {
                        eprintln!("{e}. Protect the wallet with a passphrase instead.");
                        let p = secret::new_passphrase(None, "SATCHEL_PASSPHRASE")?;
                        wallet.create(Secret::Passphrase(&p), env)?
                    }
                    other => other?,
                }
            };
            out.status("Created wallet", &unlocked.status()?);
        }
        Command::Status => {
            let status = if wallet.exists() { unlock(cli, wallet, env)?.status()? } else { wallet.status()? };
            out.status("Wallet", &status);
        }
        Command::Cache { action } => {
            let mut unlocked = unlock(cli, wallet, env)?;
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
            let mut unlocked = unlock(cli, wallet, env)?;
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
            let (mut unlocked, current) = unlock_with(cli, wallet, env)?;
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
        _ => unreachable!("`main` sends only these commands here"),
    }
    Ok(())
}
