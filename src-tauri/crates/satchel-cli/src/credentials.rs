//! `satchel import`, `list`, `show`, `recheck`, `delete` and `export`: the credentials a wallet keeps.

use std::path::PathBuf;

use satchel_core::files::Privacy;
use satchel_core::store::credentials::Page;
use satchel_core::wallet::Env;
use satchel_core::{Error, ErrorCode, ImportInput, Wallet};

use crate::output::Out;
use crate::{languages_from_env, overwrite, unlock, Cli, Command, Fail};

pub(crate) fn run(cli: &Cli, wallet: &Wallet, env: &Env, out: &Out) -> Result<(), Fail> {
    match &cli.command {
        Command::Import { inputs } => {
            let mut unlocked = unlock(cli, wallet, env)?;
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
            let unlocked = unlock(cli, wallet, env)?;
            let page = unlocked.list(Page { offset: *offset, limit: *limit })?;
            out.list(&page, unlocked.count()?);
        }
        Command::Recheck { ids } => {
            let mut unlocked = unlock(cli, wallet, env)?;
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
            let unlocked = unlock(cli, wallet, env)?;
            let (record, bytes) = unlocked.export(id)?;
            let report = unlocked.report_json(&record.id)?;
            let languages = if lang.is_empty() { languages_from_env() } else { lang.clone() };
            let languages: Vec<&str> = languages.iter().map(String::as_str).collect();
            let view = satchel_core::learning::view(&bytes, &languages).ok();
            out.show(&record, report.as_deref(), view.as_ref());
        }
        Command::Delete { id } => {
            let mut unlocked = unlock(cli, wallet, env)?;
            let record = unlocked.delete(id)?;
            out.deleted(&record);
        }
        Command::Export { id, out: path } => {
            let unlocked = unlock(cli, wallet, env)?;
            let (_, bytes) = unlocked.export(id)?;
            match path {
                Some(p) => satchel_core::files::write_new(p, &bytes, overwrite(cli), Privacy::Private)?,
                None => {
                    use std::io::Write;
                    std::io::stdout().write_all(&bytes).map_err(|e| Error::io("standard output", e))?;
                }
            }
        }
        _ => unreachable!("`main` sends only these commands here"),
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
