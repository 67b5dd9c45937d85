//! Getting a passphrase without echoing it: from a file, an environment
//! variable, or the terminal (twice for a new one).

use std::io::IsTerminal;
use std::path::Path;

use satchel_core::vault::{self, Passphrase};
use satchel_core::Error;
use zeroize::Zeroizing;

/// Why no passphrase could be had.
#[derive(Debug)]
pub enum SecretError {
    Core(Error),
    Usage(String),
}

fn from_file(path: &Path) -> Result<Passphrase, SecretError> {
    warn_if_others_can_read(path);
    let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| SecretError::Core(Error::io(path, e)))?);
    let line = text.lines().next().unwrap_or_default();
    Ok(Passphrase::new(line))
}

/// A passphrase file others can read is a passphrase others know: say so
/// (once, on standard error) and go on. ssh refuses such a key file; a
/// warning is kinder to a script the learner runs unattended, and the
/// passphrase is already out by the time we could refuse.
fn warn_if_others_can_read(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o044 != 0 {
                eprintln!(
                    "satchel: warning: the passphrase file `{}` can be read by other users (mode {mode:o}): make it private with `chmod 600`",
                    path.display()
                );
            }
        }
    }
}

fn prompt(label: &str) -> Result<Passphrase, SecretError> {
    if !std::io::stdin().is_terminal() {
        return Err(SecretError::Core(Error::from(vault::Error::PassphraseRequired)));
    }
    let p = Zeroizing::new(rpassword::prompt_password(label).map_err(|e| SecretError::Core(Error::io("the terminal", e)))?);
    Ok(Passphrase::new(p.as_str()))
}

/// The passphrase of an existing wallet.
pub fn passphrase(file: Option<&Path>, label: &str) -> Result<Passphrase, SecretError> {
    if let Some(f) = file {
        return from_file(f);
    }
    if let Ok(p) = std::env::var("SATCHEL_PASSPHRASE") {
        return Ok(Passphrase::new(p));
    }
    prompt(label)
}

/// A new passphrase: from `file`, from the environment variable `var`, or
/// typed twice.
pub fn new_passphrase(file: Option<&Path>, var: &str) -> Result<Passphrase, SecretError> {
    let p = if let Some(f) = file {
        from_file(f)?
    } else if let Ok(p) = std::env::var(var) {
        Passphrase::new(p)
    } else {
        let first = prompt("New passphrase: ")?;
        let second = prompt("Repeat it: ")?;
        if first.as_str() != second.as_str() {
            return Err(SecretError::Usage("the two passphrases differ; nothing was changed".into()));
        }
        first
    };
    p.check_strength().map_err(|e| SecretError::Core(e.into()))?;
    Ok(p)
}
