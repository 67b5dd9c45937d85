//! `satchel share`, `qr`, `linkedin`, `profiles` and `shares`: the learner's side of sharing.

use satchel_core::files::{Overwrite, Privacy};
use satchel_core::wallet::Env;
use satchel_core::{Error, Wallet};

use crate::output::Out;
use crate::{check_free, overwrite, unlock, Cli, Command, Fail};

pub(crate) fn run(cli: &Cli, wallet: &Wallet, env: &Env, out: &Out) -> Result<(), Fail> {
    match &cli.command {
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
            let mut unlocked = unlock(cli, wallet, env)?;
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
            let unlocked = unlock(cli, wallet, env)?;
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
            let unlocked = unlock(cli, wallet, env)?;
            out.linkedin(&unlocked.linkedin(id, link.as_deref())?);
        }
        Command::Profiles => {
            let mut unlocked = unlock(cli, wallet, env)?;
            out.profiles(&unlocked.profiles()?);
        }
        Command::Shares => {
            let unlocked = unlock(cli, wallet, env)?;
            out.shares(&unlocked.shares()?);
        }
        _ => unreachable!("`main` sends only these commands here"),
    }
    Ok(())
}

/// Writes QR codes as PNG or SVG (by extension); several get `-1`, `-2`… names.
fn write_codes(path: &std::path::Path, codes: &[satchel_core::qr::QrCode], overwrite: Overwrite, privacy: Privacy) -> Result<(), Fail> {
    for (target, bytes) in satchel_core::qr::files(path, codes) {
        satchel_core::files::write_new(&target, &bytes, overwrite, privacy)?;
    }
    Ok(())
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
