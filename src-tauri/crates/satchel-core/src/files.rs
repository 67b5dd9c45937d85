//! Files on disk that hold the learner's data: the wallet folder itself, and
//! the files Satchel writes for them (exports, packages, summaries, QR codes).
//!
//! - A wallet folder must be the user's own and writable by no one else:
//!   [`check_folder`] refuses it otherwise and says why; it never changes the
//!   mode of a folder it did not make.
//! - Files Satchel keeps or writes are created with mode 0600 (or 0644 for
//!   what holds nothing private), exclusively: an existing file, or a symlink
//!   placed at the name, is never followed or silently replaced.
//! - Replacing is explicit ([`Overwrite::Replace`]: `--force`, or a save
//!   dialog whose overwrite question the user answered): the bytes go to a new
//!   sibling file that is then renamed over the name, so a symlink there is
//!   replaced, never written through.

use std::io::Write;
use std::path::{Path, PathBuf};

use rand::RngCore;

/// What went wrong with a file or folder. [`crate::Error`] takes each as
/// the variant of the same name, so codes and messages are the wallet's.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("`{0}` already exists: choose another name, or pass --force to replace it")]
    FileExists(String),
    #[error("the wallet folder `{path}` {reason}: Satchel uses only a folder that you alone can write (e.g. `chmod 700` it, or choose another with --wallet)")]
    UnsafeFolder { path: String, reason: String },
    #[error("could not read or write `{path}`: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Self::Io { path: path.as_ref().display().to_string(), source }
    }

    /// The stable code of this error.
    pub fn code(&self) -> crate::error_code::ErrorCode {
        use crate::error_code::ErrorCode;
        match self {
            Self::FileExists(_) => ErrorCode::FileExists,
            Self::UnsafeFolder { .. } => ErrorCode::UnsafeFolder,
            Self::Io { .. } => ErrorCode::Io,
        }
    }
}

type Result<T, E = Error> = std::result::Result<T, E>;

/// Whether an existing file at the target may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Refuse with `file_exists` when anything is at the name.
    Refuse,
    /// Replace it (the user said so).
    Replace,
}

/// Who may read what is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Privacy {
    /// Holds a credential or anything of the wallet: 0600.
    Private,
    /// Holds only public data (a QR code of a public link): 0644.
    Public,
}

impl Privacy {
    #[cfg(unix)]
    fn mode(self) -> u32 {
        match self {
            Self::Private => 0o600,
            Self::Public => 0o644,
        }
    }
}

fn create_exclusive(path: &Path, privacy: Privacy) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    // `create_new` is O_CREAT|O_EXCL: it fails on any existing name, a
    // dangling symlink included, and never follows one.
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(privacy.mode());
    }
    #[cfg(not(unix))]
    let _ = privacy;
    options.open(path)
}

/// Creates `path` for writing, mode 0600, failing if anything is there.
pub fn new_private(path: &Path) -> std::io::Result<std::fs::File> {
    create_exclusive(path, Privacy::Private)
}

/// Writes `bytes` to `path` as a new file; see the module docs.
///
/// # Errors
/// `file_exists` when something is at `path` and `overwrite` is
/// [`Overwrite::Refuse`]; `io` otherwise.
pub fn write_new(path: &Path, bytes: &[u8], overwrite: Overwrite, privacy: Privacy) -> Result<()> {
    let io = |e| Error::io(path, e);
    match overwrite {
        Overwrite::Refuse => {
            let mut file = create_exclusive(path, privacy).map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => Error::FileExists(path.display().to_string()),
                _ => io(e),
            })?;
            let written = file.write_all(bytes).and_then(|()| file.sync_all());
            if let Err(e) = written {
                drop(file);
                let _ = std::fs::remove_file(path);
                return Err(io(e));
            }
            Ok(())
        }
        Overwrite::Replace => {
            let tmp = sibling(path);
            let mut file = create_exclusive(&tmp, privacy).map_err(io)?;
            let written = file.write_all(bytes).and_then(|()| file.sync_all());
            drop(file);
            // `rename` replaces the name itself: a symlink there is replaced, its target untouched.
            if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
                let _ = std::fs::remove_file(&tmp);
                return Err(io(e));
            }
            Ok(())
        }
    }
}

fn sibling(path: &Path) -> PathBuf {
    let mut suffix = [0u8; 6];
    rand::rngs::OsRng.fill_bytes(&mut suffix);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", hex::encode(suffix)))
}

/// Checks that `dir` is a folder only this user owns and can write.
///
/// # Errors
/// `unsafe_folder`, saying what is wrong (others can write it, someone else
/// owns it, it is not a folder); `io` when it cannot be looked at.
#[cfg(unix)]
pub fn check_folder(dir: &Path) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(dir).map_err(|e| Error::io(dir, e))?;
    let unsafe_folder = |reason: String| Error::UnsafeFolder { path: dir.display().to_string(), reason };
    if !meta.is_dir() {
        return Err(unsafe_folder("is not a folder".into()));
    }
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me {
        return Err(unsafe_folder(format!("belongs to another user (uid {})", meta.uid())));
    }
    let mode = meta.mode() & 0o7777;
    if mode & 0o022 != 0 {
        let who = if mode & 0o002 != 0 { "every user" } else { "its group" };
        return Err(unsafe_folder(format!("can be written by {who} (mode {mode:o})")));
    }
    Ok(())
}

#[cfg(not(unix))]
pub fn check_folder(_dir: &Path) -> Result<()> {
    Ok(())
}

/// Makes a folder Satchel has just created private (0700).
///
/// # Errors
/// `io` when the mode cannot be set: a wallet is never made in a folder
/// whose mode is unknown.
pub fn make_private_folder(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(|e| Error::io(dir, e))?;
    }
    Ok(())
}

/// Narrows a file of the wallet (made by an older Satchel as 0644) to 0600.
/// Only ever takes permissions away.
pub fn narrow_to_owner(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = match std::fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io(path, e)),
        };
        if meta.is_file() && meta.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(meta.permissions().mode() & 0o700))
                .map_err(|e| Error::io(path, e))?;
        }
    }
    Ok(())
}

/// Turns core dumps off for this process: a dump would hold the wallet's
/// key and the open credentials in clear. `RLIMIT_CORE` 0 stops the kernel
/// writing one; on Linux `PR_SET_DUMPABLE` 0 also keeps `ptrace` by other
/// processes of the same user away and keeps `/proc/PID/mem` root-only.
///
/// # Errors
/// The system's refusal, for the caller to report (nothing is undone).
pub fn disable_core_dumps() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use rustix::process::{setrlimit, Resource, Rlimit};
        setrlimit(Resource::Core, Rlimit { current: Some(0), maximum: Some(0) })?;
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)?;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn new_files_are_private_and_never_replace_anything() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("export.json");
        write_new(&out, b"one", Overwrite::Refuse, Privacy::Private).unwrap();
        assert_eq!(mode(&out), 0o600, "a file holding a credential is readable by its owner only");
        let err = write_new(&out, b"two", Overwrite::Refuse, Privacy::Private).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::FileExists, "an existing file is not overwritten without asking");
        assert_eq!(std::fs::read(&out).unwrap(), b"one");
        write_new(&out, b"two", Overwrite::Replace, Privacy::Private).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two", "replacing is explicit");
        let public = dir.path().join("link.png");
        write_new(&public, b"png", Overwrite::Refuse, Privacy::Public).unwrap();
        assert_eq!(mode(&public), 0o644);
    }

    #[test]
    fn a_symlink_at_the_target_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"precious").unwrap();
        let link = dir.path().join("out.json");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let err = write_new(&link, b"evil", Overwrite::Refuse, Privacy::Private).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::FileExists, "a symlink is something at the name");
        let dangling = dir.path().join("dangling.json");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(write_new(&dangling, b"evil", Overwrite::Refuse, Privacy::Private).is_err());
        assert!(!dir.path().join("nowhere").exists(), "a dangling symlink does not create its target");
        write_new(&link, b"new", Overwrite::Replace, Privacy::Private).unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious", "replacing replaces the link, not what it points at");
        assert!(!std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&link).unwrap(), b"new");
    }

    #[test]
    fn folders_others_can_write_are_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        check_folder(dir.path()).expect("a fresh temporary folder is the user's own, mode 0700");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
        let err = check_folder(dir.path()).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::UnsafeFolder);
        assert!(err.to_string().contains("every user") && err.to_string().contains("1777"), "{err}");
        assert_eq!(std::fs::metadata(dir.path()).unwrap().permissions().mode() & 0o7777, 0o1777, "the folder is not changed");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o770)).unwrap();
        assert!(check_folder(dir.path()).unwrap_err().to_string().contains("its group"));
    }

    #[test]
    fn narrowing_only_takes_permissions_away() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("wallet.db");
        std::fs::write(&f, b"x").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        narrow_to_owner(&f).unwrap();
        assert_eq!(mode(&f), 0o600);
        narrow_to_owner(&dir.path().join("absent")).expect("a file not there is nothing to narrow");
    }

    #[test]
    fn core_dumps_are_off() {
        disable_core_dumps().expect("lowering our own limits is always allowed");
        let limit = rustix::process::getrlimit(rustix::process::Resource::Core);
        assert_eq!(limit.current, Some(0), "no core file can be written");
        #[cfg(target_os = "linux")]
        assert_eq!(rustix::process::dumpable_behavior().unwrap(), rustix::process::DumpableBehavior::NotDumpable, "PR_SET_DUMPABLE is 0");
    }
}
